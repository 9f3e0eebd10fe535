/// Per-thread scratch and output of a projection: reused across texts so a
/// warmed workspace projects without heap allocation (on the fast variants).
///
/// After `project`, `features` holds `rows * featureSize` int8 values in
/// {-1, 0, +1}, row-major `[T, F]`; see `ProjectionForms` for the reference's
/// uint8 and float forms.
public final class ProjectionWorkspace {
    /// Rows of the last projection, T (BOS and EOS rows included).
    public internal(set) var rows = 0
    /// Tokens of the last projection, BOS and EOS excluded (all of the
    /// text's tokens, also those past `tokenLimit`).
    public internal(set) var tokenCount = 0
    /// The fast variants hash and store at most this many tokens (the rest
    /// are only counted, for the doc-size feature), so a model with a
    /// maximum length does linear, bounded work on a huge text. The
    /// reference ignores it; the first rows are the same either way.
    public var tokenLimit = Int.max
    public internal(set) var featureSize = 0
    /// Int8 ternary features, `[rows, featureSize]` valid.
    public internal(set) var features: [Int8] = []
    /// The exact value of feature F-1 per row when word novelty is on.
    public internal(set) var noveltyValues: [Float] = []
    /// The exact value of feature F-2 (the same on every row) when doc size is on.
    public internal(set) var docSizeValue: Float = 0
    /// The distortion in force; seeded by the caller for training.
    public var distorter: ProjectionDistorter

    /// Scratch of the fast variants.
    var scratch = FastScratch()

    public init(distortionSeed: UInt64 = 0, distortionProbability: Float = 0) {
        distorter = ProjectionDistorter(probability: distortionProbability, seed: distortionSeed)
    }

    /// Sets the output shape; grows storage only when needed. Every variant
    /// writes all `rows * F` features, so nothing is cleared.
    func reset(rows: Int, plan: ProjectionPlan) {
        self.rows = rows
        featureSize = plan.featureSize
        let n = rows * plan.featureSize
        if features.count < n { features = [Int8](repeating: 0, count: Swift.max(n, features.count * 2)) }
        if plan.options.wordNoveltyBits != 0 && noveltyValues.count < rows {
            noveltyValues = [Float](repeating: 0, count: Swift.max(rows, noveltyValues.count * 2))
        }
    }

    /// The valid features as a fresh array `[rows * featureSize]`.
    public var featureArray: [Int8] { Array(features.prefix(rows * featureSize)) }
}

/// Reusable buffers of the fast variants.
struct FastScratch {
    /// Start and end byte offsets of the stored tokens, interleaved.
    var tokenBounds: [Int] = []
    var wordBytes: [UInt8] = []
    var scalars: [UInt32] = []
    var hashWords: [UInt64] = []
    var novelty = NoveltyCounter()
}

/// Counts earlier occurrences of a 64-bit token hash within one text, without
/// clearing a table between texts: each slot carries the text's generation.
struct NoveltyCounter {
    private var keys: [UInt64] = []
    private var counts: [Int32] = []
    private var stamps: [UInt32] = []
    private var generation: UInt32 = 0
    private var mask = 0

    mutating func start(capacityFor tokens: Int) {
        var size = 64
        while size < 2 * tokens { size <<= 1 }
        if keys.count < size {
            keys = [UInt64](repeating: 0, count: size)
            counts = [Int32](repeating: 0, count: size)
            stamps = [UInt32](repeating: 0, count: size)
            generation = 0
        }
        mask = keys.count - 1
        generation &+= 1
        if generation == 0 {
            // Wrapped after 2^32 texts: stale stamps could match again.
            for i in stamps.indices { stamps[i] = 0 }
            generation = 1
        }
    }

    /// Returns the count before this occurrence and increments it.
    mutating func countAndIncrement(_ key: UInt64) -> Int {
        var i = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
        while true {
            if stamps[i] != generation {
                stamps[i] = generation
                keys[i] = key
                counts[i] = 1
                return 0
            }
            if keys[i] == key {
                let c = Int(counts[i])
                counts[i] += 1
                return c
            }
            i = (i + 1) & mask
        }
    }
}
