import Foundation
import TernKernels

/// Model architectures Tern runs.
public enum Architecture: String, Codable, Sendable, CaseIterable { case sgnn, prado, pqrnn }

/// An SGNN classifier (Ravi and Kozareva 2018, as the reference builds it):
/// the FarmHash n-gram projection, then dense layers without activation,
/// then softmax (or sigmoid for multi-label tasks) over the classes.
///
/// Shapes: projection `[P]` (P = seeds), layer i `[K_i, N_i]`, logits `[C]`.
public struct SGNNConfig: Codable, Sendable, Equatable {
    public var formatVersion = 1
    public var architecture = Architecture.sgnn
    public var labels: [String]
    public var multiLabel = false
    public var seeds: [Int32]
    public var ngramOrder: Int
    /// Widths of the hidden layers (the reference: 256, 128).
    public var hidden: [Int]

    public init(labels: [String], seeds: [Int32], ngramOrder: Int, hidden: [Int], multiLabel: Bool = false) {
        self.labels = labels
        self.seeds = seeds
        self.ngramOrder = ngramOrder
        self.hidden = hidden
        self.multiLabel = multiLabel
    }

    /// [K, N] of every dense layer, input first.
    public var layerShapes: [(k: Int, n: Int)] {
        let widths = [seeds.count] + hidden + [labels.count]
        return (0..<(widths.count - 1)).map { (widths[$0], widths[$0 + 1]) }
    }

    /// Weights and biases of every dense layer.
    public var parameterCount: Int { layerShapes.reduce(0) { $0 + $1.k * $1.n + $1.n } }
}

/// Float32 SGNN: the reference forward pass, written for clarity.
public struct SGNNFloatModel: Sendable {
    public let config: SGNNConfig
    /// Per layer: weights `[K, N]` row-major and bias `[N]`.
    public let weights: [[Float]]
    public let biases: [[Float]]
    let projection: SGNNProjection

    public init(config: SGNNConfig, weights: [[Float]], biases: [[Float]]) throws {
        let shapes = config.layerShapes
        guard weights.count == shapes.count, biases.count == shapes.count else {
            throw ModelFileError.wrongTensor(name: "layers", reason: "\(weights.count) weight tensors for \(shapes.count) layers")
        }
        for (i, s) in shapes.enumerated() where weights[i].count != s.k * s.n || biases[i].count != s.n {
            throw ModelFileError.wrongTensor(name: "dense\(i)", reason: "expected [\(s.k), \(s.n)] weights and [\(s.n)] bias")
        }
        guard config.labels.count >= 2 || config.multiLabel else {
            throw ModelFileError.wrongTensor(name: "labels", reason: "a single-label model needs two labels or more")
        }
        self.config = config
        self.weights = weights
        self.biases = biases
        projection = try SGNNProjection(seeds: config.seeds, ngramOrder: config.ngramOrder)
    }

    /// Seeded random weights (for tests and benchmarks before training).
    public static func random(config: SGNNConfig, seed: UInt64) throws -> SGNNFloatModel {
        var rng = SplitMix64(seed: seed)
        func uniform(_ scale: Float) -> Float { (Float(rng.next() >> 40) / Float(1 << 24) * 2 - 1) * scale }
        let shapes = config.layerShapes
        let w = shapes.map { s in (0..<(s.k * s.n)).map { _ in uniform(1 / Float(s.k).squareRoot() * 1.7) } }
        let b = shapes.map { s in (0..<s.n).map { _ in uniform(0.1) } }
        return try SGNNFloatModel(config: config, weights: w, biases: b)
    }

    /// Every layer's output for one text, the logits last.
    public func activations(_ text: String) throws -> [[Float]] {
        var x = try projection.project(text)
        var out: [[Float]] = [x]
        for (i, s) in config.layerShapes.enumerated() {
            var y = biases[i]
            for k in 0..<s.k where x[k] != 0 {
                for n in 0..<s.n { y[n] += x[k] * weights[i][k * s.n + n] }
            }
            out.append(y)
            x = y
        }
        return out
    }

    public func logits(_ text: String) throws -> [Float] { try activations(text).last! }
}

