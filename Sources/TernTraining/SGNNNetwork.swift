import Foundation
import TernKernels
import TernModels

/// SGNN's projection as a training input: one row of `[P]` floats per text
/// (P = seeds). It has no distortion and no windows: every token counts.
public final class SGNNExtractor: FeatureExtractor {
    let projection: SGNNProjection
    let workspace = SGNNProjectionWorkspace()
    /// SGNN trains without distortion; the state is kept only to fit the protocol.
    public var distortionState = ProjectionDistorter.State(generator: 0, lastRemoved: 0)

    init(_ config: SGNNConfig) throws {
        projection = try SGNNProjection(seeds: config.seeds, ngramOrder: config.ngramOrder)
    }

    public func withFeatures(_ text: String, training: Bool, windowStart: (Int) -> Int, _ body: (UnsafePointer<Float>, Int) -> Void) {
        var text = text
        do { try text.withUTF8 { try projection.project(UnsafeRawBufferPointer($0), into: workspace) } } catch { return }
        workspace.output.withUnsafeBufferPointer { body($0.baseAddress!, 1) }
    }
}

/// SGNN's training graph (../shared/spec/models.md): projection `[P]` ->
/// dense layers without activation (the reference's) -> logits `[C]`;
/// dropout on the hidden layers' outputs while training. Layer i's weights
/// are `[K_i, N_i]` row-major, as in `SGNNFloatModel`.
public struct SGNNNetwork: TrainableNetwork {
    public let config: SGNNConfig
    public let layout: ParameterLayout
    public let dropout: Float

    public init(config: SGNNConfig, dropout: Float) {
        self.config = config
        layout = ParameterLayout(config.layerShapes.enumerated().map { LayerShape(name: "dense\($0.offset)", inputs: $0.element.k, outputs: $0.element.n) })
        self.dropout = dropout
    }

    public var classes: Int { config.labels.count }
    public var multiLabel: Bool { config.multiLabel }
    public var maxRows: Int { 1 }

    public func makeExtractor(seed: UInt64, distortion: Float) throws -> SGNNExtractor { try SGNNExtractor(config) }

    public final class Scratch: NetworkScratch {
        /// Per layer: its output, its dropout mask (hidden layers), its gradient and its fake quantization's pass mask.
        let outputs, masks, gradients, passes: [FloatBuffer]
        /// The projection on its int8 grid, under fake quantization.
        let input: FloatBuffer
        init(_ shapes: [LayerShape]) {
            outputs = shapes.map { FloatBuffer($0.outputs) }
            masks = shapes.map { FloatBuffer($0.outputs) }
            gradients = shapes.map { FloatBuffer($0.outputs) }
            passes = shapes.map { FloatBuffer($0.outputs) }
            input = FloatBuffer(shapes[0].inputs)
        }
    }

    public func makeScratch(maxRows: Int) -> Scratch { Scratch(layout.shapes) }

    public func forward(_ p: UnsafePointer<Float>, _ x: UnsafePointer<Float>, rows: Int, _ s: Scratch, train: Bool,
                        rng: inout SplitMix64) -> UnsafeMutableBufferPointer<Float> {
        var input = x
        // The int8 model quantizes the projection (point "0") and every layer's output (point "i + 1").
        if s.activations.enabled {
            s.input.pointer.update(from: x, count: layout.shapes[0].inputs)
            s.activations.fakeQuantize("0", s.input.pointer, count: layout.shapes[0].inputs, pass: nil)
            input = UnsafePointer(s.input.pointer)
        }
        for (i, shape) in layout.shapes.enumerated() {
            let w = p + layout.weightOffsets[shape.name]!, b = p + layout.biasOffsets[shape.name]!
            let y = s.outputs[i].pointer, n = shape.outputs
            y.update(from: b, count: n)
            for k in 0..<shape.inputs where input[k] != 0 {
                let xk = input[k], row = w + k * n
                for j in 0..<n { y[j] += xk * row[j] }
            }
            s.activations.fakeQuantize("\(i + 1)", y, count: n, pass: s.passes[i].pointer)
            let hidden = i < layout.shapes.count - 1
            let mask = s.masks[i].pointer
            for j in 0..<n {
                mask[j] = train && hidden && dropout > 0 ? dropoutFactor(dropout, rng: &rng) : 1
                y[j] *= mask[j]
            }
            input = UnsafePointer(y)
        }
        return UnsafeMutableBufferPointer(start: s.outputs[layout.shapes.count - 1].pointer, count: classes)
    }

    public func backward(_ p: UnsafePointer<Float>, _ x: UnsafePointer<Float>, rows: Int, _ s: Scratch,
                         dlogits: UnsafePointer<Float>, grad: UnsafeMutablePointer<Float>) {
        let last = layout.shapes.count - 1
        s.gradients[last].pointer.update(from: dlogits, count: classes)
        for i in stride(from: last, through: 0, by: -1) {
            let shape = layout.shapes[i], n = shape.outputs
            let dy = s.gradients[i].pointer, mask = s.masks[i].pointer
            for j in 0..<n { dy[j] *= mask[j] }
            applyPass(dy, s.passes[i].pointer, count: n, s.activations)
            let input = i > 0 ? UnsafePointer(s.outputs[i - 1].pointer) : s.activations.enabled ? UnsafePointer(s.input.pointer) : x
            let w = p + layout.weightOffsets[shape.name]!
            let dw = grad + layout.weightOffsets[shape.name]!, db = grad + layout.biasOffsets[shape.name]!
            for j in 0..<n { db[j] += dy[j] }
            let dx = i > 0 ? s.gradients[i - 1].pointer : nil
            for k in 0..<shape.inputs {
                let xk = input[k], row = w + k * n, drow = dw + k * n
                var sum: Float = 0
                for j in 0..<n {
                    drow[j] += xk * dy[j]
                    sum += row[j] * dy[j]
                }
                dx?[k] = sum
            }
        }
    }

    /// The float model of flat parameters.
    func model(_ parameters: [Float]) throws -> SGNNFloatModel {
        let weights = layout.shapes.map { s in Array(parameters[layout.weightOffsets[s.name]!..<(layout.weightOffsets[s.name]! + s.weightCount)]) }
        let biases = layout.shapes.map { s in Array(parameters[layout.biasOffsets[s.name]!..<(layout.biasOffsets[s.name]! + s.outputs)]) }
        return try SGNNFloatModel(config: config, weights: weights, biases: biases)
    }

    /// Flat parameters of a float model.
    func flatten(_ m: SGNNFloatModel) -> [Float] {
        var out = [Float](repeating: 0, count: layout.count)
        for (i, s) in layout.shapes.enumerated() {
            for (j, v) in m.weights[i].enumerated() { out[layout.weightOffsets[s.name]! + j] = v }
            for (j, v) in m.biases[i].enumerated() { out[layout.biasOffsets[s.name]! + j] = v }
        }
        return out
    }
}
