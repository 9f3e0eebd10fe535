import Foundation
import Testing
@testable import TernKernels
@testable import TernModels
@testable import TernTraining

/// Batch normalization: its gradient (with the batch terms) against finite
/// differences of a whole batch's loss, the fold at export, and training
/// with it end to end.
@Suite struct BatchNormTests {
    static let labels = ["pos", "neg", "question"]
    static let prado = PRADOConfig(labels: labels, projection: ProjectionOptions(featureSize: 64), maxSeqLen: 16, embedding: 8,
                                   heads: [PRADOHead(n: 2, channels: 4), PRADOHead(n: 3, channels: 3)])
    static let pqrnn = PQRNNConfig(labels: labels, projection: ProjectionOptions(featureSize: 64), maxSeqLen: 16, bottleneck: 8,
                                   state: 5, layers: 2)

    enum Arch: CaseIterable { case prado, pqrnn }

    /// Central differences of the summed loss of a batch of five examples
    /// (the statistics couple them) against the trainer's gradient: every
    /// γ and β, every bias and a sample of every layer's weights.
    func checkGradients<N: ProjectionNetwork>(_ network: N, _ config: N.Config) throws {
        var options = TrainingOptions()
        options.batchNorm = true
        options.batchSize = 5
        options.threads = 2
        options.distortion = 0
        var params = network.layout.flatten(try FloatModel.random(config: config, seed: 5).layers)
        // γ and β away from 1 and 0, so their own gradients are tested, not only the identity's.
        var pick = SplitMix64(seed: 11)
        // In layer order: a dictionary's order changes from process to process, and so would the values.
        for shape in network.layout.shapes {
            let g = network.layout.normOffsets[shape.name]!
            for i in 0..<(2 * shape.outputs) { params[g + i] += Float(Int(pick.next() % 200) - 100) / 250 }
        }
        let trainer = Trainer(network: network, initial: params, options: options)
        let batch = TrainingTests.toyExamples(5, seed: 21)
        let (_, grad) = try trainer.lossAndGradient(batch, parameters: params)
        let (checked, missed) = try TrainingTests.centralDifferences(network.layout, params: &params, grad: grad, step: 2e-3,
                                                                     absolute: 3e-3, indices: { shape in
            let w = network.layout.weightOffsets[shape.name]!, b = network.layout.biasOffsets[shape.name]!
            let g = network.layout.normOffsets[shape.name]!
            return (0..<10).map { _ in w + Int(pick.next() % UInt64(shape.weightCount)) } + (b..<(b + min(shape.outputs, 6)))
                + (g..<(g + 2 * min(shape.outputs, 8)))
        }, loss: { try trainer.lossAndGradient(batch, parameters: $0).loss })
        #expect(checked >= 20 * network.layout.shapes.count)
        #expect(Double(missed) <= 0.02 * Double(checked), "\(missed) of \(checked) gradients disagree")
    }

    @Test(arguments: Arch.allCases) func gradientsThroughTheBatchStatisticsMatchFiniteDifferences(_ arch: Arch) throws {
        switch arch {
        case .prado: try checkGradients(PRADONetwork(config: Self.prado, dropout: 0, batchNorm: true), Self.prado)
        case .pqrnn: try checkGradients(PQRNNNetwork(config: Self.pqrnn, dropout: 0, batchNorm: true), Self.pqrnn)
        }
    }

    @Test func theFoldIsTheNormalizationOnTheMovingStatistics() throws {
        let layout = ParameterLayout(Self.prado.layerShapes, batchNorm: true)
        var rng = SplitMix64(seed: 3)
        var values = (0..<layout.count).map { _ in Float(Int(rng.next() % 2000) - 1000) / 1000 }
        for (name, g) in layout.normOffsets {
            let n = layout.shapes.first { $0.name == name }!.outputs
            for i in 0..<n { values[g + i] = 0.5 + Float(i) / 10 }
        }
        var statistics = BatchNormStatistics()
        var batch: [String: (mean: [Float], variance: [Float])] = [:]
        for s in layout.shapes {
            let mean: [Float] = (0..<s.outputs).map { Float($0) / 7 - 0.3 }
            let variance: [Float] = (0..<s.outputs).map { 0.2 + Float($0) / 5 }
            batch[s.name] = (mean, variance)
        }
        statistics.update(batch)
        let folded = try layout.layers(values, statistics: statistics)
        for s in layout.shapes {
            let layer = folded[s.name]!, g = layout.normOffsets[s.name]!
            let w = layout.weightOffsets[s.name]!, b = layout.biasOffsets[s.name]!
            for c in 0..<s.outputs {
                let scale = values[g + c] / (statistics.variance[s.name]![c] + BatchNormStatistics.epsilon).squareRoot()
                let expectedBias = (values[b + c] - statistics.mean[s.name]![c]) * scale + values[g + s.outputs + c]
                #expect(abs(layer.bias[c] - expectedBias) <= 1e-5 * max(1, abs(expectedBias)))
                #expect(abs(layer.weights[c] - values[w + c] * scale) <= 1e-6 * max(1, abs(values[w + c] * scale)))
            }
        }
    }

