import Foundation
import TernKernels

/// What PRADO and pQRNN configurations share: the labels, the projection
/// and the maximum length. Sizes are bounded so a configuration read from a
/// file can never size an allocation beyond a few hundred MB.
public protocol ProjectionModelConfig: Codable, Sendable, Equatable {
    var formatVersion: Int { get }
    var architecture: Architecture { get }
    var labels: [String] { get }
    var multiLabel: Bool { get }
    var projection: ProjectionOptions { get }
    /// Longer texts are cut to their first maxSeqLen projection rows.
    var maxSeqLen: Int { get }
    /// Every weight layer, in the order of the forward pass.
    var layerShapes: [LayerShape] { get }
    /// Architecture-specific size checks.
    func validateSizes() throws
    /// The architecture's own sizes, one line of `tern inspect`.
    var architectureSummary: String { get }
    /// The engine of this architecture for `model` on `kernels`.
    static func engine(for model: Int8Model<Self>, kernels: KernelSet) throws -> any ProjectionClassifier
}

public enum ModelLimits {
    public static let maxSeqLen = 8192
    public static let maxWidth = 4096
    public static let maxLabels = 4096
}

extension ProjectionModelConfig {
    /// Checks the configuration before any buffer is sized from it.
    public func validate() throws {
        func fail(_ why: String) -> ModelFileError { .metadataInvalid("configuration: \(why)") }
        guard formatVersion == 1 else { throw fail("format version \(formatVersion) is not 1") }
        guard (1...ModelLimits.maxSeqLen).contains(maxSeqLen) else {
            throw fail("maxSeqLen \(maxSeqLen) is not in 1...\(ModelLimits.maxSeqLen)")
        }
        guard labels.count <= ModelLimits.maxLabels, labels.count >= (multiLabel ? 1 : 2) else {
            throw fail("\(labels.count) labels; a \(multiLabel ? "multi-label" : "single-label") model needs \(multiLabel ? 1 : 2)...\(ModelLimits.maxLabels)")
        }
        guard Set(labels).count == labels.count else { throw fail("labels repeat") }
        guard projection.distortionProbability == 0 else {
            throw fail("projection distortion is for training only; inference needs probability 0")
        }
        do { _ = try ProjectionPlan(projection) } catch { throw fail("projection: \(error)") }
        try validateSizes()
    }

    /// Validates the configuration, then that `shapes` has exactly its layers.
    func checkLayers(_ shapes: [String: LayerShape]) throws {
        try validate()
        for shape in layerShapes {
            guard let given = shapes[shape.name] else { throw ModelFileError.missingTensor(shape.name + ".weight") }
            guard given == shape else {
                throw ModelFileError.wrongTensor(name: shape.name, reason: "has shape [\(given.width), \(given.inputs), \(given.outputs)], the configuration says [\(shape.width), \(shape.inputs), \(shape.outputs)]")
            }
        }
    }

    func checkWidth(_ name: String, _ v: Int) throws {
        guard (1...ModelLimits.maxWidth).contains(v) else {
            throw ModelFileError.metadataInvalid("configuration: \(name) \(v) is not in 1...\(ModelLimits.maxWidth)")
        }
    }

    public var parameterCount: Int { layerShapes.reduce(0) { $0 + $1.parameterCount } }
}

/// pQRNN (Kaliamoorthi et al. 2021): projection -> dense bottleneck (ReLU) ->
/// L bidirectional QRNN layers (fused z/f/o gate convolutions of width k,
/// causal forward, anti-causal backward, fo-pooling) -> scalar-logit
/// attention pooling (ReLU logit) -> classifier. ../shared/spec/models.md.
///
/// Shapes: projection `[T, F]`, bottleneck `[T, B]`, layer output `[T, 2S]`,
/// pooled `[2S]`, logits `[C]`.
public struct PQRNNConfig: ProjectionModelConfig {
    public var formatVersion = 1
    public var architecture = Architecture.pqrnn
    public var labels: [String]
    public var multiLabel = false
    public var projection: ProjectionOptions
    public var maxSeqLen: Int
    public var bottleneck: Int
    public var state: Int
    public var layers: Int
    public var kernelWidth = 3

    public init(labels: [String], multiLabel: Bool = false, projection: ProjectionOptions = ProjectionOptions(),
                maxSeqLen: Int = 128, bottleneck: Int = 128, state: Int = 128, layers: Int = 2, kernelWidth: Int = 3) {
        self.labels = labels
        self.multiLabel = multiLabel
        self.projection = projection
        self.maxSeqLen = maxSeqLen
        self.bottleneck = bottleneck
        self.state = state
        self.layers = layers
        self.kernelWidth = kernelWidth
    }

    public func validateSizes() throws {
        guard architecture == .pqrnn else { throw ModelFileError.metadataInvalid("configuration: architecture \(architecture) is not pqrnn") }
        try checkWidth("bottleneck", bottleneck)
        try checkWidth("state", state)
        guard (1...8).contains(layers) else { throw ModelFileError.metadataInvalid("configuration: layers \(layers) is not in 1...8") }
        guard (1...5).contains(kernelWidth) else {
            throw ModelFileError.metadataInvalid("configuration: kernelWidth \(kernelWidth) is not in 1...5")
        }
    }

