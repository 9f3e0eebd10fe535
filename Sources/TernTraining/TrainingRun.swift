import Foundation
import TernKernels
import TernModels

/// Where a training run reports progress.
public protocol TrainingLog {
    func step(epoch: Int, step: Int, of steps: Int, loss: Double)
    func epoch(_ e: EpochLog)
}

/// A trained model: the float model, its int8 export, the epoch log, and
/// what evaluation and writing need, whatever the architecture.
public struct TrainedModel<FloatModelType, Int8ModelType> {
    public var float: FloatModelType
    public var int8: Int8ModelType
    public var log: [EpochLog]
    /// Float probabilities from the trained parameters (the trainer's fast forward pass).
    public var floatPredict: ([String]) throws -> [[Float]]
    /// The int8 model's probabilities for one text (its engine, as `tern predict` runs it).
    public var int8Predict: @Sendable (String) throws -> [Float]
    public var labels: [String]
    public var multiLabel: Bool
    public var parameterCount: Int
    public var int8Bytes: Int
    /// The activation ranges trained with quantization-aware training, which
    /// the int8 model was exported with (nil: it was calibrated).
    public var activationRanges: ActivationRanges?
    /// Writes the int8 model file and the float32 one.
    public var write: (_ int8: URL, _ float: URL) throws -> Void
}

public typealias TrainedProjectionModel<C: ProjectionModelConfig> = TrainedModel<FloatModel<C>, Int8Model<C>>
public typealias TrainedSGNNModel = TrainedModel<SGNNFloatModel, SGNNInt8Model>

/// Float and int8 metrics of one split.
public struct SplitMetrics: Codable, Sendable {
    public var float: Metrics
    public var int8: Metrics

    public init(float: Metrics, int8: Metrics) {
        self.float = float
        self.int8 = int8
    }
}

/// The metrics JSON written beside a trained model.
public struct TrainingSummary: Codable, Sendable {
    public var command: String
    public var dataset: String
    public var architecture: String
    public var seed: UInt64
    public var threads: Int
    public var parameters: Int
    public var int8Bytes: Int
    public var trainingSeconds: Double
    public var options: TrainingOptions
    public var epochs: [EpochLog]
    public var dev: SplitMetrics?
    public var test: SplitMetrics?
    /// An ensemble's (`tern ensemble`): its members' own summaries, whose
    /// commands make them; nil for a trained model.
    public var members: [TrainingSummary]?

    public init(command: String, dataset: String, architecture: String, seed: UInt64, threads: Int, parameters: Int,
                int8Bytes: Int, trainingSeconds: Double, options: TrainingOptions, epochs: [EpochLog],
                dev: SplitMetrics?, test: SplitMetrics?) {
        self.command = command
        self.dataset = dataset
        self.architecture = architecture
        self.seed = seed
        self.threads = threads
        self.parameters = parameters
        self.int8Bytes = int8Bytes
        self.trainingSeconds = trainingSeconds
        self.options = options
        self.epochs = epochs
        self.dev = dev
        self.test = test
    }

    public mutating func setSplit(_ name: String, _ m: SplitMetrics) {
        if name == "dev" { dev = m } else { test = m }
    }

    public var text: String {
        var s: String
        if let members {
            s = "ensemble of \(members.count) \(architecture) models on \(dataset): \(parameters) parameters, \(int8Bytes) bytes of int8 weights, "
            s += "members trained in \(String(format: "%.0f", trainingSeconds)) s in all\n"
        } else {
            s = "\(architecture) on \(dataset): \(parameters) parameters, \(int8Bytes) bytes of int8 weights, "
            s += "trained in \(String(format: "%.0f", trainingSeconds)) s (\(epochs.count) epochs, \(threads) threads, seed \(seed))\n"
        }
        for (name, m) in [("dev", dev), ("test", test)] {
            guard let m else { continue }
            s += "\(name): accuracy float \(pct(m.float.accuracy)), int8 \(pct(m.int8.accuracy)); "
            s += "macro-F1 float \(String(format: "%.4f", m.float.macroF1)), int8 \(String(format: "%.4f", m.int8.macroF1))"
            if let a = m.float.rocAUC, let b = m.int8.rocAUC { s += "; ROC-AUC float \(String(format: "%.4f", a)), int8 \(String(format: "%.4f", b))" }
            s += "\n"
        }
        return s
    }
}

