import Foundation
import TernKernels

/// One timed kernel case: a variant of a family at one shape and sequence length.
public struct KernelCase {
    public var family: String
    public var variant: String
    public var isa: String
    public var isReference: Bool
    public var shape: String
    public var seqLen: Int
    /// int8 multiply-adds per call (0 when the kernel does little arithmetic).
    public var macs: Int
    /// Bytes read and written per call.
    public var bytes: Int
    public var bound: Bound
    public var run: () -> Void

    public enum Bound: String, Codable, Sendable { case compute, memory }
}

/// A measured case, as it goes into the JSON report.
public struct KernelResult: Codable, Sendable {
    public var kernel: String
    public var variant: String
    public var isa: String
    public var shape: String
    public var seqLen: Int
    public var threads = 1
    public var batch = 1
    public var bound: KernelCase.Bound
    public var stats: Stats
    /// Copies of stats.p50 / stats.p99 under the names every report uses.
    public var p50: Double
    public var p99: Double
    public var gops: Double?
    public var peakFraction: Double?
    /// The same from the fastest sample: on a shared machine the median moves
    /// with the neighbours, the minimum much less.
    public var peakFractionBest: Double?
    public var gbps: Double
    public var bandwidthFraction: Double?
    public var ratioVsReference: Double?

    enum CodingKeys: String, CodingKey {
        case kernel, variant, isa, shape, threads, batch, bound, stats, gops, gbps
        case seqLen = "seq_len", peakFraction = "peak_fraction", bandwidthFraction = "bandwidth_fraction"
        case ratioVsReference = "ratio_vs_reference", p50 = "p50_ns", p99 = "p99_ns"
        case peakFractionBest = "peak_fraction_best"
    }

    init(_ k: KernelCase, stats: Stats, peaks: MachinePeaks, reference: Double?) {
        kernel = k.family
        variant = k.variant
        isa = k.isa
        shape = k.shape
        seqLen = k.seqLen
        bound = k.bound
        self.stats = stats
        p50 = stats.p50
        p99 = stats.p99
        let seconds = stats.p50 / 1e9
        gops = k.macs > 0 ? 2 * Double(k.macs) / seconds / 1e9 : nil
        peakFraction = gops.flatMap { peaks.int8PeakGOPS > 0 ? $0 / peaks.int8PeakGOPS : nil }
        peakFractionBest = k.macs > 0 && peaks.int8PeakGOPS > 0
            ? 2 * Double(k.macs) / stats.min / peaks.int8PeakGOPS : nil
        gbps = Double(k.bytes) / seconds / 1e9
        bandwidthFraction = k.bound == .memory && peaks.l2ReadGBps > 0 ? gbps / peaks.l2ReadGBps : nil
        ratioVsReference = reference.map { $0 / stats.p50 }
    }
}

public struct KernelBenchReport: Codable, Sendable {
    public var schema = "tern.bench.kernels/1"
    public var machine: MachineInfo
    public var peaks: MachinePeaks
    public var command: String
    public var results: [KernelResult]

    public init(machine: MachineInfo, peaks: MachinePeaks, command: String, results: [KernelResult]) {
        self.machine = machine
        self.peaks = peaks
        self.command = command
        self.results = results
    }
}

/// Builds the cases of every kernel family. A family adds its cases here
/// once; every variant in its registry then shows up in the bench.
public enum KernelBenchCases {
    public static let families = ["dense", "conv1d", "qrnn_pool", "attention", "requantize", "activation_lut"]

    public static func cases(families selected: Set<String>, seqLens: [Int]) throws -> [KernelCase] {
        var rng = SplitMix64(seed: 2026)
        var out: [KernelCase] = []
        for t in seqLens {
            if selected.contains("dense") {
                for (k, n) in [(512, 128), (256, 256)] { out += try dense(&rng, t: t, k: k, n: n) }
                out += try dense(&rng, t: t, k: 512, n: 128, ternary: true)
            }
            if selected.contains("conv1d") { out += try conv(&rng, t: t, cin: 128, s: 128, width: 3) }
            if selected.contains("qrnn_pool") { out += try pool(&rng, t: t, s: 128) }
            if selected.contains("attention") { out += try attention(&rng, t: t) }
            if selected.contains("requantize") { out += try requantize(&rng, t: t, n: 256) }
            if selected.contains("activation_lut") { out += lut(&rng, t: t, n: 384) }
        }
        return out
    }

