// No imports: the Embedded Swift ARM test driver (scripts/test-arm) compiles
// this file and ARMFeatures.swift as they are, so the level it checks under
// qemu is chosen by the package's own code.

/// The architecture an ISA level belongs to.
public enum CPUArchitecture: String, Sendable, Equatable {
    case x86_64, arm64, other

    /// The architecture this code was compiled for.
    public static var host: CPUArchitecture {
        #if arch(x86_64)
        return .x86_64
        #elseif arch(arm64)
        return .arm64
        #else
        return .other
        #endif
    }
}

/// The instruction-set levels a kernel variant can require. Ordered within
/// an architecture: a machine at one level runs every variant of a lower
/// level of its own architecture, and `portable`. A level of another
/// architecture never runs: ask `runs(_:)`, not `<=`, whether one level
/// includes another (`<` only orders levels for sorting and `max`).
public enum ISALevel: Int, Comparable, CaseIterable, Sendable, CustomStringConvertible {
    /// Plain Swift for the package's baseline target: runs everywhere.
    case portable = 0
    /// x86-64 with AVX2, FMA, BMI1/2 (the `haswell` feature set).
    case avx2 = 1
    /// x86-64 with AVX-512 F/CD/BW/DQ/VL and VNNI (the `cascadelake` feature set).
    case avx512vnni = 2
    /// arm64 Advanced SIMD (ARMv8.0, every arm64 CPU): widening multiply-accumulate, `tbl`.
    case neon = 3
    /// arm64 with the dot product (`sdot`/`udot`; ARMv8.2 DotProd): Cortex-A55/A76, Neoverse N1, Apple M1.
    case neonDotProd = 4
    /// arm64 with dot product and int8 matrix multiply (`smmla`; I8MM): Neoverse V1/N2, Cortex-X2, Apple M2.
    case neonI8MM = 5

    public static func < (a: ISALevel, b: ISALevel) -> Bool { a.rawValue < b.rawValue }

    public var description: String {
        switch self {
        case .portable: return "portable"
        case .avx2: return "avx2"
        case .avx512vnni: return "avx512vnni"
        case .neon: return "neon"
        case .neonDotProd: return "neon_dotprod"
        case .neonI8MM: return "neon_i8mm"
        }
    }

    public init?(name: String) {
        guard let level = ISALevel.allCases.first(where: { $0.description == name.lowercased() }) else { return nil }
        self = level
    }

    /// The architecture whose CPUs can run this level; nil for `portable`.
    public var architecture: CPUArchitecture? {
        switch self {
        case .portable: return nil
        case .avx2, .avx512vnni: return .x86_64
        case .neon, .neonDotProd, .neonI8MM: return .arm64
        }
    }

    /// Whether a machine at this level runs code that requires `required`:
    /// `portable` always, otherwise a level of the same architecture at most this one.
    public func runs(_ required: ISALevel) -> Bool {
        guard let arch = required.architecture else { return true }
        return arch == architecture && required.rawValue <= rawValue
    }
}
