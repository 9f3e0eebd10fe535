import Foundation
import Testing
@testable import TernKernels
@testable import TernModels
@testable import TernTraining

@Suite struct TrainingTests {
    /// The one renumbering `tern eval`, `tern ensemble`, the sweep and `bench
    /// shipped` share: data-set label i becomes the model's index of it.
    @Test func labelMappingRenumbersAndNamesTheMissingLabel() throws {
        #expect(try labelMapping(from: ["neg", "pos"], to: ["pos", "neg", "other"]) == [1, 0])
        #expect(throws: MissingLabel(label: "mixed")) { try labelMapping(from: ["neg", "mixed", "pos"], to: ["neg", "pos"]) }
    }

    static func tinyConfig(multiLabel: Bool) -> PRADOConfig {
        PRADOConfig(labels: ["a", "b", "c"], multiLabel: multiLabel, projection: ProjectionOptions(featureSize: 32), maxSeqLen: 9,
                    embedding: 6, heads: [PRADOHead(n: 2, channels: 3), PRADOHead(n: 3, channels: 2), PRADOHead(n: 2, skip: 1, channels: 2)])
    }

    /// The analytic gradient of every layer against central differences of
    /// the loss: every bias and a sample of every layer's weights. ReLU kinks
    /// can make a rare entry disagree: up to 2 % of checks may miss.
    func checkGradients<N: ProjectionNetwork>(_ network: N, _ config: N.Config, labels: [Int], train: Bool = false) throws {
        let params = network.layout.flatten(try FloatModel.random(config: config, seed: 5).layers)
        let plan = try ProjectionPlan(config.projection)
        let ws = ProjectionWorkspace()
        try ProjectionVariants.reference.project("the quick brown fox jumps over a dog", plan: plan, workspace: ws)
        checkGradients(network, params: params, x: ws.featureArray, rows: ws.rows, labels: labels, train: train)
    }

    /// With `train`, every forward pass draws from the same seed: the
    /// training-only masks (zoneout) are then fixed and the loss is a function
    /// of the parameters alone.
    func checkGradients<N: TrainableNetwork>(_ network: N, params initial: [Float], x: [N.Element], rows: Int, labels: [Int],
                                             train: Bool = false) {
        var params = initial
        let scratch = network.makeScratch(maxRows: rows)
        var d = [Float](repeating: 0, count: network.classes)
        func loss(_ p: [Float], _ grad: UnsafeMutablePointer<Float>?) -> Float {
            var rng = SplitMix64(seed: 1)
            return p.withUnsafeBufferPointer { pb in
                x.withUnsafeBufferPointer { xb in
                    let logits = network.forward(pb.baseAddress!, xb.baseAddress!, rows: rows, scratch, train: train, rng: &rng)
                    return d.withUnsafeMutableBufferPointer { db in
                        let l = lossGradient(logits, labels: labels, multiLabel: network.multiLabel, db.baseAddress!)
                        if let grad {
                            network.backward(pb.baseAddress!, xb.baseAddress!, rows: rows, scratch, dlogits: db.baseAddress!, grad: grad)
                        }
                        return l
                    }
                }
            }
        }
        var grad = [Float](repeating: 0, count: params.count)
        _ = grad.withUnsafeMutableBufferPointer { loss(params, $0.baseAddress!) }
        var pick = SplitMix64(seed: 9)
        let (checked, missed) = Self.centralDifferences(network.layout, params: &params, grad: grad, step: 1e-3, absolute: 2e-3,
                                                        indices: { shape in
            let w = network.layout.weightOffsets[shape.name]!, b = network.layout.biasOffsets[shape.name]!
            return (0..<12).map { _ in w + Int(pick.next() % UInt64(shape.weightCount)) } + (b..<(b + min(shape.outputs, 24)))
        }, loss: { Double(loss($0, nil)) })
        #expect(checked >= 15 * network.layout.shapes.count, "too few gradients checked: \(checked)")
        #expect(Double(missed) <= 0.02 * Double(checked), "\(missed) of \(checked) gradients disagree")
    }

