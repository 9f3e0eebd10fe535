import TernKernels

/// Keeps a value alive and opaque to the optimizer, so timed work is not
/// removed as dead.
@inline(never)
public func blackHole<T>(_ value: T) { withExtendedLifetime(value) {} }

/// How long and how often a case runs.
public struct SamplingPolicy: Sendable {
    /// Seconds of untimed runs first (caches, branch predictors, lazy tables).
    public var warmupSeconds: Double = 0.2
    /// Seconds of timed samples at least.
    public var minSeconds: Double = 1.0
    /// Samples at least, however long they take.
    public var minSamples: Int = 15
    /// Samples at most.
    public var maxSamples: Int = 100_000

    public init(warmupSeconds: Double = 0.2, minSeconds: Double = 1.0, minSamples: Int = 15) {
        self.warmupSeconds = warmupSeconds
        self.minSeconds = minSeconds
        self.minSamples = minSamples
    }
}

/// Times `body` repeatedly after a warm-up; each sample is one call.
/// `prepare`, when given, runs before each call, untimed.
public func sample(_ policy: SamplingPolicy, prepare: (() -> Void)? = nil, _ body: () throws -> Void) rethrows -> Stats {
    let warmupEnd = monotonicNanoseconds() + UInt64(policy.warmupSeconds * 1e9)
    repeat { prepare?(); try body() } while monotonicNanoseconds() < warmupEnd
    var samples: [Double] = []
    samples.reserveCapacity(1024)
    let start = monotonicNanoseconds()
    let budget = UInt64(policy.minSeconds * 1e9)
    while samples.count < policy.maxSamples {
        prepare?()
        let t0 = monotonicNanoseconds()
        try body()
        let t1 = monotonicNanoseconds()
        samples.append(Double(t1 - t0))
        if samples.count >= policy.minSamples && t1 - start >= budget { break }
    }
    return Stats(samples)
}

/// Order statistics of timing samples, in nanoseconds. Medians and
/// percentiles, not means: a shared machine's outliers only go one way.
public struct Stats: Sendable, Codable, Equatable {
    public var count: Int
    public var min: Double
    public var p10: Double
    public var p50: Double
    public var p90: Double
    public var p99: Double
    public var max: Double
    /// Median absolute deviation over the median: the relative spread.
    public var madRatio: Double

    public init(_ samples: [Double]) {
        precondition(!samples.isEmpty, "no samples")
        let s = samples.sorted()
        func q(_ p: Double) -> Double {
            // Nearest rank: a sample that was measured, not an interpolation.
            let rank = Int((p * Double(s.count)).rounded(.up)) - 1
            return s[Swift.max(0, Swift.min(s.count - 1, rank))]
        }
        count = s.count
        min = s[0]
        p10 = q(0.10)
        p50 = q(0.50)
        p90 = q(0.90)
        p99 = q(0.99)
        max = s[s.count - 1]
        let median = p50
        let deviations = s.map { abs($0 - median) }.sorted()
        madRatio = median > 0 ? deviations[deviations.count / 2] / median : 0
    }
}