    static func buffer(_ rng: inout SplitMix64, _ n: Int) -> UnsafeMutablePointer<Int8> {
        let p = UnsafeMutablePointer<Int8>.allocate(capacity: max(n, 1))
        for i in 0..<n { p[i] = Int8(truncatingIfNeeded: rng.next()) }
        return p
    }

    static func dense(_ rng: inout SplitMix64, t: Int, k: Int, n: Int, ternary: Bool = false) throws -> [KernelCase] {
        let w = (0..<(k * n)).map { _ in Int8(Int(rng.next() % 255) - 127) }
        let r = try Requantization(realMultipliers: [Double](repeating: 1.0 / Double(k * 64), count: n),
                                   outputZeroPoints: [Int32](repeating: 0, count: n),
                                   lower: [Int32](repeating: -128, count: n), upper: [Int32](repeating: 127, count: n))
        let layer = try DenseWeights(inputs: k, outputs: n, weights: w, bias: [Int32](repeating: 0, count: n),
                                     inputZeroPoint: ternary ? 0 : 3, requantization: r)
        let x = buffer(&rng, t * k)
        if ternary { for i in 0..<(t * k) { x[i] = Int8(Int(rng.next() % 4 == 0 ? 1 : 0) - Int(rng.next() % 4 == 0 ? 1 : 0)) } }
        let y = UnsafeMutablePointer<Int8>.allocate(capacity: t * n)
        let variants = DenseVariants.available.filter { ternary ? ($0.accepts(layer)) : !$0.ternaryOnly }
        return variants.map { v in
            let packed = v.pack(layer)
            return KernelCase(family: ternary ? "dense_ternary_input" : "dense", variant: v.id, isa: v.isa.description,
                              isReference: v.isReference, shape: "K=\(k) N=\(n)", seqLen: t, macs: t * k * n,
                              bytes: t * k + t * n + packed.byteCount, bound: .compute) {
                v.run(packed, x, rows: t, y)
            }
        }
    }

    static func conv(_ rng: inout SplitMix64, t: Int, cin: Int, s: Int, width: Int) throws -> [KernelCase] {
        func gate() throws -> Conv1DWeights {
            let w = (0..<(width * cin * s)).map { _ in Int8(Int(rng.next() % 255) - 127) }
            let r = try Requantization(realMultipliers: [Double](repeating: 1.0 / Double(width * cin * 64), count: s),
                                       outputZeroPoints: [Int32](repeating: 0, count: s),
                                       lower: [Int32](repeating: -128, count: s), upper: [Int32](repeating: 127, count: s))
            return try Conv1DWeights(inputs: cin, outputs: s, width: width, padding: .causal, weights: w,
                                     bias: [Int32](repeating: 0, count: s), inputZeroPoint: -2, requantization: r)
        }
        let fused = try Conv1DWeights.fusedGates(z: gate(), f: gate(), o: gate())
        let x = buffer(&rng, t * cin)
        let y = UnsafeMutablePointer<Int8>.allocate(capacity: t * 3 * s)
        return try Conv1DVariants.available.map { v in
            let packed = try v.pack(fused)
            let scratch = UnsafeMutablePointer<Int8>.allocate(capacity: max(1, packed.scratchBytes(rows: t)))
            return KernelCase(family: "conv1d_qrnn_gates", variant: v.id, isa: v.isa.description, isReference: v.isReference,
                              shape: "k=\(width) Cin=\(cin) Cout=3x\(s)", seqLen: t, macs: t * width * cin * 3 * s,
                              bytes: t * cin + t * 3 * s + width * cin * 3 * s, bound: .compute) {
                v.run(packed, x, rows: t, y, scratch: scratch)
            }
        }
    }

