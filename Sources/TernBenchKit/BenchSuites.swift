import Dispatch
import Foundation
import TernKernels
import TernModels
import TernTraining

/// What a suite builds its cases for.
public struct BenchContext {
    public var seqLens: [Int]
    public var threads: [Int]
    public var rng = SplitMix64(seed: 2026)
    /// One pool per thread count, shared by every case.
    public var pools: [Int: ThreadPool] = [:]

    public init(seqLens: [Int], threads: [Int]) {
        self.seqLens = seqLens
        self.threads = threads
        for n in threads where n > 1 { pools[n] = ThreadPool(threads: n) }
    }

    /// Owns every buffer the cases read and write; each case keeps it alive,
    /// and it frees them when the last case is gone.
    public let buffers = BenchBuffers()

    /// An uninitialized buffer of `count` values that lives as long as the cases.
    func buffer<T>(_ type: T.Type, _ count: Int) -> UnsafeMutablePointer<T> { buffers.allocate(type, count: count) }

    mutating func bytes(_ n: Int) -> UnsafeMutablePointer<Int8> {
        let p = buffer(Int8.self, n)
        for i in 0..<n { p[i] = Int8(truncatingIfNeeded: rng.next()) }
        return p
    }

    mutating func weights(_ n: Int) -> [Int8] { (0..<n).map { _ in Int8(Int(rng.next() % 255) - 127) } }

    /// Splits `rows` into chunks of whole 4-row tiles, one per thread, and
    /// runs them on the pool (inline for one thread).
    func splitRows(_ rows: Int, threads: Int, _ body: @escaping (Int, Int) -> Void) -> () -> Void {
        guard threads > 1, let pool = pools[threads] else { return { body(0, rows) } }
        let chunk = max(4, (rows + threads - 1) / threads + 3) / 4 * 4
        let chunks = (rows + chunk - 1) / chunk
        return { pool.parallelFor(chunks) { i in body(i * chunk, min(chunk, rows - i * chunk)) } }
    }
}

extension BenchContext {
    /// A batch runner: `body(text, worker)` for every text, dealt over
    /// `threads` workers (worker w takes texts w, w + threads, ...) on the
    /// pool, each with its own workspace index, or in order on one thread.
    func spreadTexts(_ texts: [String], threads: Int, _ body: @escaping (String, Int) -> Void) -> () -> Void {
        guard threads > 1, let pool = pools[threads] else { return { for text in texts { body(text, 0) } } }
        return { pool.parallelFor(threads) { w in for i in stride(from: w, to: texts.count, by: threads) { body(texts[i], w) } } }
    }
}

/// A family of bench cases. Adding a kernel or a model to the bench is one
/// suite here and one line in `BenchSuites.all`.
public struct BenchSuite: Sendable {
    public let name: String
    public let summary: String
    let build: @Sendable (inout BenchContext) throws -> [BenchCase]

    public func cases(_ context: inout BenchContext) throws -> [BenchCase] {
        let buffers = context.buffers
        return try build(&context).map { k in
            var k = k
            k.keepAlive = buffers
            return k
        }
    }
}

public enum BenchSuites {
    public static let all: [BenchSuite] = [
        projection, dense, denseTernary, conv1d, qrnnPool, attention, requantize, activationLUT, threadPool, modelSGNN,
        modelPQRNN, modelPRADO, modelShipped, shippedLatency, trainingProducts,
    ]

    public static func named(_ name: String) -> BenchSuite? { all.first { $0.name == name } }

    // MARK: projection

