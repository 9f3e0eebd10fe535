import Testing
@testable import TernKernels
@testable import TernModels

/// When an engine splits a stage across a pool (`EngineLimits.splitThreads`),
/// and that splitting never changes what it computes.
@Suite struct SplitDecisionTests {
    /// The decision itself: each thread it uses must get at least `minMACs`.
    @Test func aStageSplitsOnlyWhenEveryThreadGetsEnoughWork() {
        let m = EngineLimits.minMACsPerThread
        #expect(EngineLimits.splitThreads(macs: 2 * m, tasks: 2, poolThreads: 2) == 2)
        #expect(EngineLimits.splitThreads(macs: 2 * m - 2, tasks: 2, poolThreads: 2) == 1)
        #expect(EngineLimits.splitThreads(macs: 100 * m, tasks: 1, poolThreads: 2) == 1, "one task: nothing to split")
        #expect(EngineLimits.splitThreads(macs: 100 * m, tasks: 2, poolThreads: 1) == 1, "a pool of one")
        #expect(EngineLimits.splitThreads(macs: 0, tasks: 2, poolThreads: 2) == 1)
        // More tasks than threads: the pool's threads share the work.
        #expect(EngineLimits.splitThreads(macs: 2 * m, tasks: 3, poolThreads: 2) == 2)
        #expect(EngineLimits.splitThreads(macs: 3 * m, tasks: 3, poolThreads: 8) == 3)
        #expect(EngineLimits.splitThreads(macs: 3 * m - 3, tasks: 3, poolThreads: 8) == 1)
        #expect(EngineLimits.splitThreads(macs: 1000, tasks: 2, poolThreads: 2, minMACs: 500) == 2)
        #expect(EngineLimits.splitThreads(macs: 998, tasks: 2, poolThreads: 2, minMACs: 500) == 1)
    }

    /// The shipped-size models split every stage from a few rows on (the
    /// threshold's measurement), and run inline below.
    @Test func shippedSizesSplitWhereTheMeasurementSaysItPays() throws {
        let m = EngineLimits.minMACsPerThread
        // PRADO civil_comments: values + keys 2 x 512 x 64 per row, heads 16 k + 24 k.
        let valuesKeys = 2 * 512 * 64, heads = 2 * (2 * 64 * 64) + 2 * (3 * 64 * 64)
        #expect(EngineLimits.splitThreads(macs: valuesKeys * 4, tasks: 2, poolThreads: 2) == 1)
        #expect(EngineLimits.splitThreads(macs: valuesKeys * 8, tasks: 2, poolThreads: 2) == 2)
        #expect(EngineLimits.splitThreads(macs: heads * 6, tasks: 2, poolThreads: 2) == 1)
        #expect(EngineLimits.splitThreads(macs: heads * 8, tasks: 2, poolThreads: 2) == 2)
        // pQRNN F512 B128 S128: layer 1's two gate convolutions split from one row.
        #expect(EngineLimits.splitThreads(macs: 2 * 3 * 256 * 384, tasks: 2, poolThreads: 2) == 2)
        #expect(m > 0)
    }

    /// Texts of exactly `t` words (one projection row each).
    static func text(_ t: Int) -> String {
        (0..<t).map { String(ModelTestTexts.words[($0 * 7) % ModelTestTexts.words.count]) }.joined(separator: " ")
    }

    /// int8 logits of one text on `t` rows: no pool, a pool of 1, a pool of 2.
    func logits(_ engine: any ProjectionClassifier, rows t: Int) throws -> [[Int8]] {
        let ws = engine.makeWorkspace()
        return try [nil, ThreadPool(threads: 1), ThreadPool(threads: 2)].map { pool in
            try engine.run(Self.text(t), workspace: ws, pool: pool)
            #expect(ws.rows == t)
            return Array(ws.int8Logits)
        }
    }

    /// Models wide enough that the engine runs inline at T = 2 and splits
    /// every split stage at T = 64: identical logits on 1 and 2 threads.
    @Test func thresholdedEnginesGiveIdenticalResultsOnOneAndTwoThreads() throws {
        let p = PRADOConfig(labels: ["a", "b", "c"], multiLabel: true, projection: ProjectionOptions(featureSize: 128),
                            maxSeqLen: 80, embedding: 128,
                            heads: [PRADOHead(n: 2, channels: 64), PRADOHead(n: 3, channels: 64)])
        let q = PQRNNConfig(labels: ["neg", "pos"], projection: ProjectionOptions(featureSize: 128), maxSeqLen: 80,
                            bottleneck: 64, state: 64, layers: 2, kernelWidth: 3)
        let prado = try Int8Model.quantize(try FloatModel.random(config: p, seed: 21), calibration: ModelTestTexts.calibration).engine()
        let pqrnn = try Int8Model.quantize(try FloatModel.random(config: q, seed: 22), calibration: ModelTestTexts.calibration).engine()
        for (engine, splitStages) in [(prado, [[1], [2, 3]]), (pqrnn, [[1], [2, 4], [6, 8]])] as [(any ProjectionClassifier, [[Int]])] {
            for t in [2, 64] {
                // The decision the engine takes on these rows, from its own stage counts.
                let macs = engine.stageMACs(rows: t)
                let splits = splitStages.map { EngineLimits.splitThreads(macs: $0.reduce(0) { $0 + macs[$1] }, tasks: 2, poolThreads: 2) }
                #expect(splits == Array(repeating: t == 2 ? 1 : 2, count: splits.count), "\(engine.stageNames) T \(t): \(splits)")
                let out = try logits(engine, rows: t)
                #expect(out[1] == out[0] && out[2] == out[0], "T \(t): \(out)")
            }
        }
    }
}