func pct(_ v: Double) -> String { String(format: "%.2f %%", 100 * v) }

public enum TrainingRun {
    public static func floatURL(_ url: URL) -> URL {
        url.deletingPathExtension().appendingPathExtension("f32.safetensors")
    }

    public static func metricsURL(_ url: URL) -> URL { url.deletingPathExtension().appendingPathExtension("json") }

    /// Train and dev examples: dev.tsv when present, else a seeded share of train.
    public static func trainAndDev(_ d: Dataset, options: TrainingOptions) throws -> ([Example], [Example]) {
        if d.hasSplit("dev") { return (d.train.examples, try d.split("dev").examples) }
        var rng = SplitMix64(seed: options.seed ^ 0xDE5)
        var shuffled = d.train.examples
        for i in stride(from: shuffled.count - 1, to: 0, by: -1) { shuffled.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
        let held = max(1, Int(Double(shuffled.count) * options.devFraction))
        return (Array(shuffled.dropFirst(held)), Array(shuffled.prefix(held)))
    }

    /// Trains PRADO and exports it: float model, int8 model with the
    /// activation ranges tracked in quantization-aware training, or else
    /// calibrated on train texts.
    public static func prado(config: PRADOConfig, train: [Example], dev: [Example], options: TrainingOptions,
                             metric: MetricName, checkpoint: Checkpointing? = nil, log: TrainingLog) throws -> TrainedProjectionModel<PRADOConfig> {
        try run(config: config, network: PRADONetwork(config: config, dropout: options.dropout, batchNorm: options.batchNorm == true,
                                                        products: options.floatProducts ?? .loops),
                train: train, dev: dev,
                options: options, metric: metric, checkpoint: checkpoint, log: log)
    }

    /// Trains pQRNN and exports it.
    public static func pqrnn(config: PQRNNConfig, train: [Example], dev: [Example], options: TrainingOptions,
                             metric: MetricName, checkpoint: Checkpointing? = nil, log: TrainingLog) throws -> TrainedProjectionModel<PQRNNConfig> {
        try run(config: config, network: PQRNNNetwork(config: config, dropout: options.dropout, zoneout: options.zoneout ?? 0,
                                                      batchNorm: options.batchNorm == true, products: options.floatProducts ?? .loops),
                train: train, dev: dev,
                options: options, metric: metric, checkpoint: checkpoint, log: log)
    }

    /// Checkpoints of a run: where, how often, and whether to resume from the one already there.
    public struct Checkpointing: Sendable {
        public var url: URL
        public var everySteps: Int
        public var resume: Bool

        public init(url: URL, everySteps: Int, resume: Bool) {
            self.url = url
            self.everySteps = everySteps
            self.resume = resume
        }
    }

    /// The default checkpoint beside a model file: MODEL.ckpt.
    public static func checkpointURL(_ url: URL) -> URL { url.deletingPathExtension().appendingPathExtension("ckpt") }

    /// What makes two runs the same run: architecture, configuration, options and data
    /// (a fingerprint of every train and dev label and text, in order).
    static func identity<C: Encodable>(config: C, architecture: Architecture, options: TrainingOptions, metric: MetricName,
                                                   train: [Example], dev: [Example]) throws -> [String: String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var data = [UInt8]()
        for (split, examples) in [("train", train), ("dev", dev)] {
            data += Array(split.utf8)
            for e in examples {
                data += Array(e.labels.map(String.init).joined(separator: ",").utf8) + [9] + Array(e.text.utf8) + [10]
            }
        }
        var identity = [
            "architecture": architecture.rawValue,
            "configuration": String(decoding: try encoder.encode(config), as: UTF8.self),
            "metric": metric.rawValue,
            "data": "\(train.count) train and \(dev.count) dev examples, fingerprint \(String(FarmHash.fingerprint64(data), radix: 16))",
        ]
        // One entry per option, so a mismatch names the option.
        let fields = try JSONSerialization.jsonObject(with: try encoder.encode(options)) as? [String: Any] ?? [:]
        for (key, value) in fields { identity["option \(key)"] = "\(value)" }
        return identity
    }

    /// Trains SGNN (dense layers on its n-gram projection) and exports it.
    public static func sgnn(config: SGNNConfig, train: [Example], dev: [Example], options: TrainingOptions,
                            metric: MetricName, checkpoint: Checkpointing? = nil, log: TrainingLog) throws -> TrainedSGNNModel {
        let network = SGNNNetwork(config: config, dropout: options.dropout)
        let trainer = try run(network: network, config: config, architecture: .sgnn,
                              initial: network.flatten(try SGNNFloatModel.random(config: config, seed: options.seed)),
                              train: try distilled(train, labels: config.labels, options: options), dev: dev, options: options, metric: metric, checkpoint: checkpoint, log: log)
        let float = try network.model(trainer.parameters)
        let ranges = trainer.trainedActivationRanges
        let int8 = try ranges.map { try SGNNInt8Model.quantize(float, ranges: $0) }
            ?? SGNNInt8Model.quantize(float, calibration: calibrationTexts(train, options))
        let engine = try int8.engine()
        return TrainedModel(float: float, int8: int8, log: trainer.log, floatPredict: trainer.predict,
                            int8Predict: { try engine.classify($0).probabilities }, labels: config.labels, multiLabel: config.multiLabel,
                            parameterCount: config.parameterCount, int8Bytes: int8.weightBytes,
                            activationRanges: ranges,
                            write: { try int8.write(to: $0); try float.write(to: $1) })
    }

    static func run<C: ProjectionModelConfig, N: ProjectionNetwork>(config: C, network: N, train: [Example], dev: [Example],
                                                                   options: TrainingOptions, metric: MetricName,
                                                                   checkpoint: Checkpointing?, log: TrainingLog) throws -> TrainedProjectionModel<C> {
        let random = try FloatModel.random(config: config, seed: options.seed).layers
        let start = try options.initFrom.map {
            try Transfer.initialLayers(from: $0, config: config, random: random, reinitialize: options.reinitialize ?? [])
        } ?? random
        let trainer = try run(network: network, config: config, architecture: config.architecture,
                              initial: network.layout.flatten(start),
                              frozen: try Transfer.frozenRanges(options.freeze ?? [], layout: network.layout),
                              train: try distilled(train, labels: config.labels, options: options), dev: dev, options: options, metric: metric, checkpoint: checkpoint, log: log)
        // Batch norm folds into the layers here, on the moving statistics of the kept parameters.
        let float = try FloatModel(config: config, layers: try network.layout.layers(trainer.parameters, statistics: trainer.normStatistics))
        let ranges = trainer.trainedActivationRanges
        let int8 = try ranges.map { try Int8Model.quantize(float, ranges: $0) }
            ?? Int8Model.quantize(float, calibration: calibrationTexts(train, options))
        let engine = try int8.engine()
        return TrainedModel(float: float, int8: int8, log: trainer.log, floatPredict: trainer.predict,
                            int8Predict: { try engine.classify($0).probabilities }, labels: config.labels,
                            multiLabel: config.multiLabel, parameterCount: config.parameterCount, int8Bytes: int8.weightBytes,
                            activationRanges: ranges,
                            write: { try int8.write(to: $0); try float.write(to: $1) })
    }

    /// The training examples with the teachers' soft targets when the run
    /// distills (`options.distillation`), else as they are.
    static func distilled(_ train: [Example], labels: [String], options: TrainingOptions) throws -> [Example] {
        guard let d = options.distillation else { return train }
        return Distillation.withSoftTargets(train, teachers: try Distillation.teachers(d.teachers, labels: labels, texts: train.map(\.text)),
                                            options: d, threads: options.threads)
    }

    /// The texts the int8 export calibrates its activation ranges on: a seeded sample of train.
    static func calibrationTexts(_ train: [Example], _ options: TrainingOptions) -> [String] {
        var rng = SplitMix64(seed: options.seed ^ 0xCA1)
        return (0..<min(options.calibrationTexts, train.count)).map { _ in train[Int(rng.next() % UInt64(train.count))].text }
    }

    /// Trains any network: checkpoints (and resuming one), early stopping on the dev metric, progress to `log`.
    static func run<N: TrainableNetwork, C: Encodable>(network: N, config: C, architecture: Architecture, initial: [Float],
                                                       frozen: [Range<Int>] = [],
                                                       train: [Example], dev: [Example], options: TrainingOptions,
                                                       metric: MetricName, checkpoint: Checkpointing?,
                                                       log: TrainingLog) throws -> Trainer<N> {
        let trainer = Trainer(network: network, initial: initial, options: options, frozen: frozen)
        var plan: CheckpointPlan?
        var resumed: TrainingCheckpoint?
        if let checkpoint {
            let identity = try identity(config: config, architecture: architecture, options: options, metric: metric, train: train, dev: dev)
            plan = CheckpointPlan(url: checkpoint.url, everySteps: max(1, checkpoint.everySteps), identity: identity)
            if checkpoint.resume {
                let saved = try TrainingCheckpoint(contentsOf: checkpoint.url)
                try saved.check(identity: identity, path: checkpoint.url.path)
                resumed = saved
            }
        }
        var epoch = resumed?.state.epoch ?? 1
        try trainer.train(train, dev: dev, metric: { examples, scores in
            Metrics(scores: scores, labels: examples.map(\.labels), classes: network.classes, multiLabel: network.multiLabel)
                .selected(metric)
        }, checkpoint: plan, resume: resumed, report: { entry, step, steps, loss in
            if let entry {
                log.epoch(entry)
                epoch = entry.epoch + 1
            } else {
                log.step(epoch: epoch, step: step, of: steps, loss: loss)
            }
        })
        return trainer
    }

    /// Float (the trainer's forward pass) and int8 (the engine) metrics on
    /// `examples`; a text the model cannot classify (no tokens) scores uniform.
    public static func evaluate<F, Q>(_ m: TrainedModel<F, Q>, _ examples: [Example]) throws -> SplitMetrics {
        let classes = m.labels.count
        let uniform = [Float](repeating: 1 / Float(classes), count: classes)
        let labels = examples.map(\.labels)
        let floatScores = try m.floatPredict(examples.map(\.text))
        let int8Scores = examples.map { (try? m.int8Predict($0.text)) ?? uniform }
        return SplitMetrics(float: Metrics(scores: floatScores, labels: labels, classes: classes, multiLabel: m.multiLabel),
                            int8: Metrics(scores: int8Scores, labels: labels, classes: classes, multiLabel: m.multiLabel))
    }
}

extension Metrics {
    /// A readable report: the headline figures, per-class precision / recall / F1, the confusion matrix.
    public func text(labels: [String], split: String) -> String {
        var s = "\(split): \(examples) examples; accuracy \(pct(accuracy)); macro-F1 \(String(format: "%.4f", macroF1))"
        if let rocAUC { s += "; ROC-AUC \(String(format: "%.4f", rocAUC))" }
        s += "\n\nclass\tprecision\trecall\tF1\n"
        for (i, l) in labels.enumerated() {
            s += "\(l)\t\(String(format: "%.4f", precision[i]))\t\(String(format: "%.4f", recall[i]))\t\(String(format: "%.4f", f1[i]))\n"
        }
        if let confusion {
            s += "\nconfusion (rows: true, columns: predicted)\n\t" + labels.joined(separator: "\t") + "\n"
            for (i, row) in confusion.enumerated() { s += labels[i] + "\t" + row.map(String.init).joined(separator: "\t") + "\n" }
        }
        return s
    }
}