    static func pool(_ rng: inout SplitMix64, t: Int, s: Int) throws -> [KernelCase] {
        let g = buffer(&rng, t * 3 * s)
        let y = UnsafeMutablePointer<Int8>.allocate(capacity: t * s)
        var out: [KernelCase] = []
        for mode in QRNNGateInput.allCases {
            let q = try AffineQuantization(scale: mode == .activated ? 1.0 / 127 : 0.05, zeroPoint: 0)
            let p = try QRNNPooling(channels: s, z: q, f: q, o: q, gateInput: mode,
                                    output: try AffineQuantization(scale: 1.0 / 127, zeroPoint: 0))
            // Per step: 3S gate bytes in, S bytes out, the float state read and written.
            out += QRNNPoolVariants.available.map { v in
                KernelCase(family: "qrnn_pool_\(mode == .activated ? "activated" : "preactivation")", variant: v.id,
                           isa: v.isa.description, isReference: v.isReference, shape: "S=\(s) forward", seqLen: t,
                           macs: 0, bytes: t * (3 * s + s + 8 * s), bound: .memory) {
                    v.run(p, g, rows: t, length: t, direction: .forward, y)
                }
            }
        }
        return out
    }

    static func attention(_ rng: inout SplitMix64, t: Int) throws -> [KernelCase] {
        let p = AttentionPooling(logits: try AffineQuantization(scale: 0.05, zeroPoint: 0),
                                 values: try AffineQuantization(scale: 0.02, zeroPoint: 1),
                                 output: try AffineQuantization(scale: 0.02, zeroPoint: 0))
        let c = 64, d = 256
        let logits = buffer(&rng, t * max(c, d)), values = buffer(&rng, t * d)
        let y = UnsafeMutablePointer<Int8>.allocate(capacity: d)
        var out: [KernelCase] = []
        for v in AttentionVariants.available {
            out.append(KernelCase(family: "attention_per_channel", variant: v.id, isa: v.isa.description,
                                  isReference: v.isReference, shape: "C=\(c) (PRADO head)", seqLen: t, macs: 0,
                                  bytes: 2 * t * c + c, bound: .memory) {
                v.perChannel(p, logits: logits, values: values, length: t, channels: c, y)
            })
            out.append(KernelCase(family: "attention_scalar_logit", variant: v.id, isa: v.isa.description,
                                  isReference: v.isReference, shape: "D=\(d) (pQRNN)", seqLen: t, macs: 0,
                                  bytes: t + t * d + d, bound: .memory) {
                v.scalarLogit(p, logits: logits, values: values, length: t, channels: d, y)
            })
        }
        return out
    }

    static func requantize(_ rng: inout SplitMix64, t: Int, n: Int) throws -> [KernelCase] {
        let r = try Requantization(realMultipliers: (0..<n).map { _ in 1e-4 * (1 + Double(rng.next() % 100) / 100) },
                                   outputZeroPoints: [Int32](repeating: 3, count: n),
                                   lower: [Int32](repeating: 3, count: n), upper: [Int32](repeating: 127, count: n))
        let acc = UnsafeMutablePointer<Int32>.allocate(capacity: t * n)
        for i in 0..<(t * n) { acc[i] = Int32(truncatingIfNeeded: rng.next()) >> 8 }
        let y = UnsafeMutablePointer<Int8>.allocate(capacity: t * n)
        return RequantizeVariants.available.map { v in
            KernelCase(family: "requantize_relu", variant: v.id, isa: v.isa.description, isReference: v.isReference,
                       shape: "N=\(n)", seqLen: t, macs: 0, bytes: 5 * t * n, bound: .memory) {
                r.withPointers { v.run(acc, t, n, $0, y) }
            }
        }
    }

