import Foundation
import TernKernels

/// One classification, whatever ran it.
public struct Classification: Sendable {
    public var probabilities: [Float]
    public var tokens: Int
    public var truncated: Bool

    public init(probabilities: [Float], tokens: Int, truncated: Bool) {
        self.probabilities = probabilities
        self.tokens = tokens
        self.truncated = truncated
    }
}

/// A model of any architecture and format, as `tern` loads it from a file.
public enum AnyModel: Sendable {
    case sgnn(SGNNInt8Model)
    case sgnnFloat(SGNNFloatModel)
    case pqrnn(Int8Model<PQRNNConfig>)
    case prado(Int8Model<PRADOConfig>)
    case pqrnnFloat(FloatModel<PQRNNConfig>)
    case pradoFloat(FloatModel<PRADOConfig>)

    /// Reads and checks a model file; the architecture and format in its
    /// metadata pick the loader.
    public static func load(_ file: SafeTensorsFile) throws -> AnyModel {
        struct Header: Decodable { let architecture: Architecture }
        let header: Header = try decodeMetadata(file, ModelFileKeys.config)
        switch (header.architecture, file.metadata[ModelFileKeys.format]) {
        case (.sgnn, "float32"): return .sgnnFloat(try SGNNFloatModel.load(file))
        case (.sgnn, _): return .sgnn(try SGNNInt8Model.load(file))
        case (.pqrnn, "float32"): return .pqrnnFloat(try FloatModel.load(file))
        case (.prado, "float32"): return .pradoFloat(try FloatModel.load(file))
        case (.pqrnn, _): return .pqrnn(try Int8Model.load(file))
        case (.prado, _): return .prado(try Int8Model.load(file))
        }
    }

    public static func load(contentsOf url: URL) throws -> AnyModel { try load(try SafeTensorsFile(contentsOf: url)) }

    public var labels: [String] {
        switch self {
        case .sgnn(let m): return m.config.labels
        case .sgnnFloat(let m): return m.config.labels
        case .pqrnn(let m): return m.config.labels
        case .prado(let m): return m.config.labels
        case .pqrnnFloat(let m): return m.config.labels
        case .pradoFloat(let m): return m.config.labels
        }
    }

    /// The most tokens a text keeps (pQRNN and PRADO cut longer texts); nil
    /// for SGNN, which reads a whole text.
    public var maxSeqLen: Int? {
        switch self {
        case .sgnn, .sgnnFloat: return nil
        case .pqrnn(let m): return m.config.maxSeqLen
        case .prado(let m): return m.config.maxSeqLen
        case .pqrnnFloat(let m): return m.config.maxSeqLen
        case .pradoFloat(let m): return m.config.maxSeqLen
        }
    }

    public var multiLabel: Bool {
        switch self {
        case .sgnn(let m): return m.config.multiLabel
        case .sgnnFloat(let m): return m.config.multiLabel
        case .pqrnn(let m): return m.config.multiLabel
        case .prado(let m): return m.config.multiLabel
        case .pqrnnFloat(let m): return m.config.multiLabel
        case .pradoFloat(let m): return m.config.multiLabel
        }
    }

    /// A classifier for this model on the best kernels: int8 models run on
    /// their engine, float models on the float reference.
    public func classifier() throws -> @Sendable (String) throws -> Classification {
        let multiLabel = self.multiLabel
        switch self {
        case .sgnn(let m):
            let variant = DenseVariants.best, packed = m.packed(for: variant)
            return { text in
                let p = try checkedProbabilities(try m.logits(text, variant: variant, packed: packed), multiLabel: multiLabel)
                return Classification(probabilities: p, tokens: 0, truncated: false)
            }
        case .sgnnFloat(let m):
            return { text in Classification(probabilities: try checkedProbabilities(try m.logits(text), multiLabel: multiLabel), tokens: 0, truncated: false) }
        case .pqrnn(let m): return Self.engineClassifier(try m.engine())
        case .prado(let m): return Self.engineClassifier(try m.engine())
        case .pqrnnFloat(let m): return Self.floatClassifier(m)
        case .pradoFloat(let m): return Self.floatClassifier(m)
        }
    }

    static func engineClassifier(_ engine: Engine) -> @Sendable (String) throws -> Classification {
        { text in try engine.classify(text).classification }
    }

    static func floatClassifier<C>(_ m: FloatModel<C>) -> @Sendable (String) throws -> Classification {
        { text in
            let p = try m.project(text)
            return Classification(probabilities: try checkedProbabilities(m.trace(p)["logits"]!, multiLabel: m.config.multiLabel),
                                  tokens: p.tokens, truncated: p.truncated)
        }
    }

