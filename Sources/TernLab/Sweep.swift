import Foundation
import TernBenchKit
import TernKernels
import TernModels
import TernTraining

/// One point of the latency-vs-accuracy grid: an architecture and the
/// `tern train` options that size it.
public struct SweepConfig: Sendable, Equatable {
    public var arch: Architecture
    /// Short name for tables and file names ("E64 2+3", "B128 S64 L1").
    public var label: String
    public var trainArguments: [String]

    public init(arch: Architecture, label: String, trainArguments: [String]) {
        self.arch = arch
        self.label = label
        self.trainArguments = trainArguments
    }
}

/// A data set of the sweep and the training options every configuration
/// shares on it (the dev metric, epochs, sequence length).
public struct SweepDataset: Sendable {
    public var name: String
    /// What `tern train --data` gets: a data set name under $TERN_DATASETS, or a folder.
    public var data: String
    public var metric: MetricName
    public var trainArguments: [String]
    /// The published figure to hold the best row against (../shared/spec/results.md).
    public var published: String

    public init(name: String, data: String? = nil, metric: MetricName, trainArguments: [String], published: String) {
        self.name = name
        self.data = data ?? name
        self.metric = metric
        self.trainArguments = trainArguments
        self.published = published
    }
}

/// The grid: what `bench accuracy` trains and measures by default.
public enum SweepGrid {
    /// Fewer epochs than the shipped models (scripts/train-models): the sweep
    /// compares sizes under one budget; the shipped models are the tuned ones.
    public static let datasets: [SweepDataset] = [
        SweepDataset(name: "trec", metric: .accuracy, trainArguments: ["--epochs", "10", "--patience", "2", "--bos", "--eos", "--decay-steps", "2000"],
                     published: "CNN-rand 91.2 % (Kim 2014)"),
        SweepDataset(name: "mr", metric: .accuracy, trainArguments: ["--epochs", "8", "--patience", "2", "--decay-steps", "2000"],
                     published: "CNN-rand 76.1 % (Kim 2014)"),
        SweepDataset(name: "sst2_sentences", metric: .accuracy, trainArguments: ["--epochs", "8", "--patience", "2", "--decay-steps", "2000"],
                     published: "CNN-rand 82.7 % (Kim 2014)"),
        SweepDataset(name: "sst5", metric: .accuracy, trainArguments: ["--epochs", "8", "--patience", "2", "--decay-steps", "2000"],
                     published: "CNN-rand 45.0 % (Kim 2014)"),
        SweepDataset(name: "tweeteval_offensive", metric: .macroF1,
                     trainArguments: ["--epochs", "6", "--patience", "2", "--decay-steps", "2000", "--max-seq-len", "64"],
                     published: "best OffensEval 2019 entry (fine-tuned BERT) macro-F1 about 0.83"),
        SweepDataset(name: "sst2_glue", metric: .accuracy, trainArguments: ["--epochs", "3", "--patience", "2", "--decay-steps", "4000"],
                     published: "DistilBERT 91.3 % on GLUE dev (Sanh et al. 2019); CNN-rand 82.7 % on sentences"),
        SweepDataset(name: "imdb", metric: .accuracy, trainArguments: ["--epochs", "2", "--patience", "1", "--decay-steps", "4000", "--max-seq-len", "128"],
                     published: "NBSVM-bigrams 91.22 % (Wang and Manning 2012)"),
    ]