    static let projection = BenchSuite(name: "projection", summary: "projection variants, texts of T tokens, batch across threads") { ctx in
        var out: [BenchCase] = []
        let words = SampleTexts.all.flatMap { $0.text.split(separator: " ") }
        let plan = try ProjectionPlan(ProjectionOptions(featureSize: 512))
        for t in ctx.seqLens {
            // A batch of 16 texts of exactly T tokens, cut from the sample texts.
            let texts: [[UInt8]] = (0..<16).map { b in
                Array((0..<t).map { words[(b * 997 + $0) % words.count] }.joined(separator: " ").utf8)
            }
            let bytes = texts.reduce(0) { $0 + $1.count }
            for v in ProjectionVariants.available {
                for n in ctx.threads where v.isReference ? n == 1 : true {
                    let workspaces = (0..<max(n, 1)).map { _ in ProjectionWorkspace() }
                    let run: () -> Void
                    if n > 1, let pool = ctx.pools[n] {
                        run = {
                            pool.parallelFor(n) { w in
                                var i = w
                                while i < texts.count {
                                    texts[i].withUnsafeBytes { try? v.project($0, plan: plan, workspace: workspaces[w]) }
                                    i += n
                                }
                            }
                        }
                    } else {
                        run = { for text in texts { text.withUnsafeBytes { try? v.project($0, plan: plan, workspace: workspaces[0]) } } }
                    }
                    out.append(BenchCase(family: "projection", variant: v.id, isa: v.isa.description, isReference: v.isReference,
                                         shape: "F=512", seqLen: t, threads: n, batch: 16, macs: 0, bytes: bytes + 16 * t * 512,
                                         bound: .memory, tokens: 16 * t, texts: 16, run: run))
                }
            }
        }
        return out
    }

    // MARK: training's float products

    /// The trainer's float convolutions, forward and backward (dW, db, dx) of
    /// one example, on the project's loops (the reference row) and on
    /// OpenBLAS's sgemm: PRADO's trigram head (K 64 -> 64) and pQRNN's gates
    /// (K 64 -> 3 x 64, causal), on ReLU-like inputs (half zero), one thread
    /// (the trainer's threads split the batch). Float work, so no int8 peak share.
    static let trainingProducts = BenchSuite(name: "training_products",
                                             summary: "the trainer's float convolutions, forward + backward: loops vs OpenBLAS sgemm") { ctx in
        var out: [BenchCase] = []
        let shapes = [LayerShape(name: "prado-trigram", inputs: 64, outputs: 64, width: 3, taps: [true, true, true], padding: .anticausal),
                      LayerShape(name: "pqrnn-gates", inputs: 64, outputs: 192, width: 3, taps: [true, true, true], padding: .causal)]
        for s in shapes {
            for t in ctx.seqLens {
                var rng = ctx.rng
                func values(_ n: Int, zeros: Bool) -> UnsafeMutablePointer<Float> {
                    let p = ctx.buffer(Float.self, n)
                    for i in 0..<n { let v = Float(Int(rng.next() % 2001) - 1000) / 1000; p[i] = zeros && v < 0 ? 0 : v }
                    return p
                }
                let w = values(s.weightCount, zeros: false), b = values(s.outputs, zeros: false)
                let x = values(t * s.inputs, zeros: true), dy = values(t * s.outputs, zeros: false)
                let y = values(t * s.outputs, zeros: false), dw = values(s.weightCount, zeros: false)
                let db = values(s.outputs, zeros: false), dx = values(t * s.inputs, zeros: false)
                ctx.rng = rng
                for products in FloatProducts.allCases {
                    out.append(BenchCase(family: "training_products", variant: "train_conv_\(products.rawValue)", isa: products == .loops ? "swift" : "openblas",
                                         isReference: products == .loops, shape: "\(s.name) K=\(s.inputs) N=\(s.outputs) k=\(s.width)",
                                         seqLen: t, macs: 0, bytes: 4 * (2 * s.weightCount + 2 * t * (s.inputs + s.outputs)), bound: .compute,
                                         run: {
                                             products.convForward(s, w, b, x, rows: t, y)
                                             products.convBackward(s, w, x, rows: t, dy, dw, db, dx)
                                         }))
                }
            }
        }
        return out
    }

    // MARK: dense

