import CTernCPU
#if arch(arm64) && canImport(Darwin)
import Darwin
#endif

/// The instruction-set features Tern's kernels care about, read once: on
/// x86-64 by CPUID (and XGETBV, so a feature the OS does not save on context
/// switch counts as absent), on arm64 from the OS (`getauxval` on Linux,
/// `sysctlbyname` on Apple platforms).
public struct CPUFeatures: Sendable, Equatable {
    public var vendor: String
    public var brand: String
    /// The architecture the features belong to: levels of another one are never supported.
    public var architecture: CPUArchitecture = .host
    /// arm64 extensions (all false on x86-64).
    public var arm = ARMFeatures()
    public var sse42 = false
    public var popcnt = false
    public var avx = false
    public var avx2 = false
    public var fma = false
    public var f16c = false
    public var bmi1 = false
    public var bmi2 = false
    public var lzcnt = false
    public var movbe = false
    public var avx512f = false
    public var avx512cd = false
    public var avx512bw = false
    public var avx512dq = false
    public var avx512vl = false
    public var avx512vnni = false
    public var avx512vbmi = false
    public var avx512bf16 = false
    public var avxvnni = false

    /// The features of the machine this process runs on.
    public static let host: CPUFeatures = detect()

    static func detect() -> CPUFeatures {
        #if arch(arm64)
        return detectARM()
        #else
        return detectX86()
        #endif
    }

    #if arch(arm64)
    static func detectARM() -> CPUFeatures {
        var f = CPUFeatures(vendor: "", brand: "", architecture: .arm64)
        #if os(Linux)
        f.arm = ARMFeatures(hwcap: tern_auxval(ARMFeatures.atHWCAP), hwcap2: tern_auxval(ARMFeatures.atHWCAP2))
        #elseif canImport(Darwin)
        func flag(_ name: String) -> Bool {
            var value: Int32 = 0
            var size = MemoryLayout<Int32>.size
            return sysctlbyname(name, &value, &size, nil, 0) == 0 && value != 0
        }
        let names = ARMFeatures.appleSysctlNames
        f.arm = ARMFeatures(neon: flag(names[0]), dotProd: flag(names[1]), i8mm: flag(names[2]))
        var size = 0
        if sysctlbyname("machdep.cpu.brand_string", nil, &size, nil, 0) == 0, size > 1 {
            var bytes = [CChar](repeating: 0, count: size)
            if sysctlbyname("machdep.cpu.brand_string", &bytes, &size, nil, 0) == 0 {
                f.brand = String(decoding: bytes.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
        }
        #endif
        return f
    }
    #endif

    static func detectX86() -> CPUFeatures {
        func cpuid(_ leaf: UInt32, _ sub: UInt32 = 0) -> (UInt32, UInt32, UInt32, UInt32) {
            var regs: (UInt32, UInt32, UInt32, UInt32) = (0, 0, 0, 0)
            withUnsafeMutablePointer(to: &regs) {
                $0.withMemoryRebound(to: UInt32.self, capacity: 4) { _ = tern_cpuid(leaf, sub, $0) }
            }
            return regs
        }
        func bit(_ r: UInt32, _ i: UInt32) -> Bool { (r >> i) & 1 == 1 }
        func ascii(_ words: [UInt32]) -> String {
            var bytes: [UInt8] = []
            for w in words { for s in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8((w >> UInt32(s)) & 0xFF)) } }
            return String(decoding: bytes.filter { $0 != 0 }, as: UTF8.self).trimmingSpaces()
        }

        let (maxLeaf, vb, vc, vd) = cpuid(0)
        var f = CPUFeatures(vendor: ascii([vb, vd, vc]), brand: "")
        let (maxExt, _, _, _) = cpuid(0x8000_0000)
        if maxExt >= 0x8000_0004 {
            var words: [UInt32] = []
            for leaf in UInt32(0x8000_0002)...0x8000_0004 {
                let (a, b, c, d) = cpuid(leaf)
                words += [a, b, c, d]
            }
            f.brand = ascii(words)
        }
        guard maxLeaf >= 1 else { return f }
        let (_, _, c1, _) = cpuid(1)
        let xcr0 = tern_xgetbv0()
        let osAVX = bit(c1, 27) && (xcr0 & 0x6) == 0x6          // XMM and YMM state
        let osAVX512 = osAVX && (xcr0 & 0xE0) == 0xE0           // opmask, ZMM_Hi256, Hi16_ZMM
        f.sse42 = bit(c1, 20)
        f.popcnt = bit(c1, 23)
        f.movbe = bit(c1, 22)
        f.avx = bit(c1, 28) && osAVX
        f.fma = bit(c1, 12) && osAVX
        f.f16c = bit(c1, 29) && osAVX
        if maxExt >= 0x8000_0001 {
            let (_, _, c, _) = cpuid(0x8000_0001)
            f.lzcnt = bit(c, 5)
        }
        if maxLeaf >= 7 {
            let (max7, b7, c7, _) = cpuid(7, 0)
            f.bmi1 = bit(b7, 3)
            f.bmi2 = bit(b7, 8)
            f.avx2 = bit(b7, 5) && osAVX
            f.avx512f = bit(b7, 16) && osAVX512
            f.avx512dq = bit(b7, 17) && osAVX512
            f.avx512cd = bit(b7, 28) && osAVX512
            f.avx512bw = bit(b7, 30) && osAVX512
            f.avx512vl = bit(b7, 31) && osAVX512
            f.avx512vnni = bit(c7, 11) && osAVX512
            f.avx512vbmi = bit(c7, 1) && osAVX512
            if max7 >= 1 {
                let (a71, _, _, _) = cpuid(7, 1)
                f.avxvnni = bit(a71, 4) && osAVX
                f.avx512bf16 = bit(a71, 5) && osAVX512
            }
        }
        return f
    }

    /// Everything `-target-cpu haswell` lets the compiler emit.
    public var hasHaswellSet: Bool { avx2 && fma && f16c && bmi1 && bmi2 && lzcnt && movbe && popcnt }

    /// Everything `-target-cpu cascadelake` lets the compiler emit.
    public var hasCascadeLakeSet: Bool {
        hasHaswellSet && avx512f && avx512cd && avx512bw && avx512dq && avx512vl && avx512vnni
    }

    /// Feature names present, in a stable order, for reports.
    public var names: [String] {
        let all: [(String, Bool)] = [
            ("sse4.2", sse42), ("popcnt", popcnt), ("avx", avx), ("avx2", avx2), ("fma", fma),
            ("f16c", f16c), ("bmi1", bmi1), ("bmi2", bmi2), ("lzcnt", lzcnt), ("movbe", movbe),
            ("avx512f", avx512f), ("avx512cd", avx512cd), ("avx512bw", avx512bw),
            ("avx512dq", avx512dq), ("avx512vl", avx512vl), ("avx512vnni", avx512vnni),
            ("avx512vbmi", avx512vbmi), ("avx512bf16", avx512bf16), ("avxvnni", avxvnni),
        ]
        return all.filter { $0.1 }.map { $0.0 } + arm.names
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
