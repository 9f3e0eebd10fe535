import Foundation
import TernBenchKit
import TernKernels
import TernModels
import TernTraining

// Bench suites: training's float products. Registered in `BenchSuites.all`.
extension BenchSuites {
    /// The trainer's float convolutions, forward and backward (dW, db, dx) of
    /// one example, on the project's loops (the reference row) and on
    /// OpenBLAS's sgemm: PRADO's trigram head (K 64 -> 64) and pQRNN's gates
    /// (K 64 -> 3 x 64, causal), on ReLU-like inputs (half zero), one thread
    /// (the trainer's threads split the batch). Float work, so no int8 peak share.
    static let trainingProducts = BenchSuite(name: "training_products",
                                             summary: "the trainer's float convolutions, forward + backward: loops vs OpenBLAS sgemm") { ctx in
        var out: [BenchCase] = []
        let shapes = [LayerShape(name: "prado-trigram", inputs: 64, outputs: 64, width: 3, taps: [true, true, true], padding: .anticausal),
                      LayerShape(name: "pqrnn-gates", inputs: 64, outputs: 192, width: 3, taps: [true, true, true], padding: .causal)]
        for s in shapes {
            for t in ctx.seqLens {
                var rng = ctx.rng
                func values(_ n: Int, zeros: Bool) -> UnsafeMutablePointer<Float> {
                    let p = ctx.buffer(Float.self, n)
                    for i in 0..<n { let v = Float(Int(rng.next() % 2001) - 1000) / 1000; p[i] = zeros && v < 0 ? 0 : v }
                    return p
                }
                let w = values(s.weightCount, zeros: false), b = values(s.outputs, zeros: false)
                let x = values(t * s.inputs, zeros: true), dy = values(t * s.outputs, zeros: false)
                let y = values(t * s.outputs, zeros: false), dw = values(s.weightCount, zeros: false)
                let db = values(s.outputs, zeros: false), dx = values(t * s.inputs, zeros: false)
                ctx.rng = rng
                for products in FloatProducts.allCases {
                    out.append(BenchCase(family: "training_products", variant: "train_conv_\(products.rawValue)", isa: products == .loops ? "swift" : "openblas",
                                         isReference: products == .loops, shape: "\(s.name) K=\(s.inputs) N=\(s.outputs) k=\(s.width)",
                                         seqLen: t, macs: 0, bytes: 4 * (2 * s.weightCount + 2 * t * (s.inputs + s.outputs)), bound: .compute,
                                         run: {
                                             products.convForward(s, w, b, x, rows: t, y)
                                             products.convBackward(s, w, x, rows: t, dy, dw, db, dx)
                                         }))
                }
            }
        }
        return out
    }
}