    /// Trained with batch norm, the exported (folded) float model gives the
    /// trainer's inference scores, its int8 model agrees, and the model does
    /// not depend on the thread count (each example has its worker, the
    /// statistics are summed in example order).
    @Test(arguments: Arch.allCases) func trainingWithBatchNormLearnsAndFolds(_ arch: Arch) throws {
        var options = TrainingTests.toyOptions(dropout: 0.1)
        options.batchNorm = true
        let train = TrainingTests.toyExamples(600, seed: 1), dev = TrainingTests.toyExamples(100, seed: 3)
        let test = TrainingTests.toyExamples(200, seed: 2)
        var single = options
        single.threads = 1
        let metrics: SplitMetrics
        switch arch {
        case .prado:
            let result = try TrainingRun.prado(config: Self.prado, train: train, dev: dev, options: options, metric: .accuracy,
                                               log: TrainingTests.Quiet())
            // The folded model gives the trainer's scores (batch norm on its moving statistics); folding rounds differently.
            try TrainingTests.expectSameScores(test.prefix(20).map(\.text), fast: result.floatPredict, reference: result.float.logits,
                                               tolerance: 1e-4)
            let again = try TrainingRun.prado(config: Self.prado, train: train, dev: dev, options: single, metric: .accuracy,
                                              log: TrainingTests.Quiet())
            #expect(again.float.layers["classifier"]!.weights == result.float.layers["classifier"]!.weights)
            metrics = try TrainingRun.evaluate(result, test)
        case .pqrnn:
            let result = try TrainingRun.pqrnn(config: Self.pqrnn, train: train, dev: dev, options: options, metric: .accuracy,
                                               log: TrainingTests.Quiet())
            // The folded model gives the trainer's scores (batch norm on its moving statistics); folding rounds differently.
            try TrainingTests.expectSameScores(test.prefix(20).map(\.text), fast: result.floatPredict, reference: result.float.logits,
                                               tolerance: 1e-4)
            metrics = try TrainingRun.evaluate(result, test)
        }
        #expect(metrics.float.accuracy > 0.9, "float \(metrics.float.accuracy)")
        #expect(abs(metrics.int8.accuracy - metrics.float.accuracy) <= 0.03, "int8 \(metrics.int8.accuracy) vs float \(metrics.float.accuracy)")
    }

    /// The chain rule through the fold that quantization-aware training uses:
    /// for L = r · folded(values), unfoldGradient(r) is L's gradient.
    @Test func theFoldsGradientMatchesFiniteDifferences() throws {
        let layout = ParameterLayout(Self.pqrnn.layerShapes, batchNorm: true)
        var rng = SplitMix64(seed: 8)
        func draw() -> Float { Float(Int(rng.next() % 2000) - 1000) / 1000 }
        var values = (0..<layout.count).map { _ in draw() }
        var batch: [String: (mean: [Float], variance: [Float])] = [:]
        for s in layout.shapes {
            let mean: [Float] = (0..<s.outputs).map { _ in draw() / 2 }
            let variance: [Float] = (0..<s.outputs).map { _ in 0.5 + abs(draw()) }
            batch[s.name] = (mean, variance)
        }
        var statistics = BatchNormStatistics()
        statistics.update(batch)
        let r = (0..<layout.count).map { _ in draw() }
        func loss(_ v: [Float]) -> Double {
            zip(layout.folded(v, statistics: statistics, quantize: false), r).reduce(0) { $0 + Double($1.0) * Double($1.1) }
        }
        let analytic = layout.unfoldGradient(r, values: values, statistics: statistics)
        var checked = 0
        for s in layout.shapes {
            let indices = [layout.weightOffsets[s.name]!, layout.weightOffsets[s.name]! + s.weightCount - 1, layout.biasOffsets[s.name]!,
                           layout.normOffsets[s.name]!, layout.normOffsets[s.name]! + s.outputs]
            for i in indices {
                let saved = values[i]
                values[i] = saved + 1e-2
                let up = loss(values)
                values[i] = saved - 1e-2
                let down = loss(values)
                values[i] = saved
                let numeric = Float((up - down) / 2e-2)
                #expect(abs(numeric - analytic[i]) <= 1e-3 + 1e-3 * abs(analytic[i]), "\(s.name)[\(i)]: \(analytic[i]) vs \(numeric)")
                checked += 1
            }
        }
        #expect(checked == 5 * layout.shapes.count)
    }

    /// Batch norm, then quantization-aware training from epoch 2: the
    /// normalization freezes and folds, the folded weights train on the grid,
    /// and the export (which folds the same way) agrees with the float model.
    @Test func quantizationAwareTrainingFoldsTheNormalization() throws {
        var options = TrainingTests.toyOptions(dropout: 0.1)
        options.batchNorm = true
        options.qatFromEpoch = 2
        options.qatActivations = true
        let result = try TrainingRun.prado(config: Self.prado, train: TrainingTests.toyExamples(600, seed: 1),
                                           dev: TrainingTests.toyExamples(100, seed: 3), options: options, metric: .accuracy,
                                           log: TrainingTests.Quiet())
        #expect(result.activationRanges != nil)
        let m = try TrainingRun.evaluate(result, TrainingTests.toyExamples(200, seed: 2))
        #expect(m.float.accuracy > 0.9, "float \(m.float.accuracy)")
        #expect(abs(m.int8.accuracy - m.float.accuracy) <= 0.02, "int8 \(m.int8.accuracy) vs float \(m.float.accuracy)")
    }
}
