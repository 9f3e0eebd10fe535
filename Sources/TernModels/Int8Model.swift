import Foundation
import TernKernels

/// What feeds each int8 layer and what it produces: the input quantization,
/// the output quantization per channel (one entry when shared) and ReLU.
struct LayerQuantizationPlan {
    var input: AffineQuantization
    var outputs: [AffineQuantization]
    var relu: Bool
}

/// An int8 PRADO or pQRNN model as a file stores it: every layer's int8
/// weights, int32 bias and quantization. `engine(kernels:)` packs it for a kernel set.
public struct Int8Model<Config: ProjectionModelConfig>: Sendable {
    public let config: Config
    public let layers: [String: Int8Layer]

    public init(config: Config, layers: [String: Int8Layer]) throws {
        try config.checkLayers(layers.mapValues(\.shape))
        // Each layer must read its input in the quantization its producer
        // writes: a mismatch would run and give garbage, so it is refused.
        try config.checkQuantizationChain(layers)
        self.config = config
        self.layers = layers
    }

    public subscript(_ name: String) -> Int8Layer { layers[name]! }

    /// Post-training quantization: weights per channel (symmetric), every
    /// activation's range from the float model on the calibration texts,
    /// the fixed ranges of the reference where it has them (the projection
    /// {-1, 0, +1} at scale 1; QRNN h and its pooled form in [-1, 1]).
    public static func quantize(_ model: FloatModel<Config>, calibration: [String]) throws -> Int8Model {
        var ranges = ActivationRanges()
        var observed = 0
        for text in calibration {
            guard let trace = try? model.trace(text) else { continue }
            for (name, values) in trace { ranges.observe(name, values) }
            observed += 1
        }
        guard observed > 0 else {
            throw ModelFileError.wrongTensor(name: "calibration", reason: "needs at least one text with tokens")
        }
        return try quantize(model, ranges: ranges)
    }

    /// Quantization with activation ranges known already (those tracked in
    /// quantization-aware training); weights per channel (symmetric), the
    /// reference's fixed ranges where it has them.
    public static func quantize(_ model: FloatModel<Config>, ranges: ActivationRanges) throws -> Int8Model {
        let plan = try model.config.quantizationPlan(ranges)
        var layers: [String: Int8Layer] = [:]
        for shape in model.config.layerShapes {
            let p = plan[shape.name]!
            layers[shape.name] = try Int8Layer(model[shape.name], input: p.input, outputs: p.outputs, relu: p.relu)
        }
        return try Int8Model(config: model.config, layers: layers)
    }

    public var parameterCount: Int { config.parameterCount }
    /// Bytes of int8 weights and int32 biases.
    public var weightBytes: Int { config.layerShapes.reduce(0) { $0 + $1.weightCount + 4 * $1.outputs } }
}

extension PQRNNConfig {
    func quantizationPlan(_ r: ActivationRanges) throws -> [String: LayerQuantizationPlan] {
        var plan: [String: LayerQuantizationPlan] = [:]
        let bottleneckOut = try r.quantization("bottleneck")
        plan["bottleneck"] = .init(input: .ternary, outputs: [bottleneckOut], relu: true)
        for l in 0..<layers {
            for d in QRNNDirection.allCases {
                let name = Self.gatesName(l, d)
                let gates = try ["z", "f", "o"].flatMap { [AffineQuantization](repeating: try r.quantization(name + "." + $0), count: state) }
                plan[name] = .init(input: l == 0 ? bottleneckOut : .unitRange, outputs: gates, relu: false)
            }
        }
        plan["attention"] = .init(input: .unitRange, outputs: [try r.quantization("attention")], relu: true)
        plan["classifier"] = .init(input: .unitRange, outputs: [try r.quantization("logits")], relu: false)
        return plan
    }

