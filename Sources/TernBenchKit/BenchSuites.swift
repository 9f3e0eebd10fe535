import Foundation
import TernKernels

/// What a suite builds its cases for.
public struct BenchContext {
    public var seqLens: [Int]
    public var threads: [Int]
    public var rng = SplitMix64(seed: 2026)
    /// One pool per thread count, shared by every case.
    public var pools: [Int: ThreadPool] = [:]

    public init(seqLens: [Int], threads: [Int]) {
        self.seqLens = seqLens
        self.threads = threads
        for n in threads where n > 1 { pools[n] = ThreadPool(threads: n) }
    }

    /// Owns every buffer the cases read and write; each case keeps it alive,
    /// and it frees them when the last case is gone.
    public let buffers = BenchBuffers()

    /// An uninitialized buffer of `count` values that lives as long as the cases.
    package func buffer<T>(_ type: T.Type, _ count: Int) -> UnsafeMutablePointer<T> { buffers.allocate(type, count: count) }

    mutating func bytes(_ n: Int) -> UnsafeMutablePointer<Int8> {
        let p = buffer(Int8.self, n)
        for i in 0..<n { p[i] = Int8(truncatingIfNeeded: rng.next()) }
        return p
    }

    mutating func weights(_ n: Int) -> [Int8] { (0..<n).map { _ in Int8(Int(rng.next() % 255) - 127) } }

    /// Splits `rows` into chunks of whole 4-row tiles, one per thread, and
    /// runs them on the pool (inline for one thread).
    package func splitRows(_ rows: Int, threads: Int, _ body: @escaping (Int, Int) -> Void) -> () -> Void {
        guard threads > 1, let pool = pools[threads] else { return { body(0, rows) } }
        let chunk = max(4, (rows + threads - 1) / threads + 3) / 4 * 4
        let chunks = (rows + chunk - 1) / chunk
        return { pool.parallelFor(chunks) { i in body(i * chunk, min(chunk, rows - i * chunk)) } }
    }

    /// A convolution of a `rows`-step input into `y` `[rows, C_out]`, its
    /// output rows split over `threads` as `splitRows` splits them, each
    /// thread with its own slice of `scratch` (at least
    /// `packed.scratchBytes(rows: rows)` bytes).
    package func splitConvolution(_ variant: Conv1DVariant, _ packed: Conv1DPacked, _ x: UnsafePointer<Int8>, rows: Int,
                                  _ y: UnsafeMutablePointer<Int8>, scratch: UnsafeMutablePointer<Int8>,
                                  threads: Int) -> () -> Void {
        let outputs = packed.layer.outputs, scratchPerRow = packed.scratchBytes(rows: 1)
        return splitRows(rows, threads: threads) { r0, n in
            variant.run(packed, x, rows: rows, outputRows: r0..<(r0 + n), y + r0 * outputs, scratch: scratch + r0 * scratchPerRow)
        }
    }
}

extension BenchContext {
    /// A batch runner: `body(text, worker)` for every text, dealt over
    /// `threads` workers (worker w takes texts w, w + threads, ...) on the
    /// pool, each with its own workspace index, or in order on one thread.
    package func spreadTexts(_ texts: [String], threads: Int, _ body: @escaping (String, Int) -> Void) -> () -> Void {
        guard threads > 1, let pool = pools[threads] else { return { for text in texts { body(text, 0) } } }
        return { pool.parallelFor(threads) { w in for i in stride(from: w, to: texts.count, by: threads) { body(texts[i], w) } } }
    }
}

/// A family of bench cases. Adding a kernel to the bench is one suite (a
/// file in Suites/) and one line in `BenchSuites.kernelSuites`; adding a
/// model, one file in TernLab/Suites and one line in `BenchSuites.all`.
public struct BenchSuite: Sendable {
    public let name: String
    public let summary: String
    let build: @Sendable (inout BenchContext) throws -> [BenchCase]

    package init(name: String, summary: String, build: @escaping @Sendable (inout BenchContext) throws -> [BenchCase]) {
        self.name = name
        self.summary = summary
        self.build = build
    }

    public func cases(_ context: inout BenchContext) throws -> [BenchCase] {
        let buffers = context.buffers
        return try build(&context).map { k in
            var k = k
            k.keepAlive = buffers
            return k
        }
    }
}

public enum BenchSuites {
    /// The kernel families' suites, in report order: what the kernel
    /// micro-benchmarks need (the kernels alone). TernLab's `BenchSuites.all`
    /// adds the model, shipped-model and training suites after them.
    public static let kernelSuites: [BenchSuite] = [
        projection, dense, denseTernary, conv1d, conv1dPRADOHeads, qrnnPool, attention, requantize, activationLUT, threadPool,
    ]
}
