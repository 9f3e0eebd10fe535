import Foundation
import TernKernels

/// A model as `tern` loads it from a file, of any architecture (PRADO,
/// pQRNN, SGNN) and format (int8, float32).
public protocol ClassifierModel: Sendable {
    var architecture: Architecture { get }
    /// "int8" or "float32".
    var format: String { get }
    var labels: [String] { get }
    var multiLabel: Bool { get }
    /// The most tokens a text keeps (pQRNN and PRADO cut longer texts); nil
    /// for SGNN, which reads a whole text.
    var maxSeqLen: Int? { get }
    /// Bytes of the weights and biases as the format stores them.
    var weightBytes: Int { get }

    /// The int8 engine on `kernels`; nil for a float32 model, which runs on
    /// the float reference (`classifier()`).
    func makeEngine(kernels: KernelSet) throws -> (any TextClassifier)?

    /// What `tern inspect` prints: architecture, configuration, parameters,
    /// bytes, and per layer its shape and quantization.
    func summary(fileBytes: Int) -> String

    /// A classifier on the best kernels: the int8 engine, or for a float32
    /// model the float reference.
    func classifier() throws -> @Sendable (String) throws -> Classification
}

/// The classifier of an int8 model: its engine's answers.
func engineClassifier(_ engine: any TextClassifier) -> @Sendable (String) throws -> Classification {
    { text in try engine.classify(text).classification }
}

/// Reading a model file: the architecture and format in its metadata pick
/// the loader (an ensemble's format alone: it has no configuration of its own).
public enum ModelFile {
    public static func load(_ file: SafeTensorsFile) throws -> any ClassifierModel {
        if file.metadata[ModelFileKeys.format] == EnsembleModel.formatName { return try EnsembleModel.load(file) }
        struct Header: Decodable { let architecture: Architecture }
        let header: Header = try decodeMetadata(file, ModelFileKeys.config)
        switch (header.architecture, file.metadata[ModelFileKeys.format]) {
        case (.sgnn, "float32"): return try SGNNFloatModel.load(file)
        case (.sgnn, _): return try SGNNInt8Model.load(file)
        case (.pqrnn, "float32"): return try FloatModel<PQRNNConfig>.load(file)
        case (.prado, "float32"): return try FloatModel<PRADOConfig>.load(file)
        case (.pqrnn, _): return try Int8Model<PQRNNConfig>.load(file)
        case (.prado, _): return try Int8Model<PRADOConfig>.load(file)
        }
    }

    public static func load(contentsOf url: URL) throws -> any ClassifierModel { try load(try SafeTensorsFile(contentsOf: url)) }
}

/// A model whose labels, architecture and length limit come from a PRADO
/// or pQRNN configuration (an int8 model or its float twin).
public protocol ProjectionModelFile {
    associatedtype Config: ProjectionModelConfig
    var config: Config { get }
}

extension ProjectionModelFile {
    public var architecture: Architecture { config.architecture }
    public var labels: [String] { config.labels }
    public var multiLabel: Bool { config.multiLabel }
    public var maxSeqLen: Int? { config.maxSeqLen }
}

/// An SGNN model (int8 or float), which reads a whole text.
public protocol SGNNModelFile {
    var config: SGNNConfig { get }
}

extension SGNNModelFile {
    public var architecture: Architecture { .sgnn }
    public var labels: [String] { config.labels }
    public var multiLabel: Bool { config.multiLabel }
    public var maxSeqLen: Int? { nil }
}

extension Int8Model: ClassifierModel, ProjectionModelFile {
    public var format: String { "int8" }
    public func makeEngine(kernels: KernelSet) throws -> (any TextClassifier)? { try engine(kernels: kernels) }
    public func classifier() throws -> @Sendable (String) throws -> Classification { engineClassifier(try engine(kernels: .best)) }
    public func summary(fileBytes: Int) -> String {
        projectionModelSummary(config, format: format, fileBytes: fileBytes, layers: layers.mapValues(\.quantization))
    }
}

extension FloatModel: ClassifierModel, ProjectionModelFile {
    public var format: String { "float32" }
    public var weightBytes: Int { 4 * config.parameterCount }
    public func makeEngine(kernels: KernelSet) throws -> (any TextClassifier)? { nil }
    public func summary(fileBytes: Int) -> String { projectionModelSummary(config, format: format, fileBytes: fileBytes, layers: nil) }

    public func classifier() throws -> @Sendable (String) throws -> Classification {
        { text in
            let p = try project(text)
            return Classification(probabilities: try checkedProbabilities(trace(p)["logits"]!, multiLabel: config.multiLabel),
                                  tokens: p.tokens, truncated: p.truncated)
        }
    }
}

extension SGNNInt8Model: ClassifierModel, SGNNModelFile {
    public var format: String { "int8" }
    public func makeEngine(kernels: KernelSet) throws -> (any TextClassifier)? { try engine(dense: kernels.dense) }
    public func classifier() throws -> @Sendable (String) throws -> Classification { engineClassifier(try engine()) }

    public func summary(fileBytes: Int) -> String {
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

extension SGNNFloatModel: ClassifierModel, SGNNModelFile {
    public var format: String { "float32" }
    public var weightBytes: Int { 4 * config.parameterCount }
    public func makeEngine(kernels: KernelSet) throws -> (any TextClassifier)? { nil }

    public func summary(fileBytes: Int) -> String {
        var s = "architecture: sgnn (float32)\nlabels: \(config.labels.joined(separator: ", "))\(config.multiLabel ? " (multi-label)" : "")\n"
        s += "projection: \(config.seeds.count) seeds, n-grams up to \(config.ngramOrder)\n"
        s += "parameters: \(config.parameterCount); file bytes: \(fileBytes)\n"
        for (i, l) in config.layerShapes.enumerated() { s += "dense\(i): [\(l.k), \(l.n)] float32\n" }
        return s
    }

    public func classifier() throws -> @Sendable (String) throws -> Classification {
        { text in
            do {
                return Classification(probabilities: try checkedProbabilities(try logits(text), multiLabel: config.multiLabel),
                                      tokens: text.split { $0.isWhitespace }.count, truncated: false)
            } catch SGNNProjection.Error.emptyInput {
                // As the int8 engine says it: one message for an empty text whatever the format.
                throw InferenceError.emptyText
            }
        }
    }
}

/// `summary(fileBytes:)` of a PRADO or pQRNN model, int8 (with `layers`) or float32.
func projectionModelSummary<C: ProjectionModelConfig>(_ c: C, format: String, fileBytes: Int, layers: [String: LayerQuantization]?) -> String {
    let o = c.projection
    var s = "architecture: \(c.architecture.rawValue) (\(format))\n"
    s += "labels: \(c.labels.joined(separator: ", "))\(c.multiLabel ? " (multi-label)" : "")\n"
    s += "projection: F \(o.featureSize), \(o.splitOnSpace ? "split on space" : "per code point"), byte sign \(o.byteSign.rawValue)"
    s += "\(o.addBOS ? ", BOS" : "")\(o.addEOS ? ", EOS" : "")\(o.wordNoveltyBits > 0 ? ", novelty bits \(o.wordNoveltyBits)" : "")"
    s += "\(o.docSizeLevels > 0 ? ", doc size levels \(o.docSizeLevels)" : ""); max length \(c.maxSeqLen)\n"
    s += c.architectureSummary + "\n"
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
