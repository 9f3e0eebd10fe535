import Foundation
import TernKernels
import TernModels

/// pQRNN's training graph: ternary projection -> bottleneck (ReLU, dropout)
/// -> L bidirectional QRNN layers (gate convolutions, fo-pooling) ->
/// attention pooling with a ReLU logit -> classifier. ../shared/spec/models.md.
/// Training only: dropout on the bottleneck, and zoneout on the pooling.
public struct PQRNNNetwork: ProjectionNetwork {
    public let config: PQRNNConfig
    public let layout: ParameterLayout
    public let dropout: Float
    /// Zoneout probability p: in training, each state element of layer l
    /// (0-based) keeps its old value with probability p^(l+1) (f := 1, so
    /// (1 - f) z adds nothing), as the reference does.
    public let zoneout: Float

    public let products: FloatProducts

    public init(config: PQRNNConfig, dropout: Float, zoneout: Float = 0, batchNorm: Bool = false, products: FloatProducts = .loops) {
        self.config = config
        layout = ParameterLayout(config.layerShapes, batchNorm: batchNorm)
        self.dropout = dropout
        self.zoneout = zoneout
        self.products = products
    }

    public final class Scratch: NetworkScratch {
        let bottleneck, bottleneckMask, dBottleneck: FloatBuffer
        /// Per layer: the output h [T, 2S] and its gradient.
        let h, dh: [FloatBuffer]
        /// Per layer and direction: gate pre-activations [T, 3S] (then their
        /// gradients), activated z, f, o and the state c, [T, S] each.
        let gates, z, f, o, c: [[FloatBuffer]]
        let attention, alpha: FloatBuffer
        let pooled, dPooled, logits, dAttention: FloatBuffer
        /// Fake quantization's pass masks (1 inside the grid's range): per layer and direction
        /// for the gate pre-activations [T, 3S]; the attention logits; the logits; and the masked logit gradient.
        let passGates: [[FloatBuffer]]
        let passAttention, passLogits, dLogits: FloatBuffer

        init(_ cfg: PQRNNConfig, rows t: Int) {
            let s = cfg.state
            bottleneck = FloatBuffer(t * cfg.bottleneck); bottleneckMask = FloatBuffer(t * cfg.bottleneck)
            dBottleneck = FloatBuffer(t * cfg.bottleneck)
            h = (0..<cfg.layers).map { _ in FloatBuffer(t * 2 * s) }
            dh = (0..<cfg.layers).map { _ in FloatBuffer(t * 2 * s) }
            func perDirection(_ n: Int) -> [[FloatBuffer]] { (0..<cfg.layers).map { _ in [FloatBuffer(n), FloatBuffer(n)] } }
            gates = perDirection(t * 3 * s); z = perDirection(t * s); f = perDirection(t * s); o = perDirection(t * s)
            c = perDirection(t * s)
            attention = FloatBuffer(t); alpha = FloatBuffer(t); dAttention = FloatBuffer(t)
            pooled = FloatBuffer(2 * s); dPooled = FloatBuffer(2 * s); logits = FloatBuffer(cfg.labels.count)
            passGates = perDirection(t * 3 * s)
            passAttention = FloatBuffer(t); passLogits = FloatBuffer(cfg.labels.count); dLogits = FloatBuffer(cfg.labels.count)
        }
    }

    public func makeScratch(maxRows: Int) -> Scratch { Scratch(config, rows: maxRows) }

    func shape(_ name: String) -> LayerShape { layout.shapes.first { $0.name == name }! }
    func w(_ p: UnsafePointer<Float>, _ name: String) -> UnsafePointer<Float> { p + layout.weightOffsets[name]! }
    func b(_ p: UnsafePointer<Float>, _ name: String) -> UnsafePointer<Float> { p + layout.biasOffsets[name]! }