    public static func gatesName(_ layer: Int, _ direction: QRNNDirection) -> String { "qrnn\(layer).\(direction.rawValue).gates" }

    public var architectureSummary: String {
        "pqrnn: bottleneck \(bottleneck), state \(state), \(layers) bidirectional layers, gate width \(kernelWidth)"
    }

    public var layerShapes: [LayerShape] {
        var shapes = [LayerShape(name: "bottleneck", inputs: projection.featureSize, outputs: bottleneck)]
        for l in 0..<layers {
            for d in QRNNDirection.allCases {
                shapes.append(LayerShape(name: Self.gatesName(l, d), inputs: l == 0 ? bottleneck : 2 * state, outputs: 3 * state,
                                         width: kernelWidth, padding: d == .forward ? .causal : .anticausal))
            }
        }
        shapes.append(LayerShape(name: "attention", inputs: 2 * state, outputs: 1))
        shapes.append(LayerShape(name: "classifier", inputs: 2 * state, outputs: labels.count))
        return shapes
    }
}

/// One PRADO n-gram head: width n, or a skip-bigram (n = 2, skip s) of
/// width s + 2 with the inner taps masked off.
public struct PRADOHead: Codable, Sendable, Equatable {
    public var n: Int
    public var skip = 0
    public var channels: Int

    public init(n: Int, skip: Int = 0, channels: Int) {
        self.n = n
        self.skip = skip
        self.channels = channels
    }

    public var width: Int { skip == 0 ? n : skip + 2 }
    public var taps: [Bool] { skip == 0 ? [Bool](repeating: true, count: n) : [true] + [Bool](repeating: false, count: skip) + [true] }
    public var label: String { skip == 0 ? "\(n)-gram" : "skip-\(skip) bigram" }
}

/// PRADO (Kaliamoorthi, Ravi, Kozareva 2019): projection -> values and keys
/// dense layers (ReLU) -> per n-gram head a convolution of each
/// (forward-looking, no activation) and per-channel attention over time ->
/// concatenated heads -> classifier. ../shared/spec/models.md.
///
/// Shapes: projection `[T, F]`, values and keys `[T, E]`, head h `[T, H_h]`
/// pooled to `[H_h]`, pooled `[sum H_h]`, logits `[C]`.
public struct PRADOConfig: ProjectionModelConfig {
    public var formatVersion = 1
    public var architecture = Architecture.prado
    public var labels: [String]
    public var multiLabel = false
    public var projection: ProjectionOptions
    public var maxSeqLen: Int
    public var embedding: Int
    public var heads: [PRADOHead]

    public init(labels: [String], multiLabel: Bool = false, projection: ProjectionOptions = ProjectionOptions(),
                maxSeqLen: Int = 128, embedding: Int = 64, heads: [PRADOHead]) {
        self.labels = labels
        self.multiLabel = multiLabel
        self.projection = projection
        self.maxSeqLen = maxSeqLen
        self.embedding = embedding
        self.heads = heads
    }

    /// The reference civil_comments configuration: F 512, E 64, bigram and
    /// trigram heads of 64 channels, max_seq_len 128, 7 labels, multi-label.
    public static let civilComments = PRADOConfig(
        labels: ["toxicity", "severe_toxicity", "obscene", "threat", "insult", "identity_attack", "sexual_explicit"],
        multiLabel: true, maxSeqLen: 128, embedding: 64,
        heads: [PRADOHead(n: 2, channels: 64), PRADOHead(n: 3, channels: 64)])

    public func validateSizes() throws {
        guard architecture == .prado else { throw ModelFileError.metadataInvalid("configuration: architecture \(architecture) is not prado") }
        try checkWidth("embedding", embedding)
        guard (1...16).contains(heads.count) else { throw ModelFileError.metadataInvalid("configuration: \(heads.count) heads, expected 1...16") }
        for (i, h) in heads.enumerated() {
            try checkWidth("head \(i) channels", h.channels)
            guard (1...5).contains(h.n), h.skip == 0 || (h.n == 2 && (1...2).contains(h.skip)) else {
                throw ModelFileError.metadataInvalid("configuration: head \(i) (n \(h.n), skip \(h.skip)) is not an n-gram of 1...5 or a skip-bigram with skip 1 or 2")
            }
        }
    }

    public var pooledWidth: Int { heads.reduce(0) { $0 + $1.channels } }

    public var architectureSummary: String {
        "prado: embedding \(embedding), heads \(heads.map { "\($0.label) x \($0.channels)" }.joined(separator: ", "))"
    }

    public var layerShapes: [LayerShape] {
        var shapes = [LayerShape(name: "values", inputs: projection.featureSize, outputs: embedding),
                      LayerShape(name: "keys", inputs: projection.featureSize, outputs: embedding)]
        for (i, h) in heads.enumerated() {
            for part in ["values", "keys"] {
                shapes.append(LayerShape(name: "head\(i).\(part)", inputs: embedding, outputs: h.channels, width: h.width,
                                         taps: h.taps, padding: .anticausal))
            }
        }
        shapes.append(LayerShape(name: "classifier", inputs: pooledWidth, outputs: labels.count))
        return shapes
    }
}