    /// pQRNN's dropout is spelled out: the sweep was trained at 0.5, before
    /// `tern train`'s pQRNN default became 0.3.
    public static let configs: [SweepConfig] = [
        SweepConfig(arch: .prado, label: "E32 2+3-gram", trainArguments: ["--embedding", "32", "--heads", "2:32,3:32"]),
        SweepConfig(arch: .prado, label: "E64 2+3-gram", trainArguments: ["--embedding", "64", "--heads", "2:64,3:64"]),
        SweepConfig(arch: .prado, label: "E64 1..4-gram", trainArguments: ["--embedding", "64", "--heads", "1:64,2:64,3:64,4:64"]),
        SweepConfig(arch: .prado, label: "E128 2+3-gram", trainArguments: ["--embedding", "128", "--heads", "2:128,3:128"]),
        SweepConfig(arch: .pqrnn, label: "B64 S64 L1", trainArguments: ["--bottleneck", "64", "--state", "64", "--layers", "1", "--dropout", "0.5"]),
        SweepConfig(arch: .pqrnn, label: "B128 S64 L1", trainArguments: ["--bottleneck", "128", "--state", "64", "--layers", "1", "--dropout", "0.5"]),
        SweepConfig(arch: .pqrnn, label: "B128 S128 L2", trainArguments: ["--bottleneck", "128", "--state", "128", "--layers", "2", "--dropout", "0.5"]),
        SweepConfig(arch: .pqrnn, label: "B64 S64 L3", trainArguments: ["--bottleneck", "64", "--state", "64", "--layers", "3", "--dropout", "0.5"]),
        SweepConfig(arch: .sgnn, label: "P300 128", trainArguments: ["--projection-size", "300", "--hidden", "128"]),
        SweepConfig(arch: .sgnn, label: "P600 256-128", trainArguments: ["--projection-size", "600", "--hidden", "256,128"]),
    ]

    /// Configurations too slow for a data set within the sweep's budget
    /// (training time grows with text length and examples).
    /// Keeps a full sweep within about three hours on two cores. pQRNN B128
    /// S128 L2 (the reference size) trains at ~95 MR sentences/s: TREC only
    /// (the tuned pqrnn-trec and pqrnn-mr in Results/trained have this size);
    /// the three-layer pQRNN on TREC and MR. PRADO E128 costs about 4x E64:
    /// not on the three largest sets, nor the wider pQRNN on the largest two.
    /// IMDB (25,000 reviews) keeps the smallest of each architecture and E64.
    public static func skips(_ config: SweepConfig, on dataset: SweepDataset) -> Bool {
        let large = ["tweeteval_offensive", "sst2_glue", "imdb"], largest = ["sst2_glue", "imdb"]
        switch (config.arch, config.label) {
        case (.pqrnn, "B128 S128 L2"): return dataset.name != "trec"
        case (.pqrnn, "B64 S64 L3"): return !["trec", "mr"].contains(dataset.name)
        case (.pqrnn, "B128 S64 L1"): return largest.contains(dataset.name)
        case (.prado, "E128 2+3-gram"): return large.contains(dataset.name)
        case (.prado, "E64 1..4-gram"), (.sgnn, "P600 256-128"): return dataset.name == "imdb"
        default: return false
        }
    }

    public static func dataset(named name: String) -> SweepDataset? { datasets.first { $0.name == name } }
}

/// A trained grid point: where its files are and the command that made them.
public struct SweepPlan: Sendable {
    public var dataset: SweepDataset
    public var config: SweepConfig
    public var seed: UInt64
    /// Train, dev and test files' fingerprint: a changed data set is a new model.
    public var dataFingerprint: UInt64
    /// The cache folder as given (relative paths stay relative in the recorded command).
    public var cacheFolder: String

    public init(dataset: SweepDataset, config: SweepConfig, seed: UInt64, dataFingerprint: UInt64, cacheFolder: String) {
        self.dataset = dataset
        self.config = config
        self.seed = seed
        self.dataFingerprint = dataFingerprint
        self.cacheFolder = cacheFolder
    }

    /// `tern train`'s arguments without the output file.
    public var trainArguments: [String] {
        ["train", "--arch", config.arch.rawValue, "--data", dataset.data, "--metric", dataset.metric.rawValue]
            + dataset.trainArguments + config.trainArguments + ["--seed", String(seed)]
    }

    /// The model file: named by the data set, configuration and a key over
    /// the command and the data, so a changed grid point never reuses a stale model.
    public var modelPath: String {
        let key = Array((trainArguments.joined(separator: " ") + "|" + String(dataFingerprint, radix: 16)).utf8)
        let slug = config.label.map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
        let name = "\(dataset.name)-\(config.arch.rawValue)-\(slug)-\(String(FarmHash.fingerprint64(key), radix: 16))"
        return "\(cacheFolder)/\(dataset.name)/\(name).safetensors"
    }

    public var modelURL: URL { URL(fileURLWithPath: modelPath) }

    public var metricsURL: URL { TrainingRun.metricsURL(modelURL) }
    public var logURL: URL { modelURL.deletingPathExtension().appendingPathExtension("log") }
    public var command: String { (["tern"] + trainArguments + ["--out", modelPath]).joined(separator: " ") }