    static func denseCases(_ ctx: inout BenchContext, family: String, k: Int, n: Int, ternary: Bool) throws -> [BenchCase] {
        let r = try Requantization(realMultipliers: [Double](repeating: 1.0 / Double(k * 64), count: n),
                                   outputZeroPoints: [Int32](repeating: 0, count: n),
                                   lower: [Int32](repeating: -128, count: n), upper: [Int32](repeating: 127, count: n))
        let layer = try DenseWeights(inputs: k, outputs: n, weights: ctx.weights(k * n), bias: [Int32](repeating: 0, count: n),
                                     inputZeroPoint: ternary ? 0 : 3, requantization: r)
        var out: [BenchCase] = []
        let variants = DenseVariants.available.filter { ternary ? $0.accepts(layer) : !$0.ternaryOnly }
        let packed = variants.map { $0.pack(layer) }
        for t in ctx.seqLens {
            let x = ctx.bytes(t * k)
            if ternary { for i in 0..<(t * k) { x[i] = Int8(truncatingIfNeeded: Int(ctx.rng.next() % 4 == 0 ? 1 : 0) - Int(ctx.rng.next() % 4 == 0 ? 1 : 0)) } }
            let y = ctx.buffer(Int8.self, t * n)
            for (v, p) in zip(variants, packed) {
                for threads in ctx.threads where v.isReference ? threads == 1 : true {
                    let run = ctx.splitRows(t, threads: threads) { r0, rows in v.run(p, x + r0 * k, rows: rows, y + r0 * n) }
                    out.append(BenchCase(family: family, variant: v.id, isa: v.isa.description, isReference: v.isReference,
                                         shape: "K=\(k) N=\(n)", seqLen: t, threads: threads, macs: t * k * n,
                                         bytes: t * k + t * n + p.byteCount, bound: .compute, modelBytes: p.byteCount, run: run))
                }
            }
        }
        return out
    }

    static let dense = BenchSuite(name: "dense", summary: "dense layers K=512 N=128 and K=256 N=256, rows across threads") { ctx in
        try denseCases(&ctx, family: "dense", k: 512, n: 128, ternary: false)
            + denseCases(&ctx, family: "dense", k: 256, n: 256, ternary: false)
    }

    static let denseTernary = BenchSuite(name: "dense_ternary_input", summary: "the projection-fed bottleneck, K=512 N=128") { ctx in
        try denseCases(&ctx, family: "dense_ternary_input", k: 512, n: 128, ternary: true)
    }

    // MARK: conv1d

    static let conv1d = BenchSuite(name: "conv1d", summary: "the fused QRNN gate convolution, k=3, 128 -> 3x128") { ctx in
        let (cin, s, width) = (128, 128, 3)
        func gate(_ ctx: inout BenchContext) throws -> Conv1DWeights {
            let r = try Requantization(realMultipliers: [Double](repeating: 1.0 / Double(width * cin * 64), count: s),
                                       outputZeroPoints: [Int32](repeating: 0, count: s),
                                       lower: [Int32](repeating: -128, count: s), upper: [Int32](repeating: 127, count: s))
            return try Conv1DWeights(inputs: cin, outputs: s, width: width, padding: .causal, weights: ctx.weights(width * cin * s),
                                     bias: [Int32](repeating: 0, count: s), inputZeroPoint: -2, requantization: r)
        }
        let fused = try Conv1DWeights.fusedGates(z: gate(&ctx), f: gate(&ctx), o: gate(&ctx))
        let packed = try Conv1DVariants.available.map { try $0.pack(fused) }
        var out: [BenchCase] = []
        for t in ctx.seqLens {
            let x = ctx.bytes(t * cin)
            let y = ctx.buffer(Int8.self, t * 3 * s)
            for (v, p) in zip(Conv1DVariants.available, packed) {
                let scratch = ctx.buffer(Int8.self, max(1, p.scratchBytes(rows: t)))
                for threads in ctx.threads where v.isReference || p.dense == nil ? threads == 1 : true {
                    let run: () -> Void
                    if threads > 1, let dense = DenseVariants.variant(id: "dense_" + v.id.dropFirst("conv1d_".count)), let dp = p.dense {
                        // Each thread builds its own im2col rows, then multiplies them.
                        let k = dp.inputs, n = dp.outputs
                        run = ctx.splitRows(t, threads: threads) { r0, rows in
                            conv1dIm2col(fused, x, rows: t, building: r0..<(r0 + rows), scratch + r0 * k)
                            dense.run(dp, scratch + r0 * k, rows: rows, y + r0 * n)
                        }
                    } else {
                        run = { v.run(p, x, rows: t, y, scratch: scratch) }
                    }
                    out.append(BenchCase(family: "conv1d_qrnn_gates", variant: v.id, isa: v.isa.description, isReference: v.isReference,
                                         shape: "k=\(width) Cin=\(cin) Cout=3x\(s)", seqLen: t, threads: threads,
                                         macs: t * width * cin * 3 * s, bytes: t * cin + t * 3 * s + width * cin * 3 * s,
                                         bound: .compute, modelBytes: p.dense?.byteCount, run: run))
                }
            }
        }
        return out
    }

