import ArgumentParser
import Foundation
import TernArguments
import TernKernels
import TernModels
import TernTraining

extension Architecture: ExpressibleByArgument {}
extension MetricName: ExpressibleByArgument {}

/// "2:64,3:64,2s1:32": n-gram width : channels; "2sK" is a skip-bigram with skip K.
func parseHeads(_ text: String) throws -> [PRADOHead] {
    try text.split(separator: ",").map { part in
        let fields = part.split(separator: ":")
        guard fields.count == 2, let channels = Int(fields[1]) else {
            throw ValidationError("--heads '\(part)': expected N:CHANNELS or 2sK:CHANNELS")
        }
        let gram = fields[0].split(separator: "s")
        guard let n = Int(gram[0]), gram.count <= 2 else { throw ValidationError("--heads '\(part)': bad n-gram '\(fields[0])'") }
        let skip = gram.count == 2 ? Int(gram[1]) ?? -1 : 0
        return PRADOHead(n: n, skip: skip, channels: channels)
    }
}

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a model on a label<TAB>text data set and write its int8 (and float32) model file.",
        discussion: """
            Reads DIR/train.tsv, and DIR/dev.tsv when present (else holds out a seeded share of train); \
            evaluates the int8 model on DIR/test.tsv when present. Writes MODEL, MODEL's float32 twin \
            (.f32.safetensors) and a metrics JSON (.json) beside it.
            """)

    @Option(help: "Architecture: prado, pqrnn or sgnn.") var arch: Architecture = .prado
    @Option(help: "Data set folder, or a data set name under $TERN_DATASETS (default ../shared/datasets).") var data: String
    @Option(help: "The int8 model file to write.") var out: String
    // Epochs, patience and decay steps: what the shared sets' chosen runs
    // used (Sources/TernTraining/README.md, "Defaults"), not the library's
    // reference recipe (TrainingOptions).
    @Option(help: "Epochs at most (early stopping ends most runs sooner).") var epochs = 30
    @Option(help: "Examples per step.") var batchSize = 32
    @Option(help: "Adam learning rate.") var learningRate: Float = 1e-3
    @Option(help: "Staircase decay factor of the learning rate.") var decayRate: Float = 0.7
    @Option(help: "Steps between decays.") var decaySteps = 4000
    @Option(help: "L2 factor added to every gradient.") var l2: Float = 1e-5
    @Option(help: "Dropout on PRADO's values and keys, pQRNN's bottleneck, SGNN's hidden layers (default: 0.3 for pQRNN, else 0.5).")
    var dropout: Float?
    @Option(help: "Projection distortion probability during training.") var distortion: Float = 0.25
    @Option(help: "Seed of initialization, shuffling, dropout and distortion.") var seed: UInt64 = 1
    @Option(help: "Threads (a seed gives the same model for the same count).") var threads = ThreadPool.availableCores
    @Option(help: "Epochs without a better dev metric before stopping.") var patience = 4
    @Option(help: "The dev metric that selects the model.") var metric: MetricName = .accuracy
    @Flag(help: "Weigh each class's loss by the inverse of its frequency (for macro-F1 on unbalanced data).") var balanceClasses = false
    @OptionGroup(title: "Projection (PRADO, pQRNN)") var projectionArguments: ProjectionArguments
    @Option(help: "Maximum tokens per text (longer texts: a random window in training, the start at inference).") var maxSeqLen = 128
    @Option(help: "PRADO embedding width E.") var embedding = 64
    @Option(help: "PRADO heads, N:CHANNELS (2sK:CHANNELS for a skip-bigram), comma-separated.") var heads = "2:64,3:64"
    // pQRNN's sizes and dropout (0.3): what six of the seven shipped pQRNN
    // models were chosen with on dev, about 110 KB. The reference's
    // 128 / 128 / 2 is 960 KB, beyond the 250 KB a phone model is given,
    // for a few tenths on dev where both were tried (MR from scratch:
    // 76.96 against 76.64 %).
    @Option(help: "pQRNN bottleneck width B.") var bottleneck = 64
    @Option(help: "pQRNN state width S.") var state = 64
    @Option(help: "pQRNN bidirectional layers.") var layers = 1
    @Option(help: "SGNN projection size (seeds; the reference: 600).") var projectionSize = 600
    @Option(help: "SGNN character n-grams up to this order (the reference: 3).") var ngramOrder = 3
    @Option(help: "SGNN hidden widths, comma-separated (the reference: 256,128).") var hidden = "256,128"
    @Option(help: "pQRNN zoneout probability p: in training a state element of layer l keeps its old value with probability p^(l+1).")
    var zoneout: Float?
    @Option(help: "Quantization-aware training from this epoch on (1: from the start): forward and backward passes see the weights and the activations on their int8 grid (straight-through gradients), the activations' ranges are tracked and exported.")
    var qatFromEpoch: Int?
    @Flag(help: "With --qat-from-epoch: the weights only; the export calibrates the activations' ranges on train texts.")
    var qatWeightsOnly = false
    @Flag(help: "Batch normalization after every layer, before its activation (PRADO, pQRNN): batch statistics in training, folded into the layers at export.")
    var batchNorm = false
    @Option(help: "Float products of the convolutions, attention and classifier layers (PRADO, pQRNN): openblas (sgemm, 2.5-3.4x faster in `bench kernels --suites training_products`) or loops (the project's; what models trained before this option used).")
    var floatProducts: FloatProducts = .openblas
    @Option(help: "Transfer (PRADO, pQRNN): start from this float32 model's layers (the NAME.f32.safetensors twin tern train writes; same architecture, sizes and projection options) instead of random ones; the classifier starts at random when the label sets differ.")
    var initFrom: String?
    @Option(help: "With --init-from: layers to start at random anyway, comma-separated (for example classifier).")
    var reinit: String?
    @Option(help: "Layers training leaves as they start, comma-separated (for example values,keys with --init-from).")
    var freeze: String?
    @Option(help: "Knowledge distillation: teacher model files (float32) or logits tables (.tsv: #labels<TAB>L1,L2,... then z1,z2,...<TAB>text per text), comma-separated, their logits averaged, whose soft targets the model learns with the labels (single-label data sets).")
    var teacher: String?
    @Option(help: "With --teacher: the softmax temperature of the soft targets.") var temperature: Float = 2
    @Option(help: "With --teacher: the soft targets' share of a labeled text's loss, in [0, 1].") var softWeight: Float = 0.5
    @Option(help: "With --teacher: a file of unlabeled texts, one per line, that the teachers label (texts equal to a test or dev text are dropped).")
    var unlabeled: String?
    @Option(help: "The checkpoint file (default: MODEL with the extension .ckpt); removed once the model is written.") var checkpoint: String?
    @Option(help: "Steps between checkpoints (one is also written at the end of every epoch).") var checkpointEvery = 200
    @Flag(help: "Continue from the checkpoint of an interrupted run with the same options and data.") var resume = false

    /// --checkpoint, else MODEL.ckpt beside --out.
    var checkpointURL: URL { checkpoint.map { URL(fileURLWithPath: $0) } ?? TrainingRun.checkpointURL(URL(fileURLWithPath: out)) }

    func validate() throws {
        guard (1...256).contains(threads) else { throw ValidationError("--threads \(threads) is not in 1...256") }
        guard epochs >= 1, batchSize >= 1, patience >= 1, checkpointEvery >= 1 else {
            throw ValidationError("--epochs, --batch-size, --patience and --checkpoint-every must be positive")
        }
        if let qatFromEpoch, qatFromEpoch < 1 { throw ValidationError("--qat-from-epoch must be 1 or more") }
        if qatWeightsOnly && qatFromEpoch == nil { throw ValidationError("--qat-weights-only needs --qat-from-epoch") }
        if batchNorm && arch == .sgnn { throw ValidationError("--batch-norm applies to PRADO and pQRNN (SGNN has none)") }
        if arch == .sgnn && (initFrom != nil || freeze != nil) { throw ValidationError("--init-from and --freeze apply to PRADO and pQRNN") }
        if reinit != nil && initFrom == nil { throw ValidationError("--reinit needs --init-from") }
        if unlabeled != nil && teacher == nil { throw ValidationError("--unlabeled needs --teacher") }
        guard temperature > 0, temperature.isFinite, (0...1).contains(softWeight) else {
            throw ValidationError("--temperature must be > 0 and --soft-weight in [0, 1]")
        }
        if let zoneout {
            guard (0..<1).contains(zoneout) else { throw ValidationError("--zoneout must be in [0, 1)") }
            guard arch == .pqrnn else { throw ValidationError("--zoneout applies to pQRNN's pooling (--arch pqrnn)") }
        }
        guard learningRate > 0, learningRate.isFinite, (0..<1).contains(dropoutRate), (0...1).contains(distortion), l2 >= 0 else {
            throw ValidationError("--learning-rate must be > 0, --dropout in [0, 1), --distortion in [0, 1], --l2 >= 0")
        }
    }

    /// `--dropout`, else the architecture's default.
    var dropoutRate: Float { dropout ?? (arch == .pqrnn ? 0.3 : 0.5) }

    func run() throws {
        let dataset = try Dataset(data)
        let outURL = URL(fileURLWithPath: out)
        let teachers = (teacher ?? "").split(separator: ",").map { URL(fileURLWithPath: String($0).trimmingCharacters(in: .whitespaces)) }
        try refuseOverwritingInputs(
            writes: [(outURL, "the model (--out)"), (TrainingRun.floatURL(outURL), "its float32 twin"),
                     (TrainingRun.metricsURL(outURL), "its metrics JSON"), (checkpointURL, "the checkpoint")],
            reads: tsvFiles(in: dataset.folder) + teachers + [unlabeled, initFrom].compactMap { $0.map { URL(fileURLWithPath: $0) } })
        let classes = dataset.labels.count, needed = dataset.multiLabel ? 1 : 2
        guard classes >= needed, classes <= ModelLimits.maxLabels else {
            throw ValidationError("\(dataset.folder.appendingPathComponent("train.tsv").path) has \(classes) label\(classes == 1 ? "" : "s")"
                                  + (classes == 1 ? " ('\(dataset.labels[0])')" : "") + "; a classifier needs \(needed)...\(ModelLimits.maxLabels)")
        }
        let projection = projectionArguments.options
        var options = TrainingOptions()
        options.epochs = epochs; options.batchSize = batchSize; options.learningRate = learningRate
        options.decayRate = decayRate; options.decaySteps = decaySteps; options.l2 = l2; options.dropout = dropoutRate
        options.distortion = distortion; options.seed = seed; options.threads = threads; options.patience = patience
        options.balanceClasses = balanceClasses
        options.qatFromEpoch = qatFromEpoch
        if qatFromEpoch != nil && !qatWeightsOnly { options.qatActivations = true }
        options.zoneout = zoneout
        if batchNorm { options.batchNorm = true }
        // Recorded only when it is not the loops every earlier run used (nil), so their checkpoints keep their
        // identity; SGNN's dense layers have their own loops and record nothing.
        if floatProducts != .loops && arch != .sgnn { options.floatProducts = floatProducts }
        func layerList(_ s: String?) -> [String]? { s.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } }
        options.initFrom = initFrom
        options.reinitialize = layerList(reinit)
        options.freeze = layerList(freeze)
        var (train, dev) = try TrainingRun.trainAndDev(dataset, options: options)
        if let teacher {
            guard !dataset.multiLabel else { throw ValidationError("--teacher applies to single-label data sets") }
            options.distillation = DistillationOptions(teachers: layerList(teacher) ?? [], temperature: temperature, softWeight: softWeight,
                                                       unlabeled: unlabeled)
            if let unlabeled {
                // No unlabeled text may be a text the model is selected or judged on.
                let judged = Set(dev.map(\.text) + (dataset.hasSplit("test") ? try dataset.split("test").examples.map(\.text) : []))
                let (extra, dropped) = try Distillation.unlabeledExamples(unlabeled, excluding: judged)
                report("\(extra.count) unlabeled texts from \(unlabeled) (\(dropped) equal to a test or dev text dropped)")
                train += extra
            }
        }
        let log = ProgressLog(total: epochs)
        if !resume && FileManager.default.fileExists(atPath: checkpointURL.path) {
            throw ValidationError("\(checkpointURL.path) holds an interrupted run: pass --resume to continue it, or remove it to start afresh")
        }
        let checkpointing = TrainingRun.Checkpointing(url: checkpointURL, everySteps: checkpointEvery, resume: resume)
        switch arch {
        case .prado:
            let config = PRADOConfig(labels: dataset.labels, multiLabel: dataset.multiLabel, projection: projection,
                                     maxSeqLen: maxSeqLen, embedding: embedding, heads: try parseHeads(heads))
            try finish(try TrainingRun.prado(config: try checked(config), train: train, dev: dev, options: options, metric: metric,
                                             checkpoint: checkpointing, log: log), dataset: dataset, dev: dev, options: options)
        case .pqrnn:
            let config = PQRNNConfig(labels: dataset.labels, multiLabel: dataset.multiLabel, projection: projection,
                                     maxSeqLen: maxSeqLen, bottleneck: bottleneck, state: state, layers: layers)
            try finish(try TrainingRun.pqrnn(config: try checked(config), train: train, dev: dev, options: options, metric: metric,
                                             checkpoint: checkpointing, log: log), dataset: dataset, dev: dev, options: options)
        case .sgnn:
            let order = ngramOrder, count = projectionSize
            guard (1...16).contains(order), count >= order * (order + 1) / 2, count <= 16_384 else {
                throw ValidationError("--ngram-order must be in 1...16 and --projection-size in \(order * (order + 1) / 2)...16384")
            }
            let widths = try hidden.split(separator: ",").map { part -> Int in
                guard let w = Int(part), (1...4096).contains(w) else { throw ValidationError("--hidden '\(part)': expected widths in 1...4096, comma-separated") }
                return w
            }
            // The seeds are fixed by the seed option: the projection is part of the model file.
            var rng = SplitMix64(seed: seed ^ 0x5E5D)
            let seeds = (0..<count).map { _ in Int32(truncatingIfNeeded: rng.next() >> 33) | 1 }
            let config = SGNNConfig(labels: dataset.labels, seeds: seeds, ngramOrder: order, hidden: widths, multiLabel: dataset.multiLabel)
            try finish(try TrainingRun.sgnn(config: config, train: train, dev: dev, options: options, metric: metric,
                                            checkpoint: checkpointing, log: log), dataset: dataset, dev: dev, options: options)
        }
    }

    /// The configuration the options make, checked as a model file's is
    /// (the same limits), its error worded for options, not for a file.
    func checked<C: ProjectionModelConfig>(_ config: C) throws -> C {
        do {
            try config.validate()
        } catch ModelFileError.metadataInvalid(let why) {
            let prefix = "configuration: "
            throw ValidationError("the options make no valid model: " + (why.hasPrefix(prefix) ? String(why.dropFirst(prefix.count)) : why))
        } catch {
            throw ValidationError("\(error)")
        }
        return config
    }

    /// Writes the model files and the metrics JSON (dev and, when present, test), and prints the summary.
    func finish<F, Q>(_ result: TrainedModel<F, Q>, dataset: Dataset, dev: [Example], options: TrainingOptions) throws {
        let outURL = URL(fileURLWithPath: out)
        try result.write(outURL, TrainingRun.floatURL(outURL))
        let seconds = result.log.reduce(0) { $0 + $1.seconds }
        var summary = TrainingSummary(command: (["tern"] + CommandLine.arguments.dropFirst()).joined(separator: " "),
                                      dataset: dataset.folder.lastPathComponent, architecture: arch.rawValue, seed: seed,
                                      threads: threads, parameters: result.parameterCount, int8Bytes: result.int8Bytes,
                                      trainingSeconds: seconds, options: options, epochs: result.log, dev: nil, test: nil)
        summary.setSplit("dev", try TrainingRun.evaluate(result, dev))
        if dataset.hasSplit("test") { summary.setSplit("test", try TrainingRun.evaluate(result, try dataset.split("test").examples)) }
        try DurableFile.write(Data(try jsonString(summary).utf8), to: TrainingRun.metricsURL(outURL))
        try? FileManager.default.removeItem(at: checkpointURL)
        try emit(summary.text)
    }
}