    /// Trained already: the model and its metrics JSON exist, and the JSON
    /// records this plan's command.
    public var isTrained: Bool {
        guard FileManager.default.fileExists(atPath: modelURL.path),
              let data = FileManager.default.contents(atPath: metricsURL.path),
              let summary = try? JSONDecoder().decode(TrainingSummary.self, from: data) else { return false }
        return summary.command.replacingOccurrences(of: " --resume", with: "") == command
    }

    /// Fingerprint of a data set's train, dev and test files, as read.
    public static func fingerprint(of folder: URL) throws -> UInt64 {
        var hashes: [UInt8] = []
        for split in ["train", "dev", "test"] {
            let url = folder.appendingPathComponent(split + ".tsv")
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            let data = try Data(contentsOf: url, options: .mappedIfSafe)
            var h = data.withUnsafeBytes(FarmHash.fingerprint64).littleEndian
            withUnsafeBytes(of: &h) { hashes += $0 }
        }
        return FarmHash.fingerprint64(hashes)
    }
}

/// One row of the sweep's table: a trained int8 model's quality and speed,
/// measured in one run of `bench accuracy`.
public struct SweepRow: Codable, Sendable {
    public var dataset: String
    public var arch: String
    public var config: String
    public var command: String
    public var seed: UInt64
    public var parameters: Int
    public var fileBytes: Int
    public var weightBytes: Int
    /// The data set's dev metric ("accuracy" or "macro-f1") on the test split.
    public var metric: String
    public var testInt8: Double
    public var testFloat: Double
    public var testInt8Metrics: Metrics
    public var trainingSeconds: Double
    public var epochs: Int
    /// Whitespace-separated words of the median and 95th-percentile test texts.
    public var medianWords: Int
    public var p95Words: Int
    /// Latency of one text, one and two threads (two: the engine splits a
    /// text's work when it is large enough; SGNN never splits, so nil).
    public var medianLatency1T: Stats
    public var medianLatency2T: Stats?
    public var p95Latency1T: Stats
    public var p95Latency2T: Stats?
    /// Test texts per second, a batch of test texts spread over two threads.
    public var throughputTextsPerSecond: Double
    /// Heap bytes held at the peak while loading the file, building the
    /// engine and its workspaces and running the p95 text (tcmalloc's hooks;
    /// nil where they do not count, as under AddressSanitizer).
    public var peakHeapBytes: Int?
    public var pareto: Bool = false
}

/// The report `bench accuracy` writes (Results/sweep/sweep.json).
public struct SweepReport: Codable, Sendable {
    public var machine: MachineInfo
    public var command: String
    public var kernels: String
    public var sweepSeconds: Double
    public var trainingSeconds: Double
    public var rows: [SweepRow]
    public var published: [String: String]

    public init(machine: MachineInfo, command: String, kernels: String, sweepSeconds: Double, trainingSeconds: Double,
                rows: [SweepRow], published: [String: String]) {
        self.machine = machine
        self.command = command
        self.kernels = kernels
        self.sweepSeconds = sweepSeconds
        self.trainingSeconds = trainingSeconds
        self.rows = rows
        self.published = published
    }
}

public enum Sweep {
    /// The value each row is judged by: higher is better.
    static func score(_ r: SweepRow) -> Double { r.testInt8 }

    /// Marks the rows no other row of the same data set beats on both
    /// quality (higher) and median-text latency at one thread (lower).
    public static func markPareto(_ rows: inout [SweepRow]) {
        for i in rows.indices {
            rows[i].pareto = !rows.indices.contains { j in
                guard j != i, rows[j].dataset == rows[i].dataset else { return false }
                let a = rows[j], b = rows[i]
                let better = score(a) >= score(b) && a.medianLatency1T.p50 <= b.medianLatency1T.p50
                return better && (score(a) > score(b) || a.medianLatency1T.p50 < b.medianLatency1T.p50)
            }
        }
    }