    // MARK: QRNN pooling

    static let qrnnPool = BenchSuite(name: "qrnn_pool", summary: "QRNN fo-pooling, S=128, activated and pre-activation gates") { ctx in
        let s = 128
        var out: [BenchCase] = []
        for t in ctx.seqLens {
            let g = ctx.bytes(t * 3 * s)
            let y = ctx.buffer(Int8.self, t * s)
            for mode in QRNNGateInput.allCases {
                let q = try AffineQuantization(scale: mode == .activated ? 1.0 / 127 : 0.05, zeroPoint: 0)
                let p = try QRNNPooling(channels: s, z: q, f: q, o: q, gateInput: mode,
                                        output: try AffineQuantization(scale: 1.0 / 127, zeroPoint: 0))
                // Per step: 3S gate bytes in, S bytes out, the float state read and written.
                out += QRNNPoolVariants.available.map { v in
                    BenchCase(family: "qrnn_pool_\(mode == .activated ? "activated" : "preactivation")", variant: v.id,
                              isa: v.isa.description, isReference: v.isReference, shape: "S=\(s) forward", seqLen: t,
                              macs: 0, bytes: t * (3 * s + s + 8 * s), bound: .memory) {
                        v.run(p, g, rows: t, length: t, direction: .forward, y)
                    }
                }
            }
        }
        return out
    }

    // MARK: attention

    static let attention = BenchSuite(name: "attention", summary: "attention pooling: PRADO per channel C=64, pQRNN scalar logit D=256") { ctx in
        let p = AttentionPooling(logits: try AffineQuantization(scale: 0.05, zeroPoint: 0),
                                 values: try AffineQuantization(scale: 0.02, zeroPoint: 1),
                                 output: try AffineQuantization(scale: 0.02, zeroPoint: 0))
        let c = 64, d = 256
        var out: [BenchCase] = []
        for t in ctx.seqLens {
            let logits = ctx.bytes(t * d), values = ctx.bytes(t * d)
            let y = ctx.buffer(Int8.self, d)
            for v in AttentionVariants.available {
                out.append(BenchCase(family: "attention_per_channel", variant: v.id, isa: v.isa.description,
                                     isReference: v.isReference, shape: "C=\(c)", seqLen: t, macs: 0,
                                     bytes: 2 * t * c + c, bound: .memory) {
                    v.perChannel(p, logits: logits, values: values, length: t, channels: c, y)
                })
                out.append(BenchCase(family: "attention_scalar_logit", variant: v.id, isa: v.isa.description,
                                     isReference: v.isReference, shape: "D=\(d)", seqLen: t, macs: 0,
                                     bytes: t + t * d + d, bound: .memory) {
                    v.scalarLogit(p, logits: logits, values: values, length: t, channels: d, y)
                })
            }
        }
        return out
    }

    // MARK: requantization and activations