    public func forward(_ p: UnsafePointer<Float>, _ x: UnsafePointer<Int8>, rows t: Int, _ sc: Scratch, train: Bool,
                        rng: inout SplitMix64) -> UnsafeMutableBufferPointer<Float> {
        let s = config.state, bw = config.bottleneck
        ternaryDenseForward(shape("bottleneck"), w(p, "bottleneck"), b(p, "bottleneck"), x, rows: t, sc.bottleneck.pointer)
        // Batch norm before the ReLU, as the spec's rule for "BN" has it, so it folds into the bottleneck itself.
        layout.normalize(sc, p, [("bottleneck", sc.bottleneck.pointer, t, bw)])
        reluDropout(sc.bottleneck.pointer, sc.bottleneckMask.pointer, count: t * bw, dropout: dropout, train: train, rng: &rng,
                    quantizer: sc.activations, name: "bottleneck")
        var input = UnsafePointer(sc.bottleneck.pointer)
        for l in 0..<config.layers {
            let out = sc.h[l].pointer
            // Keep-state draws compare 24 random bits with p^(l+1) * 2^24.
            let keepBelow = train && zoneout > 0 ? UInt64(Foundation.pow(Double(zoneout), Double(l + 1)) * 0x1p24) : 0
            let names = QRNNDirection.allCases.map { PQRNNConfig.gatesName(l, $0) }
            for d in 0..<2 {
                products.convForward(shape(names[d]), w(p, names[d]), b(p, names[d]), input, rows: t, sc.gates[l][d].pointer)
            }
            // Both directions' gates meet the batch together (batch norm).
            layout.normalize(sc, p, (0..<2).map { (names[$0], sc.gates[l][$0].pointer, t, 3 * s) })
            for d in 0..<2 {
                let name = names[d]
                let g = sc.gates[l][d].pointer
                // The engine quantizes each gate's pre-activations with one range per gate.
                for (i, gate) in ["z", "f", "o"].enumerated() {
                    sc.activations.fakeQuantize(name + "." + gate, g + i * s, rows: t, width: s, stride: 3 * s,
                                                pass: sc.passGates[l][d].pointer + i * s)
                }
                let z = sc.z[l][d].pointer, f = sc.f[l][d].pointer, o = sc.o[l][d].pointer, c = sc.c[l][d].pointer
                for step in 0..<t {
                    let tt = d == 0 ? step : t - 1 - step
                    let prev: UnsafeMutablePointer<Float>? = step == 0 ? nil : c + (d == 0 ? tt - 1 : tt + 1) * s
                    for j in 0..<s {
                        let zj = Foundation.tanh(g[tt * 3 * s + j])
                        var fj = sigmoid(g[tt * 3 * s + s + j])
                        let oj = sigmoid(g[tt * 3 * s + 2 * s + j])
                        // A zoned-out element stores f = 1: the backward pass's f (1 - f) and
                        // (1 - f) factors then give the zero gradient that the kept state has.
                        if keepBelow > 0 && rng.next() >> 40 < keepBelow { fj = 1 }
                        let cj = fj * (prev?[j] ?? 0) + (1 - fj) * zj
                        z[tt * s + j] = zj; f[tt * s + j] = fj; o[tt * s + j] = oj; c[tt * s + j] = cj
                        out[tt * 2 * s + d * s + j] = oj * cj
                    }
                }
            }
            // h = o c lies in [-1, 1], the fixed range the engine quantizes it to: nothing clips.
            sc.activations.fakeQuantize("qrnn\(l).h", out, count: t * 2 * s, fixed: .unitRange, pass: nil)
            input = UnsafePointer(out)
        }
        let hLast = sc.h[config.layers - 1].pointer
        products.convForward(shape("attention"), w(p, "attention"), b(p, "attention"), hLast, rows: t, sc.attention.pointer)
        layout.normalize(sc, p, [("attention", sc.attention.pointer, t, 1)])
        sc.activations.fakeQuantize("attention", sc.attention.pointer, count: t, relu: true, pass: sc.passAttention.pointer)
        var m = -Float.infinity
        for i in 0..<t { sc.attention.pointer[i] = max(0, sc.attention.pointer[i]); m = max(m, sc.attention.pointer[i]) }
        var sum: Float = 0
        for i in 0..<t { sc.alpha.pointer[i] = Foundation.exp(sc.attention.pointer[i] - m); sum += sc.alpha.pointer[i] }
        sc.pooled.zero(2 * s)
        for i in 0..<t {
            sc.alpha.pointer[i] /= sum
            for j in 0..<(2 * s) { sc.pooled.pointer[j] += sc.alpha.pointer[i] * hLast[i * 2 * s + j] }
        }
        sc.activations.fakeQuantize("pooled", sc.pooled.pointer, count: 2 * s, fixed: .unitRange, pass: nil)
        products.convForward(shape("classifier"), w(p, "classifier"), b(p, "classifier"), sc.pooled.pointer, rows: 1, sc.logits.pointer)
        layout.normalize(sc, p, [("classifier", sc.logits.pointer, 1, classes)])
        sc.activations.fakeQuantize("logits", sc.logits.pointer, count: classes, pass: sc.passLogits.pointer)
        return UnsafeMutableBufferPointer(start: sc.logits.pointer, count: classes)
    }

