import Foundation
import TernKernels

// Bench suites: attention. Registered in `BenchSuites.kernelSuites`.
extension BenchSuites {
    static let attention = BenchSuite(name: "attention", summary: "attention pooling: PRADO per channel C=64, pQRNN scalar logit D=256") { ctx in
        let p = AttentionPooling(logits: try AffineQuantization(scale: 0.05, zeroPoint: 0),
                                 values: try AffineQuantization(scale: 0.02, zeroPoint: 1),
                                 output: try AffineQuantization(scale: 0.02, zeroPoint: 0))
        let c = 64, d = 256
        var out: [BenchCase] = []
        for t in ctx.seqLens {
            let logits = ctx.bytes(t * d), values = ctx.bytes(t * d)
            let y = ctx.buffer(Int8.self, d)
            for v in AttentionVariants.available {
                out.append(BenchCase(family: "attention_per_channel", variant: v.id, isa: v.isa.description,
                                     isReference: v.isReference, shape: "C=\(c)", seqLen: t, macs: 0,
                                     bytes: 2 * t * c + c, bound: .memory) {
                    v.perChannel(p, logits: logits, values: values, length: t, channels: c, y)
                })
                out.append(BenchCase(family: "attention_scalar_logit", variant: v.id, isa: v.isa.description,
                                     isReference: v.isReference, shape: "D=\(d)", seqLen: t, macs: 0,
                                     bytes: t + t * d + d, bound: .memory) {
                    v.scalarLogit(p, logits: logits, values: values, length: t, channels: d, y)
                })
            }
        }
        return out
    }
}