    static let requantize = BenchSuite(name: "requantize", summary: "int32 -> int8 with fused ReLU, N=256") { ctx in
        let n = 256
        let r = try Requantization(realMultipliers: (0..<n).map { _ in 1e-4 * (1 + Double(ctx.rng.next() % 100) / 100) },
                                   outputZeroPoints: [Int32](repeating: 3, count: n),
                                   lower: [Int32](repeating: 3, count: n), upper: [Int32](repeating: 127, count: n))
        var out: [BenchCase] = []
        for t in ctx.seqLens {
            let acc = ctx.buffer(Int32.self, t * n)
            for i in 0..<(t * n) { acc[i] = Int32(truncatingIfNeeded: ctx.rng.next()) >> 8 }
            let y = ctx.buffer(Int8.self, t * n)
            out += RequantizeVariants.available.map { v in
                BenchCase(family: "requantize_relu", variant: v.id, isa: v.isa.description, isReference: v.isReference,
                          shape: "N=\(n)", seqLen: t, macs: 0, bytes: 5 * t * n, bound: .memory) {
                    r.withPointers { v.run(acc, t, n, $0, y) }
                }
            }
        }
        return out
    }

    static let activationLUT = BenchSuite(name: "activation_lut", summary: "256-entry table activation (tanh), N=384") { ctx in
        let n = 384
        let table = ActivationTable(input: try AffineQuantization(scale: 0.05, zeroPoint: 0),
                                    output: try AffineQuantization(scale: 1.0 / 127, zeroPoint: 0)) { tanhf($0) }
        var out: [BenchCase] = []
        for t in ctx.seqLens {
            let x = ctx.bytes(t * n)
            let y = ctx.buffer(Int8.self, t * n)
            out += ActivationLUTVariants.available.map { v in
                BenchCase(family: "activation_lut", variant: v.id, isa: v.isa.description, isReference: v.isReference,
                          shape: "N=\(n)", seqLen: t, macs: 0, bytes: 2 * t * n, bound: .memory) {
                    v.run(table, x, count: t * n, y)
                }
            }
        }
        return out
    }

    // MARK: models

    /// SGNN as the reference builds it (600 seeds, n-grams up to 3, dense
    /// 256 and 128), random weights quantized on the sample texts; a batch of
    /// 16 texts of T tokens, spread over the threads. The float reference
    /// forward pass is the "reference" row.
    static let modelSGNN = BenchSuite(name: "model_sgnn", summary: "SGNN int8 inference per dense variant, batch of 16 texts") { ctx in
        let config = SGNNConfig(labels: ["neg", "pos"], seeds: (0..<600).map { _ in Int32(truncatingIfNeeded: ctx.rng.next() >> 33) },
                                ngramOrder: 3, hidden: [256, 128])
        let float = try SGNNFloatModel.random(config: config, seed: 2026)
        let model = try SGNNInt8Model.quantize(float, calibration: SampleTexts.all.prefix(64).map(\.text))
        let words = SampleTexts.all.flatMap { $0.text.split(separator: " ") }
        let modelBytes = model.weightBytes
        var out: [BenchCase] = []
        // SGNN's time is its n-gram projection, linear in T: up to 256 tokens
        // shows the trend without minutes of 16-text batches at 1024.
        for t in ctx.seqLens where t <= 256 {
            let texts = (0..<16).map { b in (0..<t).map { words[(b * 991 + $0) % words.count] }.joined(separator: " ") }
            out.append(BenchCase(family: "model_sgnn", variant: "sgnn_float_ref", isa: "portable", isReference: true,
                                 shape: "P=600 256-128-2", seqLen: t, batch: 16, macs: 0, bytes: 0, bound: .compute,
                                 tokens: 16 * t, texts: 16, modelBytes: modelBytes) {
                for text in texts { blackHole(try? float.logits(text)) }
            })
            for v in DenseVariants.available where !v.ternaryOnly && !v.isReference {
                let packed = model.packed(for: v)
                for n in ctx.threads {
                    let workspaces = (0..<n).map { _ in model.makeWorkspace() }
                    @Sendable func classify(_ text: String, _ ws: SGNNInt8Model.Workspace) {
                        var text = text
                        text.withUTF8 { try? model.run(UnsafeRawBufferPointer($0), variant: v, packed: packed, workspace: ws) }
                    }
                    let run = ctx.spreadTexts(texts, threads: n) { classify($0, workspaces[$1]) }
                    out.append(BenchCase(family: "model_sgnn", variant: "sgnn_int8_" + v.id, isa: v.isa.description,
                                         isReference: false, shape: "P=600 256-128-2", seqLen: t, threads: n, batch: 16,
                                         macs: 0, bytes: 0, bound: .compute, tokens: 16 * t, texts: 16,
                                         modelBytes: modelBytes, run: run))
                }
            }
        }
        return out
    }

