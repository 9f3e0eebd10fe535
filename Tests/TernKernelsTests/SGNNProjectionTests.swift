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
}
