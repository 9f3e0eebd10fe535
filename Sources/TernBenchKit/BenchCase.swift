import Foundation
import TernKernels

/// One timed case: a variant of a kernel (or model) at one shape, sequence
/// length, thread count and batch.
public struct BenchCase {
    public var family: String
    public var variant: String
    public var isa: String
    public var isReference: Bool
    public var shape: String
    public var seqLen: Int
    public var threads: Int = 1
    public var batch: Int = 1
    /// int8 multiply-adds per call (0 when the kernel does little arithmetic).
    public var macs: Int
    /// Bytes read and written per call.
    public var bytes: Int
    public var bound: Bound
    /// Whether the case runs a ternary-input path (its share of peak is
    /// measured against `MachinePeaks.peakGOPS(ternaryInput: true)`).
    public var ternaryInput: Bool = false
    /// Tokens and texts one call processes (0 when not a text case).
    public var tokens: Int = 0
    public var texts: Int = 0
    /// Bytes of the case's weights, when it has any.
    public var modelBytes: Int? = nil
    /// Runs before each timed call, untimed (a cold thread pool's pause).
    public var prepare: (() -> Void)? = nil
    public var run: () -> Void
    /// What the case's buffers live in (set by `BenchSuite.cases`).
    public var keepAlive: AnyObject? = nil

    public enum Bound: String, Codable, Sendable { case compute, memory }

    /// The memberwise form, for the suites in this package's modules.
    package init(family: String, variant: String, isa: String, isReference: Bool, shape: String, seqLen: Int, threads: Int = 1,
                 batch: Int = 1, macs: Int, bytes: Int, bound: Bound, tokens: Int = 0, texts: Int = 0, modelBytes: Int? = nil,
                 prepare: (() -> Void)? = nil, run: @escaping () -> Void, keepAlive: AnyObject? = nil) {
        self.family = family
        self.variant = variant
        self.isa = isa
        self.isReference = isReference
        self.shape = shape
        self.seqLen = seqLen
        self.threads = threads
        self.batch = batch
        self.macs = macs
        self.bytes = bytes
        self.bound = bound
        self.tokens = tokens
        self.texts = texts
        self.modelBytes = modelBytes
        self.prepare = prepare
        self.run = run
        self.keepAlive = keepAlive
    }

    /// Cases with the same key are one comparison group: the reference, the
    /// variants, at every thread count.
    var groupKey: String { "\(family)|\(shape)|\(seqLen)|\(batch)" }
    public var id: String { "\(family)/\(variant)/\(shape)/T\(seqLen)/threads\(threads)/batch\(batch)" }
}

/// A measured case, as it goes into the JSON report.
public struct BenchResult: Codable, Sendable {
    public var kernel: String
    public var variant: String
    public var isa: String
    public var shape: String
    public var seqLen: Int
    public var threads: Int
    public var batch: Int
    public var bound: BenchCase.Bound
    public var stats: Stats
    public var p50: Double
    public var p99: Double
    public var gops: Double?
    public var peakFraction: Double?
    /// From the fastest sample: on a shared machine the median moves with the
    /// neighbours, the minimum much less.
    public var peakFractionBest: Double?
    public var gbps: Double
    public var bandwidthFraction: Double?
    public var tokensPerSecond: Double?
    public var textsPerSecond: Double?
    /// The scalar reference's time over this case's, both measured in this run
    /// (p50 over p50, and best over best).
    public var ratioVsReference: Double?
    public var ratioVsReferenceBest: Double?
    /// This variant's single-thread time over this case's (threads > 1).
    public var scaling: Double?
    /// Heap bytes and allocations per call in steady state (tcmalloc hooks).
    public var bytesAllocatedPerCall: Double
    public var allocationsPerCall: Double
    /// The most heap the case held live at once above what was live before
    /// it (nil where the hooks cannot count, as under AddressSanitizer).
    public var peakHeapBytes: Int?
    public var residentBytes: Int
    public var modelBytes: Int?

    enum CodingKeys: String, CodingKey {
        case kernel, variant, isa, shape, threads, batch, bound, stats, gops, gbps, scaling
        case seqLen = "seq_len", peakFraction = "peak_fraction", peakFractionBest = "peak_fraction_best"
        case bandwidthFraction = "bandwidth_fraction", p50 = "p50_ns", p99 = "p99_ns"
        case tokensPerSecond = "tokens_per_s", textsPerSecond = "texts_per_s"
        case ratioVsReference = "ratio_vs_reference", ratioVsReferenceBest = "ratio_vs_reference_best"
        case bytesAllocatedPerCall = "bytes_per_inference", allocationsPerCall = "allocations_per_inference"
        case peakHeapBytes = "peak_heap_bytes", residentBytes = "rss_bytes", modelBytes = "model_bytes"
    }

