import Foundation
import TernBenchKit
import TernKernels
import TernModels

/// One layer that Tern and its peers (ONNX Runtime, LiteRT) compute on the
/// same int8 inputs: its tensors and real scales are exported for
/// scripts/peers/ (its Python), which builds the peers' graphs from them.
public struct PeerCase: Codable, Sendable {
    public enum Kind: String, Codable, Sendable { case dense, conv1d, qrnnPool = "qrnn_pool" }
    public var id: String
    public var kind: Kind
    /// Rows T, inputs K (C_in), outputs N (C_out), width k (1 for dense).
    public var rows: Int
    public var inputs: Int
    public var outputs: Int
    public var width: Int
    /// "causal" for the QRNN gate convolution: output t reads t-k+1 ... t.
    public var padding: String
    public var inputScale: Float
    public var inputZeroPoint: Int32
    public var weightScales: [Float]
    public var outputScale: Float
    public var outputZeroPoint: Int32
    /// Files beside the manifest: x int8 `[T, K]`, w int8 `[k, K, N]` (Tern's
    /// layout), bias int32 `[N]`, the reference's int8 output `[T, N]`.
    public var files: [String: String]
    /// fo-pooling only: the quantization of the z, f and o pre-activations
    /// (the gate rows `[T, 3S]`), output h `[T, S]` in (outputScale, outputZeroPoint).
    public var gates: [AffineQuantization]? = nil
}

/// Tern's time for one case and variant.
public struct PeerTernTiming: Codable, Sendable {
    public var caseID: String
    public var variant: String
    public var isa: String
    public var threads: Int
    public var stats: Stats
    /// The variant's output equals the reference's, byte for byte.
    public var exact: Bool
    /// The variant's written tolerance against the reference, in int8 steps
    /// (0 but for the fixed-point fo-pooling variants), and the largest difference measured.
    public var tolerance = 0
    public var maxDifference = 0

    public var withinTolerance: Bool { maxDifference <= tolerance }
}

public struct PeerExport: Codable, Sendable {
    public var machine: MachineInfo
    public var command: String
    public var cases: [PeerCase]
    public var tern: [PeerTernTiming]
    public var models: [PeerModel] = []
}

public enum PeerCases {
    /// The shapes of the shipped models: pQRNN's bottleneck (K 512 -> N 128),
    /// a 256 x 256 layer at T 128 (the 128 x 256 x 256), and the fused QRNN
    /// gate convolution (k 3, 128 -> 3 x 128, causal).
    public static let shapes: [(id: String, kind: PeerCase.Kind, rows: Int, inputs: Int, outputs: Int, width: Int)] = [
        ("dense_T128_K256_N256", .dense, 128, 256, 256, 1),
        ("dense_T128_K512_N128", .dense, 128, 512, 128, 1),
        ("conv1d_qrnn_gates_T128_k3_C128_N384", .conv1d, 128, 128, 384, 3),
    ]

    struct Layer {
        var spec: PeerCase
        var x: [Int8]
        var conv: Conv1DWeights
    }

    /// Seeded tensors in the contract: the output scale is set from the
    /// accumulators' spread so outputs use the int8 range without saturating much.
    static func make(_ shape: (id: String, kind: PeerCase.Kind, rows: Int, inputs: Int, outputs: Int, width: Int)) throws -> Layer {
        var rng = SplitMix64(seed: FarmHash.fingerprint64(Array(shape.id.utf8)))
        let (t, k, n, width) = (shape.rows, shape.inputs, shape.outputs, shape.width)
        let x = (0..<(t * k)).map { _ in Int8(truncatingIfNeeded: rng.next()) }
        let w = (0..<(width * k * n)).map { _ in Int8(Int(rng.next() % 255) - 127) }
        let inputScale: Float = 0.02, inputZeroPoint: Int32 = -3
        let weightScales = (0..<n).map { _ in Float(0.001 + Double(rng.next() % 1000) / 1000 * 0.004) }
        // Dense cases have no bias (ONNX's QLinearMatMul has none); the convolution has one.
        let bias = (0..<n).map { _ in shape.kind == .dense ? Int32(0) : Int32(Int(rng.next() % 20_001) - 10_000) }
        // A real accumulator's spread is about 74 * sqrt(k K) * 85 * s_in * s_w: four spreads span the output range.
        let spread = 74 * (Double(width * k)).squareRoot() * 85 * Double(inputScale) * 0.003
        let output = try AffineQuantization(scale: Float(4 * spread / 255), zeroPoint: 5)
        let r = try Requantization(inputScale: inputScale, weightScales: weightScales, output: output)
        let conv = try Conv1DWeights(inputs: k, outputs: n, width: width, padding: .causal, weights: w, bias: bias,
                                     inputZeroPoint: inputZeroPoint, requantization: r)
        let spec = PeerCase(id: shape.id, kind: shape.kind, rows: t, inputs: k, outputs: n, width: width, padding: "causal",
                            inputScale: inputScale, inputZeroPoint: inputZeroPoint, weightScales: weightScales,
                            outputScale: output.scale, outputZeroPoint: output.zeroPoint,
                            files: ["x": "\(shape.id).x.bin", "w": "\(shape.id).w.bin", "bias": "\(shape.id).bias.bin",
                                    "reference": "\(shape.id).tern.bin"])
        return Layer(spec: spec, x: x, conv: conv)
    }