    /// Central differences of `loss` (step `step`) at each layer's `indices`
    /// against the analytic `grad`: how many were checked, and how many missed
    /// by more than `absolute` + 3 % of the analytic value (each miss printed).
    static func centralDifferences(_ layout: ParameterLayout, params: inout [Float], grad: [Float], step: Float, absolute: Float,
                                   indices: (LayerShape) -> [Int], loss: ([Float]) throws -> Double) rethrows -> (checked: Int, missed: Int) {
        var checked = 0, missed = 0
        for shape in layout.shapes {
            for i in indices(shape) {
                let saved = params[i]
                params[i] = saved + step
                let up = try loss(params)
                params[i] = saved - step
                let down = try loss(params)
                params[i] = saved
                let numeric = Float((up - down) / Double(2 * step))
                checked += 1
                if abs(numeric - grad[i]) > absolute + 3e-2 * abs(grad[i]) {
                    missed += 1
                    print("\(shape.name)[\(i)]: analytic \(grad[i]), numeric \(numeric)")
                }
            }
        }
        return (checked, missed)
    }

    /// Every float-product path (the loops, OpenBLAS), single- and multi-label.
    static let productCases: [(FloatProducts, Bool)] = FloatProducts.allCases.flatMap { p in [(p, false), (p, true)] }

    @Test(arguments: productCases) func pradoGradientsMatchFiniteDifferences(products: FloatProducts, multiLabel: Bool) throws {
        let config = Self.tinyConfig(multiLabel: multiLabel)
        try checkGradients(PRADONetwork(config: config, dropout: 0, products: products), config, labels: multiLabel ? [0, 2] : [1])
    }

    @Test(arguments: productCases) func pqrnnGradientsMatchFiniteDifferences(products: FloatProducts, multiLabel: Bool) throws {
        let config = PQRNNConfig(labels: ["a", "b", "c"], multiLabel: multiLabel, projection: ProjectionOptions(featureSize: 32),
                                 maxSeqLen: 9, bottleneck: 6, state: 4, layers: 2, kernelWidth: 2)
        try checkGradients(PQRNNNetwork(config: config, dropout: 0, products: products), config, labels: multiLabel ? [0, 2] : [1])
    }

    /// Zoneout's kept states (f := 1) have the gradient of a kept state:
    /// checked with the masks fixed by the seed.
    @Test func pqrnnZoneoutGradientsMatchFiniteDifferences() throws {
        let config = PQRNNConfig(labels: ["a", "b", "c"], projection: ProjectionOptions(featureSize: 32),
                                 maxSeqLen: 9, bottleneck: 6, state: 4, layers: 2, kernelWidth: 2)
        try checkGradients(PQRNNNetwork(config: config, dropout: 0, zoneout: 0.5), config, labels: [1], train: true)
    }

    /// Zoneout keeps the old state where it draws: with p close to 1 every
    /// state stays 0, so the logits are the classifier's bias; at inference
    /// (train false) it does nothing.
    @Test func zoneoutKeepsTheStateOnlyInTraining() throws {
        let config = PQRNNConfig(labels: ["a", "b"], projection: ProjectionOptions(featureSize: 32), maxSeqLen: 9, bottleneck: 6,
                                 state: 4, layers: 1, kernelWidth: 2)
        let kept = PQRNNNetwork(config: config, dropout: 0, zoneout: 0.99999), plain = PQRNNNetwork(config: config, dropout: 0)
        let params = kept.layout.flatten(try FloatModel.random(config: config, seed: 5).layers)
        let plan = try ProjectionPlan(config.projection)
        let ws = ProjectionWorkspace()
        try ProjectionVariants.reference.project("the quick brown fox", plan: plan, workspace: ws)
        let x = ws.featureArray
        func logits(_ n: PQRNNNetwork, train: Bool) -> [Float] {
            var rng = SplitMix64(seed: 3)
            let scratch = n.makeScratch(maxRows: ws.rows)  // the logits live in it
            return withExtendedLifetime(scratch) {
                params.withUnsafeBufferPointer { p in
                    x.withUnsafeBufferPointer { Array(n.forward(p.baseAddress!, $0.baseAddress!, rows: ws.rows, scratch, train: train, rng: &rng)) }
                }
            }
        }
        let bias = Array(params[kept.layout.biasOffsets["classifier"]!...].prefix(2))
        #expect(logits(kept, train: true) == bias)
        #expect(logits(kept, train: false) == logits(plain, train: false))
        #expect(logits(kept, train: false) != bias)
    }

