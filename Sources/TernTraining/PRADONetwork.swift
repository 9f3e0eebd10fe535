import Foundation
import TernKernels
import TernModels

/// PRADO's training graph: ternary projection -> values and keys (ReLU,
/// dropout) -> per head value and key convolutions, per-channel softmax
/// over time -> classifier. ../shared/spec/models.md.
public struct PRADONetwork: ProjectionNetwork {
    public let config: PRADOConfig
    public let layout: ParameterLayout
    public let dropout: Float

    public let products: FloatProducts

    public init(config: PRADOConfig, dropout: Float, batchNorm: Bool = false, products: FloatProducts = .loops) {
        self.config = config
        layout = ParameterLayout(config.layerShapes, batchNorm: batchNorm)
        self.dropout = dropout
        self.products = products
    }

    public final class Scratch: NetworkScratch {
        let values, keys, valueMask, keyMask, dValues, dKeys: FloatBuffer
        let headV, headL, alpha, dV, dL: [FloatBuffer]
        let pooled, dPooled, logits: FloatBuffer
        /// Fake quantization's pass masks (1 inside the grid's range) and the masked logit gradient.
        let passV, passL: [FloatBuffer]
        let passPooled, passLogits, dLogits: FloatBuffer

        init(_ c: PRADOConfig, rows: Int) {
            let te = rows * c.embedding
            values = FloatBuffer(te); keys = FloatBuffer(te); valueMask = FloatBuffer(te); keyMask = FloatBuffer(te)
            dValues = FloatBuffer(te); dKeys = FloatBuffer(te)
            headV = c.heads.map { FloatBuffer(rows * $0.channels) }
            headL = c.heads.map { FloatBuffer(rows * $0.channels) }
            alpha = c.heads.map { FloatBuffer(rows * $0.channels) }
            dV = c.heads.map { FloatBuffer(rows * $0.channels) }
            dL = c.heads.map { FloatBuffer(rows * $0.channels) }
            pooled = FloatBuffer(c.pooledWidth); dPooled = FloatBuffer(c.pooledWidth); logits = FloatBuffer(c.labels.count)
            passV = c.heads.map { FloatBuffer(rows * $0.channels) }
            passL = c.heads.map { FloatBuffer(rows * $0.channels) }
            passPooled = FloatBuffer(c.pooledWidth); passLogits = FloatBuffer(c.labels.count); dLogits = FloatBuffer(c.labels.count)
        }
    }

    public func makeScratch(maxRows: Int) -> Scratch { Scratch(config, rows: maxRows) }

    func shape(_ name: String) -> LayerShape { layout.shapes.first { $0.name == name }! }

    /// The names of head h's two convolutions.
    static func headNames(_ h: Int) -> (values: String, keys: String) { ("head\(h).values", "head\(h).keys") }

    public func forward(_ p: UnsafePointer<Float>, _ x: UnsafePointer<Int8>, rows t: Int, _ s: Scratch, train: Bool,
                        rng: inout SplitMix64) -> UnsafeMutableBufferPointer<Float> {
        let e = config.embedding
        let embeddings = [("values", s.values, s.valueMask), ("keys", s.keys, s.keyMask)]
        for (name, out, _) in embeddings {
            ternaryDenseForward(shape(name), p + layout.weightOffsets[name]!, p + layout.biasOffsets[name]!, x, rows: t, out.pointer)
        }
        // Batch norm meets the batch once per depth: both embeddings, then every head's convolutions.
        layout.normalize(s, p, embeddings.map { ($0.0, $0.1.pointer, t, e) })
        for (name, out, mask) in embeddings {
            reluDropout(out.pointer, mask.pointer, count: t * e, dropout: dropout, train: train, rng: &rng, quantizer: s.activations,
                        name: name)
        }
        for h in config.heads.indices {
            let (vName, kName) = Self.headNames(h)
            products.convForward(shape(vName), p + layout.weightOffsets[vName]!, p + layout.biasOffsets[vName]!, s.values.pointer, rows: t,
                        s.headV[h].pointer)
            products.convForward(shape(kName), p + layout.weightOffsets[kName]!, p + layout.biasOffsets[kName]!, s.keys.pointer, rows: t,
                        s.headL[h].pointer)
        }
        layout.normalize(s, p, config.heads.indices.flatMap { h -> [NormalizedOutput] in
            let (vName, kName) = Self.headNames(h), ch = config.heads[h].channels
            return [(vName, s.headV[h].pointer, t, ch), (kName, s.headL[h].pointer, t, ch)]
        })
        var offset = 0
        for (h, head) in config.heads.enumerated() {
            let ch = head.channels
            let (vName, kName) = Self.headNames(h)
            s.activations.fakeQuantize(vName, s.headV[h].pointer, count: t * ch, pass: s.passV[h].pointer)
            s.activations.fakeQuantize(kName, s.headL[h].pointer, count: t * ch, pass: s.passL[h].pointer)
            let v = s.headV[h].pointer, l = s.headL[h].pointer, a = s.alpha[h].pointer
            for c in 0..<ch {
                var m = -Float.infinity
                for i in 0..<t { m = max(m, l[i * ch + c]) }
                var sum: Float = 0
                for i in 0..<t { let w = Foundation.exp(l[i * ch + c] - m); a[i * ch + c] = w; sum += w }
                var pooled: Float = 0
                for i in 0..<t { a[i * ch + c] /= sum; pooled += a[i * ch + c] * v[i * ch + c] }
                s.pooled.pointer[offset + c] = pooled
            }
            offset += ch
        }
        s.activations.fakeQuantize("pooled", s.pooled.pointer, count: config.pooledWidth, pass: s.passPooled.pointer)
        products.convForward(shape("classifier"), p + layout.weightOffsets["classifier"]!, p + layout.biasOffsets["classifier"]!,
                    s.pooled.pointer, rows: 1, s.logits.pointer)
        layout.normalize(s, p, [("classifier", s.logits.pointer, 1, classes)])
        s.activations.fakeQuantize("logits", s.logits.pointer, count: classes, pass: s.passLogits.pointer)
        return UnsafeMutableBufferPointer(start: s.logits.pointer, count: classes)
    }

