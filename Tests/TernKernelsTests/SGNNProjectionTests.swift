import Testing
@testable import TernKernels

@Suite struct SGNNProjectionTests {
    func close(_ a: [Float], _ b: [Float]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) < 5e-7 }
    }

    @Test func specNgramVectors() {
        let hello = ["^h", "he", "el", "ll", "lo", "o$"].map { Array($0.utf8) }
        let hi = ["^h", "hi", "i$"].map { Array($0.utf8) }
        #expect(close(SGNNProjection.project(ngrams: hello, seeds: [5, 7], buckets: 0x7FFF_FFFF), [0.448691, -0.238499]))
        #expect(close(SGNNProjection.project(ngrams: hi, seeds: [5, 7], buckets: 0x7FFF_FFFF), [-0.037561, 0.080748]))
    }

    @Test func specWholeOpVectors() throws {
        let p = try SGNNProjection(seeds: [3, 5, 7], ngramOrder: 2)
        #expect(p.partitions == [0..<1, 1..<3])
        #expect(close(try p.project("hello"), [0.268503, 0.448691, -0.238499]))
        #expect(close(try p.project("hi"), [0.093143, -0.037561, 0.080748]))
        #expect(try p.project("HeLLo") == p.project("hello"))
    }

    @Test func ngramsWrapTokensAndSkipShortOnes() {
        #expect(SGNNProjection.ngrams("hi", order: 2).map { String(decoding: $0, as: UTF8.self) } == ["^h", "hi", "i$"])
        #expect(SGNNProjection.ngrams("a bé", order: 3).map { String(decoding: $0, as: UTF8.self) } == ["^a$", "^bé", "bé$"])
        #expect(SGNNProjection.ngrams("a", order: 4).isEmpty)
    }

    @Test func seedPartitionsFollowTheReference() throws {
        let p = try SGNNProjection(seeds: Array(1...600), ngramOrder: 3)
        #expect(p.partitions == [0..<0, 0..<100, 100..<600].enumerated().map { i, _ in [0..<100, 100..<300, 300..<600][i] })
    }

    @Test func invalidSettingsAndInputs() {
        #expect(throws: SGNNProjection.Error.ngramOrderOutOfRange(0)) { try SGNNProjection(seeds: [1], ngramOrder: 0) }
        #expect(throws: SGNNProjection.Error.tooFewSeeds(seeds: 2, ngramOrder: 2)) { try SGNNProjection(seeds: [1, 2], ngramOrder: 2) }
        #expect(throws: SGNNProjection.Error.bucketsOutOfRange(1)) { try SGNNProjection(seeds: [1], ngramOrder: 1, buckets: 1) }
        #expect(throws: SGNNProjection.Error.emptyInput) { try SGNNProjection(seeds: [1], ngramOrder: 1).project(" \n ") }
    }

    /// The workspace path (ASCII fast path, Mersenne fold) equals the reference, bit for bit.
    @Test func workspaceProjectionEqualsTheReference() throws {
        let p = try SGNNProjection(seeds: (1...60).map { Int32($0 * 7919 % 100_003) * ($0 % 2 == 0 ? 1 : -1) }, ngramOrder: 3)
        let ws = SGNNProjectionWorkspace()
        var rng = SplitMix64(seed: 4)
        var texts = ["Hello World", "a\tb\nc  D", "x", "  Mixed CASE text, with punctuation!  ", "caf\u{E9} na\u{EF}ve \u{1F600}",
                     "I", String(repeating: "long text ", count: 300), "\u{3A3}\u{39F}\u{3A6}\u{399}\u{391} STRASSE \u{DF}",
                     "\u{130}stanbul \u{130}I", "non\u{A0}breaking\u{3000}ideographic\u{2028}line", "\u{FFFD}\u{0}\u{85}x"]
        for _ in 0..<40 {
            texts.append(String(decoding: (0..<Int(rng.next() % 60)).map { _ in UInt8(0x09 + rng.next() % 0x76) }, as: UTF8.self))
        }
        for text in texts {
            let reference = try? p.project(text)
            var t = text
            let fast: [Float]? = t.withUTF8 { buf in
                (try? p.project(UnsafeRawBufferPointer(buf), into: ws)).map { ws.output }
            }
            #expect(fast == reference, "\(text.debugDescription)")
        }
        for _ in 0..<40 {
            let scalars = (0..<Int(rng.next() % 30)).compactMap { _ in Unicode.Scalar(UInt32([0x20, 0x41, 0xC0, 0x391, 0x410, 0x3000, 0x1F600][Int(rng.next() % 7)] + UInt32(rng.next() % 40))) }
            let text = String(String.UnicodeScalarView(scalars))
            let reference = try? p.project(text)
            var t = text
            let fast: [Float]? = t.withUTF8 { buf in (try? p.project(UnsafeRawBufferPointer(buf), into: ws)).map { ws.output } }
            #expect(fast == reference, "\(text.debugDescription)")
        }
        // Invalid UTF-8 decodes with replacement characters, as the reference's String does.
        let invalid: [UInt8] = [0x61, 0xFF, 0x20, 0xC3, 0x28, 0x62]
        let fast = try invalid.withUnsafeBytes { try p.project($0, into: ws); return ws.output }
        #expect(fast == (try p.project(String(decoding: invalid, as: UTF8.self))))
        // Any bucket count (the generic modulo path) too.
        let q = try SGNNProjection(seeds: [5, -7, 11], ngramOrder: 2, buckets: 1_000_003)
        var t = "Some Text here"
        let generic = try t.withUTF8 { buf in try q.project(UnsafeRawBufferPointer(buf), into: ws); return ws.output }
        #expect(generic == (try q.project("Some Text here")))
    }
}