    /// Writes every case's tensors and Tern's reference output into `folder`,
    /// times Tern's variants (exact ones; one and two threads, rows split as
    /// the bench splits them) and returns the manifest.
    public static func export(to folder: URL, models: [URL], lengths: [Int], policy: SamplingPolicy, command: String,
                              progress: (String) -> Void) throws -> PeerExport {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let context = BenchContext(seqLens: [], threads: [1, 2])
        var cases: [PeerCase] = [], timings: [PeerTernTiming] = []
        for shape in shapes {
            let layer = try make(shape)
            let (t, n) = (shape.rows, shape.outputs)
            var reference = [Int8](repeating: 0, count: t * n)
            layer.x.withUnsafeBufferPointer { x in
                reference.withUnsafeMutableBufferPointer { Conv1DScalarRef.run(layer.conv, x.baseAddress!, rows: t, $0.baseAddress!) }
            }
            func write<T>(_ values: [T], _ name: String) throws {
                try values.withUnsafeBytes { try Data($0).write(to: folder.appendingPathComponent(name)) }
            }
            try write(layer.x, layer.spec.files["x"]!)
            try write(layer.conv.weights, layer.spec.files["w"]!)
            try write(layer.conv.bias, layer.spec.files["bias"]!)
            try write(reference, layer.spec.files["reference"]!)
            cases.append(layer.spec)

            let x = UnsafeMutablePointer<Int8>.allocate(capacity: layer.x.count)
            x.initialize(from: layer.x, count: layer.x.count)
            let y = UnsafeMutablePointer<Int8>.allocate(capacity: t * n)
            defer { x.deallocate(); y.deallocate() }
            for variant in Conv1DVariants.available {
                let packed = try variant.pack(layer.conv)
                let scratch = UnsafeMutablePointer<Int8>.allocate(capacity: max(1, packed.scratchBytes(rows: t)))
                defer { scratch.deallocate() }
                for threads in [1, 2] where threads == 1 || packed.dense != nil {
                    let run = context.splitConvolution(variant, packed, x, rows: t, y, scratch: scratch, threads: threads)
                    y.update(repeating: 0, count: t * n)
                    run()
                    let difference = (0..<(t * n)).map { abs(Int(reference[$0]) - Int(y[$0])) }.max() ?? 0
                    let name = shape.kind == .dense ? "dense_" + variant.id.dropFirst("conv1d_".count) : variant.id
                    progress("tern \(shape.id) \(name) threads \(threads)")
                    timings.append(PeerTernTiming(caseID: shape.id, variant: name, isa: variant.isa.description, threads: threads,
                                                  stats: sample(policy, run), exact: difference == 0, maxDifference: difference))
                }
            }
        }
        let (poolCase, poolTimings) = try exportPooling(to: folder, policy: policy, progress: progress)
        cases.append(poolCase)
        timings += poolTimings
        let peerModels = try models.map { try exportModel($0, lengths: lengths, to: folder, policy: policy, progress: progress) }
        let export = PeerExport(machine: .current(), command: command, cases: cases, tern: timings, models: peerModels)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(export).write(to: folder.appendingPathComponent("manifest.json"))
        return export
    }
}