    public var id: String { "\(kernel)/\(variant)/\(shape)/T\(seqLen)/threads\(threads)/batch\(batch)" }
    var groupKey: String { "\(kernel)|\(shape)|\(seqLen)|\(batch)" }
}

public struct BenchReport: Codable, Sendable {
    /// The schema this build writes and reads.
    public static let schemaVersion = "tern.bench/2"
    public var schema = BenchReport.schemaVersion
    public var machine: MachineInfo
    public var peaks: MachinePeaks
    public var command: String
    public var suites: [String]
    public var seqLens: [Int]
    public var threads: [Int]
    public var results: [BenchResult]

    public init(machine: MachineInfo, peaks: MachinePeaks, command: String, suites: [String], seqLens: [Int],
                threads: [Int], results: [BenchResult]) {
        self.machine = machine
        self.peaks = peaks
        self.command = command
        self.suites = suites
        self.seqLens = seqLens
        self.threads = threads
        self.results = results
    }
}

public enum BenchRunner {
    /// The environment variable that makes one variant do its work twice
    /// (`ID`) or N times (`ID*N`): the regression gate's self-test uses it to
    /// prove that it catches a slowdown. The unit test of the gate asks for
    /// more than twice: it runs a debug (or sanitizer) build with tiny times
    /// beside the rest of the suite, where three times the noise of two
    /// rounds can pass a mere doubling.
    public static let slowdownVariable = "TERN_BENCH_SLOW_VARIANT"

    /// The variant and the repeat count `slowdownVariable` names (`ID` is
    /// `ID*2`); nil when unset or empty, or when it is malformed (no ID, or a
    /// count that is not a whole number >= 2: `validateSlowdown` refuses those).
    static func slowdown(_ value: String?) -> (variant: String, times: Int)? {
        guard let value, !value.isEmpty else { return nil }
        let parts = value.split(separator: "*", omittingEmptySubsequences: false)
        guard parts.count <= 2, !parts[0].isEmpty else { return nil }
        guard parts.count == 2 else { return (value, 2) }
        guard let times = Int(parts[1]), times >= 2 else { return nil }
        return (String(parts[0]), times)
    }

    /// Refuses a malformed `slowdownVariable`, which would otherwise slow
    /// nothing and let the gate's self-test pass without testing anything.
    public static func validateSlowdown(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard let value = environment[slowdownVariable], !value.isEmpty, slowdown(value) == nil else { return }
        throw SlowdownError(value: value)
    }

    public struct SlowdownError: Error, CustomStringConvertible {
        public let value: String
        public var description: String {
            "\(BenchRunner.slowdownVariable)='\(value)' is not ID or ID*N (a variant id, N a whole number >= 2)"
        }
    }

