#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ISALevel {
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
        case .neon:
            // Baseline on every arm64 target: in TernKernels, no trait needed.
            #if arch(arm64)
            return true
            #else
            return false
            #endif
        case .neonDotProd, .neonI8MM:
            #if ARMIntrinsics && arch(arm64)
            return true
            #else
            return false
            #endif
        }
    }

    /// Whether a CPU can run code of this level; never one of another architecture.
    public func isSupported(by cpu: CPUFeatures) -> Bool {
        switch self {
        case .portable: return true
        case .avx2: return cpu.architecture == .x86_64 && cpu.hasHaswellSet
        case .avx512vnni: return cpu.architecture == .x86_64 && cpu.hasCascadeLakeSet
        case .neon, .neonDotProd, .neonI8MM: return cpu.architecture == .arm64 && cpu.arm.supports(self)
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
    public static let detected: ISALevel = choose(for: CPUFeatures.host)

    /// The level a CPU with these features gets: a pure function of the
    /// features (and of what the build carries), tested with synthetic ones.
    public static func choose(for cpu: CPUFeatures, compiledIn: (ISALevel) -> Bool = { $0.isCompiledIn }) -> ISALevel {
        ISALevel.allCases.last { compiledIn($0) && $0.isSupported(by: cpu) } ?? .portable
    }

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
        guard detected.runs(level) else { return .failure(.unsupported(requested: level, detected: detected)) }
        return .success(level)
    }

    /// Whether a variant requiring `level` may run in this process.
    public static func allows(_ level: ISALevel) -> Bool { active.runs(level) }
}