extension PeerCases {
    /// pQRNN's fo-pooling, forward, S 128 channels over T 128 steps of
    /// seeded pre-activation gates: Tern's exact (float-state) variants on one
    /// thread (the recurrence is sequential; the engine runs the two
    /// directions on two threads instead).
    static func exportPooling(to folder: URL, policy: SamplingPolicy, progress: (String) -> Void) throws -> (PeerCase, [PeerTernTiming]) {
        let (t, s) = (128, 128), id = "qrnn_fo_pool_T128_S128"
        var rng = SplitMix64(seed: FarmHash.fingerprint64(Array(id.utf8)))
        let gates = (0..<(t * 3 * s)).map { _ in Int8(truncatingIfNeeded: rng.next()) }
        let z = try AffineQuantization(scale: 0.03, zeroPoint: 2), f = try AffineQuantization(scale: 0.04, zeroPoint: -5)
        let o = try AffineQuantization(scale: 0.035, zeroPoint: 1), h = try AffineQuantization(scale: 1.0 / 127, zeroPoint: 0)
        let pooling = try QRNNPooling(channels: s, z: z, f: f, o: o, gateInput: .preActivation, output: h)
        var reference = [Int8](repeating: 0, count: t * s), out = reference
        gates.withUnsafeBufferPointer { g in
            reference.withUnsafeMutableBufferPointer { qrnnPoolScalarRef(pooling, g.baseAddress!, rows: t, length: t, direction: .forward, $0.baseAddress!) }
        }
        let spec = PeerCase(id: id, kind: .qrnnPool, rows: t, inputs: 3 * s, outputs: s, width: 1, padding: "forward",
                            inputScale: 0, inputZeroPoint: 0, weightScales: [], outputScale: h.scale, outputZeroPoint: h.zeroPoint,
                            files: ["x": id + ".x.bin", "reference": id + ".tern.bin"], gates: [z, f, o])
        try gates.withUnsafeBytes { try Data($0).write(to: folder.appendingPathComponent(spec.files["x"]!)) }
        try reference.withUnsafeBytes { try Data($0).write(to: folder.appendingPathComponent(spec.files["reference"]!)) }
        var timings: [PeerTernTiming] = []
        for variant in QRNNPoolVariants.available {
            progress("tern \(id) \(variant.id)")
            let stats = gates.withUnsafeBufferPointer { g in
                out.withUnsafeMutableBufferPointer { o in
                    sample(policy) { variant.run(pooling, g.baseAddress!, rows: t, length: t, direction: .forward, o.baseAddress!) }
                }
            }
            let difference = zip(out, reference).map { abs(Int($0) - Int($1)) }.max() ?? 0
            timings.append(PeerTernTiming(caseID: id, variant: variant.id, isa: variant.isa.description, threads: 1, stats: stats,
                                          exact: difference == 0, tolerance: variant.maxDifference, maxDifference: difference))
        }
        return (spec, timings)
    }
}

/// A shipped PRADO or pQRNN model after its projection, exported for the
/// peers: every layer's int8 tensors and quantization, projected inputs of
/// several lengths with Tern's int8 logits, and Tern's time on them.
public struct PeerModel: Codable, Sendable {
    public struct Layer: Codable, Sendable {
        public var name: String
        /// [k, C_in, C_out], Tern's layout; masked taps hold zeros.
        public var width: Int
        public var inputs: Int
        public var outputs: Int
        public var taps: [Bool]
        public var padding: String
        public var quantization: LayerQuantization
        public var weightsFile: String
        public var biasFile: String
    }

    public struct Input: Codable, Sendable {
        public var rows: Int
        public var featuresFile: String
        public var ternLogits: [Int8]
        public var tern: [PeerTernTiming]
    }

    /// pQRNN's sizes (nil for PRADO).
    public struct QRNNSizes: Codable, Sendable {
        public var bottleneck: Int
        public var state: Int
        public var layers: Int
        public var kernelWidth: Int
    }

    public var name: String
    public var file: String
    /// "prado" or "pqrnn".
    public var architecture: String
    public var features: Int
    /// PRADO's sizes (0 and none for pQRNN).
    public var embedding: Int
    public var heads: [PRADOHead]
    public var qrnn: QRNNSizes?
    public var labels: Int
    public var layers: [Layer]
    public var inputs: [Input]
}