    static let modelPQRNN = BenchSuite(name: "model_pqrnn", summary: "pQRNN int8 inference per kernel set: one text, batch of 16") { ctx in
        try BenchModels.pqrnn(maxSeqLen: ctx.seqLens.max() ?? 128).flatMap { try modelCases($0, ctx: &ctx) }
    }

    static let modelPRADO = BenchSuite(name: "model_prado", summary: "PRADO int8 inference per kernel set: one text, batch of 16") { ctx in
        try BenchModels.prado(maxSeqLen: ctx.seqLens.max() ?? 128).flatMap { try modelCases($0, ctx: &ctx) }
    }

    /// The trained models shipped in Results/trained (run from the package
    /// folder, as scripts/bench does), on 16 of the embedded sample texts
    /// (every eighth: reviews, tweets, sentences, questions) at their natural
    /// lengths, per kernel set and thread count (texts spread over threads).
    static let modelShipped = BenchSuite(name: "model_shipped",
                                         summary: "the trained models of Results/trained on 16 sample texts, per kernel set") { ctx in
        let texts = stride(from: 0, to: SampleTexts.all.count, by: 8).map { SampleTexts.all[$0].text }
        var out: [BenchCase] = []
        for (name, model) in try shippedModels() {
            let engines: [(KernelSet, Engine)]
            let weightBytes: Int
            switch model {
            case .prado(let m): engines = try KernelSet.exactSets.map { ($0, try m.engine(kernels: $0)) }; weightBytes = m.weightBytes
            case .pqrnn(let m): engines = try KernelSet.exactSets.map { ($0, try m.engine(kernels: $0)) }; weightBytes = m.weightBytes
            default: continue
            }
            let tokens = texts.reduce(0) { $0 + min($1.split(separator: " ").count, engines[0].1.maxSeqLen) }
            for (kernels, engine) in engines {
                let isReference = kernels.dense.isReference
                let variant = name + "_" + (isReference ? "scalar_ref" : kernels.dense.flavour)
                for n in ctx.threads where !(isReference && n > 1) {
                    let workspaces = (0..<n).map { _ in engine.makeWorkspace() }
                    let macs = texts.reduce(0) { $0 + engine.macs(rows: min($1.split(separator: " ").count, engine.maxSeqLen)) }
                    let run = ctx.spreadTexts(texts, threads: n) { try? engine.run($0, workspace: workspaces[$1]) }
                    out.append(BenchCase(family: "model_shipped", variant: variant, isa: kernels.dense.isa.description,
                                         isReference: isReference, shape: name, seqLen: engine.maxSeqLen, threads: n, batch: texts.count,
                                         macs: macs, bytes: 0, bound: .compute, tokens: tokens, texts: texts.count,
                                         modelBytes: weightBytes, run: run))
                }
            }
        }
        return out
    }

    /// Texts of exactly T tokens from the sample texts' words.
    static func textsOfLength(_ t: Int, count: Int) -> [String] {
        let words = SampleTexts.all.flatMap { $0.text.split(separator: " ") }
        return (0..<count).map { b in (0..<t).map { words[(b * 991 + $0) % words.count] }.joined(separator: " ") }
    }

