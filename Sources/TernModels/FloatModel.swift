import Foundation
import TernKernels

/// The float32 reference of a PRADO or pQRNN model: the projection's float
/// form, then the architecture's forward pass on `FloatLayer`s. Written for
/// clarity: the oracle of the int8 engine and of training.
public struct FloatModel<Config: ProjectionModelConfig>: Sendable {
    public let config: Config
    /// Every layer of `config.layerShapes`, by name.
    public let layers: [String: FloatLayer]
    let plan: ProjectionPlan

    public init(config: Config, layers: [String: FloatLayer]) throws {
        try config.checkLayers(layers.mapValues(\.shape))
        self.config = config
        self.layers = layers
        plan = try ProjectionPlan(config.projection)
    }

    /// Seeded random weights (tests and benchmarks before training).
    public static func random(config: Config, seed: UInt64) throws -> FloatModel {
        var rng = SplitMix64(seed: seed)
        var layers: [String: FloatLayer] = [:]
        for shape in config.layerShapes { layers[shape.name] = FloatLayer.random(shape, &rng) }
        return try FloatModel(config: config, layers: layers)
    }

    public subscript(_ name: String) -> FloatLayer { layers[name]! }

    /// The float projection of a text as the model reads it.
    public struct Projected: Sendable {
        /// `[rows, F]`: the first maxSeqLen rows.
        public var features: [Float]
        public var rows: Int
        /// The text's tokens (BOS and EOS excluded), including any cut off.
        public var tokens: Int
        public var truncated: Bool
    }

    /// The float projection `[T, F]` of a text, cut to maxSeqLen rows.
    public func project(_ text: String) throws -> Projected {
        let ws = ProjectionWorkspace()
        var text = text
        let (rows, truncated) = try text.withUTF8 {
            try ProjectionVariants.best.projectForInference(UnsafeRawBufferPointer($0), plan: plan, maxSeqLen: config.maxSeqLen,
                                                            workspace: ws)
        }
        return Projected(features: Array(ProjectionForms.float(ws, plan: plan).prefix(rows * plan.featureSize)), rows: rows,
                         tokens: ws.tokenCount, truncated: truncated)
    }

    /// Every named activation of the forward pass (the calibration's input), logits last under "logits".
    public func trace(_ text: String) throws -> [String: [Float]] { trace(try project(text)) }

    public func trace(_ p: Projected) -> [String: [Float]] { config.floatForward(self, projection: p.features, rows: p.rows) }

    public func logits(_ text: String) throws -> [Float] { try trace(text)["logits"]! }

    public var parameterCount: Int { config.parameterCount }
}

extension ProjectionModelConfig {
    func floatForward(_ model: FloatModel<Self>, projection: [Float], rows: Int) -> [String: [Float]] {
        switch self {
        case let c as PQRNNConfig: return c.forward(model.layers, projection, rows)
        case let c as PRADOConfig: return c.forward(model.layers, projection, rows)
        default: preconditionFailure("no forward pass for \(Self.self)")
        }
    }
}

@inline(__always) func sigmoid(_ x: Float) -> Float { 1 / (1 + Foundation.exp(-x)) }

/// Softmax weights of `logits` (max subtracted first).
func softmax(_ logits: ArraySlice<Float>) -> [Float] {
    let m = logits.max() ?? 0
    let e = logits.map { Foundation.exp($0 - m) }
    let sum = e.reduce(0, +)
    return e.map { $0 / sum }
}

extension PQRNNConfig {
    func forward(_ layers: [String: FloatLayer], _ p: [Float], _ rows: Int) -> [String: [Float]] {
        var out: [String: [Float]] = [:]
        var x = layers["bottleneck"]!.forward(p, rows: rows, relu: true)
        out["bottleneck"] = x
        let s = state
        for l in 0..<self.layers {
            var next = [Float](repeating: 0, count: rows * 2 * s)
            for (di, d) in QRNNDirection.allCases.enumerated() {
                let name = Self.gatesName(l, d)
                let g = layers[name]!.forward(x, rows: rows)
                for (i, gate) in ["z", "f", "o"].enumerated() {
                    var values: [Float] = []
                    for t in 0..<rows {
                        let start: Int = t * 3 * s + i * s
                        values += g[start..<(start + s)]
                    }
                    out[name + "." + gate] = values
                }
                var c = [Float](repeating: 0, count: s)
                for step in 0..<rows {
                    let t = d == .forward ? step : rows - 1 - step
                    for j in 0..<s {
                        let z = Foundation.tanh(g[t * 3 * s + j])
                        let f = sigmoid(g[t * 3 * s + s + j])
                        let o = sigmoid(g[t * 3 * s + 2 * s + j])
                        c[j] = f * c[j] + (1 - f) * z
                        next[t * 2 * s + di * s + j] = o * c[j]
                    }
                }
            }
            x = next
            out["qrnn\(l).h"] = x
        }
        let a = layers["attention"]!.forward(x, rows: rows, relu: true)
        out["attention"] = a
        let alpha = softmax(a[...])
        var pooled = [Float](repeating: 0, count: 2 * s)
        for t in 0..<rows { for j in 0..<(2 * s) { pooled[j] += alpha[t] * x[t * 2 * s + j] } }
        out["pooled"] = pooled
        out["logits"] = layers["classifier"]!.forward(pooled, rows: 1)
        return out
    }
}

extension PRADOConfig {
    func forward(_ layers: [String: FloatLayer], _ p: [Float], _ rows: Int) -> [String: [Float]] {
        var out: [String: [Float]] = [:]
        let values = layers["values"]!.forward(p, rows: rows, relu: true)
        let keys = layers["keys"]!.forward(p, rows: rows, relu: true)
        out["values"] = values
        out["keys"] = keys
        var pooled: [Float] = []
        for (i, h) in heads.enumerated() {
            let v = layers["head\(i).values"]!.forward(values, rows: rows)
            let k = layers["head\(i).keys"]!.forward(keys, rows: rows)
            out["head\(i).values"] = v
            out["head\(i).keys"] = k
            for c in 0..<h.channels {
                let w = softmax((0..<rows).map { k[$0 * h.channels + c] }[...])
                pooled.append((0..<rows).reduce(Float(0)) { $0 + w[$1] * v[$1 * h.channels + c] })
            }
        }
        out["pooled"] = pooled
        out["logits"] = layers["classifier"]!.forward(pooled, rows: 1)
        return out
    }
}