    func checkQuantizationChain(_ layers: [String: Int8Layer]) throws {
        try expectInput(layers["bottleneck"]!, .ternary)
        for l in 0..<self.layers {
            for d in QRNNDirection.allCases {
                let gates = layers[Self.gatesName(l, d)]!
                try expectInput(gates, l == 0 ? try layers["bottleneck"]!.output : .unitRange)
                // The pooling reads one quantization per gate: z, f and o must each be uniform.
                for g in 0..<3 {
                    let first = try gates.quantization.output(g * state)
                    for j in 1..<state where try gates.quantization.output(g * state + j) != first {
                        throw ModelFileError.metadataInvalid("layer \(gates.shape.name): gate \(["z", "f", "o"][g]) channels do not share one quantization")
                    }
                }
            }
        }
        try expectInput(layers["attention"]!, .unitRange)
        try expectInput(layers["classifier"]!, .unitRange)
    }
}

extension PRADOConfig {
    func quantizationPlan(_ r: ActivationRanges) throws -> [String: LayerQuantizationPlan] {
        var plan: [String: LayerQuantizationPlan] = [:]
        let values = try r.quantization("values"), keys = try r.quantization("keys")
        plan["values"] = .init(input: .ternary, outputs: [values], relu: true)
        plan["keys"] = .init(input: .ternary, outputs: [keys], relu: true)
        for i in heads.indices {
            plan["head\(i).values"] = .init(input: values, outputs: [try r.quantization("head\(i).values")], relu: false)
            plan["head\(i).keys"] = .init(input: keys, outputs: [try r.quantization("head\(i).keys")], relu: false)
        }
        plan["classifier"] = .init(input: try r.quantization("pooled"), outputs: [try r.quantization("logits")], relu: false)
        return plan
    }

    func checkQuantizationChain(_ layers: [String: Int8Layer]) throws {
        try expectInput(layers["values"]!, .ternary)
        try expectInput(layers["keys"]!, .ternary)
        for i in heads.indices {
            try expectInput(layers["head\(i).values"]!, try layers["values"]!.output)
            try expectInput(layers["head\(i).keys"]!, try layers["keys"]!.output)
        }
    }
}

extension ProjectionModelConfig {
    func quantizationPlan(_ r: ActivationRanges) throws -> [String: LayerQuantizationPlan] {
        switch self {
        case let c as PQRNNConfig: return try c.quantizationPlan(r)
        case let c as PRADOConfig: return try c.quantizationPlan(r)
        default: preconditionFailure("no quantization plan for \(Self.self)")
        }
    }

    func checkQuantizationChain(_ layers: [String: Int8Layer]) throws {
        switch self {
        case let c as PQRNNConfig: try c.checkQuantizationChain(layers)
        case let c as PRADOConfig: try c.checkQuantizationChain(layers)
        default: preconditionFailure("no quantization chain for \(Self.self)")
        }
    }
}

func expectInput(_ layer: Int8Layer, _ q: AffineQuantization) throws {
    let input = try layer.quantization.input
    guard input == q else {
        throw ModelFileError.metadataInvalid("layer \(layer.shape.name) reads its input at scale \(input.scale), zero point \(input.zeroPoint); its producer writes scale \(q.scale), zero point \(q.zeroPoint)")
    }
}

// MARK: files

/// The metadata keys of a Tern model file (safetensors `__metadata__`).
public enum ModelFileKeys {
    public static let config = "tern.config"
    public static let quantization = "tern.quantization"
    /// "int8", "float32" or "ensemble" (`EnsembleModel`).
    public static let format = "tern.format"
}

extension Int8Model {
    /// A safetensors file: per layer `NAME.weight` I8 `[k, K, N]` (k = 1:
    /// `[K, N]`) and `NAME.bias` I32 `[N]`; configuration and quantization
    /// (by layer name) as JSON in the metadata.
    public func write(to url: URL) throws {
        var w = SafeTensorsWriter(metadata: [
            ModelFileKeys.config: try sortedJSON(config),
            ModelFileKeys.quantization: try sortedJSON(layers.mapValues(\.quantization)),
            ModelFileKeys.format: "int8",
        ])
        for shape in config.layerShapes {
            let layer = layers[shape.name]!
            w.add(shape.name + ".weight", layer.conv.weights, shape: shape.fileShape)
            w.add(shape.name + ".bias", layer.conv.bias, shape: [shape.outputs])
        }
        try w.write(to: url)
    }