/// A plain line per epoch, and a live progress line when stderr is a terminal.
struct ProgressLog: TrainingLog {
    let total: Int
    let terminal = isatty(2) == 1

    func step(epoch: Int, step: Int, of steps: Int, loss: Double) {
        guard terminal else { return }
        let width = 30, done = steps == 0 ? width : width * step / steps
        let bar = String(repeating: "#", count: done) + String(repeating: ".", count: width - done)
        StandardStreams.error("\rtern: epoch \(epoch)/\(total) [\(bar)] step \(step)/\(steps) loss \(String(format: "%.4f", loss))  ")
    }

    func epoch(_ e: EpochLog) {
        let line = "epoch \(e.epoch): loss \(String(format: "%.4f", e.trainLoss)), dev \(String(format: "%.4f", e.devMetric)), "
            + "\(String(format: "%.0f", e.examplesPerSecond)) examples/s, \(String(format: "%.1f", e.seconds)) s"
        StandardStreams.error((terminal ? "\r" : "") + "tern: " + line + "\n")
    }
}

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate a model file on a data set split: accuracy, macro-F1, ROC-AUC (binary), per-class precision and recall, confusion matrix.")

    @Option(help: "The model file.") var model: String
    @Option(help: "A label<TAB>text file, a data set folder, or a data set name under $TERN_DATASETS (default ../shared/datasets).")
    var data: String
    @Option(help: "The split of a data set folder (a .tsv file in it).") var split = "test"
    @Option(help: "Output format.") var format: OutputFormat = .text

    func run() throws {
        let m = try loadModel(model)
        // A file is scored on its own; a folder's split is read with its train.tsv's labels.
        var isDirectory: ObjCBool = false
        let isFile = FileManager.default.fileExists(atPath: data, isDirectory: &isDirectory) && !isDirectory.boolValue
        let (labels, source, scored): ([String], String, DatasetSplit)
        if isFile {
            let file = try Dataset.readSplit(URL(fileURLWithPath: data))
            (labels, source, scored) = (file.labels, data, file.split)
        } else {
            let dataset = try Dataset(data)
            (labels, source, scored) = (dataset.labels, dataset.folder.path, try dataset.split(split))
        }
        let mapping = try labelMapping(labels, of: source, to: m.labels, whose: "the model's")
        if !m.multiLabel, let several = scored.examples.first(where: { $0.labels.count > 1 }) {
            let names = several.labels.map { labels[$0] }.joined(separator: ",")
            throw ValidationError("\(source) has texts with several labels ('\(names)'); the model is single-label")
        }
        let metrics = scoredMetrics(try m.classifier(), scored.examples, mapping: mapping, classes: m.labels.count,
                                    multiLabel: m.multiLabel)
        if format == .json {
            try emit(try jsonString(metrics))
        } else {
            try emit(metrics.text(labels: m.labels, split: scored.name))
        }
    }
}

/// A data set's label indices (`labels`, read from `source`) renumbered to
/// a model's `modelLabels`, or a one-line error naming the label the model lacks.
func labelMapping(_ labels: [String], of source: String, to modelLabels: [String], whose owner: String) throws -> [Int] {
    do {
        return try TernTraining.labelMapping(from: labels, to: modelLabels)
    } catch {
        throw ValidationError("label '\(error.label)' of \(source) is not one of \(owner) labels (\(modelLabels.joined(separator: ", ")))")
    }
}

/// The metrics of `classify` on `examples` (labels renumbered by `mapping`);
/// a text it cannot classify (no tokens) scores uniform, as in training.
func scoredMetrics(_ classify: (String) throws -> Classification, _ examples: [Example], mapping: [Int], classes: Int,
                   multiLabel: Bool) -> Metrics {
    let uniform = [Float](repeating: 1 / Float(classes), count: classes)
    return Metrics(scores: examples.map { (try? classify($0.text).probabilities) ?? uniform },
                   labels: examples.map { $0.labels.map { mapping[$0] } }, classes: classes, multiLabel: multiLabel)
}

extension FloatProducts: ExpressibleByArgument {}
