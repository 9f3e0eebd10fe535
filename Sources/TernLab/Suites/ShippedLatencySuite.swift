import Foundation
import TernBenchKit
import TernKernels
import TernModels

extension BenchSuites {
    /// The shipped models (Results/trained, read from the package folder as
    /// scripts/bench runs) on the kernels the dispatcher picks: one text of
    /// exactly T tokens on one thread and on each larger pool (latency), and
    /// a batch of 16 such texts spread over every thread count (texts per
    /// second). A T above a model's maximum length becomes that length (the
    /// model would cut the text), so every model has a row for every T asked for.
    static let shippedLatency = BenchSuite(name: "shipped_latency",
                                           summary: "the trained models of Results/trained: one text of T tokens, and 16 texts over threads") { ctx in
        var out: [BenchCase] = []
        for (name, model) in try shippedModels() {
            // PRADO, pQRNN and their ensembles: models with a length limit (SGNN has none).
            guard let engine = try model.makeEngine(kernels: .best), let maxSeqLen = model.maxSeqLen else { continue }
            let weightBytes = model.weightBytes
            let variant = name + "_" + KernelSet.best.dense.flavour
            var lengths: [Int] = []
            for t in ctx.seqLens.map({ min($0, maxSeqLen) }) where !lengths.contains(t) { lengths.append(t) }
            for t in lengths {
                let one = textsOfLength(t, count: 1)[0], batch = textsOfLength(t, count: 16)
                let workspaces = (0..<max(ctx.threads.max() ?? 1, 1)).map { _ in engine.makeWorkspace() }
                // Counted as run: the projection's repeated rows skipped.
                let macs = engine.macs(of: one, workspace: workspaces[0])
                let batchMACs = batch.reduce(0) { $0 + engine.macs(of: $1, workspace: workspaces[0]) }
                // One text on one thread, then on each larger pool: the
                // engine splits its stages (an ensemble runs its members side
                // by side) where that pays.
                for n in [1] + ctx.threads.filter({ $0 > 1 }) {
                    let pool = n > 1 ? ctx.pools[n] : nil
                    if n > 1 && pool == nil { continue }
                    out.append(BenchCase(family: "shipped_latency", variant: variant, isa: KernelSet.best.dense.isa.description,
                                         isReference: false, shape: name, seqLen: t, threads: n, batch: 1,
                                         macs: macs, bytes: 0, bound: .compute, tokens: t, texts: 1, modelBytes: weightBytes,
                                         run: { _ = try? engine.run(one, workspace: workspaces[0], pool: pool) }))
                }
                for n in ctx.threads {
                    out.append(BenchCase(family: "shipped_latency", variant: variant, isa: KernelSet.best.dense.isa.description,
                                         isReference: false, shape: name, seqLen: t, threads: n, batch: 16,
                                         macs: batchMACs, bytes: 0, bound: .compute, tokens: 16 * t, texts: 16,
                                         modelBytes: weightBytes,
                                         run: ctx.spreadTexts(batch, threads: n) { _ = try? engine.run($0, workspace: workspaces[$1]) }))
                }
            }
        }
        return out
    }

    /// The int8 models in Results/trained (PRADO, pQRNN, ensembles), by name (file name
    /// without .safetensors), in name order. None when the folder is absent
    /// (the bench run from elsewhere).
    static func shippedModels() throws -> [(String, any ClassifierModel)] {
        let folder = URL(fileURLWithPath: "Results/trained")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".safetensors") && !$0.hasSuffix(".f32.safetensors") }.sorted()
        return try files.map { (String($0.dropLast(".safetensors".count)), try ModelFile.load(contentsOf: folder.appendingPathComponent($0))) }
    }
}