/// Softmax, or sigmoid per class for multi-label models. Non-finite logits
/// give NaN scores: the classifiers use `checkedProbabilities`.
public func probabilities(_ logits: [Float], multiLabel: Bool) -> [Float] {
    var out = [Float](repeating: 0, count: logits.count)
    logits.withUnsafeBufferPointer { l in out.withUnsafeMutableBufferPointer { writeProbabilities(unchecked: l, multiLabel: multiLabel, into: $0) } }
    return out
}

/// `probabilities`, or `InferenceError.nonFiniteOutput` when a logit is NaN or infinite.
public func checkedProbabilities(_ logits: [Float], multiLabel: Bool) throws -> [Float] {
    var out = [Float](repeating: 0, count: logits.count)
    try logits.withUnsafeBufferPointer { l in try out.withUnsafeMutableBufferPointer { try writeProbabilities(l, multiLabel: multiLabel, into: $0) } }
    return out
}

/// The index of the highest score (the first of equal ones): the predicted label.
public func bestIndex<Scores: RandomAccessCollection>(_ scores: Scores) -> Int where Scores.Element == Float, Scores.Index == Int {
    scores.indices.max { scores[$0] < scores[$1] } ?? 0
}

/// `checkedProbabilities` into caller memory (the engines' allocation-free path).
func writeProbabilities(_ logits: UnsafeBufferPointer<Float>, multiLabel: Bool, into p: UnsafeMutableBufferPointer<Float>) throws {
    for l in logits where !l.isFinite { throw InferenceError.nonFiniteOutput }
    writeProbabilities(unchecked: logits, multiLabel: multiLabel, into: p)
}

/// Softmax subtracts the largest logit first, so any finite logits give finite scores.
func writeProbabilities(unchecked logits: UnsafeBufferPointer<Float>, multiLabel: Bool, into p: UnsafeMutableBufferPointer<Float>) {
    if multiLabel {
        for i in logits.indices { p[i] = 1 / (1 + Foundation.exp(-logits[i])) }
        return
    }
    let m = logits.max() ?? 0
    var sum: Float = 0
    for i in logits.indices {
        p[i] = Foundation.exp(logits[i] - m)
        sum += p[i]
    }
    for i in logits.indices { p[i] /= sum }
}

extension SGNNConfig {
    /// The configuration of an SGNN file of `format`, checked: format version and architecture.
    static func decode(_ file: SafeTensorsFile, format: String) throws -> SGNNConfig {
        try checkFormat(file, format)
        let config: SGNNConfig = try decodeMetadata(file, ModelFileKeys.config)
        guard config.formatVersion == 1 else { throw ModelFileError.metadataInvalid("format version \(config.formatVersion) is not 1") }
        guard config.architecture == .sgnn else { throw ModelFileError.metadataInvalid("architecture \(config.architecture) is not sgnn") }
        return config
    }
}

extension SGNNFloatModel {
    /// Loads and checks a float32 SGNN file (sizes bounded before any tensor is read).
    public static func load(_ file: SafeTensorsFile) throws -> SGNNFloatModel {
        let config = try SGNNConfig.decode(file, format: "float32")
        guard config.seeds.count <= 4096, config.hidden.count <= 8, (1...8).contains(config.ngramOrder),
              (config.hidden + [config.labels.count]).allSatisfy({ (1...ModelLimits.maxWidth).contains($0) }) else {
            throw ModelFileError.metadataInvalid("configuration: sizes out of range (seeds <= 4096, widths 1...\(ModelLimits.maxWidth), n-gram order 1...8)")
        }
        let shapes = config.layerShapes
        let w = try shapes.indices.map { try file.floats("dense\($0).weight", shape: [shapes[$0].k, shapes[$0].n]) }
        let b = try shapes.indices.map { try file.floats("dense\($0).bias", shape: [shapes[$0].n]) }
        return try SGNNFloatModel(config: config, weights: w, biases: b)
    }

    /// The float32 file: `denseI.weight` `[K, N]` and `denseI.bias` `[N]` as F32.
    public func write(to url: URL) throws {
        var w = SafeTensorsWriter(metadata: [ModelFileKeys.config: try sortedJSON(config), ModelFileKeys.format: "float32"])
        for (i, s) in config.layerShapes.enumerated() {
            w.add("dense\(i).weight", floats: weights[i], shape: [s.k, s.n])
            w.add("dense\(i).bias", floats: biases[i], shape: [s.n])
        }
        try w.write(to: url)
    }
}
