@testable import TernKernels

/// Everything one projection produced, for comparing variants.
struct ProjectionSnapshot: Equatable, CustomStringConvertible {
    var rows: Int
    var tokenCount: Int
    var features: [Int8]
    var novelty: [Float]
    var docSize: Float

    var description: String { "rows \(rows), tokens \(tokenCount), features \(features.prefix(16))..." }
}

enum Outcome: Equatable {
    case projected(ProjectionSnapshot)
    case failed(ProjectionError)
}

func run(_ variant: ProjectionVariant, _ bytes: [UInt8], _ plan: ProjectionPlan,
         workspace: ProjectionWorkspace? = nil, seed: UInt64 = 0) -> Outcome {
    let ws = workspace ?? ProjectionWorkspace(distortionSeed: seed, distortionProbability: plan.options.distortionProbability)
    do {
        try bytes.withUnsafeBytes { try variant.project($0, plan: plan, workspace: ws) }
    } catch let error as ProjectionError {
        return .failed(error)
    } catch {
        fatalError("unexpected error \(error)")
    }
    return .projected(ProjectionSnapshot(
        rows: ws.rows, tokenCount: ws.tokenCount, features: ws.featureArray,
        novelty: plan.options.wordNoveltyBits != 0 ? Array(ws.noveltyValues.prefix(ws.rows)) : [],
        docSize: ws.docSizeValue))
}

func project(_ text: String, _ options: ProjectionOptions,
             variant: ProjectionVariant = ProjectionVariants.reference) throws -> ProjectionWorkspace {
    let plan = try ProjectionPlan(options)
    let ws = ProjectionWorkspace()
    try variant.project(text, plan: plan, workspace: ws)
    return ws
}

/// Options of the reference op's own tests: F = 4, vocabulary a-z.
func specOptions(featureSize: Int = 4, eos: Bool = true) -> ProjectionOptions {
    ProjectionOptions(featureSize: featureSize, vocabulary: "abcdefghijklmnopqrstuvwxyz", addEOS: eos)
}

/// A seeded generator of hostile text: ASCII words, runs of spaces, tabs,
/// case, digits, punctuation, accents, other scripts, emoji, U+0130, U+FFFD,
/// NUL, and every kind of broken UTF-8.
struct TextFuzzer {
    var generator: SplitMix64

    init(state: UInt64) { generator = SplitMix64(seed: state) }

    mutating func below(_ n: Int) -> Int { Int(generator.next() % UInt64(n)) }

    static let pieces: [[UInt8]] = {
        let strings = ["the", "Movie", "WAS", "soooo", "hahaha", "wowwowwow", "great!!!", "don't", "a1a1a1",
                       "123", "777", "café", "ÉCOLE", "naïve", "Straße", "ΑΒΓ", "Привет", "日本語", "İstanbul",
                       "😀", "👍🏽", "\u{FFFD}", "x", "I", "hello", "world", "...", "?!", "<br />", "\t", "\n",
                       "Ⱥ", "ǅ", "ﬃ", "𐐀"]
        var out = strings.map { Array($0.utf8) }
        out += [[0x00], [0x80], [0xBF], [0xC0, 0x80], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80],
                [0xF4, 0x90, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xFF], [0xFE], [0xF0, 0x9F, 0x98]]
        return out
    }()

    mutating func text(maxPieces: Int = 40) -> [UInt8] {
        var out: [UInt8] = []
        for _ in 0..<below(maxPieces + 1) {
            switch below(10) {
            case 0...2: out += [UInt8](repeating: 0x20, count: 1 + below(3))
            case 3: out.append(UInt8(below(256)))
            default: out += TextFuzzer.pieces[below(TextFuzzer.pieces.count)]
            }
        }
        return out
    }
}

/// Option sets that together touch every option and feature-size edge.
let optionMatrix: [ProjectionOptions] = {
    var list: [ProjectionOptions] = []
    for f in [1, 2, 3, 4, 31, 32, 33, 63, 64, 65, 100, 127, 128, 129, 512, 4096] {
        list.append(ProjectionOptions(featureSize: f, addEOS: true))
    }
    for sign in ByteSign.allCases {
        list.append(ProjectionOptions(featureSize: 512, byteSign: sign))
        list.append(ProjectionOptions(featureSize: 96, splitOnSpace: false, addBOS: true, byteSign: sign))
        list.append(ProjectionOptions(featureSize: 256, vocabulary: "abcdefghijklmnopqrstuvwxyzé日", maxSplits: 5,
                                      addBOS: true, addEOS: true, byteSign: sign))
        list.append(ProjectionOptions(featureSize: 70, maxSplits: 1, addEOS: true, wordNoveltyBits: 3,
                                      docSizeLevels: 8, byteSign: sign))
        list.append(ProjectionOptions(featureSize: 130, splitOnSpace: false, maxSplits: 7, addEOS: true,
                                      wordNoveltyBits: 1, byteSign: sign))
        list.append(ProjectionOptions(featureSize: 200, addEOS: true, wordNoveltyBits: 7, docSizeLevels: 1,
                                      normalizeRepetition: true, tokenSeparators: "!?.'", byteSign: sign))
        list.append(ProjectionOptions(featureSize: 65, addBOS: true, excludeNonAlphaSpace: true, byteSign: sign))
        list.append(ProjectionOptions(featureSize: 512, addBOS: true, addEOS: true, distortionProbability: 0.25,
                                      byteSign: sign))
    }
    return list
}()