    /// Test texts at the median and 95th percentile of whitespace words
    /// (ties: the first such text), so every model of a data set is timed on the same two texts.
    public static func lengthTexts(_ texts: [String]) -> (median: String, p95: String, medianWords: Int, p95Words: Int) {
        precondition(!texts.isEmpty)
        let words = texts.map { $0.split(whereSeparator: \.isWhitespace).count }
        let order = words.indices.sorted { (words[$0], $0) < (words[$1], $1) }
        let m = order[(order.count - 1) / 2], p = order[min(order.count - 1, Int((0.95 * Double(order.count)).rounded(.up)) - 1)]
        return (texts[m], texts[p], words[m], words[p])
    }

    /// Runs `tern train` for a plan (resuming an interrupted run's checkpoint),
    /// its output into the plan's log file.
    public static func train(_ plan: SweepPlan, tern: URL) throws {
        try FileManager.default.createDirectory(at: plan.modelURL.deletingLastPathComponent(), withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = tern
        var arguments = plan.trainArguments + ["--out", plan.modelPath]
        if FileManager.default.fileExists(atPath: TrainingRun.checkpointURL(plan.modelURL).path) { arguments.append("--resume") }
        process.arguments = arguments
        guard FileManager.default.createFile(atPath: plan.logURL.path, contents: nil) else { throw SweepError.cannotWrite(plan.logURL.path) }
        let log = try FileHandle(forWritingTo: plan.logURL)
        defer { try? log.close() }
        process.standardOutput = log
        process.standardError = log
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let tail = (try? String(contentsOf: plan.logURL, encoding: .utf8))?.split(separator: "\n").suffix(3).joined(separator: " | ") ?? ""
            throw SweepError.trainingFailed(plan.command, status: process.terminationStatus, logTail: tail)
        }
    }

    /// Evaluates a trained model file on the test split with the int8 engine
    /// and times it: one text of median and of p95 length on one and two
    /// threads, a batch over two threads, and the heap peak.
    public static func measure(_ plan: SweepPlan, test: [Example], datasetLabels: [String], pool: ThreadPool,
                               policy: SamplingPolicy) throws -> SweepRow {
        let data = try Data(contentsOf: plan.metricsURL)
        let summary = try JSONDecoder().decode(TrainingSummary.self, from: data)
        let fileBytes = (try FileManager.default.attributesOfItem(atPath: plan.modelURL.path)[.size] as? Int) ?? 0

        let counting = HeapCounter.isCounting
        HeapCounter.resetPeak()
        let model = try ModelFile.load(contentsOf: plan.modelURL)
        let timer = try Timer(model, pool: pool)
        let texts = lengthTexts(test.map(\.text))
        try timer.once(texts.p95)
        let peakHeap = counting ? HeapCounter.peakSinceReset : nil

        let metrics = try timer.metrics(of: model, on: test, datasetLabels: datasetLabels, modelPath: plan.modelURL.path)
        let pick: (Metrics) -> Double = { plan.dataset.metric == .macroF1 ? $0.macroF1 : $0.accuracy }
        guard let floatTest = summary.test?.float else { throw SweepError.noTestSplit(plan.dataset.name) }

        let batch = stride(from: 0, to: test.count, by: max(1, test.count / 64)).prefix(64).map { test[$0].text }
        let batchStats = try timer.batch(batch, policy: policy)
        return SweepRow(
            dataset: plan.dataset.name, arch: plan.config.arch.rawValue, config: plan.config.label, command: plan.command,
            seed: plan.seed, parameters: summary.parameters, fileBytes: fileBytes, weightBytes: timer.weightBytes,
            metric: plan.dataset.metric.rawValue, testInt8: pick(metrics), testFloat: pick(floatTest), testInt8Metrics: metrics,
            trainingSeconds: summary.trainingSeconds, epochs: summary.epochs.count,
            medianWords: texts.medianWords, p95Words: texts.p95Words,
            medianLatency1T: try timer.latency(texts.median, split: false, policy: policy),
            medianLatency2T: try timer.splits ? timer.latency(texts.median, split: true, policy: policy) : nil,
            p95Latency1T: try timer.latency(texts.p95, split: false, policy: policy),
            p95Latency2T: try timer.splits ? timer.latency(texts.p95, split: true, policy: policy) : nil,
            throughputTextsPerSecond: Double(batch.count) / (batchStats.p50 / 1e9),
            peakHeapBytes: peakHeap)
    }

