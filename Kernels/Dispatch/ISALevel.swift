#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The instruction-set levels a kernel variant can require. Ordered: a machine
/// at one level runs every variant of a lower level.
public enum ISALevel: Int, Comparable, CaseIterable, Sendable, CustomStringConvertible {
    /// Plain Swift for the package's baseline target: runs everywhere.
    case portable = 0
    /// x86-64 with AVX2, FMA, BMI1/2 (the `haswell` feature set).
    case avx2 = 1
    /// x86-64 with AVX-512 F/CD/BW/DQ/VL and VNNI (the `cascadelake` feature set).
    case avx512vnni = 2

    public static func < (a: ISALevel, b: ISALevel) -> Bool { a.rawValue < b.rawValue }

    public var description: String {
        switch self {
        case .portable: return "portable"
        case .avx2: return "avx2"
        case .avx512vnni: return "avx512vnni"
        }
    }

    public init?(name: String) {
        guard let level = ISALevel.allCases.first(where: { $0.description == name.lowercased() }) else { return nil }
        self = level
    }

    /// Whether this build carries the modules for this level at all.
    public var isCompiledIn: Bool {
        switch self {
        case .portable: return true
        case .avx2, .avx512vnni:
            #if X86Intrinsics && arch(x86_64)
            return true
            #else
            return false
            #endif
        }
    }

    /// Whether the host CPU can run code of this level.
    public func isSupported(by cpu: CPUFeatures) -> Bool {
        switch self {
        case .portable: return true
        case .avx2: return cpu.hasHaswellSet
        case .avx512vnni: return cpu.hasCascadeLakeSet
        }
    }
}

/// Why the ISA level a user asked for (by `TERN_ISA`) cannot be used.
public enum DispatchError: Error, CustomStringConvertible, Equatable {
    case unknownLevel(String)
    case unsupported(requested: ISALevel, detected: ISALevel)

    public var description: String {
        switch self {
        case .unknownLevel(let s):
            let names = ISALevel.allCases.map(\.description).joined(separator: ", ")
            return "TERN_ISA=\(s) is not an ISA level; use one of: \(names)"
        case .unsupported(let requested, let detected):
            return "TERN_ISA=\(requested) but this machine (or this build) supports at most \(detected)"
        }
    }
}

/// Chooses, once per process, the highest ISA level both the build and the
/// CPU support, capped by the environment variable `TERN_ISA`.
public enum KernelDispatch {
    /// The environment variable that caps the ISA level.
    public static let environmentVariable = "TERN_ISA"

    /// The highest level this build and this CPU support, ignoring `TERN_ISA`.
    public static let detected: ISALevel = ISALevel.allCases.last {
        $0.isCompiledIn && $0.isSupported(by: CPUFeatures.host)
    } ?? .portable

    /// The level in force, or why `TERN_ISA` could not be honoured.
    public static let resolved: Result<ISALevel, DispatchError> = resolve(
        requested: getenv(environmentVariable).map { String(cString: $0) }, detected: detected)

    /// The level the kernels dispatch to. An invalid `TERN_ISA` falls back to
    /// `detected`; executables call `validateEnvironment()` first so the user
    /// sees the error instead.
    public static var active: ISALevel {
        switch resolved {
        case .success(let level): return level
        case .failure: return detected
        }
    }

    /// Throws the reason `TERN_ISA` is unusable, if it is.
    public static func validateEnvironment() throws {
        if case .failure(let error) = resolved { throw error }
    }

    static func resolve(requested: String?, detected: ISALevel) -> Result<ISALevel, DispatchError> {
        guard let requested, !requested.isEmpty else { return .success(detected) }
        guard let level = ISALevel(name: requested) else { return .failure(.unknownLevel(requested)) }
        guard level <= detected else { return .failure(.unsupported(requested: level, detected: detected)) }
        return .success(level)
    }

    /// Whether a variant requiring `level` may run in this process.
    public static func allows(_ level: ISALevel) -> Bool { level <= active }
}
