/// How a byte >= 0x80 enters the projection hash.
///
/// The reference loads token bytes through `char`, which is signed on x86 and
/// unsigned on ARM, so a non-ASCII token hashes differently on the two. Models
/// trained with the reference on x86 need `.signed`, Tern's default.
public enum ByteSign: String, Sendable, Hashable, Codable, CaseIterable {
    /// Sign-extend each byte before OR-ing it into the 64-bit word (x86 reference).
    case signed
    /// Zero-extend each byte (ARM reference).
    case unsigned
}

/// Every option of the reference's SequenceStringProjection op that changes
/// the features, with the reference's meaning.
public struct ProjectionOptions: Sendable, Hashable, Codable {
    /// Features per token, F; 1...4096.
    public var featureSize: Int = 512
    /// Allowed characters (lowercase); empty keeps every character.
    public var vocabulary: String = ""
    /// Split on ASCII space; when false every UTF-8 code point is a token.
    public var splitOnSpace: Bool = true
    /// At most this many tokens; -1 keeps all. Splitting on space, the last
    /// token holds the rest of the text, as in the reference.
    public var maxSplits: Int = -1
    public var addBOS: Bool = false
    public var addEOS: Bool = false
    /// 0 (off) or 1...7: feature F-1 encodes how often the token was seen.
    public var wordNoveltyBits: Int = 0
    /// 0 (off) or 1...16: feature F-2 encodes log2 of the token count.
    public var docSizeLevels: Int = 0
    /// Cut a 1-3 character pattern repeated 3+ times to 2 copies.
    public var normalizeRepetition: Bool = false
    /// ASCII characters that get a space before and after them.
    public var tokenSeparators: String = ""
    /// Drop code points that are neither alphabetic nor space.
    public var excludeNonAlphaSpace: Bool = false
    /// Training only: probability that a token gets one random edit.
    public var distortionProbability: Float = 0
    public var byteSign: ByteSign = .signed

    public init() {}

    public init(featureSize: Int, vocabulary: String = "", splitOnSpace: Bool = true, maxSplits: Int = -1,
                addBOS: Bool = false, addEOS: Bool = false, wordNoveltyBits: Int = 0, docSizeLevels: Int = 0,
                normalizeRepetition: Bool = false, tokenSeparators: String = "", excludeNonAlphaSpace: Bool = false,
                distortionProbability: Float = 0, byteSign: ByteSign = .signed) {
        self.featureSize = featureSize
        self.vocabulary = vocabulary
        self.splitOnSpace = splitOnSpace
        self.maxSplits = maxSplits
        self.addBOS = addBOS
        self.addEOS = addEOS
        self.wordNoveltyBits = wordNoveltyBits
        self.docSizeLevels = docSizeLevels
        self.normalizeRepetition = normalizeRepetition
        self.tokenSeparators = tokenSeparators
        self.excludeNonAlphaSpace = excludeNonAlphaSpace
        self.distortionProbability = distortionProbability
        self.byteSign = byteSign
    }

    public static let maxFeatureSize = 4096
}

/// An invalid projection option or an input the projection cannot represent.
public enum ProjectionError: Error, Equatable, CustomStringConvertible {
    case featureSizeOutOfRange(Int)
    case wordNoveltyBitsOutOfRange(Int)
    case docSizeLevelsOutOfRange(Int)
    case maxSplitsInvalid(Int)
    case distortionProbabilityOutOfRange(Float)
    case vocabularyInvalid(String)
    case vocabularyWithExcludeNonAlphaSpace
    case separatorNotASCII(String)
    case emptyInput

    public var description: String {
        switch self {
        case .featureSizeOutOfRange(let n):
            return "feature size \(n) is out of range: use 1...\(ProjectionOptions.maxFeatureSize)"
        case .wordNoveltyBitsOutOfRange(let n):
            return "word novelty bits \(n) is out of range: use 1...7 (0 turns the feature off)"
        case .docSizeLevelsOutOfRange(let n):
            return "doc size levels \(n) is out of range: use 1...16 (0 turns the feature off)"
        case .maxSplitsInvalid(let n):
            return "max splits \(n) is invalid: use -1 (no limit) or a positive count"
        case .distortionProbabilityOutOfRange(let p):
            return "distortion probability \(p) is out of range: use 0...1"
        case .vocabularyInvalid(let why):
            return "vocabulary is invalid: \(why)"
        case .vocabularyWithExcludeNonAlphaSpace:
            return "a vocabulary and exclude-non-alpha-space cannot be combined (the reference refuses it too)"
        case .separatorNotASCII(let s):
            return "token separator \(s.debugDescription) is not a single ASCII character"
        case .emptyInput:
            return "the text has no tokens; add a BOS or EOS tag to project empty text"
        }
    }
}