    /// What `tern inspect` prints: architecture, configuration, parameters,
    /// bytes, and per layer its shape and quantization.
    public func summary(fileBytes: Int) -> String {
        switch self {
        case .sgnn(let m): return m.summary(fileBytes: fileBytes)
        case .sgnnFloat(let m):
            var s = "architecture: sgnn (float32)\nlabels: \(m.config.labels.joined(separator: ", "))\(m.config.multiLabel ? " (multi-label)" : "")\n"
            s += "projection: \(m.config.seeds.count) seeds, n-grams up to \(m.config.ngramOrder)\n"
            s += "parameters: \(m.config.parameterCount); file bytes: \(fileBytes)\n"
            for (i, l) in m.config.layerShapes.enumerated() { s += "dense\(i): [\(l.k), \(l.n)] float32\n" }
            return s
        case .pqrnn(let m): return Self.summary(m.config, format: "int8", fileBytes: fileBytes, layers: m.layers.mapValues(\.quantization))
        case .prado(let m): return Self.summary(m.config, format: "int8", fileBytes: fileBytes, layers: m.layers.mapValues(\.quantization))
        case .pqrnnFloat(let m): return Self.summary(m.config, format: "float32", fileBytes: fileBytes, layers: nil)
        case .pradoFloat(let m): return Self.summary(m.config, format: "float32", fileBytes: fileBytes, layers: nil)
        }
    }

    static func summary<C: ProjectionModelConfig>(_ c: C, format: String, fileBytes: Int, layers: [String: LayerQuantization]?) -> String {
        let o = c.projection
        var s = "architecture: \(c.architecture.rawValue) (\(format))\n"
        s += "labels: \(c.labels.joined(separator: ", "))\(c.multiLabel ? " (multi-label)" : "")\n"
        s += "projection: F \(o.featureSize), \(o.splitOnSpace ? "split on space" : "per code point"), byte sign \(o.byteSign.rawValue)"
        s += "\(o.addBOS ? ", BOS" : "")\(o.addEOS ? ", EOS" : "")\(o.wordNoveltyBits > 0 ? ", novelty bits \(o.wordNoveltyBits)" : "")"
        s += "\(o.docSizeLevels > 0 ? ", doc size levels \(o.docSizeLevels)" : ""); max length \(c.maxSeqLen)\n"
        switch c {
        case let p as PQRNNConfig: s += "pqrnn: bottleneck \(p.bottleneck), state \(p.state), \(p.layers) bidirectional layers, gate width \(p.kernelWidth)\n"
        case let p as PRADOConfig:
            s += "prado: embedding \(p.embedding), heads \(p.heads.map { "\($0.label) x \($0.channels)" }.joined(separator: ", "))\n"
        default: break
        }
        s += "parameters: \(c.parameterCount); file bytes: \(fileBytes)\n"
        for shape in c.layerShapes {
            let dims = shape.width == 1 ? "[\(shape.inputs), \(shape.outputs)]" : "[\(shape.width), \(shape.inputs), \(shape.outputs)]"
            let masked = shape.taps.contains(false) ? " taps \(shape.taps.map { $0 ? "1" : "0" }.joined())" : ""
            s += "\(shape.name): \(dims)\(masked)\(shape.width > 1 ? " \(shape.padding.rawValue)" : "")"
            if let q = layers?[shape.name] {
                s += " int8 (weight scales \(q.weightScales.min()!)...\(q.weightScales.max()!)), int32 bias; input scale \(q.inputScale), zero point \(q.inputZeroPoint)"
                if let scales = q.outputScales, let zeros = q.outputZeroPoints {
                    s += "; outputs per channel (scales \(Set(scales).sorted().map { "\($0)" }.joined(separator: ", ")); zero points \(Set(zeros).sorted().map { "\($0)" }.joined(separator: ", ")))"
                } else {
                    s += "; output scale \(q.outputScale), zero point \(q.outputZeroPoint)"
                }
                if q.relu == true { s += ", ReLU" }
            } else {
                s += " float32"
            }
            s += "\n"
        }
        return s
    }
}

extension SGNNInt8Model {
    func summary(fileBytes: Int) -> String {
        var s = "architecture: sgnn (int8)\n"
        s += "labels: \(config.labels.joined(separator: ", "))\(config.multiLabel ? " (multi-label)" : "")\n"
        s += "projection: \(config.seeds.count) seeds, n-grams up to \(config.ngramOrder); input int8 scale \(input.scale), zero point \(input.zeroPoint)\n"
        s += "parameters: \(config.parameterCount); file bytes: \(fileBytes)\n"
        for (i, (layer, q)) in zip(layers, quantization).enumerated() {
            let scales = q.weightScales
            s += "dense\(i): [\(layer.inputs), \(layer.outputs)] int8 weights (per-channel scales \(scales.min()!)...\(scales.max()!)), "
            s += "int32 bias; input zero point \(q.inputZeroPoint); output scale \(q.outputScale), zero point \(q.outputZeroPoint)\n"
        }
        return s
    }
}