    public func backward(_ p: UnsafePointer<Float>, _ x: UnsafePointer<Int8>, rows t: Int, _ sc: Scratch,
                         dlogits: UnsafePointer<Float>, grad gr: UnsafeMutablePointer<Float>) {
        let s = config.state, l2 = 2 * s
        func gw(_ name: String) -> UnsafeMutablePointer<Float> { gr + layout.weightOffsets[name]! }
        func gb(_ name: String) -> UnsafeMutablePointer<Float> { gr + layout.biasOffsets[name]! }
        sc.dPooled.zero(l2)
        sc.dLogits.pointer.update(from: dlogits, count: classes)
        applyPass(sc.dLogits.pointer, sc.passLogits.pointer, count: classes, sc.activations)
        layout.normalizeBackward(sc, p, gr, [("classifier", sc.dLogits.pointer, 1, classes)])
        products.convBackward(shape("classifier"), w(p, "classifier"), sc.pooled.pointer, rows: 1, sc.dLogits.pointer, gw("classifier"),
                     gb("classifier"), sc.dPooled.pointer)
        let last = config.layers - 1
        let hLast = sc.h[last].pointer, dhLast = sc.dh[last].pointer
        dhLast.update(repeating: 0, count: t * l2)
        // pooled = sum_t alpha_t h_t, alpha = softmax(a): da_t = alpha_t (h_t . dp - sum_s alpha_s h_s . dp).
        var mean: Float = 0
        for i in 0..<t {
            var dot: Float = 0
            for j in 0..<l2 {
                dot += hLast[i * l2 + j] * sc.dPooled.pointer[j]
                dhLast[i * l2 + j] += sc.alpha.pointer[i] * sc.dPooled.pointer[j]
            }
            sc.dAttention.pointer[i] = dot
            mean += sc.alpha.pointer[i] * dot
        }
        for i in 0..<t {
            let da = sc.alpha.pointer[i] * (sc.dAttention.pointer[i] - mean)
            sc.dAttention.pointer[i] = sc.attention.pointer[i] > 0 ? da : 0
        }
        applyPass(sc.dAttention.pointer, sc.passAttention.pointer, count: t, sc.activations)
        layout.normalizeBackward(sc, p, gr, [("attention", sc.dAttention.pointer, t, 1)])
        products.convBackward(shape("attention"), w(p, "attention"), hLast, rows: t, sc.dAttention.pointer, gw("attention"), gb("attention"), dhLast)
        for l in stride(from: last, through: 0, by: -1) {
            let dh = sc.dh[l].pointer
            let input = l == 0 ? sc.bottleneck.pointer : sc.h[l - 1].pointer
            let dInput = l == 0 ? sc.dBottleneck.pointer : sc.dh[l - 1].pointer
            dInput.update(repeating: 0, count: t * (l == 0 ? config.bottleneck : l2))
            for d in 0..<2 {
                let dg = sc.gates[l][d].pointer   // the pre-activations are not needed any more: their gradients go here
                let z = sc.z[l][d].pointer, f = sc.f[l][d].pointer, o = sc.o[l][d].pointer, c = sc.c[l][d].pointer
                var carry = [Float](repeating: 0, count: s)
                for step in stride(from: t - 1, through: 0, by: -1) {
                    let tt = d == 0 ? step : t - 1 - step
                    let prev: UnsafeMutablePointer<Float>? = step == 0 ? nil : c + (d == 0 ? tt - 1 : tt + 1) * s
                    for j in 0..<s {
                        let k = tt * s + j
                        let dhj = dh[tt * l2 + d * s + j]
                        let dc = dhj * o[k] + carry[j]
                        let cPrev = prev?[j] ?? 0
                        dg[tt * 3 * s + 2 * s + j] = dhj * c[k] * o[k] * (1 - o[k])
                        dg[tt * 3 * s + s + j] = dc * (cPrev - z[k]) * f[k] * (1 - f[k])
                        dg[tt * 3 * s + j] = dc * (1 - f[k]) * (1 - z[k] * z[k])
                        carry[j] = dc * f[k]
                    }
                }
                applyPass(dg, sc.passGates[l][d].pointer, count: t * 3 * s, sc.activations)
            }
            let names = QRNNDirection.allCases.map { PQRNNConfig.gatesName(l, $0) }
            layout.normalizeBackward(sc, p, gr, (0..<2).map { (names[$0], sc.gates[l][$0].pointer, t, 3 * s) })
            for d in 0..<2 {
                products.convBackward(shape(names[d]), w(p, names[d]), input, rows: t, sc.gates[l][d].pointer, gw(names[d]), gb(names[d]), dInput)
            }
        }
        for i in 0..<(t * config.bottleneck) { sc.dBottleneck.pointer[i] *= sc.bottleneckMask.pointer[i] }
        layout.normalizeBackward(sc, p, gr, [("bottleneck", sc.dBottleneck.pointer, t, config.bottleneck)])
        ternaryDenseBackward(shape("bottleneck"), x, rows: t, sc.dBottleneck.pointer, gw("bottleneck"), gb("bottleneck"))
    }
}

@inline(__always) func sigmoid(_ x: Float) -> Float { 1 / (1 + Foundation.exp(-x)) }