    @Test(arguments: [false, true]) func sgnnGradientsMatchFiniteDifferences(multiLabel: Bool) throws {
        let config = SGNNConfig(labels: ["a", "b", "c"], seeds: (1...24).map { Int32($0 * 7_919) }, ngramOrder: 2, hidden: [7, 5],
                                multiLabel: multiLabel)
        let network = SGNNNetwork(config: config, dropout: 0)
        let x = try SGNNProjection(seeds: config.seeds, ngramOrder: 2).project("the quick brown fox jumps over a dog")
        checkGradients(network, params: network.flatten(try SGNNFloatModel.random(config: config, seed: 5)), x: x, rows: 1,
                       labels: multiLabel ? [0, 2] : [1])
    }

    /// A learnable toy task: the label is which of three word groups the text uses.
    static func toyExamples(_ n: Int, seed: UInt64) -> [Example] {
        let groups = [["good", "great", "fine", "lovely"], ["bad", "awful", "poor", "dire"], ["why", "how", "what", "when"]]
        let filler = ["the", "a", "film", "it", "was", "and", "very", "this"]
        var rng = SplitMix64(seed: seed)
        return (0..<n).map { _ in
            let label = Int(rng.next() % 3)
            let words = (0..<(3 + Int(rng.next() % 8))).map { i -> String in
                i % 3 == 1 ? groups[label][Int(rng.next() % 4)] : filler[Int(rng.next() % UInt64(filler.count))]
            }
            return Example(labels: [label], text: words.joined(separator: " "))
        }
    }

    struct Quiet: TrainingLog {
        func step(epoch: Int, step: Int, of steps: Int, loss: Double) {}
        func epoch(_ e: EpochLog) {}
    }

    /// Four short epochs on two threads, no distortion: enough for the toy task.
    static func toyOptions(dropout: Float) -> TrainingOptions {
        var options = TrainingOptions()
        options.epochs = 4
        options.batchSize = 16
        options.learningRate = 5e-3
        options.dropout = dropout
        options.distortion = 0
        options.threads = 2
        options.calibrationTexts = 200
        return options
    }