    /// Loads and checks an int8 file: configuration, quantization, every
    /// tensor's dtype and shape, and the quantization chain between layers.
    public static func load(_ file: SafeTensorsFile) throws -> Int8Model {
        let config: Config = try decodeConfig(file, format: "int8")
        let quantization: [String: LayerQuantization] = try decodeMetadata(file, ModelFileKeys.quantization)
        var layers: [String: Int8Layer] = [:]
        for shape in config.layerShapes {
            guard let q = quantization[shape.name] else { throw ModelFileError.metadataInvalid("no quantization for layer \(shape.name)") }
            let weights = try file.array(shape.name + ".weight", as: Int8.self, shape: shape.fileShape)
            let bias = try file.array(shape.name + ".bias", as: Int32.self, shape: [shape.outputs])
            layers[shape.name] = try Int8Layer(shape: shape, weights: weights, bias: bias, quantization: q)
        }
        return try Int8Model(config: config, layers: layers)
    }
}

extension FloatModel {
    /// The float32 file: the same tensor names as the int8 file, F32.
    public func write(to url: URL) throws {
        var w = SafeTensorsWriter(metadata: [ModelFileKeys.config: try sortedJSON(config), ModelFileKeys.format: "float32"])
        for shape in config.layerShapes {
            w.add(shape.name + ".weight", floats: self[shape.name].weights, shape: shape.fileShape)
            w.add(shape.name + ".bias", floats: self[shape.name].bias, shape: [shape.outputs])
        }
        try w.write(to: url)
    }

    public static func load(_ file: SafeTensorsFile) throws -> FloatModel {
        let config: Config = try decodeConfig(file, format: "float32")
        var layers: [String: FloatLayer] = [:]
        for shape in config.layerShapes {
            layers[shape.name] = try FloatLayer(shape: shape, weights: try file.floats(shape.name + ".weight", shape: shape.fileShape),
                                                bias: try file.floats(shape.name + ".bias", shape: [shape.outputs]))
        }
        return try FloatModel(config: config, layers: layers)
    }
}

extension LayerShape {
    /// `[K, N]` for dense layers, `[k, K, N]` for convolutions.
    var fileShape: [Int] { width == 1 ? [inputs, outputs] : [width, inputs, outputs] }
}

func sortedJSON<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

func decodeMetadata<T: Decodable>(_ file: SafeTensorsFile, _ key: String) throws -> T {
    guard let json = file.metadata[key] else { throw ModelFileError.metadataInvalid("'\(key)' is missing") }
    do {
        return try JSONDecoder().decode(T.self, from: Data(json.utf8))
    } catch {
        throw ModelFileError.metadataInvalid("'\(key)' does not decode: \(describeDecodingError(error))")
    }
}

/// Refuses a file whose `tern.format` is not `format` (int8 vs float32).
func checkFormat(_ file: SafeTensorsFile, _ format: String) throws {
    guard file.metadata[ModelFileKeys.format] == format else {
        throw ModelFileError.metadataInvalid("'\(ModelFileKeys.format)' is \(file.metadata[ModelFileKeys.format].map { "'\($0)'" } ?? "missing"), expected '\(format)'")
    }
}

func decodeConfig<C: ProjectionModelConfig>(_ file: SafeTensorsFile, format: String) throws -> C {
    try checkFormat(file, format)
    let config: C = try decodeMetadata(file, ModelFileKeys.config)
    try config.validate()
    return config
}

/// A decoding error in one line: what was wrong and where.
func describeDecodingError(_ error: Error) -> String {
    func path(_ keys: [CodingKey]) -> String { keys.isEmpty ? "top level" : keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".") }
    switch error as? DecodingError {
    case .keyNotFound(let key, let c)?: return "missing key '\(key.stringValue)' at \(path(c.codingPath))"
    case .typeMismatch(_, let c)?, .valueNotFound(_, let c)?: return "wrong type at \(path(c.codingPath))"
    case .dataCorrupted(let c)?: return "\(c.debugDescription) at \(path(c.codingPath))"
    default: return "\(error)"
    }
}