    /// One loaded int8 model, run on the best kernels without allocation:
    /// the engine for PRADO and pQRNN, the SGNN workspace path for SGNN. The
    /// same engine (or packed layers) also scores the test split, so the heap
    /// peak counts one of each.
    struct Timer {
        let run: (String, Int, ThreadPool?) throws -> Void
        let probabilities: @Sendable (String) throws -> [Float]
        let pool: ThreadPool
        let splits: Bool
        let weightBytes: Int

        func once(_ text: String) throws { try run(text, 0, nil) }

        func latency(_ text: String, split: Bool, policy: SamplingPolicy) throws -> Stats {
            try sample(policy) { try run(text, 0, split ? pool : nil) }
        }

        /// A batch dealt over the pool's threads, one workspace each.
        func batch(_ texts: [String], policy: SamplingPolicy) throws -> Stats {
            let failed = Failure()
            let stats = sample(policy) {
                pool.parallelFor(pool.threadCount) { w in
                    for i in stride(from: w, to: texts.count, by: pool.threadCount) {
                        do { try run(texts[i], w, nil) } catch { failed.set(error) }
                    }
                }
            }
            if let error = failed.error { throw error }
            return stats
        }

        /// Class probabilities of every text, over the pool's threads.
        func scores(_ texts: [String], classes: Int) throws -> [[Float]] {
            let results = ResultSlots(count: texts.count)
            pool.parallelFor(pool.threadCount) { w in
                for i in stride(from: w, to: texts.count, by: pool.threadCount) {
                    results.set(i, Result { try probabilities(texts[i]) })
                }
            }
            // An empty text has no tokens: the engine refuses it, and it counts as the uniform guess.
            let uniform = [Float](repeating: 1 / Float(classes), count: classes)
            return results.values.map { (try? $0?.get()) ?? uniform }
        }

        /// The model's metrics on labelled examples whose label indices are
        /// `datasetLabels`' (a data set's order, not necessarily the model's).
        /// - Throws: `SweepError.labelMismatch` naming the label the model
        ///   at `modelPath` lacks.
        func metrics(of model: any ClassifierModel, on examples: [Example], datasetLabels: [String],
                     modelPath: String) throws -> Metrics {
            let mapping: [Int]
            do { mapping = try labelMapping(from: datasetLabels, to: model.labels) } catch { throw SweepError.labelMismatch(error.label, modelPath) }
            let scores = try scores(examples.map(\.text), classes: model.labels.count)
            return Metrics(scores: scores, labels: examples.map { $0.labels.map { mapping[$0] } },
                           classes: model.labels.count, multiLabel: model.multiLabel)
        }
    }

    final class Failure: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var error: Error?
        func set(_ e: Error) { lock.withLock { if error == nil { error = e } } }
    }

    final class ResultSlots: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var values: [Result<[Float], Error>?]
        init(count: Int) { values = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ r: Result<[Float], Error>) { lock.withLock { values[i] = r } }
    }
}

extension Sweep.Timer {
    /// An int8 model on its engine: one workspace per worker for timing;
    /// scoring borrows the engine's spares. PRADO and pQRNN split a text
    /// over the pool's threads; SGNN (one row per text) does not.
    init(_ model: any ClassifierModel, pool: ThreadPool) throws {
        guard let engine = try model.makeEngine(kernels: .best) else { throw SweepError.notInt8 }
        let workspaces = (0..<pool.threadCount).map { _ in engine.makeWorkspace() }
        self.init(run: { text, worker, pool in try engine.run(text, workspace: workspaces[worker], pool: pool) },
                  probabilities: { try engine.classify($0).probabilities }, pool: pool, splits: engine is any ProjectionClassifier,
                  weightBytes: model.weightBytes)
    }
}

public enum SweepError: Error, CustomStringConvertible {
    case trainingFailed(String, status: Int32, logTail: String)
    case labelMismatch(String, String)
    case noTestSplit(String)
    case notInt8
    case cannotWrite(String)

    public var description: String {
        switch self {
        case .trainingFailed(let command, let status, let tail): return "'\(command)' failed (exit \(status)): \(tail)"
        case .labelMismatch(let label, let path): return "label '\(label)' of the data set is not one of \(path)'s labels"
        case .noTestSplit(let name): return "data set '\(name)' has no test.tsv: the sweep reports test figures"
        case .notInt8: return "the sweep measures int8 model files"
        case .cannotWrite(let path): return "cannot write \(path)"
        }
    }
}