/// Validated projection options with the lookup tables every variant shares.
/// Immutable, so one plan serves any number of threads.
public final class ProjectionPlan: Sendable {
    public let options: ProjectionOptions
    /// Allowed code points, or nil for an unrestricted vocabulary.
    let vocabularySet: Set<UInt32>?
    /// Per ASCII byte: the byte a token keeps after lowercasing and filtering,
    /// or 0xFF when it is dropped.
    let asciiMap: [UInt8]
    /// True when `asciiMap` keeps every ASCII byte and only lowercases A-Z,
    /// so eight ASCII bytes can be lowercased at once.
    let asciiIsPlainLowercase: Bool
    /// Per ASCII byte: 1 when it is a token separator.
    let separatorMap: [UInt8]
    /// 64-bit hash words per token: two per 64 features.
    public let hashWordCount: Int
    /// Hash words of `<BOS>`, `<EOS>` and `<null>` (an emptied token).
    let fixedWords: (bos: [UInt64], eos: [UInt64], null: [UInt64])

    public var featureSize: Int { options.featureSize }
    public var needsNormalizer: Bool { options.normalizeRepetition || !options.tokenSeparators.isEmpty }

    public init(_ options: ProjectionOptions) throws {
        let f = options.featureSize
        guard (1...ProjectionOptions.maxFeatureSize).contains(f) else { throw ProjectionError.featureSizeOutOfRange(f) }
        guard options.wordNoveltyBits == 0 || (1...7).contains(options.wordNoveltyBits) else {
            throw ProjectionError.wordNoveltyBitsOutOfRange(options.wordNoveltyBits)
        }
        guard options.docSizeLevels == 0 || (1...16).contains(options.docSizeLevels) else {
            throw ProjectionError.docSizeLevelsOutOfRange(options.docSizeLevels)
        }
        // The doc-size feature sits at F-2, so it needs two columns.
        if options.docSizeLevels != 0 && f < 2 { throw ProjectionError.featureSizeOutOfRange(f) }
        guard options.maxSplits == -1 || options.maxSplits > 0 else {
            throw ProjectionError.maxSplitsInvalid(options.maxSplits)
        }
        let p = options.distortionProbability
        guard p.isFinite, (0...1).contains(p) else { throw ProjectionError.distortionProbabilityOutOfRange(p) }
        if !options.vocabulary.isEmpty && options.excludeNonAlphaSpace {
            throw ProjectionError.vocabularyWithExcludeNonAlphaSpace
        }

        var vocabulary: Set<UInt32>? = nil
        if !options.vocabulary.isEmpty {
            var set = Set<UInt32>()
            for scalar in options.vocabulary.unicodeScalars {
                let v = scalar.value
                if UnicodeCase.simpleLowercase(v) != v {
                    throw ProjectionError.vocabularyInvalid("upper-case character \(String(scalar).debugDescription); the vocabulary is matched after lowercasing")
                }
                if !set.insert(v).inserted {
                    throw ProjectionError.vocabularyInvalid("character \(String(scalar).debugDescription) is listed twice")
                }
            }
            vocabulary = set
        }

        var separators = [UInt8](repeating: 0, count: 128)
        for scalar in options.tokenSeparators.unicodeScalars {
            guard scalar.isASCII else { throw ProjectionError.separatorNotASCII(String(scalar)) }
            // The reference ignores a space among the separators.
            if scalar != " " { separators[Int(scalar.value)] = 1 }
        }

        var ascii = [UInt8](repeating: 0xFF, count: 128)
        for b in 0..<128 {
            let lower = UInt32(UnicodeCase.simpleLowercase(UInt32(b)))
            if options.excludeNonAlphaSpace && !UnicodeCase.isAlphabetic(lower) && lower != 0x20 { continue }
            if let vocabulary, !vocabulary.contains(lower) { continue }
            ascii[b] = UInt8(lower)
        }

        self.options = options
        self.vocabularySet = vocabulary
        self.asciiMap = ascii
        self.asciiIsPlainLowercase = (0..<128).allSatisfy { b in
            Int(ascii[b]) == ((0x41...0x5A).contains(b) ? b + 0x20 : b)
        }
        self.separatorMap = separators
        let count = 2 * ((f + 63) / 64)
        self.hashWordCount = count
        func words(_ s: String) -> [UInt64] {
            ProjectionScalarRef.hashWords(Array(s.utf8), count: count, byteSign: options.byteSign)
        }
        self.fixedWords = (words("<BOS>"), words("<EOS>"), words("<null>"))
    }

    /// The code point a token keeps for `scalar` after lowercasing and the
    /// filters, or nil when it is dropped.
    @inline(__always)
    func keep(lowercased lower: UInt32) -> Bool {
        if options.excludeNonAlphaSpace && !UnicodeCase.isAlphabetic(lower) && lower != 0x20 { return false }
        if let vocabularySet, !vocabularySet.contains(lower) { return false }
        return true
    }
}
