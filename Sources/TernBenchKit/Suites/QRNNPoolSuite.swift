import Foundation
import TernKernels

// Bench suites: QRNN pooling. Registered in `BenchSuites.kernelSuites`.
extension BenchSuites {
    static let qrnnPool = BenchSuite(name: "qrnn_pool", summary: "QRNN fo-pooling, S=128, activated and pre-activation gates") { ctx in
        let s = 128
        var out: [BenchCase] = []
        for t in ctx.seqLens {
            let g = ctx.bytes(t * 3 * s)
            let y = ctx.buffer(Int8.self, t * s)
            for mode in QRNNGateInput.allCases {
                let q = try AffineQuantization(scale: mode == .activated ? 1.0 / 127 : 0.05, zeroPoint: 0)
                let p = try QRNNPooling(channels: s, z: q, f: q, o: q, gateInput: mode,
                                        output: try AffineQuantization(scale: 1.0 / 127, zeroPoint: 0))
                // Per step: 3S gate bytes in, S bytes out, the float state read and written.
                out += QRNNPoolVariants.available.map { v in
                    BenchCase(family: "qrnn_pool_\(mode == .activated ? "activated" : "preactivation")", variant: v.id,
                              isa: v.isa.description, isReference: v.isReference, shape: "S=\(s) forward", seqLen: t,
                              macs: 0, bytes: t * (3 * s + s + 8 * s), bound: .memory) {
                        v.run(p, g, rows: t, length: t, direction: .forward, y)
                    }
                }
            }
        }
        return out
    }
}