    public func backward(_ p: UnsafePointer<Float>, _ x: UnsafePointer<Int8>, rows t: Int, _ s: Scratch,
                         dlogits: UnsafePointer<Float>, grad g: UnsafeMutablePointer<Float>) {
        let e = config.embedding
        s.dPooled.zero(config.pooledWidth)
        s.dLogits.pointer.update(from: dlogits, count: classes)
        applyPass(s.dLogits.pointer, s.passLogits.pointer, count: classes, s.activations)
        layout.normalizeBackward(s, p, g, [("classifier", s.dLogits.pointer, 1, classes)])
        products.convBackward(shape("classifier"), p + layout.weightOffsets["classifier"]!, s.pooled.pointer, rows: 1, s.dLogits.pointer,
                     g + layout.weightOffsets["classifier"]!, g + layout.biasOffsets["classifier"]!, s.dPooled.pointer)
        applyPass(s.dPooled.pointer, s.passPooled.pointer, count: config.pooledWidth, s.activations)
        s.dValues.zero(t * e)
        s.dKeys.zero(t * e)
        var offset = 0
        for (h, head) in config.heads.enumerated() {
            let ch = head.channels
            let v = s.headV[h].pointer, a = s.alpha[h].pointer, dv = s.dV[h].pointer, dl = s.dL[h].pointer
            for c in 0..<ch {
                let dp = s.dPooled.pointer[offset + c], pooled = s.pooled.pointer[offset + c]
                for i in 0..<t {
                    let k = i * ch + c
                    dv[k] = a[k] * dp
                    dl[k] = a[k] * (v[k] - pooled) * dp
                }
            }
            offset += ch
            applyPass(dv, s.passV[h].pointer, count: t * ch, s.activations)
            applyPass(dl, s.passL[h].pointer, count: t * ch, s.activations)
        }
        layout.normalizeBackward(s, p, g, config.heads.indices.flatMap { h -> [NormalizedOutput] in
            let (vName, kName) = Self.headNames(h), ch = config.heads[h].channels
            return [(vName, s.dV[h].pointer, t, ch), (kName, s.dL[h].pointer, t, ch)]
        })
        for h in config.heads.indices {
            let (vName, kName) = Self.headNames(h)
            products.convBackward(shape(vName), p + layout.weightOffsets[vName]!, s.values.pointer, rows: t, s.dV[h].pointer,
                         g + layout.weightOffsets[vName]!, g + layout.biasOffsets[vName]!, s.dValues.pointer)
            products.convBackward(shape(kName), p + layout.weightOffsets[kName]!, s.keys.pointer, rows: t, s.dL[h].pointer,
                         g + layout.weightOffsets[kName]!, g + layout.biasOffsets[kName]!, s.dKeys.pointer)
        }
        let embeddings = [("values", s.dValues, s.valueMask), ("keys", s.dKeys, s.keyMask)]
        for (_, d, mask) in embeddings { for i in 0..<(t * e) { d.pointer[i] *= mask.pointer[i] } }
        layout.normalizeBackward(s, p, g, embeddings.map { ($0.0, $0.1.pointer, t, e) })
        for (name, d, _) in embeddings {
            ternaryDenseBackward(shape(name), x, rows: t, d.pointer, g + layout.weightOffsets[name]!, g + layout.biasOffsets[name]!)
        }
    }
}

/// The loss of one example and its gradient with respect to the logits:
/// softmax cross-entropy, or sigmoid cross-entropy per label (multi-label).
func lossGradient(_ logits: UnsafeMutableBufferPointer<Float>, labels: [Int], multiLabel: Bool,
                  _ dlogits: UnsafeMutablePointer<Float>) -> Float {
    let c = logits.count
    if multiLabel {
        var loss: Float = 0
        for i in 0..<c {
            let y: Float = labels.contains(i) ? 1 : 0
            let z = logits[i]
            let p = 1 / (1 + Foundation.exp(-z))
            // log(1 + e^-|z|) + max(z, 0) - z y: stable for large |z|.
            loss += Foundation.log1p(Foundation.exp(-abs(z))) + max(z, 0) - z * y
            dlogits[i] = p - y
        }
        return loss
    }
    var m = -Float.infinity
    for i in 0..<c { m = max(m, logits[i]) }
    var sum: Float = 0
    for i in 0..<c { sum += Foundation.exp(logits[i] - m) }
    let label = labels[0]
    for i in 0..<c { dlogits[i] = Foundation.exp(logits[i] - m) / sum - (i == label ? 1 : 0) }
    return Foundation.log(sum) + m - logits[label]
}
