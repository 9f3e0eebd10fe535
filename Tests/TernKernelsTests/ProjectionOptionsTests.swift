import Testing
@testable import TernKernels

@Suite struct ProjectionOptionsTests {
    @Test(arguments: [0, -1, 4097, 100_000])
    func featureSizeOutOfRange(_ f: Int) {
        #expect(throws: ProjectionError.featureSizeOutOfRange(f)) { try ProjectionPlan(ProjectionOptions(featureSize: f)) }
    }

    @Test(arguments: [1, 5, 63, 64, 65, 1000, 4096])
    func anyFeatureSizeUpTo4096(_ f: Int) throws {
        let ws = try project("any feature size", ProjectionOptions(featureSize: f))
        #expect(ws.featureArray.count == 3 * f)
        #expect(ws.featureArray.allSatisfy { (-1...1).contains($0) })
    }

    @Test func invalidOptionsHaveClearErrors() {
        func plan(_ edit: (inout ProjectionOptions) -> Void) throws {
            var o = ProjectionOptions()
            edit(&o)
            _ = try ProjectionPlan(o)
        }
        #expect(throws: ProjectionError.wordNoveltyBitsOutOfRange(8)) { try plan { $0.wordNoveltyBits = 8 } }
        #expect(throws: ProjectionError.wordNoveltyBitsOutOfRange(-1)) { try plan { $0.wordNoveltyBits = -1 } }
        #expect(throws: ProjectionError.docSizeLevelsOutOfRange(17)) { try plan { $0.docSizeLevels = 17 } }
        #expect(throws: ProjectionError.docSizeLevelsOutOfRange(-2)) { try plan { $0.docSizeLevels = -2 } }
        #expect(throws: ProjectionError.maxSplitsInvalid(0)) { try plan { $0.maxSplits = 0 } }
        #expect(throws: ProjectionError.maxSplitsInvalid(-5)) { try plan { $0.maxSplits = -5 } }
        #expect(throws: ProjectionError.distortionProbabilityOutOfRange(1.5)) { try plan { $0.distortionProbability = 1.5 } }
        #expect(throws: ProjectionError.vocabularyWithExcludeNonAlphaSpace) {
            try plan { $0.vocabulary = "abc"; $0.excludeNonAlphaSpace = true }
        }
        #expect(throws: ProjectionError.separatorNotASCII("é")) { try plan { $0.tokenSeparators = "!é" } }
        #expect(throws: ProjectionError.featureSizeOutOfRange(1)) { try plan { $0.featureSize = 1; $0.docSizeLevels = 2 } }
        #expect((try? plan { $0.vocabulary = "aBc" }) == nil)
        #expect((try? plan { $0.vocabulary = "abca" }) == nil)
        #expect(ProjectionError.featureSizeOutOfRange(0).description.contains("1...4096"))
    }

    @Test func docSizeOfZeroTokensIsTheFloor() {
        #expect(ProjectionExtras.docSizeValue(tokenCount: 0, levels: 8) == -1)
        #expect(ProjectionExtras.docSizeValue(tokenCount: 1, levels: 8) == -1)
        #expect(ProjectionExtras.docSizeValue(tokenCount: 16, levels: 8) == 0)
        #expect(ProjectionExtras.docSizeValue(tokenCount: 1 << 20, levels: 8) == 1)
        #expect(ProjectionExtras.uint8(1) == 254 && ProjectionExtras.uint8(-1) == 0 && ProjectionExtras.uint8(0) == 127)
        #expect(ProjectionExtras.int8(0.5) == 1 && ProjectionExtras.int8(-0.5) == -1 && ProjectionExtras.int8(0.25) == 0)
    }
}