    /// Model rows: per kernel set (the all-reference set is the reference
    /// row; it and the portable set stop at T 256, where they take about a
    /// second per text), per T and
    /// thread count, one text (threads split the text: QRNN directions or
    /// PRADO heads) and a batch of 16 texts (texts spread over threads, one
    /// workspace each). Weights are random, quantized on the sample texts;
    /// the speed does not depend on their values.
    static func modelCases(_ model: BenchModel, ctx: inout BenchContext) throws -> [BenchCase] {
        let family = model.family, arch = model.arch, shape = model.shape
        var out: [BenchCase] = []
        let sets = KernelSet.exactSets
        let engines = try sets.map { try model.engine($0) }
        for t in ctx.seqLens {
            let one = textsOfLength(t, count: 1)[0], batch = textsOfLength(t, count: 16)
            for (kernels, engine) in zip(sets, engines) {
                let isReference = kernels.dense.isReference
                // The scalar and portable sets take seconds per batch beyond T 256.
                if kernels.dense.isa == .portable && t > 256 { continue }
                let variant = isReference ? "\(arch)_int8_scalar_ref" : "\(arch)_int8_" + kernels.dense.flavour
                for n in ctx.threads {
                    if isReference && n > 1 { continue }
                    let pool = n > 1 ? ctx.pools[n] : nil
                    let workspaces = (0..<n).map { _ in engine.makeWorkspace() }
                    let macs = engine.macs(rows: t)
                    out.append(BenchCase(family: family, variant: variant, isa: kernels.dense.isa.description, isReference: isReference,
                                         shape: shape, seqLen: t, threads: n, batch: 1, macs: macs, bytes: 0, bound: .compute,
                                         tokens: t, texts: 1, modelBytes: model.weightBytes) {
                        try? engine.run(one, workspace: workspaces[0], pool: pool)
                    })
                    if isReference { continue }
                    let runBatch = ctx.spreadTexts(batch, threads: n) { try? engine.run($0, workspace: workspaces[$1]) }
                    out.append(BenchCase(family: family, variant: variant, isa: kernels.dense.isa.description, isReference: false,
                                         shape: shape, seqLen: t, threads: n, batch: 16, macs: 16 * macs, bytes: 0, bound: .compute,
                                         tokens: 16 * t, texts: 16, modelBytes: model.weightBytes, run: runBatch))
                }
            }
        }
        return out
    }

    // MARK: threads

    /// The cost of one empty fork-join: Tern's pool warm (workers spinning)
    /// and cold (parked: the case sleeps past the spin before each call), and
    /// Dispatch's concurrentPerform. The "reference" is a plain loop.
    static let threadPool = BenchSuite(name: "threadpool", summary: "fork-join cost: warm and cold pool, Dispatch") { ctx in
        var out: [BenchCase] = []
        for n in ctx.threads where n > 1 {
            guard let pool = ctx.pools[n] else { continue }
            let cold = ThreadPool(threads: n, spinMicroseconds: 20)
            out.append(BenchCase(family: "forkjoin", variant: "forkjoin_inline_ref", isa: "portable", isReference: true,
                                 shape: "empty tasks", seqLen: 0, threads: n, macs: 0, bytes: 0, bound: .memory) {
                for i in 0..<n { blackHole(i) }
            })
            out.append(BenchCase(family: "forkjoin", variant: "forkjoin_pool_warm", isa: "portable", isReference: false,
                                 shape: "empty tasks", seqLen: 0, threads: n, macs: 0, bytes: 0, bound: .memory) {
                pool.parallelFor(n) { blackHole($0) }
            })
            var coldCase = BenchCase(family: "forkjoin", variant: "forkjoin_pool_cold", isa: "portable", isReference: false,
                                     shape: "empty tasks", seqLen: 0, threads: n, macs: 0, bytes: 0, bound: .memory) {
                cold.parallelFor(n) { blackHole($0) }
            }
            // Sleep past the spin, untimed: every timed call finds the workers parked.
            coldCase.prepare = { usleep(300) }
            out.append(coldCase)
            out.append(BenchCase(family: "forkjoin", variant: "forkjoin_dispatch_concurrent_perform", isa: "portable",
                                 isReference: false, shape: "empty tasks", seqLen: 0, threads: n, macs: 0, bytes: 0,
                                 bound: .memory) {
                DispatchQueue.concurrentPerform(iterations: n) { blackHole($0) }
            })
        }
        return out
    }
}

#if canImport(Glibc)
import Glibc
#endif
