import Testing
@testable import TernKernels

/// Every variant equals the scalar reference on every input: the same rows,
/// the same int8 features, the same trailing values, the same errors.
@Suite struct ProjectionVariantTests {
    static let fastVariants = ProjectionVariants.available.filter { !$0.isReference }

    @Test(arguments: fastVariants)
    func randomAndHostileTexts(_ variant: ProjectionVariant) throws {
        var fuzzer = TextFuzzer(state: 0x7E57)
        for (i, options) in optionMatrix.enumerated() {
            let plan = try ProjectionPlan(options)
            // One workspace per variant and option set, reused: stale state must not leak.
            let refWS = ProjectionWorkspace(distortionSeed: UInt64(i), distortionProbability: options.distortionProbability)
            let varWS = ProjectionWorkspace(distortionSeed: UInt64(i), distortionProbability: options.distortionProbability)
            for _ in 0..<60 {
                let text = fuzzer.text()
                let expected = run(ProjectionVariants.reference, text, plan, workspace: refWS)
                let actual = run(variant, text, plan, workspace: varWS)
                #expect(actual == expected, "options \(i): \(options), text \(text)")
                if actual != expected { return }
            }
        }
    }

    @Test(arguments: fastVariants)
    func adversarialTexts(_ variant: ProjectionVariant) throws {
        let texts: [[UInt8]] = [
            [], [0x20], Array(repeating: 0x20, count: 1000), [0x00], Array(repeating: 0x00, count: 17),
            Array(repeating: 0x80, count: 33), [0xC3], [0xF0, 0x9F, 0x98], Array("😀😀😀 👍🏽".utf8),
            Array("日本語 Русский ελληνικά العربية हिन्दी".utf8), Array("\t\n\r".utf8),
            Array(repeating: 0x41, count: 5000), Array("a b  c   d".utf8),
        ]
        for options in optionMatrix {
            let plan = try ProjectionPlan(options)
            for text in texts {
                #expect(run(variant, text, plan) == run(ProjectionVariants.reference, text, plan), "\(options) \(text.prefix(20))")
            }
        }
    }

    @Test(arguments: fastVariants, ByteSign.allCases)
    func oneMegabyteOfText(_ variant: ProjectionVariant, _ sign: ByteSign) throws {
        var fuzzer = TextFuzzer(state: 0x1AB)
        var text: [UInt8] = []
        while text.count < 1 << 20 { text += fuzzer.text(maxPieces: 200) }
        for options in [ProjectionOptions(featureSize: 8, addEOS: true, byteSign: sign),
                        ProjectionOptions(featureSize: 512, maxSplits: 127, addEOS: true, byteSign: sign)] {
            let plan = try ProjectionPlan(options)
            #expect(run(variant, text, plan) == run(ProjectionVariants.reference, text, plan))
        }
    }

    /// The fast path's shortcuts at their edges: tokens of 1 to 17 bytes
    /// (the register path takes at most 8), every letter case, a token
    /// ending within 8 bytes of the text's end (the register path may not
    /// load past it), a non-ASCII byte at each position, and row counts
    /// around the block size, with word novelty reading each block's words.
    @Test(arguments: fastVariants)
    func tokenLengthsCasesAndBlockEdges(_ variant: ProjectionVariant) throws {
        var state: UInt64 = 0x5EED
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33) % bound
        }
        let alphabet = Array("aZbYcXmN09_-.'!".utf8)
        for rows in [1, 3, 4, 5, 63, 64, 65, 128, 129, 200] {
            var text: [UInt8] = []
            for r in 0..<rows {
                if r > 0 { text.append(0x20) }
                let length = 1 + next(17)
                var token = (0..<length).map { _ in alphabet[next(alphabet.count)] }
                if next(4) == 0 { token[next(length)] = 0xC3; token.append(0x89) }  // É
                text += token
            }
            for options in [ProjectionOptions(featureSize: 512, wordNoveltyBits: 3),
                            ProjectionOptions(featureSize: 64, addBOS: true, addEOS: true, docSizeLevels: 4),
                            ProjectionOptions(featureSize: 130, excludeNonAlphaSpace: true, byteSign: .unsigned)] {
                let plan = try ProjectionPlan(options)
                #expect(run(variant, text, plan) == run(ProjectionVariants.reference, text, plan), "\(rows) rows, \(options)")
            }
        }
    }

    @Test(arguments: ByteSign.allCases)
    func distortionIsSeededAndReproducible(_ sign: ByteSign) throws {
        let plan = try ProjectionPlan(ProjectionOptions(featureSize: 64, distortionProbability: 1, byteSign: sign))
        let text = Array((0..<200).map { _ in "projection" }.joined(separator: " ").utf8)
        let a = run(ProjectionVariants.reference, text, plan, seed: 1)
        #expect(a == run(ProjectionVariants.reference, text, plan, seed: 1))
        #expect(a != run(ProjectionVariants.reference, text, plan, seed: 2))
        for v in Self.fastVariants { #expect(run(v, text, plan, seed: 1) == a) }
        let clean = run(ProjectionVariants.reference, text, try ProjectionPlan(ProjectionOptions(featureSize: 64, byteSign: sign)))
        #expect(a != clean)
    }

    @Test func distortionEditsFollowTheReferenceDistribution() {
        var d = ProjectionDistorter(probability: 0.25, seed: 99)
        var deleted = 0, moved = 0, inserted = 0, untouched = 0
        let word: [UInt32] = Array("abcdefgh".unicodeScalars.map(\.value))
        for _ in 0..<20_000 {
            var w = word
            d.distort(&w)
            switch w.count {
            case 7: deleted += 1
            case 9: inserted += 1
            default: if w == word { untouched += 1 } else { moved += 1 }
            }
        }
        // p = 0.25, each edit about a third; a move can land in place (1 in 8).
        #expect(abs(Double(untouched) / 20_000 - 0.76) < 0.02)
        #expect(abs(Double(deleted) / 20_000 - 0.0825) < 0.01)
        #expect(abs(Double(inserted) / 20_000 - 0.085) < 0.01)
        #expect(moved > 1200)
    }
}