extension PeerCases {
    /// Exports `url` (a PRADO or pQRNN int8 file, or an ensemble's first member) into `folder`: layers,
    /// projected sample texts of `lengths` tokens, Tern's logits and its
    /// times on them (the best kernels, one and two threads; two split a
    /// stage when the text is large enough, as `tern` does).
    public static func exportModel(_ url: URL, lengths: [Int], to folder: URL, policy: SamplingPolicy,
                                   progress: (String) -> Void) throws -> PeerModel {
        let name = url.deletingPathExtension().lastPathComponent
        var loaded = try ModelFile.load(contentsOf: url)
        var file = url.path
        // The peers run one network; an ensemble runs its members one after
        // another, so it is compared on its first member (the shipped pairs'
        // pQRNN members share one shape).
        if let ensemble = loaded as? EnsembleModel {
            loaded = ensemble.members[0]
            file += " (member 0 of the ensemble)"
        }
        switch loaded {
        case let model as Int8Model<PRADOConfig>:
            let c = model.config
            return try export(model, name: name, file: file, lengths: lengths, to: folder, policy: policy, progress: progress,
                              architecture: "prado", embedding: c.embedding, heads: c.heads, qrnn: nil)
        case let model as Int8Model<PQRNNConfig>:
            let c = model.config
            return try export(model, name: name, file: file, lengths: lengths, to: folder, policy: policy, progress: progress,
                              architecture: "pqrnn", embedding: 0, heads: [],
                              qrnn: PeerModel.QRNNSizes(bottleneck: c.bottleneck, state: c.state, layers: c.layers,
                                                        kernelWidth: c.kernelWidth))
        default:
            throw SweepError.notInt8
        }
    }

    private static func export<C: ProjectionModelConfig>(
        _ model: Int8Model<C>, name: String, file: String, lengths: [Int], to folder: URL, policy: SamplingPolicy,
        progress: (String) -> Void, architecture: String, embedding: Int, heads: [PRADOHead], qrnn: PeerModel.QRNNSizes?
    ) throws -> PeerModel {
        let c = model.config
        var layers: [PeerModel.Layer] = []
        for shape in c.layerShapes {
            let layer = model[shape.name]
            let prefix = "\(name).\(shape.name)"
            try layer.conv.weights.withUnsafeBytes { try Data($0).write(to: folder.appendingPathComponent(prefix + ".w.bin")) }
            try layer.conv.bias.withUnsafeBytes { try Data($0).write(to: folder.appendingPathComponent(prefix + ".bias.bin")) }
            layers.append(PeerModel.Layer(name: shape.name, width: shape.width, inputs: shape.inputs, outputs: shape.outputs,
                                          taps: shape.taps, padding: shape.padding.rawValue, quantization: layer.quantization,
                                          weightsFile: prefix + ".w.bin", biasFile: prefix + ".bias.bin"))
        }
        let engine = try model.engine(kernels: .best)
        let ws = engine.makeWorkspace()
        let pool = ThreadPool(threads: 2)
        var inputs: [PeerModel.Input] = []
        for length in lengths {
            let text = BenchSuites.textsOfLength(length, count: 1)[0]
            let (features, rows) = try engine.projectedFeatures(text, workspace: ws)
            let file = "\(name).input\(rows).bin"
            try features.withUnsafeBytes { try Data($0).write(to: folder.appendingPathComponent(file)) }
            try features.withUnsafeBufferPointer { try engine.runProjected($0.baseAddress!, rows: rows, workspace: ws) }
            let logits = Array(ws.int8Logits)
            var timings: [PeerTernTiming] = []
            for threads in [1, 2] {
                progress("tern \(name) T \(rows) threads \(threads)")
                let stats = try features.withUnsafeBufferPointer { f in
                    try sample(policy) { try engine.runProjected(f.baseAddress!, rows: rows, workspace: ws, pool: threads > 1 ? pool : nil) }
                }
                timings.append(PeerTernTiming(caseID: "\(name)_T\(rows)", variant: "tern engine (\(engine.kernels.denseIDs))",
                                              isa: engine.kernels.dense.isa.description, threads: threads, stats: stats,
                                              exact: Array(ws.int8Logits) == logits))
            }
            inputs.append(PeerModel.Input(rows: rows, featuresFile: file, ternLogits: logits, tern: timings))
        }
        return PeerModel(name: name, file: file, architecture: architecture, features: c.projection.featureSize,
                         embedding: embedding, heads: heads, qrnn: qrnn, labels: c.labels.count, layers: layers, inputs: inputs)
    }
}