    /// Measures every case: time, throughput, share of peak, heap use. The
    /// references run first in each group so every ratio has its denominator
    /// from the same run.
    /// `progress` gets a line before each case (its position, and from the
    /// second case on an estimate of the time left); `onResult` gets each
    /// result as soon as it is measured, for output that streams.
    public static func run(_ cases: [BenchCase], policy: SamplingPolicy, peaks: MachinePeaks,
                           progress: (String) -> Void = { _ in },
                           onResult: (BenchResult) -> Void = { _ in }) -> [BenchResult] {
        HeapCounter.install()
        let slow = slowdown(ProcessInfo.processInfo.environment[slowdownVariable])
        var reference: [String: Stats] = [:]
        var singleThread: [String: Stats] = [:]
        var results: [BenchResult] = []
        let ordered = cases.enumerated().sorted { a, b in
            let ka = (a.element.isReference ? 0 : 1, a.element.threads, a.offset)
            let kb = (b.element.isReference ? 0 : 1, b.element.threads, b.offset)
            return ka < kb
        }.map(\.element)
        let start = monotonicNanoseconds()
        for (index, var k) in ordered.enumerated() {
            if let slow, k.variant == slow.variant {
                let work = k.run
                k.run = { for _ in 0..<slow.times { work() } }
            }
            let elapsed = Double(monotonicNanoseconds() - start) / 1e9
            let eta = index == 0 ? "" : ", about \(duration(elapsed / Double(index) * Double(ordered.count - index))) left"
            progress("[\(index + 1)/\(ordered.count)\(eta)] \(k.family) \(k.variant) T=\(k.seqLen) threads=\(k.threads)")
            let stats = sample(policy, prepare: k.prepare) { k.run() }
            // Steady-state heap use: a few calls after timing (up to 20, fewer
            // where a call is slow: the scalar references at T 1024), apart
            // from the timing loop, whose own sample buffer would count.
            let calls = max(2, min(20, Int(0.05e9 / max(stats.p50, 1))))
            HeapCounter.resetPeak()
            let before = HeapCounter.snapshot()
            for _ in 0..<calls { k.prepare?(); k.run() }
            let after = HeapCounter.snapshot()
            let peak = HeapCounter.isCounting ? HeapCounter.peakSinceReset : nil
            if k.isReference && k.threads == 1 { reference[k.groupKey] = stats }
            let variantKey = k.groupKey + "|" + k.variant
            if k.threads == 1 { singleThread[variantKey] = stats }
            let measured = result(k, stats: stats, peaks: peaks, reference: reference[k.groupKey],
                                  singleThread: k.threads > 1 ? singleThread[variantKey] : nil,
                                  allocatedBytes: Double(after.allocatedBytes - before.allocatedBytes) / Double(calls),
                                  allocations: Double(after.allocations - before.allocations) / Double(calls),
                                  peakHeap: peak)
            results.append(measured)
            onResult(measured)
        }
        return results.sorted {
            ($0.kernel, $0.shape, $0.seqLen, $0.batch, $0.variant, $0.threads)
                < ($1.kernel, $1.shape, $1.seqLen, $1.batch, $1.variant, $1.threads)
        }
    }

    /// "45 s", "3 min 20 s".
    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s < 60 ? "\(s) s" : "\(s / 60) min \(s % 60) s"
    }

    static func result(_ k: BenchCase, stats: Stats, peaks: MachinePeaks, reference: Stats?, singleThread: Stats?,
                       allocatedBytes: Double, allocations: Double, peakHeap: Int?) -> BenchResult {
        let seconds = stats.p50 / 1e9
        let gops = k.macs > 0 ? 2 * Double(k.macs) / seconds / 1e9 : nil
        // The peak scales with the threads the case uses (one core's peak each).
        let peak = peaks.peakGOPS(ternaryInput: k.ternaryInput) * Double(min(k.threads, max(1, ThreadPool.availableCores)))
        let gbps = Double(k.bytes) / seconds / 1e9
        return BenchResult(
            kernel: k.family, variant: k.variant, isa: k.isa, shape: k.shape, seqLen: k.seqLen, threads: k.threads,
            batch: k.batch, bound: k.bound, stats: stats, p50: stats.p50, p99: stats.p99, gops: gops,
            peakFraction: gops.flatMap { peak > 0 ? $0 / peak : nil },
            peakFractionBest: k.macs > 0 && peak > 0 ? 2 * Double(k.macs) / stats.min / peak : nil,
            gbps: gbps,
            bandwidthFraction: k.bound == .memory && peaks.l2ReadGBps > 0 ? gbps / peaks.l2ReadGBps : nil,
            tokensPerSecond: k.tokens > 0 ? Double(k.tokens) / seconds : nil,
            textsPerSecond: k.texts > 0 ? Double(k.texts) / seconds : nil,
            ratioVsReference: reference.map { $0.p50 / stats.p50 },
            ratioVsReferenceBest: reference.map { $0.min / stats.min },
            scaling: singleThread.map { $0.p50 / stats.p50 },
            bytesAllocatedPerCall: allocatedBytes, allocationsPerCall: allocations, peakHeapBytes: peakHeap,
            residentBytes: HeapCounter.residentBytes, modelBytes: k.modelBytes)
    }
}

/// The buffers a suite's cases read and write, freed together when the last
/// case that holds them is gone (a bench process keeps them to the end; a
/// test that builds cases gets them back, and LeakSanitizer sees no leak).
public final class BenchBuffers: @unchecked Sendable {
    private var blocks: [UnsafeMutableRawPointer] = []

    public init() {}

    /// Room for `count` values of `T` (at least one), 64-byte aligned, uninitialized.
    func allocate<T>(_ type: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        let n = max(count, 1)
        let raw = UnsafeMutableRawPointer.allocate(byteCount: n * MemoryLayout<T>.stride, alignment: max(64, MemoryLayout<T>.alignment))
        blocks.append(raw)
        return raw.bindMemory(to: T.self, capacity: n)
    }

    deinit { for block in blocks { block.deallocate() } }
}
