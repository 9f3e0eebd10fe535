import CTernCPU
#if X86Intrinsics && arch(x86_64)
import TernKernelsAVX2
import TernKernelsAVX512
#elseif ARMIntrinsics && arch(arm64)
import TernKernelsNEONDotProd
import TernKernelsNEONI8MM
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The machine's measured limits, per core: the clock, the int8
/// multiply-add throughput of each ISA level, and read bandwidth from L1 and
/// L2. Measured by probes at start-up, never typed in, so a share of peak
/// means the same thing on every machine.
public struct MachinePeaks: Codable, Sendable {
    /// Core clock from a chain of dependent one-cycle register adds.
    public var clockGHz: Double
    /// Measured int8 multiply-adds per cycle, per ISA level.
    public var int8MACsPerCycle: [String: Double]
    /// The ISA level the peak comes from (the highest one this process runs).
    public var peakISA: String
    /// 2 * MACs/cycle * clock for `peakISA`: one core's int8 peak, in GOPS.
    public var int8PeakGOPS: Double
    /// Read bandwidth of a 16 KiB (L1) and a 512 KiB (L2) buffer, GB/s.
    public var l1ReadGBps: Double
    public var l2ReadGBps: Double
    /// One core's peak, in GOPS, for a layer fed by the ternary projection:
    /// the larger of `int8PeakGOPS` and the ternary path's probe (AVX2:
    /// `vpmaddubsw` + `vpaddw`, 32 multiply-adds a pair, which only
    /// {-1, 0, +1} input keeps exact). Nil in reports from before it existed.
    public var ternaryInputPeakGOPS: Double? = nil

    /// The peak a case's share is measured against.
    public func peakGOPS(ternaryInput: Bool) -> Double {
        ternaryInput ? max(int8PeakGOPS, ternaryInputPeakGOPS ?? 0) : int8PeakGOPS
    }

    static func seconds(_ body: () -> Void) -> Double {
        var best = Double.infinity
        for _ in 0..<5 {
            let start = monotonicNanoseconds()
            body()
            best = min(best, Double(monotonicNanoseconds() - start) * 1e-9)
        }
        return best
    }

    /// The share of the full probes' work a build runs. A release build runs
    /// them whole (about half a second). A debug build runs a tenth: there
    /// intrinsics are calls, the whole probes took 5-10 s per process, and
    /// every test that starts a bench paid that, several times over in the
    /// sanitizer runs. A tenth still gives a debug kernel the share of peak
    /// the whole probes give it (a hundredth read half the rate, and a debug
    /// dense kernel came out at 210 % of peak).
    #if DEBUG
    static let probeDivisor = 10
    #else
    static let probeDivisor = 1
    #endif

    /// Runs the probes (under a second in a release build).
    public static func measure() -> MachinePeaks {
        var sink: UInt64 = 0
        var sink32: Int32 = 0
        // The int8 probes in rounds spread over the measurement (see `ThroughputProbes`).
        var probes = ThroughputProbes()
        probes.run(&sink32)

        let adds: UInt64 = 20_000_000
        let clockSeconds = seconds { sink &+= tern_dependent_adds(adds / 8) }
        let clock = Double(adds) / clockSeconds / 1e9
        if ThroughputProbes.rounds > 1 { probes.run(&sink32) }

        func bandwidth(_ bytes: Int) -> Double {
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
            defer { buffer.deallocate() }
            buffer.initializeMemory(as: UInt8.self, repeating: 1, count: bytes)
            let repeats = max(1, 200_000_000 / probeDivisor / bytes)
            let t = seconds {
                #if X86Intrinsics && arch(x86_64)
                if KernelDispatch.allows(.avx512vnni) {
                    sink32 &+= probeReadBandwidthAVX512(UnsafeRawPointer(buffer), bytes, repeats)
                    return
                }
                #endif
                var s = SIMD16<Int32>()
                for _ in 0..<repeats {
                    for i in stride(from: 0, to: bytes, by: 64) {
                        s &+= buffer.loadUnaligned(fromByteOffset: i, as: SIMD16<Int32>.self)
                    }
                }
                sink32 &+= s.wrappedSum()
            }
            return Double(bytes * repeats) / t / 1e9
        }
        let l1 = bandwidth(16 << 10), l2 = bandwidth(512 << 10)
        if ThroughputProbes.rounds > 2 { probes.run(&sink32) }
        var macs: [String: Double] = [:]
        var ternaryMACs = 0.0
        for (level, probe) in probes.best { macs[level.description] = probe.macs / (probe.seconds * clock * 1e9) }
        if let probe = probes.ternary { ternaryMACs = probe.macs / (probe.seconds * clock * 1e9) }
        let peakLevel = ISALevel.allCases.last { macs[$0.description] != nil }
        if sink == 42 && sink32 == 42 { print("") }   // keeps the probes' results alive
        let perCycle = peakLevel.flatMap { macs[$0.description] } ?? 0
        return MachinePeaks(clockGHz: clock, int8MACsPerCycle: macs, peakISA: peakLevel?.description ?? "none",
                            int8PeakGOPS: 2 * perCycle * clock, l1ReadGBps: l1, l2ReadGBps: l2,
                            ternaryInputPeakGOPS: max(2 * perCycle, 2 * ternaryMACs) * clock)
    }
}