    /// The trainer's probabilities equal the float reference model's (softmax of its logits) within `tolerance`.
    static func expectSameScores(_ texts: [String], fast: ([String]) throws -> [[Float]], reference: (String) throws -> [Float],
                                 tolerance: Float = 1e-5) throws {
        for (scores, text) in zip(try fast(texts), texts) {
            let expected = probabilities(try reference(text), multiLabel: false)
            for (a, b) in zip(scores, expected) { #expect(abs(a - b) <= tolerance, "\(text): \(scores) vs \(expected)") }
        }
    }

    @Test func aTinyTrainingRunLearnsAndItsInt8ModelAgrees() throws {
        let config = PRADOConfig(labels: ["pos", "neg", "question"], projection: ProjectionOptions(featureSize: 64), maxSeqLen: 16,
                                 embedding: 16, heads: [PRADOHead(n: 2, channels: 8), PRADOHead(n: 3, channels: 8)])
        let options = Self.toyOptions(dropout: 0.1)
        let train = Self.toyExamples(600, seed: 1), test = Self.toyExamples(200, seed: 2)
        let result = try TrainingRun.prado(config: config, train: train, dev: Self.toyExamples(100, seed: 3), options: options,
                                           metric: .accuracy, log: Quiet())
        #expect(result.log.first!.trainLoss > result.log.last!.trainLoss)
        let m = try TrainingRun.evaluate(result, test)
        #expect(m.float.accuracy > 0.95, "float \(m.float.accuracy)")
        #expect(abs(m.int8.accuracy - m.float.accuracy) <= 0.02, "int8 \(m.int8.accuracy) vs float \(m.float.accuracy)")
        // The trainer's forward pass (its float metrics) is the float reference's, on the same weights.
        try Self.expectSameScores(test.prefix(20).map(\.text), fast: result.floatPredict, reference: result.float.logits)
        // The same seed and thread count give the same model.
        let again = try TrainingRun.prado(config: config, train: train, dev: Self.toyExamples(100, seed: 3), options: options,
                                          metric: .accuracy, log: Quiet())
        #expect(again.float.layers["classifier"]!.weights == result.float.layers["classifier"]!.weights)
    }

    /// The grid quantization-aware training rounds to is the export's: the
    /// rounded weights quantize back to the very integers of the float ones.
    @Test func weightQuantizationKeepsTheExportsIntegers() throws {
        let config = Self.tinyConfig(multiLabel: false)
        let layout = ParameterLayout(config.layerShapes)
        var rng = SplitMix64(seed: 9)
        let values = (0..<layout.count).map { _ in Float(Int64(rng.next() >> 40) - (1 << 23)) / Float(1 << 23) }
        let rounded = layout.weightQuantized(values)
        let input = try AffineQuantization(scale: 0.05, zeroPoint: 0)
        for (name, layer) in try layout.layers(values) {
            let onGrid = try layout.layers(rounded)[name]!
            #expect(onGrid.bias == layer.bias)
            let a = try Int8Layer(layer, input: input, outputs: [input], relu: false)
            let b = try Int8Layer(onGrid, input: input, outputs: [input], relu: false)
            #expect(a.conv.weights == b.conv.weights, "\(name)")
            // Rounding twice changes nothing more than float's last bit.
            for (x, y) in zip(layout.weightQuantized(rounded), rounded) { #expect(abs(x - y) <= abs(y) * 1e-6) }
        }
    }

    /// With --qat-from-epoch the run learns on the int8 grid and keeps grid
    /// weights: the exported int8 model then has no weight rounding left.
    @Test func quantizationAwareTrainingLearnsOnTheGrid() throws {
        let config = PRADOConfig(labels: ["pos", "neg", "question"], projection: ProjectionOptions(featureSize: 64), maxSeqLen: 16,
                                 embedding: 16, heads: [PRADOHead(n: 2, channels: 8), PRADOHead(n: 3, channels: 8)])
        var options = Self.toyOptions(dropout: 0.1)
        options.qatFromEpoch = 1
        let result = try TrainingRun.prado(config: config, train: Self.toyExamples(600, seed: 1), dev: Self.toyExamples(100, seed: 3),
                                           options: options, metric: .accuracy, log: Quiet())
        let m = try TrainingRun.evaluate(result, Self.toyExamples(200, seed: 2))
        #expect(m.float.accuracy > 0.95 && abs(m.int8.accuracy - m.float.accuracy) <= 0.02, "float \(m.float.accuracy), int8 \(m.int8.accuracy)")
        let layout = ParameterLayout(config.layerShapes)
        let kept = layout.flatten(result.float.layers)
        for (x, y) in zip(layout.weightQuantized(kept), kept) { #expect(abs(x - y) <= abs(y) * 1e-6) }
        for shape in config.layerShapes {
            let float = result.float.layers[shape.name]!, int8 = result.int8[shape.name]
            for i in 0..<shape.weightCount where shape.taps[i / (shape.inputs * shape.outputs)] {
                let scale = int8.quantization.weightScales[i % shape.outputs]
                #expect(abs(Float(int8.conv.weights[i]) * scale - float.weights[i]) <= abs(float.weights[i]) * 1e-5 + 1e-12)
            }
        }
    }

    @Test func aTinyPQRNNLearnsToo() throws {
        let config = PQRNNConfig(labels: ["pos", "neg", "question"], projection: ProjectionOptions(featureSize: 64), maxSeqLen: 16,
                                 bottleneck: 16, state: 12, layers: 1)
        let options = Self.toyOptions(dropout: 0)
        let result = try TrainingRun.pqrnn(config: config, train: Self.toyExamples(600, seed: 1), dev: Self.toyExamples(100, seed: 3),
                                           options: options, metric: .accuracy, log: Quiet())
        let m = try TrainingRun.evaluate(result, Self.toyExamples(200, seed: 2))
        #expect(m.float.accuracy > 0.9, "float \(m.float.accuracy)")
        #expect(abs(m.int8.accuracy - m.float.accuracy) <= 0.03, "int8 \(m.int8.accuracy) vs float \(m.float.accuracy)")
    }

    /// Copies the checkpoint when an epoch's end is reported: the file then
    /// holds the last checkpoint inside that epoch, as after a kill there.
    final class Snapshot: TrainingLog, @unchecked Sendable {
        let checkpoint: URL, copy: URL, epoch: Int
        init(checkpoint: URL, copy: URL, epoch: Int) { (self.checkpoint, self.copy, self.epoch) = (checkpoint, copy, epoch) }
        func step(epoch: Int, step: Int, of steps: Int, loss: Double) {}
        func epoch(_ e: EpochLog) {
            if e.epoch == epoch { try! FileManager.default.copyItem(at: checkpoint, to: copy) }
        }
    }

    enum ResumeCase: CaseIterable { case plain, quantizationAware, batchNorm }

    /// With quantization-aware training the run turns to it (weights and
    /// activations) in epoch 2, inside which it is killed: the resumed run
    /// must carry on the activations' moving ranges too; with batch norm,
    /// its moving statistics.
    @Test(arguments: ResumeCase.allCases) func aResumedRunEndsWithTheSameModelAsAnUninterruptedOne(_ mode: ResumeCase) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tern-ckpt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = PRADOConfig(labels: ["pos", "neg", "question"], projection: ProjectionOptions(featureSize: 64), maxSeqLen: 16,
                                 embedding: 16, heads: [PRADOHead(n: 2, channels: 8)])
        var options = Self.toyOptions(dropout: 0.2)
        options.epochs = 3
        options.distortion = 0.2   // the distortion and dropout generators must resume mid-stream too
        if mode == .quantizationAware {
            options.qatFromEpoch = 2
            options.qatActivations = true
        }
        if mode == .batchNorm { options.batchNorm = true }
        let train = Self.toyExamples(600, seed: 1), dev = Self.toyExamples(100, seed: 3)
        let live = folder.appendingPathComponent("run.ckpt"), killed = folder.appendingPathComponent("killed.ckpt")
        let whole = try TrainingRun.prado(config: config, train: train, dev: dev, options: options, metric: .accuracy,
                                          checkpoint: .init(url: live, everySteps: 5, resume: false),
                                          log: Snapshot(checkpoint: live, copy: killed, epoch: 2))
        let inside = try TrainingCheckpoint(contentsOf: killed)
        #expect(inside.state.epoch == 2 && inside.state.nextStep == 35 && !inside.state.finished, "\(inside.state)")
        #expect((inside.state.activationRanges != nil) == (mode == .quantizationAware))
        #expect((inside.state.normStatistics != nil) == (mode == .batchNorm))
        let resumed = try TrainingRun.prado(config: config, train: train, dev: dev, options: options, metric: .accuracy,
                                            checkpoint: .init(url: killed, everySteps: 5, resume: true), log: Quiet())
        for (name, layer) in whole.float.layers {
            #expect(resumed.float.layers[name]!.weights == layer.weights && resumed.float.layers[name]!.bias == layer.bias, "\(name)")
        }
        #expect(resumed.log.map(\.devMetric) == whole.log.map(\.devMetric))
        for (name, layer) in whole.int8.layers { #expect(resumed.int8[name].quantization == layer.quantization, "\(name)") }
        // The final checkpoint says training is over: resuming it only exports.
        let final = try TrainingCheckpoint(contentsOf: live)
        #expect(final.state.finished && final.state.log.count == 3)
        let again = try TrainingRun.prado(config: config, train: train, dev: dev, options: options, metric: .accuracy,
                                          checkpoint: .init(url: live, everySteps: 5, resume: true), log: Quiet())
        #expect(again.float.layers["classifier"]!.weights == whole.float.layers["classifier"]!.weights)
        // Another run's checkpoint is refused, naming what differs.
        var other = options
        other.learningRate = 1e-2
        #expect(throws: CheckpointError.self) {
            _ = try TrainingRun.prado(config: config, train: train, dev: dev, options: other, metric: .accuracy,
                                      checkpoint: .init(url: live, everySteps: 5, resume: true), log: Quiet())
        }
        do {
            _ = try TrainingRun.prado(config: config, train: Array(train.dropFirst()), dev: dev, options: options, metric: .accuracy,
                                      checkpoint: .init(url: live, everySteps: 5, resume: true), log: Quiet())
            Issue.record("a checkpoint of other data was accepted")
        } catch let error as CheckpointError {
            #expect("\(error)".contains("its data is 600 train"), "\(error)")
        }
    }

    @Test func damagedCheckpointsAreRefusedBeforeUse() throws {
        let state = TrainingCheckpoint.State(identity: ["architecture": "prado"], epoch: 2, nextStep: 7, finished: false, best: 0.5,
                                             sinceBest: 0, log: [], adamStep: 40, epochLoss: 1.5, epochSeen: 12, epochSeconds: 0.25,
                                             workerGenerators: [1, 2], workerDistortion: [.init(generator: 3, lastRemoved: 4),
                                                                                          .init(generator: 5, lastRemoved: 0)])
        let values = (0..<300).map { Float($0) * 0.5 }
        let bytes = try TrainingCheckpoint(state: state, parameters: values, bestParameters: values, adamM: values, adamV: values).bytes()
        let back = try TrainingCheckpoint(bytes: bytes, path: "c")
        #expect(back.state == state && back.adamV == values)
        // Every cut is refused as truncated (or, before the magic is whole, as not a checkpoint).
        for cut in [0, 4, 8, 16, 31, 32, 33, bytes.count / 2, bytes.count - 1] {
            #expect(throws: CheckpointError.self) { _ = try TrainingCheckpoint(bytes: bytes.prefix(cut), path: "c") }
            if cut >= 8 {
                do { _ = try TrainingCheckpoint(bytes: bytes.prefix(cut), path: "c") } catch let e as CheckpointError {
                    #expect("\(e)".contains("is truncated"), "cut at \(cut): \(e)")
                }
            }
        }
        // A flipped bit anywhere in the payload (header JSON or tensors) fails the checksum.
        for position in [32, 40, 100, bytes.count / 2, bytes.count - 1] {
            var damaged = bytes
            damaged[position] ^= 0x10
            #expect(throws: CheckpointError.checksumMismatch("c")) { _ = try TrainingCheckpoint(bytes: damaged, path: "c") }
        }
        var stranger = bytes
        stranger[0] = 0x58
        #expect(throws: CheckpointError.notACheckpoint("c")) { _ = try TrainingCheckpoint(bytes: stranger, path: "c") }
        #expect(throws: CheckpointError.self) { _ = try TrainingCheckpoint(bytes: bytes + Data([0]), path: "c") }
        // A whole header that states an empty payload: refused by the checksum, not a crash on the empty buffer.
        #expect(throws: CheckpointError.checksumMismatch("c")) { _ = try TrainingCheckpoint(bytes: bytes.prefix(16) + Data(count: 16), path: "c") }
        #expect(throws: CheckpointError.missing("/nonexistent/x.ckpt")) {
            _ = try TrainingCheckpoint(contentsOf: URL(fileURLWithPath: "/nonexistent/x.ckpt"))
        }
    }

    @Test func aTinySGNNLearnsAndItsInt8ModelAgrees() throws {
        let config = SGNNConfig(labels: ["pos", "neg", "question"], seeds: (1...120).map { Int32($0 &* 104_729 % 65_521) | 1 },
                                ngramOrder: 3, hidden: [32, 16])
        var options = Self.toyOptions(dropout: 0)
        options.epochs = 6
        options.learningRate = 1e-2
        let result = try TrainingRun.sgnn(config: config, train: Self.toyExamples(600, seed: 1), dev: Self.toyExamples(100, seed: 3),
                                          options: options, metric: .accuracy, log: Quiet())
        let test = Self.toyExamples(200, seed: 2)
        let m = try TrainingRun.evaluate(result, test)
        #expect(m.float.accuracy > 0.8, "float \(m.float.accuracy)")
        #expect(abs(m.int8.accuracy - m.float.accuracy) <= 0.03, "int8 \(m.int8.accuracy) vs float \(m.float.accuracy)")
        // The trainer's forward pass is the float reference's on the same weights.
        try Self.expectSameScores(test.prefix(10).map(\.text), fast: result.floatPredict, reference: result.float.logits)
    }

    @Test func metricsOnKnownCases() {
        let scores: [[Float]] = [[0.9, 0.1], [0.2, 0.8], [0.6, 0.4], [0.3, 0.7]]
        let m = Metrics(scores: scores, labels: [[0], [1], [1], [0]], classes: 2, multiLabel: false)
        #expect(m.accuracy == 0.5)
        #expect(m.confusion! == [[1, 1], [1, 1]])
        #expect(m.precision == [0.5, 0.5] && m.recall == [0.5, 0.5])
        // Positives score 0.8 and 0.4, negatives 0.1 and 0.7: 3 of 4 pairs ordered.
        #expect(m.rocAUC == 0.75)
        #expect(Metrics.rocAUC([0.5, 0.5], positive: [true, false]) == 0.5)
    }

    @Test func datasetErrorsAreClear() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tern-data-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: DatasetError.self) { try Dataset(dir.appendingPathComponent("nope").path) }
        try Data("1\tgood\n0\tbad\nno tab here\n".utf8).write(to: dir.appendingPathComponent("train.tsv"))
        do {
            _ = try Dataset(dir.path)
            Issue.record("a line without a tab was accepted")
        } catch let e as DatasetError {
            #expect("\(e)".contains("train.tsv:3: expected label<TAB>text"), "\(e)")
        }
        // An empty file is refused by name, through the reader that spares
        // Foundation's leak on one (fileBytes; ASan runs this in CI).
        try Data().write(to: dir.appendingPathComponent("train.tsv"))
        #expect(throws: DatasetError.empty(dir.appendingPathComponent("train.tsv").path)) { try Dataset(dir.path) }
        #expect(throws: CheckpointError.self) { try TrainingCheckpoint(contentsOf: dir.appendingPathComponent("train.tsv")) }
        try Data("10\tgood\n2\tbad\n2,10\tboth\n".utf8).write(to: dir.appendingPathComponent("train.tsv"))
        try Data("3\tunseen\n".utf8).write(to: dir.appendingPathComponent("test.tsv"))
        let d = try Dataset(dir.path)
        #expect(d.labels == ["2", "10"] && d.multiLabel)
        #expect(throws: DatasetError.self) { try d.split("test") }
        // A byte order mark and CRLF line ends, as a spreadsheet exports them.
        let exported = try Dataset.parse(Data([0xEF, 0xBB, 0xBF] + Array("neg\tbad film\r\npos\tgood film\r\n".utf8)))
        #expect(exported.labels == ["neg", "pos"])
        #expect(exported.split.examples.map(\.text) == ["bad film", "good film"])
    }
}
