import Foundation
import TernKernels

/// An int8 SGNN on Tern's dense kernels: the projection quantized to int8,
/// every layer int8 x int8 -> int32 -> int8 under the contract, the logits
/// dequantized for the softmax.
public struct SGNNInt8Model: Sendable {
    public let config: SGNNConfig
    public let input: AffineQuantization
    public let layers: [DenseWeights]
    public let quantization: [LayerQuantization]
    let projection: SGNNProjection

    public init(config: SGNNConfig, layers: [DenseWeights], quantization: [LayerQuantization]) throws {
        guard let first = quantization.first, layers.count == config.layerShapes.count, quantization.count == layers.count else {
            throw ModelFileError.wrongTensor(name: "layers", reason: "\(layers.count) layers for \(config.layerShapes.count) in the configuration")
        }
        for (i, (layer, shape)) in zip(layers, config.layerShapes).enumerated()
        where layer.inputs != shape.k || layer.outputs != shape.n {
            throw ModelFileError.wrongTensor(name: "dense\(i)", reason: "is [\(layer.inputs), \(layer.outputs)], the configuration says [\(shape.k), \(shape.n)]")
        }
        self.config = config
        self.layers = layers
        self.quantization = quantization
        input = try AffineQuantization(scale: first.inputScale, zeroPoint: first.inputZeroPoint)
        projection = try SGNNProjection(seeds: config.seeds, ngramOrder: config.ngramOrder)
    }

    /// Post-training quantization: weights per channel, symmetric; each
    /// activation's range from the calibration texts (including 0).
    public static func quantize(_ model: SGNNFloatModel, calibration: [String]) throws -> SGNNInt8Model {
        guard !calibration.isEmpty else { throw ModelFileError.wrongTensor(name: "calibration", reason: "needs at least one text") }
        var ranges = ActivationRanges()
        for text in calibration {
            for (i, a) in try model.activations(text).enumerated() { ranges.observe("\(i)", a) }
        }
        return try quantize(model, ranges: ranges)
    }

    /// Quantization with activation ranges known already (those tracked in
    /// quantization-aware training): "0" the projection, "i + 1" layer i's output.
    public static func quantize(_ model: SGNNFloatModel, ranges: ActivationRanges) throws -> SGNNInt8Model {
        let shapes = model.config.layerShapes
        var layers: [DenseWeights] = [], params: [LayerQuantization] = []
        for (i, s) in shapes.enumerated() {
            let float = try FloatLayer(shape: LayerShape(name: "dense\(i)", inputs: s.k, outputs: s.n),
                                       weights: model.weights[i], bias: model.biases[i])
            let layer = try Int8Layer(float, input: try ranges.quantization("\(i)"), outputs: [try ranges.quantization("\(i + 1)")],
                                      relu: false)
            layers.append(try layer.conv.asDense())
            params.append(layer.quantization)
        }
        return try SGNNInt8Model(config: model.config, layers: layers, quantization: params)
    }

    /// The layers packed for one dense variant (pack once, run many times).
    public func packed(for variant: DenseVariant) -> [DensePacked] { layers.map(variant.pack) }

    /// Bytes of the int8 weights and int32 biases.
    public var weightBytes: Int { layers.reduce(0) { $0 + $1.weights.count + 4 * $1.bias.count } }

    /// Reusable buffers of one SGNN inference: the projection's, and two
    /// int8 activation rows as wide as the widest layer.
    public final class Workspace: @unchecked Sendable {
        let projection = SGNNProjectionWorkspace()
        let rows: (UnsafeMutablePointer<Int8>, UnsafeMutablePointer<Int8>)
        /// The int8 logits of the last `run`.
        public let int8Logits: UnsafeMutableBufferPointer<Int8>

        init(width: Int, classes: Int) {
            rows = (.allocate(capacity: width), .allocate(capacity: width))
            rows.0.initialize(repeating: 0, count: width)
            rows.1.initialize(repeating: 0, count: width)
            int8Logits = .allocate(capacity: classes)
            int8Logits.initialize(repeating: 0)
        }

        deinit {
            rows.0.deallocate()
            rows.1.deallocate()
            int8Logits.deallocate()
        }
    }

    public func makeWorkspace() -> Workspace {
        Workspace(width: config.layerShapes.map { max($0.k, $0.n) }.max()!, classes: config.labels.count)
    }

