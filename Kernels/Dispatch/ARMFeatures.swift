// No imports (see ISALevel.swift): the Embedded Swift ARM test driver
// compiles this file too and decodes the emulated CPU's HWCAP with it.

/// The arm64 extensions Tern's kernels use, as the OS reports them.
///
/// Linux: `getauxval(AT_HWCAP)` bit 1 ASIMD, bit 20 ASIMDDP;
/// `getauxval(AT_HWCAP2)` bit 13 I8MM (the bits of the kernel's uapi
/// `asm/hwcap.h`, as in glibc's `bits/hwcap.h`). Apple: `sysctlbyname` of
/// `hw.optional.neon`, `hw.optional.arm.FEAT_DotProd`, `hw.optional.arm.FEAT_I8MM`
/// (an int, 1 when present; a missing name counts as absent).
public struct ARMFeatures: Sendable, Equatable {
    public var neon: Bool
    public var dotProd: Bool
    public var i8mm: Bool

    public init(neon: Bool = false, dotProd: Bool = false, i8mm: Bool = false) {
        self.neon = neon
        self.dotProd = dotProd
        self.i8mm = i8mm
    }

    /// `getauxval` keys.
    public static let atHWCAP: UInt = 16
    public static let atHWCAP2: UInt = 26
    public static let hwcapASIMD: UInt64 = 1 << 1
    public static let hwcapASIMDDP: UInt64 = 1 << 20
    public static let hwcap2I8MM: UInt64 = 1 << 13
    /// `sysctlbyname` names, in the order neon, dot product, i8mm.
    public static let appleSysctlNames = ["hw.optional.neon", "hw.optional.arm.FEAT_DotProd", "hw.optional.arm.FEAT_I8MM"]

    /// Decodes Linux's auxiliary-vector words.
    public init(hwcap: UInt64, hwcap2: UInt64) {
        self.init(neon: hwcap & Self.hwcapASIMD != 0, dotProd: hwcap & Self.hwcapASIMDDP != 0,
                  i8mm: hwcap2 & Self.hwcap2I8MM != 0)
    }

    /// Whether an arm64 CPU with these features runs code of `level`. Each
    /// level needs every extension below it too (the i8mm module is compiled
    /// with `+dotprod+i8mm`); levels of other architectures are never
    /// supported, `portable` always.
    public func supports(_ level: ISALevel) -> Bool {
        switch level {
        case .portable: return true
        case .neon: return neon
        case .neonDotProd: return neon && dotProd
        case .neonI8MM: return neon && dotProd && i8mm
        case .avx2, .avx512vnni: return false
        }
    }

    /// The highest level these features support among those `compiledIn` allows.
    public func highestLevel(compiledIn: (ISALevel) -> Bool = { _ in true }) -> ISALevel {
        ISALevel.allCases.last { compiledIn($0) && supports($0) } ?? .portable
    }

    /// Feature names present, for reports (Linux's /proc/cpuinfo spelling).
    public var names: [String] {
        [("asimd", neon), ("asimddp", dotProd), ("i8mm", i8mm)].filter { $0.1 }.map { $0.0 }
    }
}
