/// The training-time token distortion: with probability p a token gets one
/// random edit, each about a third of the time: delete a character, move a
/// character (tokens longer than 2), or insert the last deleted character.
///
/// Seeded and reproducible: the same seed and the same tokens give the same
/// edits. The reference edits UTF-16 units with TensorFlow's generator; Tern
/// edits code points (an emoji is never split in half) with SplitMix64, so the
/// edits follow the reference's distribution, not its exact random draws.
public struct ProjectionDistorter: Sendable {
    public let probability: Float
    private var generator: SplitMix64
    private var lastRemoved: UInt32 = 0

    public init(probability: Float, seed: UInt64) {
        self.probability = probability
        self.generator = SplitMix64(seed: seed)
    }

    public var isActive: Bool { probability > 0 }

    /// Everything the next edits depend on besides the probability, so a
    /// training checkpoint can stop and resume the same sequence of edits.
    public struct State: Codable, Sendable, Equatable {
        public var generator: UInt64
        public var lastRemoved: UInt32

        public init(generator: UInt64, lastRemoved: UInt32) {
            self.generator = generator
            self.lastRemoved = lastRemoved
        }
    }

    public var state: State {
        get { State(generator: generator.state, lastRemoved: lastRemoved) }
        set {
            generator = SplitMix64(seed: newValue.generator)
            lastRemoved = newValue.lastRemoved
        }
    }

    mutating func next64() -> UInt64 { generator.next() }

    /// Uniform in [0, 1) with 24 random bits.
    mutating func nextFloat() -> Float { Float(next64() >> 40) * (1.0 / 16_777_216.0) }

    mutating func nextIndex(_ n: Int) -> Int { Int(UInt32(truncatingIfNeeded: next64() >> 32) % UInt32(n)) }

    /// Applies at most one edit to a token's code points.
    public mutating func distort(_ word: inout [UInt32]) {
        guard probability > 0, nextFloat() < probability, !word.isEmpty else { return }
        let kind = nextFloat()
        let index = nextIndex(word.count)
        if kind < 0.33 {
            lastRemoved = word.remove(at: index)
        } else if kind < 0.66 {
            if word.count > 2 {
                lastRemoved = word.remove(at: index)
                word.insert(lastRemoved, at: nextIndex(word.count))
            }
        } else if lastRemoved != 0 {
            word.insert(lastRemoved, at: index)
        }
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny seeded generator whose
/// sequence is fixed by its seed on every platform.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The whole generator: `SplitMix64(seed: g.state)` continues where `g` is
    /// (training checkpoints keep it).
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
