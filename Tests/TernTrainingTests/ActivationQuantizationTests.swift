import Foundation
import Testing
@testable import TernKernels
@testable import TernModels
@testable import TernTraining

/// Fake quantization of activations (quantization-aware training): the grid
/// is the engine's, clipped values pass no gradient, the ranges move as
/// documented, and the export uses the very ranges training tracked.
@Suite struct ActivationQuantizationTests {
    static func tracker(_ ranges: [String: (Float, Float)]) -> ActivationRangeTracker {
        var t = ActivationRangeTracker()
        t.update(ranges.mapValues { ObservedRange(low: $0.0, high: $0.1) })
        return t
    }

    @Test func fakeQuantizationPutsValuesOnTheEnginesGrid() throws {
        let q = ActivationQuantizer()
        let values: [Float] = [-3, -1.01, -0.5, -0.013, 0, 0.004, 0.7, 1.9, 2.0, 2.6, 40]
        var y = values, pass = [Float](repeating: -1, count: values.count)
        // Off: nothing changes, nothing is recorded.
        #expect(!q.fakeQuantize("x", &y, count: y.count, pass: &pass))
        #expect(y == values && pass.allSatisfy { $0 == -1 } && q.observed.isEmpty)

        // Evaluation: the tracked range, which clips; nothing is recorded.
        q.begin(Self.tracker(["x": (-1, 2)]), enabled: true, training: false)
        #expect(q.fakeQuantize("x", &y, count: y.count, pass: &pass))
        let grid = try AffineQuantization.covering(low: -1, high: 2)
        let lowest = grid.dequantize(-128), highest = grid.dequantize(127)
        for (i, v) in values.enumerated() {
            #expect(y[i] == grid.dequantize(grid.quantize(v)), "\(v)")
            #expect(pass[i] == (v >= lowest && v <= highest ? 1 : 0), "\(v)")
        }
        #expect(q.observed.isEmpty)

        // Training: the example's own range (the reference's batch range, for a batch of one), recorded for the tracker.
        q.begin(Self.tracker(["x": (-1, 2)]), enabled: true, training: true)
        y = values
        q.fakeQuantize("x", &y, count: y.count, pass: &pass)
        #expect(q.observed["x"] == ObservedRange(low: -3, high: 40))
        let own = try AffineQuantization.covering(low: -3, high: 40)
        for (i, v) in values.enumerated() { #expect(y[i] == own.dequantize(own.quantize(v)), "\(v)") }

        // A ReLU point: its grid starts at 0, so negative inputs become 0 and pass nothing.
        y = values
        q.fakeQuantize("r", &y, count: y.count, relu: true, pass: &pass)
        #expect(q.observed["r"] == ObservedRange(low: 0, high: 40))
        let relu = try AffineQuantization.covering(low: 0, high: 40)
        for (i, v) in values.enumerated() {
            #expect(y[i] == relu.dequantize(relu.quantize(v)) && y[i] >= 0)
            #expect(pass[i] == (v >= 0 ? 1 : 0))
        }

        // A fixed range (QRNN h) is used as it is and not tracked.
        y = values
        q.fakeQuantize("h", &y, count: y.count, fixed: .unitRange, pass: nil)
        #expect(y[6] == AffineQuantization.unitRange.dequantize(AffineQuantization.unitRange.quantize(0.7)) && y[0] == -128 / 127)
        #expect(q.observed["h"] == nil)
    }

    @Test func theRangesAreAMovingAverageOfTheBatchRanges() {
        var t = Self.tracker(["a": (-2, 4)])
        #expect(t.low["a"] == -2 && t.high["a"] == 4)
        t.update(["a": ObservedRange(low: 0, high: 8), "b": ObservedRange(low: -1, high: 1)])
        #expect(abs(t.low["a"]! - (-1.98)) < 1e-6 && abs(t.high["a"]! - 4.04) < 1e-6)
        #expect(t.low["b"] == -1 && t.high["b"] == 1)
        #expect(t.ranges.low == t.low && t.ranges.high == t.high)
    }

    /// The straight-through estimator: a clipped logit passes no gradient to
    /// the classifier's bias; the others do.
    @Test func clippedActivationsPassNoGradient() throws {
        let config = TrainingTests.tinyConfig(multiLabel: false)
        let network = PRADONetwork(config: config, dropout: 0)
        let params = network.layout.flatten(try FloatModel.random(config: config, seed: 5).layers)
        let plan = try ProjectionPlan(config.projection)
        let ws = ProjectionWorkspace()
        try ProjectionVariants.reference.project("the quick brown fox jumps over a dog", plan: plan, workspace: ws)
        let x = ws.featureArray, rows = ws.rows
        let scratch = network.makeScratch(maxRows: rows)
        func run(quantized: Bool, limit: Float) -> (logits: [Float], biasGradient: [Float]) {
            var rng = SplitMix64(seed: 1)
            scratch.activations.begin(Self.tracker(["logits": (-limit, limit)]), enabled: quantized, training: false)
            var grad = [Float](repeating: 0, count: network.layout.count)
            var d = [Float](repeating: 0, count: network.classes)
            var logits: [Float] = []
            params.withUnsafeBufferPointer { p in
                x.withUnsafeBufferPointer { xb in
                    let l = network.forward(p.baseAddress!, xb.baseAddress!, rows: rows, scratch, train: false, rng: &rng)
                    logits = Array(l)
                    d.withUnsafeMutableBufferPointer { db in
                        _ = lossGradient(l, labels: [1], multiLabel: false, db.baseAddress!)
                        grad.withUnsafeMutableBufferPointer {
                            network.backward(p.baseAddress!, xb.baseAddress!, rows: rows, scratch, dlogits: db.baseAddress!, grad: $0.baseAddress!)
                        }
                    }
                }
            }
            let b = network.layout.biasOffsets["classifier"]!
            return (logits, Array(grad[b..<(b + network.classes)]))
        }
        let raw = run(quantized: false, limit: 1).logits
        let sorted = raw.map(abs).sorted()
        // A range that clips the largest logit but not the smallest.
        let limit = (sorted[0] + sorted[sorted.count - 1]) / 2
        let grid = try AffineQuantization.covering(low: -limit, high: limit)
        let (logits, biasGradient) = run(quantized: true, limit: limit)
        var clipped = 0
        for c in 0..<network.classes {
            let inside = raw[c] >= grid.dequantize(-128) && raw[c] <= grid.dequantize(127)
            #expect(logits[c] == grid.dequantize(grid.quantize(raw[c])))
            if inside { #expect(biasGradient[c] != 0, "class \(c)") } else { #expect(biasGradient[c] == 0, "class \(c)"); clipped += 1 }
        }
        #expect(clipped >= 1 && clipped < network.classes)
    }

    enum Arch: CaseIterable { case prado, pqrnn, sgnn }

    /// A run with quantization-aware training of weights and activations
    /// learns, exports every tracked range as the int8 model's quantization,
    /// and its int8 model agrees with its float one.
    @Test(arguments: Arch.allCases) func trainingOnTheActivationGridExportsItsRanges(_ arch: Arch) throws {
        var options = TrainingTests.toyOptions(dropout: 0.1)
        options.qatFromEpoch = 2
        options.qatActivations = true
        let train = TrainingTests.toyExamples(600, seed: 1), dev = TrainingTests.toyExamples(100, seed: 3)
        let test = TrainingTests.toyExamples(200, seed: 2)
        let labels = ["pos", "neg", "question"]
        func covering(_ r: ActivationRanges, _ name: String) throws -> AffineQuantization {
            try AffineQuantization.covering(low: #require(r.low[name]), high: #require(r.high[name]))
        }
        let metrics: SplitMetrics, ranges: ActivationRanges
        switch arch {
        case .prado:
            let config = PRADOConfig(labels: labels, projection: ProjectionOptions(featureSize: 64), maxSeqLen: 16, embedding: 16,
                                     heads: [PRADOHead(n: 2, channels: 8), PRADOHead(n: 3, channels: 8)])
            let result = try TrainingRun.prado(config: config, train: train, dev: dev, options: options, metric: .accuracy,
                                               log: TrainingTests.Quiet())
            guard let trained = result.activationRanges else { Issue.record("no ranges were trained"); return }
            ranges = trained
            for name in ["values", "keys", "head0.values", "head0.keys", "head1.values", "head1.keys"] {
                #expect(try result.int8[name].quantization.output(0) == covering(ranges, name), "\(name)")
            }
            #expect(try result.int8["classifier"].quantization.input == covering(ranges, "pooled"))
            #expect(try result.int8["classifier"].quantization.output(0) == covering(ranges, "logits"))
            metrics = try TrainingRun.evaluate(result, test)
        case .pqrnn:
            let config = PQRNNConfig(labels: labels, projection: ProjectionOptions(featureSize: 64), maxSeqLen: 16, bottleneck: 16,
                                     state: 12, layers: 1)
            let result = try TrainingRun.pqrnn(config: config, train: train, dev: dev, options: options, metric: .accuracy,
                                               log: TrainingTests.Quiet())
            guard let trained = result.activationRanges else { Issue.record("no ranges were trained"); return }
            ranges = trained
            #expect(try result.int8["bottleneck"].quantization.output(0) == covering(ranges, "bottleneck"))
            for d in QRNNDirection.allCases {
                let name = PQRNNConfig.gatesName(0, d)
                for (g, gate) in ["z", "f", "o"].enumerated() {
                    #expect(try result.int8[name].quantization.output(g * 12 + 5) == covering(ranges, name + "." + gate), "\(name).\(gate)")
                }
            }
            #expect(try result.int8["attention"].quantization.output(0) == covering(ranges, "attention"))
            #expect(try result.int8["classifier"].quantization.output(0) == covering(ranges, "logits"))
            metrics = try TrainingRun.evaluate(result, test)
        case .sgnn:
            let config = SGNNConfig(labels: labels, seeds: (1...120).map { Int32($0 &* 104_729 % 65_521) | 1 }, ngramOrder: 3,
                                    hidden: [32, 16])
            var sgnnOptions = options   // as the plain SGNN test: more epochs, a higher rate, no dropout
            sgnnOptions.epochs = 6
            sgnnOptions.learningRate = 1e-2
            sgnnOptions.dropout = 0
            let result = try TrainingRun.sgnn(config: config, train: train, dev: dev, options: sgnnOptions, metric: .accuracy,
                                              log: TrainingTests.Quiet())
            guard let trained = result.activationRanges else { Issue.record("no ranges were trained"); return }
            ranges = trained
            for (i, q) in result.int8.quantization.enumerated() {
                #expect(try AffineQuantization(scale: q.inputScale, zeroPoint: q.inputZeroPoint) == covering(ranges, "\(i)"))
                #expect(try AffineQuantization(scale: q.outputScale, zeroPoint: q.outputZeroPoint) == covering(ranges, "\(i + 1)"))
            }
            metrics = try TrainingRun.evaluate(result, test)
        }
        #expect(metrics.float.accuracy > (arch == .sgnn ? 0.8 : 0.9), "float \(metrics.float.accuracy)")
        #expect(abs(metrics.int8.accuracy - metrics.float.accuracy) <= 0.03, "int8 \(metrics.int8.accuracy) vs float \(metrics.float.accuracy)")
    }
}
