import Foundation
import TernKernels
import TernModels

/// Every trainable float of a model in one flat array (so Adam, L2, the
/// gradient sum across threads and checkpoints are single loops), with
/// each layer's weights and bias at fixed offsets, and with batch norm each
/// layer's γ [N] then β [N].
public struct ParameterLayout: Sendable {
    public let shapes: [LayerShape]
    public let weightOffsets: [String: Int]
    public let biasOffsets: [String: Int]
    /// Batch norm's γ of each layer (β follows); empty without batch norm.
    public let normOffsets: [String: Int]
    public let count: Int

    public init(_ shapes: [LayerShape], batchNorm: Bool = false) {
        var w: [String: Int] = [:], b: [String: Int] = [:], g: [String: Int] = [:], offset = 0
        for s in shapes {
            w[s.name] = offset
            offset += s.weightCount
            b[s.name] = offset
            offset += s.outputs
            if batchNorm {
                g[s.name] = offset
                offset += 2 * s.outputs
            }
        }
        self.shapes = shapes
        weightOffsets = w
        biasOffsets = b
        normOffsets = g
        count = offset
    }

    public var batchNorm: Bool { !normOffsets.isEmpty }

    /// The flat values of a float model's layers.
    public func flatten(_ layers: [String: FloatLayer]) -> [Float] {
        var out = [Float](repeating: 0, count: count)
        for s in shapes {
            let l = layers[s.name]!
            for i in 0..<s.weightCount { out[weightOffsets[s.name]! + i] = l.weights[i] }
            for i in 0..<s.outputs { out[biasOffsets[s.name]! + i] = l.bias[i] }
            if let g = normOffsets[s.name] { for i in 0..<s.outputs { out[g + i] = 1 } }   // γ 1, β 0: the identity
        }
        return out
    }

    /// The values with every layer's weights moved onto the int8 grid the
    /// export will use (`Int8Layer.weightScales`), biases as they are:
    /// quantization-aware training runs forward and backward on these and
    /// applies the gradient to the float values (the straight-through estimator).
    public func weightQuantized(_ values: [Float]) -> [Float] {
        var out = values
        values.withUnsafeBufferPointer { v in
            for s in shapes {
                let w = weightOffsets[s.name]!
                let scales = Int8Layer.weightScales(s, v.baseAddress! + w)
                for i in 0..<s.weightCount {
                    let scale = scales[i % s.outputs]
                    out[w + i] = Float(Int8Layer.quantizeWeight(v[w + i], scale: scale)) * scale
                }
            }
        }
        return out
    }

    /// Float layers from flat values (the export to a model); with batch
    /// norm, folded: per output channel the weights times γ / sqrt(var + ε),
    /// the bias (b - mean) γ / sqrt(var + ε) + β, on the moving statistics.
    public func layers(_ values: [Float], statistics: BatchNormStatistics = BatchNormStatistics()) throws -> [String: FloatLayer] {
        let values = batchNorm ? folded(values, statistics: statistics, quantize: false) : values
        var out: [String: FloatLayer] = [:]
        for s in shapes {
            let w = weightOffsets[s.name]!, b = biasOffsets[s.name]!
            out[s.name] = try FloatLayer(shape: s, weights: Array(values[w..<(w + s.weightCount)]),
                                         bias: Array(values[b..<(b + s.outputs)]))
        }
        return out
    }
}

/// Adam (Kingma and Ba) with the reference's staircase decay of the
/// learning rate and an L2 term added to the gradient.
public struct AdamOptimizer: Sendable {
    public var learningRate: Float
    public var decayRate: Float
    public var decaySteps: Int
    public var l2: Float
    public var beta1: Float = 0.9
    public var beta2: Float = 0.999
    public var epsilon: Float = 1e-7
    public var step = 0
    var m: [Float]
    var v: [Float]

    public init(count: Int, learningRate: Float, decayRate: Float, decaySteps: Int, l2: Float) {
        self.learningRate = learningRate
        self.decayRate = decayRate
        self.decaySteps = decaySteps
        self.l2 = l2
        m = [Float](repeating: 0, count: count)
        v = [Float](repeating: 0, count: count)
    }

    /// The learning rate in force at the current step.
    public var currentRate: Float { learningRate * pow(decayRate, Float(step / max(1, decaySteps))) }

    /// One update of `params` with the averaged gradient `grad`.
    public mutating func update(_ params: inout [Float], _ grad: [Float]) {
        step += 1
        let lr = currentRate
        let c1 = 1 - pow(beta1, Float(step)), c2 = 1 - pow(beta2, Float(step))
        let (b1, b2, eps, l2) = (beta1, beta2, epsilon, self.l2)
        params.withUnsafeMutableBufferPointer { p in
            m.withUnsafeMutableBufferPointer { m in
                v.withUnsafeMutableBufferPointer { v in
                    grad.withUnsafeBufferPointer { g in
                        for i in 0..<p.count {
                            let gi = g[i] + l2 * p[i]
                            m[i] = b1 * m[i] + (1 - b1) * gi
                            v[i] = b2 * v[i] + (1 - b2) * gi * gi
                            p[i] -= lr * (m[i] / c1) / ((v[i] / c2).squareRoot() + eps)
                        }
                    }
                }
            }
        }
    }
}