    static func lut(_ rng: inout SplitMix64, t: Int, n: Int) -> [KernelCase] {
        let q = try! AffineQuantization(scale: 0.05, zeroPoint: 0)
        let table = ActivationTable(input: q, output: try! AffineQuantization(scale: 1.0 / 127, zeroPoint: 0)) { tanhf($0) }
        let x = buffer(&rng, t * n)
        let y = UnsafeMutablePointer<Int8>.allocate(capacity: t * n)
        return ActivationLUTVariants.available.map { v in
            KernelCase(family: "activation_lut", variant: v.id, isa: v.isa.description, isReference: v.isReference,
                       shape: "N=\(n) (tanh)", seqLen: t, macs: 0, bytes: 2 * t * n, bound: .memory) {
                v.run(table, x, count: t * n, y)
            }
        }
    }
}

public enum KernelBench {
    /// Measures every case; each variant's ratio comes from the reference of
    /// the same family, shape and T, timed in this run.
    public static func run(_ cases: [KernelCase], policy: SamplingPolicy, peaks: MachinePeaks,
                           progress: (String) -> Void = { _ in }) -> [KernelResult] {
        var referenceTimes: [String: Double] = [:]
        var results: [KernelResult] = []
        // References first, so every ratio has its denominator.
        for k in cases.sorted(by: { $0.isReference && !$1.isReference }) {
            progress("\(k.family) \(k.variant) T=\(k.seqLen)")
            let stats = sample(policy) { k.run() }
            let key = "\(k.family)|\(k.shape)|\(k.seqLen)"
            if k.isReference { referenceTimes[key] = stats.p50 }
            results.append(KernelResult(k, stats: stats, peaks: peaks, reference: referenceTimes[key]))
        }
        return results.sorted { ($0.kernel, $0.shape, $0.seqLen, $0.variant) < ($1.kernel, $1.shape, $1.seqLen, $1.variant) }
    }

    public static func markdown(_ report: KernelBenchReport) -> String {
        let p = report.peaks
        var s = "Peaks (measured): clock \(fmt(p.clockGHz, 2)) GHz; int8 MACs/cycle "
        s += p.int8MACsPerCycle.sorted { $0.key < $1.key }.map { "\($0.key) \(fmt($0.value, 1))" }.joined(separator: ", ")
        s += "; one-core int8 peak \(fmt(p.int8PeakGOPS, 0)) GOPS (\(p.peakISA)); read bandwidth L1 \(fmt(p.l1ReadGBps, 0)) GB/s, "
        s += "L2 \(fmt(p.l2ReadGBps, 0)) GB/s.\n"
        var groups: [(String, [KernelResult])] = []
        for r in report.results {
            let key = "\(r.kernel) (\(r.shape))"
            if let i = groups.firstIndex(where: { $0.0 == key }) { groups[i].1.append(r) } else { groups.append((key, [r])) }
        }
        for (title, rows) in groups {
            let compute = rows.first?.bound == .compute
            s += "\n### \(title)\n\n"
            s += compute ? "| variant | T | p50 (us) | p99 (us) | GOPS | share of peak (p50 / best) | vs reference |\n|---|---:|---:|---:|---:|---:|---:|\n"
                         : "| variant | T | p50 (us) | p99 (us) | GB/s | share of L2 bandwidth | vs reference |\n|---|---:|---:|---:|---:|---:|---:|\n"
            for r in rows {
                let ratio = r.ratioVsReference.map { "\(fmt($0, 1))x" } ?? "-"
                if compute {
                    s += "| \(r.variant) | \(r.seqLen) | \(fmt(r.stats.p50 / 1e3, 1)) | \(fmt(r.stats.p99 / 1e3, 1)) | "
                    s += "\(fmt(r.gops ?? 0, 1)) | \(fmt(100 * (r.peakFraction ?? 0), 1)) % / \(fmt(100 * (r.peakFractionBest ?? 0), 1)) % | \(ratio) |\n"
                } else {
                    s += "| \(r.variant) | \(r.seqLen) | \(fmt(r.stats.p50 / 1e3, 1)) | \(fmt(r.stats.p99 / 1e3, 1)) | "
                    s += "\(fmt(r.gbps, 1)) | \(fmt(100 * (r.bandwidthFraction ?? 0), 1)) % | \(ratio) |\n"
                }
            }
        }
        return s
    }
}

#if canImport(Glibc)
import Glibc
#endif
