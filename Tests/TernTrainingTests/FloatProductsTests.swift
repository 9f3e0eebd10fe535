import Foundation
import Testing
@testable import TernKernels
@testable import TernModels
@testable import TernTraining

/// The trainer's two float-product paths (the project's loops, OpenBLAS's
/// sgemm) against each other. Tolerance: they sum in different orders, so
/// results agree to 1e-5 relative (plus 1e-5 absolute), not bit for bit.
@Suite struct FloatProductsTests {
    static func random(_ n: Int, _ rng: inout SplitMix64, zeros: Bool = false) -> [Float] {
        (0..<n).map { _ in
            let v = Float(Int(rng.next() % 2001) - 1000) / 1000
            return zeros && v < 0 ? 0 : v   // ReLU-like inputs: the loops skip zeros, sgemm does not
        }
    }

    static func expectClose(_ a: [Float], _ b: [Float], _ what: String) {
        #expect(a.count == b.count)
        var worst: Float = 0
        for (x, y) in zip(a, b) { worst = max(worst, abs(x - y) / (1e-5 + 1e-5 * max(abs(x), abs(y)))) }
        #expect(worst <= 1, "\(what): off by \(worst) times the tolerance")
    }

    static let shapes: [LayerShape] = [
        LayerShape(name: "gates", inputs: 24, outputs: 36, width: 3, taps: [true, true, true], padding: .causal),
        LayerShape(name: "trigram", inputs: 16, outputs: 8, width: 3, taps: [true, true, true], padding: .anticausal),
        LayerShape(name: "skip", inputs: 16, outputs: 8, width: 4, taps: [true, false, false, true], padding: .anticausal),
        LayerShape(name: "dense", inputs: 20, outputs: 3, width: 1, taps: [true], padding: .anticausal),
    ]

    @Test(arguments: shapes, [1, 2, 7, 40]) func sgemmGivesTheLoopsProducts(_ s: LayerShape, rows: Int) {
        var rng = SplitMix64(seed: UInt64(rows * 31 + s.width))
        let w = Self.random(s.weightCount, &rng), b = Self.random(s.outputs, &rng)
        let x = Self.random(rows * s.inputs, &rng, zeros: true), dy = Self.random(rows * s.outputs, &rng)
        func run(_ products: FloatProducts) -> (y: [Float], dw: [Float], db: [Float], dx: [Float]) {
            var y = [Float](repeating: 0, count: rows * s.outputs)
            var dw = [Float](repeating: 0.5, count: s.weightCount), db = [Float](repeating: 0.25, count: s.outputs)
            var dx = [Float](repeating: -0.5, count: rows * s.inputs)   // both accumulate into what is there
            products.convForward(s, w, b, x, rows: rows, &y)
            products.convBackward(s, w, x, rows: rows, dy, &dw, &db, &dx)
            return (y, dw, db, dx)
        }
        let loops = run(.loops), blas = run(.openblas)
        Self.expectClose(blas.y, loops.y, "\(s.name) y, T \(rows)")
        // Masked taps (skip-grams) keep a zero gradient in both.
        Self.expectClose(blas.dw, loops.dw, "\(s.name) dW, T \(rows)")
        Self.expectClose(blas.db, loops.db, "\(s.name) db, T \(rows)")
        Self.expectClose(blas.dx, loops.dx, "\(s.name) dx, T \(rows)")
    }

    /// A tiny pQRNN trains with sgemm: it learns, its int8 model agrees, and the same seed gives the same model.
    @Test func aRunOnOpenBLASLearnsAndRepeats() throws {
        let config = PQRNNConfig(labels: ["pos", "neg", "question"], projection: ProjectionOptions(featureSize: 64), maxSeqLen: 16,
                                 bottleneck: 16, state: 12, layers: 1)
        var options = TrainingTests.toyOptions(dropout: 0)
        options.floatProducts = .openblas
        let train = TrainingTests.toyExamples(600, seed: 1), dev = TrainingTests.toyExamples(100, seed: 3)
        let result = try TrainingRun.pqrnn(config: config, train: train, dev: dev, options: options, metric: .accuracy,
                                           log: TrainingTests.Quiet())
        let m = try TrainingRun.evaluate(result, TrainingTests.toyExamples(200, seed: 2))
        #expect(m.float.accuracy > 0.9 && abs(m.int8.accuracy - m.float.accuracy) <= 0.03, "float \(m.float.accuracy), int8 \(m.int8.accuracy)")
        let again = try TrainingRun.pqrnn(config: config, train: train, dev: dev, options: options, metric: .accuracy,
                                          log: TrainingTests.Quiet())
        #expect(again.float.layers["classifier"]!.weights == result.float.layers["classifier"]!.weights)
    }
}