    /// int8 logits of UTF-8 `text` into `ws.int8Logits`, through `variant`'s
    /// kernels; no heap allocation for ASCII texts once `ws` is warm.
    public func run(_ text: UnsafeRawBufferPointer, variant: DenseVariant, packed: [DensePacked], workspace ws: Workspace) throws {
        try forward(text, variant: variant, packed: packed, projection: ws.projection, rows: ws.rows,
                    logits: ws.int8Logits.baseAddress!, stageNanoseconds: nil)
    }

    /// The inference both `run` and `SGNNEngine` take: the projection into
    /// `projection`, quantized into `rows.0`, then each layer from one row
    /// buffer into the other, the last into `logits`. With
    /// `stageNanoseconds`, stage 0 times the projection and stage i + 1 layer i.
    func forward(_ text: UnsafeRawBufferPointer, variant: DenseVariant, packed: [DensePacked], projection ws: SGNNProjectionWorkspace,
                 rows: (UnsafeMutablePointer<Int8>, UnsafeMutablePointer<Int8>), logits: UnsafeMutablePointer<Int8>,
                 stageNanoseconds: UnsafeMutableBufferPointer<UInt64>?) throws {
        var start = monotonicNanoseconds()
        try projection.project(text, into: ws)
        var x = rows.0, y = rows.1
        ws.output.withUnsafeBufferPointer { p in for i in 0..<p.count { x[i] = input.quantize(p[i]) } }
        for (i, p) in packed.enumerated() {
            if let times = stageNanoseconds {
                let now = monotonicNanoseconds()
                times[i] = now - start
                start = now
            }
            let out = i == packed.count - 1 ? logits : y
            variant.run(p, x, rows: 1, out)
            swap(&x, &y)
        }
        stageNanoseconds?[packed.count] = monotonicNanoseconds() - start
    }

    /// The dequantized value of an int8 logit.
    func dequantizedLogit(_ q: Int8) -> Float {
        let last = quantization[quantization.count - 1]
        return last.outputScale * Float(Int32(q) - last.outputZeroPoint)
    }

    /// int8 logits for one text, through `variant`'s kernels.
    public func int8Logits(_ text: String, variant: DenseVariant, packed: [DensePacked]) throws -> [Int8] {
        let ws = makeWorkspace()
        var text = text
        try text.withUTF8 { try run(UnsafeRawBufferPointer($0), variant: variant, packed: packed, workspace: ws) }
        return Array(ws.int8Logits)
    }

    /// Dequantized logits.
    public func logits(_ text: String, variant: DenseVariant, packed: [DensePacked]) throws -> [Float] {
        try int8Logits(text, variant: variant, packed: packed).map(dequantizedLogit)
    }

    // MARK: files

    public func write(to url: URL) throws {
        var w = SafeTensorsWriter(metadata: [
            ModelFileKeys.config: try sortedJSON(config),
            ModelFileKeys.quantization: try sortedJSON(quantization),
            ModelFileKeys.format: "int8",
        ])
        for (i, layer) in layers.enumerated() {
            w.add("dense\(i).weight", layer.weights, shape: [layer.inputs, layer.outputs])
            w.add("dense\(i).bias", layer.bias, shape: [layer.outputs])
        }
        try w.write(to: url)
    }

    /// Loads and checks an int8 SGNN file: configuration, quantization and
    /// every tensor's dtype and shape against it.
    public static func load(_ file: SafeTensorsFile) throws -> SGNNInt8Model {
        let config = try SGNNConfig.decode(file, format: "int8")
        let quantization: [LayerQuantization] = try decodeMetadata(file, ModelFileKeys.quantization)
        guard quantization.count == config.layerShapes.count else {
            throw ModelFileError.metadataInvalid("\(quantization.count) quantization entries for \(config.layerShapes.count) layers")
        }
        var layers: [DenseWeights] = []
        for (i, (s, q)) in zip(config.layerShapes, quantization).enumerated() {
            guard q.weightScales.count == s.n else {
                throw ModelFileError.metadataInvalid("layer \(i) has \(q.weightScales.count) weight scales for \(s.n) channels")
            }
            let w = try file.array("dense\(i).weight", as: Int8.self, shape: [s.k, s.n])
            let b = try file.array("dense\(i).bias", as: Int32.self, shape: [s.n])
            let r = try Requantization(inputScale: q.inputScale, weightScales: q.weightScales,
                                       output: try AffineQuantization(scale: q.outputScale, zeroPoint: q.outputZeroPoint))
            layers.append(try DenseWeights(inputs: s.k, outputs: s.n, weights: w, bias: b, inputZeroPoint: q.inputZeroPoint,
                                           requantization: r))
        }
        return try SGNNInt8Model(config: config, layers: layers, quantization: quantization)
    }
}
