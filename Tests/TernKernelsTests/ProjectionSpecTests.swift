import Testing
@testable import TernKernels

/// The reference op's own test vectors and relations (../shared/spec/projection.md),
/// checked through every variant this machine runs.
@Suite struct ProjectionSpecTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let name: String
        let text: String
        let options: ProjectionOptions
        let uint8: [UInt8]
        var testDescription: String { name }
    }

    static let vectors: [Vector] = {
        var novelty = specOptions(); novelty.wordNoveltyBits = 3
        var doc = specOptions(); doc.docSizeLevels = 8
        var both = doc; both.wordNoveltyBits = 3
        var perChar = specOptions(); perChar.splitOnSpace = false
        return [
            Vector(name: "EOS hello", text: "hello", options: specOptions(), uint8: [127, 255, 255, 127, 127, 255, 127, 127]),
            Vector(name: "EOS world", text: "world", options: specOptions(), uint8: [127, 255, 127, 127, 127, 255, 127, 127]),
            Vector(name: "no EOS hello", text: "hello", options: specOptions(eos: false), uint8: [127, 255, 255, 127]),
            Vector(name: "no EOS world", text: "world", options: specOptions(eos: false), uint8: [127, 255, 127, 127]),
            Vector(name: "per char h", text: "h", options: perChar, uint8: [127, 127, 255, 127, 127, 255, 127, 127]),
            Vector(name: "per char w", text: "w", options: perChar, uint8: [255, 127, 255, 127, 127, 255, 127, 127]),
            Vector(name: "doc size 8", text: "hello", options: doc, uint8: [127, 255, 0, 127, 127, 255, 0, 127]),
            Vector(name: "novelty 3", text: "hello", options: novelty, uint8: [127, 255, 255, 0, 127, 255, 127, 0]),
            Vector(name: "doc 8 + novelty 3", text: "hello", options: both, uint8: [127, 255, 0, 0, 127, 255, 0, 0]),
        ]
    }()

    @Test(arguments: vectors, ProjectionVariants.available)
    func uint8Vector(_ v: Vector, _ variant: ProjectionVariant) throws {
        let plan = try ProjectionPlan(v.options)
        let ws = ProjectionWorkspace()
        try variant.project(v.text, plan: plan, workspace: ws)
        #expect(ProjectionForms.uint8(ws, plan: plan) == v.uint8)
    }

    @Test(arguments: ProjectionVariants.available)
    func floatVectors(_ variant: ProjectionVariant) throws {
        let plan = try ProjectionPlan(specOptions())
        for (text, expected) in [("hello", [0, 1, 1, 0, 0, 1, 0, 0]), ("world", [0, 1, 0, 0, 0, 1, 0, 0])] as [(String, [Float])] {
            let ws = ProjectionWorkspace()
            try variant.project(text, plan: plan, workspace: ws)
            #expect(ProjectionForms.float(ws, plan: plan) == expected)
            #expect(ws.featureArray == expected.map { Int8($0) })
        }
    }

    func features(_ text: String, _ options: ProjectionOptions, _ variant: ProjectionVariant) throws -> [Int8] {
        try project(text, options, variant: variant).featureArray
    }

    @Test(arguments: ProjectionVariants.available)
    func vocabularyRelations(_ variant: ProjectionVariant) throws {
        let vocab = specOptions(featureSize: 16, eos: false)
        #expect(try features("hello", vocab, variant) == features("hel1lo", vocab, variant))
        #expect(try features("147", vocab, variant) == features("123", vocab, variant))
        #expect(try features("147", vocab, variant) == features("<null>", ProjectionOptions(featureSize: 16), variant))
        let open = ProjectionOptions(featureSize: 16)
        #expect(try features("hello", open, variant) != features("hel1lo", open, variant))
        #expect(try features("147", open, variant) != features("123", open, variant))
    }

    @Test(arguments: ProjectionVariants.available)
    func noveltySaturates(_ variant: ProjectionVariant) throws {
        var o = ProjectionOptions(featureSize: 16, vocabulary: "abcdefghijklmnopqrstuvwxyz")
        o.wordNoveltyBits = 3
        let ws = try project(Array(repeating: "dog", count: 10).joined(separator: " "), o, variant: variant)
        let rows = (0..<ws.rows).map { Array(ws.features[($0 * 16)..<($0 * 16 + 16)]) }
        #expect(rows[7] == rows[8])
        #expect(Array(ws.noveltyValues.prefix(10)) == [-1, -0.75, -0.5, -0.25, 0, 0.25, 0.5, 0.75, 1, 1])
    }

    @Test(arguments: ProjectionVariants.available)
    func paddingAndShapes(_ variant: ProjectionVariant) throws {
        let words = (0..<1200).map { "w\($0)" }.joined(separator: " ")
        var o = ProjectionOptions(featureSize: 16, maxSplits: 511, addEOS: true)
        #expect(try project(words, o, variant: variant).rows == 512)
        o.maxSplits = 2
        #expect(try project("hello", o, variant: variant).rows == 2)
        #expect(try project("hello ", o, variant: variant).rows == 2)
        #expect(try project("hello world", o, variant: variant).rows == 3)
        o.splitOnSpace = false
        #expect(try project("h", o, variant: variant).rows == 2)
        for text in ["he", "hel", "hello "] { #expect(try project(text, o, variant: variant).rows == 3) }
    }

    @Test(arguments: ProjectionVariants.available)
    func maxSplitsKeepsTheRestInTheLastToken(_ variant: ProjectionVariant) throws {
        let plan = try ProjectionPlan(ProjectionOptions(featureSize: 64, maxSplits: 2))
        let tokens = Array("a  b c".utf8).withUnsafeBytes { ProjectionScalarRef.hashedTokens($0, plan: plan) }
        #expect(tokens == ["a", " b c"])
        let lumped = try project("a  b c", ProjectionOptions(featureSize: 64, maxSplits: 2), variant: variant)
        let direct = try project("a", ProjectionOptions(featureSize: 64), variant: variant)
        #expect(Array(lumped.featureArray.prefix(64)) == direct.featureArray)
        #expect(lumped.rows == 2)
    }

    @Test(arguments: ProjectionVariants.available)
    func emptyInputNeedsATag(_ variant: ProjectionVariant) throws {
        for text in ["", " ", "     "] {
            #expect(throws: ProjectionError.emptyInput) { try project(text, ProjectionOptions(featureSize: 8), variant: variant) }
            let ws = try project(text, ProjectionOptions(featureSize: 8, addEOS: true), variant: variant)
            #expect(ws.rows == 1 && ws.tokenCount == 0)
        }
    }

    @Test(arguments: ProjectionVariants.available)
    func separatorsAndRepetition(_ variant: ProjectionVariant) throws {
        let sep = ProjectionOptions(featureSize: 64, addEOS: true, tokenSeparators: "!")
        #expect(try features("great!!!", sep, variant) == features("great ! ! !", sep, variant))
        let rep = ProjectionOptions(featureSize: 64, addEOS: true, normalizeRepetition: true)
        #expect(try features("hello..", rep, variant) == features("hello.....", rep, variant))
        #expect(try features("soooo", rep, variant) == features("soo", rep, variant))
        #expect(try features("hahaha", rep, variant) == features("haha", rep, variant))
        #expect(try features("wowwowwow", rep, variant) == features("wowwow", rep, variant))
        #expect(try features("7777", rep, variant) != features("77", rep, variant))
    }

    @Test func normalizerMatchesTheReferenceExamples() throws {
        func normalize(_ s: String, _ o: ProjectionOptions) throws -> String {
            String(decoding: ProjectionNormalizer.normalize(Array(s.utf8), plan: try ProjectionPlan(o)), as: UTF8.self)
        }
        let rep = ProjectionOptions(featureSize: 8, normalizeRepetition: true)
        #expect(try normalize("arwwwww", rep) == "arww")
        #expect(try normalize("good!!!!!", rep) == "good!!")
        #expect(try normalize("xyhahaha", rep) == "xyhaha")
        #expect(try normalize("abcdbcdbcd", rep) == "abcdbcd")
        #expect(try normalize("a  a  a  ", rep) == "a  a  a  ")       // a pattern with a space stays
        #expect(try normalize("1a1a1a", rep) == "1a1a1a")           // first character a digit stays
        #expect(try normalize("a1a1a1", rep) == "a1a1")             // as the reference: only the first is checked
        #expect(try normalize("ééééé", rep) == "éé")
        let sep = ProjectionOptions(featureSize: 8, tokenSeparators: "!'")
        #expect(try normalize("great!!!", sep) == "great ! ! !")
        #expect(try normalize("don't", sep) == "don 't")
        #expect(try normalize("a ! b", sep) == "a ! b")
    }

    @Test func lowercasingIsSimpleAndOneToOne() throws {
        let o = ProjectionOptions(featureSize: 8)
        let plan = try ProjectionPlan(o)
        let tokens = Array("ÉCOLE İstanbul ΣΑΣ Ⱥ ǅ".utf8).withUnsafeBytes { ProjectionScalarRef.hashedTokens($0, plan: plan) }
        #expect(tokens == ["école", "istanbul", "σασ", "ⱥ", "ǆ"])
    }

    @Test func brokenUTF8IsDroppedByteByByte() throws {
        let plan = try ProjectionPlan(ProjectionOptions(featureSize: 8))
        let bytes: [UInt8] = [0x61, 0xC3, 0x62, 0xE2, 0x82, 0x63, 0xED, 0xA0, 0x80, 0x64, 0xEF, 0xBF, 0xBD, 0x65, 0x00]
        let tokens = bytes.withUnsafeBytes { ProjectionScalarRef.hashedTokens($0, plan: plan) }
        #expect(tokens == ["abcde\u{0}"])
    }
}