/// The int8 throughput probes' best times. `run` times each probe this
/// process can run (`MachinePeaks.seconds`: best of five) and keeps the
/// best time over all its calls. `measure` calls it `rounds` times, before
/// the clock probe, between it and the bandwidth probes and after them: a probe
/// can read low (a neighbour, a clock dip), never high, and one round of
/// five takes about 35 ms, short enough for one dip to cover. A quick run
/// started right after a build once read 439 GOPS where 461-472 is usual on
/// that machine, and its kernels came out at 102 % of that peak; rounds a
/// few hundred milliseconds apart do not all fall in one dip.
struct ThroughputProbes {
    /// Rounds `measure` runs: three in a release build; one in a debug
    /// build, whose figures mean little and whose every bench start (the
    /// tests start many, under sanitizers too) pays for each round.
    #if DEBUG
    static let rounds = 1
    #else
    static let rounds = 3
    #endif

    /// Per ISA level: (best seconds, multiply-adds a run).
    var best: [ISALevel: (seconds: Double, macs: Double)] = [:]
    /// The AVX2 ternary-input probe's (best seconds, multiply-adds a run).
    var ternary: (seconds: Double, macs: Double)? = nil

    private mutating func keep(_ level: ISALevel, _ seconds: Double, _ macs: Int) {
        if seconds < best[level]?.seconds ?? .infinity { best[level] = (seconds, Double(macs)) }
    }

    mutating func run(_ sink: inout Int32) {
        let n = 2_000_000 / MachinePeaks.probeDivisor
        #if X86Intrinsics && arch(x86_64)
        if KernelDispatch.allows(.avx2) {
            keep(.avx2, MachinePeaks.seconds { sink &+= probeMaddPeakAVX2(n) }, n * 12 * 16)
            let t = MachinePeaks.seconds { sink &+= probeTernaryPeakAVX2(n) }
            if t < ternary?.seconds ?? .infinity { ternary = (t, Double(n * 12 * 32)) }
        }
        if KernelDispatch.allows(.avx512vnni) {
            keep(.avx512vnni, MachinePeaks.seconds { sink &+= probeVNNIPeakAVX512(n) }, n * 12 * 64)
        }
        #endif
        #if arch(arm64)
        // The same shape on arm64: 16 chains of the level's int8 instruction.
        if KernelDispatch.allows(.neon) {
            keep(.neon, MachinePeaks.seconds { sink &+= probeMullPeakNEON(n, 1, 1) }, n * 16 * 8)
        }
        #endif
        #if ARMIntrinsics && arch(arm64)
        if KernelDispatch.allows(.neonDotProd) {
            keep(.neonDotProd, MachinePeaks.seconds { sink &+= probeSDotPeak(n, 1, 1) }, n * 16 * 16)
        }
        if KernelDispatch.allows(.neonI8MM) {
            keep(.neonI8MM, MachinePeaks.seconds { sink &+= probeSMMLAPeak(n, 1, 1) }, n * 16 * 32)
        }
        #endif
    }
}
