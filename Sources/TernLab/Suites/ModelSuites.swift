import Foundation
import TernBenchKit
import TernKernels
import TernModels

// Bench suites: models. Registered in `BenchSuites.all`.
extension BenchSuites {
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
                // The engine tern, the sweep and training run (projection, layers, softmax).
                let engine = try model.engine(dense: v)
                for n in ctx.threads {
                    let workspaces = (0..<n).map { _ in engine.makeWorkspace() }
                    let run = ctx.spreadTexts(texts, threads: n) { text, w in try? engine.run(text, workspace: workspaces[w]) }
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
            // PRADO, pQRNN and their ensembles: models with a length limit (SGNN has none).
            guard let maxSeqLen = model.maxSeqLen else { continue }
            let engines = try KernelSet.exactSets.compactMap { set in try model.makeEngine(kernels: set).map { (set, $0) } }
            guard !engines.isEmpty else { continue }
            let weightBytes = model.weightBytes
            let tokens = texts.reduce(0) { $0 + min($1.split(separator: " ").count, maxSeqLen) }
            // The multiply-adds run (repeated rows skipped) depend on the texts, not the kernels.
            let counter = engines.last!.1, counting = counter.makeWorkspace()
            let macs = texts.reduce(0) { $0 + counter.macs(of: $1, workspace: counting) }
            for (kernels, engine) in engines {
                let isReference = kernels.dense.isReference
                let variant = name + "_" + (isReference ? "scalar_ref" : kernels.dense.flavour)
                for n in ctx.threads where !(isReference && n > 1) {
                    let workspaces = (0..<n).map { _ in engine.makeWorkspace() }
                    let run = ctx.spreadTexts(texts, threads: n) { try? engine.run($0, workspace: workspaces[$1]) }
                    out.append(BenchCase(family: "model_shipped", variant: variant, isa: kernels.dense.isa.description,
                                         isReference: isReference, shape: name, seqLen: maxSeqLen, threads: n, batch: texts.count,
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
            // The multiply-adds run (repeated rows skipped) depend on the text, not the kernels.
            let counter = engines.last!, counting = counter.makeWorkspace()
            let macs = counter.macs(of: one, workspace: counting)
            let batchMACs = batch.reduce(0) { $0 + counter.macs(of: $1, workspace: counting) }
            for (kernels, engine) in zip(sets, engines) {
                let isReference = kernels.dense.isReference
                // The scalar and portable sets take seconds per batch beyond T 256.
                if kernels.dense.isa == .portable && t > 256 { continue }
                let variant = isReference ? "\(arch)_int8_scalar_ref" : "\(arch)_int8_" + kernels.dense.flavour
                for n in ctx.threads {
                    if isReference && n > 1 { continue }
                    let pool = n > 1 ? ctx.pools[n] : nil
                    let workspaces = (0..<n).map { _ in engine.makeWorkspace() }
                    out.append(BenchCase(family: family, variant: variant, isa: kernels.dense.isa.description, isReference: isReference,
                                         shape: shape, seqLen: t, threads: n, batch: 1, macs: macs, bytes: 0, bound: .compute,
                                         tokens: t, texts: 1, modelBytes: model.weightBytes) {
                        try? engine.run(one, workspace: workspaces[0], pool: pool)
                    })
                    if isReference { continue }
                    let runBatch = ctx.spreadTexts(batch, threads: n) { try? engine.run($0, workspace: workspaces[$1]) }
                    out.append(BenchCase(family: family, variant: variant, isa: kernels.dense.isa.description, isReference: false,
                                         shape: shape, seqLen: t, threads: n, batch: 16, macs: batchMACs, bytes: 0, bound: .compute,
                                         tokens: 16 * t, texts: 16, modelBytes: model.weightBytes, run: runBatch))
                }
            }
        }
        return out
    }
}
