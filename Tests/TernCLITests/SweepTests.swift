import Foundation
@testable import TernBenchKit
@testable import TernLab
import TernKernels
import TernTraining
import Testing

/// The latency-vs-accuracy sweep's pieces on a tiny data set: training
/// through the real `tern` binary, reuse, evaluation and timing, the Pareto front.
@Suite(.serialized) struct SweepTests {
    static let tinyPRADO = SweepConfig(arch: .prado, label: "E8 2-gram",
                                       trainArguments: ["--embedding", "8", "--heads", "2:8", "--feature-size", "64", "--learning-rate", "0.01",
                                                        "--distortion", "0", "--dropout", "0", "--batch-size", "8"])

    static func plan(_ dir: URL, config: SweepConfig = tinyPRADO, arguments: [String] = ["--epochs", "8", "--patience", "8"]) throws -> SweepPlan {
        let dataset = SweepDataset(name: "tiny", data: dir.path, metric: .accuracy, trainArguments: arguments, published: "none")
        return SweepPlan(dataset: dataset, config: config, seed: 1, dataFingerprint: try SweepPlan.fingerprint(of: dir),
                         cacheFolder: dir.appendingPathComponent("cache").path)
    }

    @Test func trainsReusesMeasuresAndRetrainsWhenTheDataChange() throws {
        let dir = try TrainCommandTests.makeDataset()
        defer { try? FileManager.default.removeItem(at: dir) }
        let p = try Self.plan(dir)
        #expect(!p.isTrained)
        try Sweep.train(p, tern: CLI.binary)
        #expect(p.isTrained)
        #expect(p.command.hasPrefix("tern train --arch prado --data \(dir.path) --metric accuracy --epochs 8"))
        // A different command or different data is a different model file.
        var other = p
        other.seed = 2
        #expect(other.modelPath != p.modelPath && !other.isTrained)
        try Data("pos\tsuperb\n".utf8).write(to: dir.appendingPathComponent("dev.tsv"))
        let changed = try Self.plan(dir)
        #expect(changed.dataFingerprint != p.dataFingerprint && !changed.isTrained)
        try FileManager.default.removeItem(at: dir.appendingPathComponent("dev.tsv"))

        let test = try Dataset(dir.path)
        let pool = ThreadPool(threads: 2)
        let row = try Sweep.measure(p, test: try test.split("test").examples, datasetLabels: test.labels, pool: pool,
                                    policy: SamplingPolicy(warmupSeconds: 0, minSeconds: 0.01, minSamples: 3))
        #expect(row.testInt8 > 0.9, "\(row.testInt8Metrics)")
        #expect(row.testInt8Metrics.examples == 40)
        #expect(row.parameters > 0 && row.fileBytes > row.weightBytes && row.weightBytes > 0)
        #expect(row.medianLatency1T.p50 > 0 && row.medianLatency2T != nil && row.throughputTextsPerSecond > 0)
        // tcmalloc's hooks count the heap; under AddressSanitizer they cannot, and the row says so.
        if HeapCounter.isCounting { #expect((row.peakHeapBytes ?? 0) > row.weightBytes) } else { #expect(row.peakHeapBytes == nil) }
        #expect(row.medianWords == 7 && row.p95Words == 7)
    }

    @Test func sgnnRowsHaveNoSplitLatency() throws {
        let dir = try TrainCommandTests.makeDataset()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sgnn = SweepConfig(arch: .sgnn, label: "P60 16", trainArguments: ["--projection-size", "60", "--hidden", "16", "--learning-rate", "0.01",
                                                                               "--dropout", "0", "--batch-size", "8"])
        let p = try Self.plan(dir, config: sgnn, arguments: ["--epochs", "6"])
        try Sweep.train(p, tern: CLI.binary)
        let test = try Dataset(dir.path)
        let row = try Sweep.measure(p, test: try test.split("test").examples, datasetLabels: test.labels, pool: ThreadPool(threads: 2),
                                    policy: SamplingPolicy(warmupSeconds: 0, minSeconds: 0.01, minSamples: 3))
        #expect(row.arch == "sgnn" && row.testInt8 > 0.9 && row.medianLatency2T == nil && row.p95Latency1T.p50 > 0)
    }

    @Test func aFailedTrainingSaysWhy() throws {
        let dir = try TrainCommandTests.makeDataset()
        defer { try? FileManager.default.removeItem(at: dir) }
        let p = try Self.plan(dir, arguments: ["--epochs", "0"])
        #expect {
            try Sweep.train(p, tern: CLI.binary)
        } throws: { error in
            "\(error)".contains("--epochs") && "\(error)".contains("exit 64")
        }
        #expect(!p.isTrained)
    }

    @Test func lengthTextsPickTheMedianAndP95() {
        let texts = (1...100).map { n in Array(repeating: "w", count: n).joined(separator: " ") }.shuffled()
        let t = Sweep.lengthTexts(texts)
        #expect(t.medianWords == 50 && t.p95Words == 95)
        #expect(t.median.split(separator: " ").count == 50)
    }

    @Test func paretoKeepsRowsNothingBeatsOnBothAxes() throws {
        func row(_ name: String, _ accuracy: Double, _ micros: Double, dataset: String = "d") -> SweepRow {
            let stats = Stats([micros * 1e3])
            let metrics = Metrics(scores: [[1, 0]], labels: [[0]], classes: 2, multiLabel: false)
            return SweepRow(dataset: dataset, arch: "prado", config: name, command: "", seed: 1, parameters: 1, fileBytes: 1, weightBytes: 1,
                            metric: "accuracy", testInt8: accuracy, testFloat: accuracy, testInt8Metrics: metrics, trainingSeconds: 1,
                            epochs: 1, medianWords: 1, p95Words: 1, medianLatency1T: stats, medianLatency2T: nil, p95Latency1T: stats,
                            p95Latency2T: nil, throughputTextsPerSecond: 1, peakHeapBytes: 1)
        }
        var rows = [row("fast", 0.80, 10), row("slow-better", 0.90, 100), row("dominated", 0.85, 200), row("tie", 0.80, 10),
                    row("other-set", 0.10, 1000, dataset: "e")]
        Sweep.markPareto(&rows)
        #expect(rows.map(\.pareto) == [true, true, false, true, true])
    }
}
