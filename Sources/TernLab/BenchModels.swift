import Foundation
import TernBenchKit
import TernKernels
import TernModels

/// A model configuration the bench measures: random weights (speed does
/// not depend on their values), quantized on the sample texts.
public struct BenchModel: Sendable {
    public let family: String
    public let arch: String
    public let shape: String
    public let weightBytes: Int
    public let engine: @Sendable (KernelSet) throws -> any ProjectionClassifier
}

public enum BenchModels {
    static func make<C: ProjectionModelConfig>(_ config: C, family: String, arch: String, shape: String) throws -> BenchModel {
        let float = try FloatModel.random(config: config, seed: 2026)
        let model = try Int8Model.quantize(float, calibration: SampleTexts.all.prefix(32).map(\.text))
        return BenchModel(family: family, arch: arch, shape: shape, weightBytes: model.weightBytes) { try model.engine(kernels: $0) }
    }

    /// pQRNN with F 512, B 128, S 128 and 2 or 3 layers (../shared/spec/models.md).
    public static func pqrnn(maxSeqLen: Int) throws -> [BenchModel] {
        try [2, 3].map { layers in
            try make(PQRNNConfig(labels: ["neg", "pos"], maxSeqLen: maxSeqLen, bottleneck: 128, state: 128, layers: layers),
                     family: "model_pqrnn", arch: "pqrnn", shape: "F512 B128 S128 L\(layers)")
        }
    }

    /// PRADO in the reference civil_comments configuration (F 512, E 64,
    /// bigram and trigram heads of 64 channels, 7 labels, multi-label).
    public static func prado(maxSeqLen: Int) throws -> [BenchModel] {
        var config = PRADOConfig.civilComments
        config.maxSeqLen = maxSeqLen
        return [try make(config, family: "model_prado", arch: "prado", shape: "civil_comments F512 E64 2+3-gram")]
    }
}

/// Where one inference's time goes: each stage's median over many runs of
/// one text, single thread, with its multiply-adds and share of peak.
public struct ModelBreakdown: Codable, Sendable {
    public struct Stage: Codable, Sendable {
        public var name: String
        public var p50Nanoseconds: Double
        public var share: Double
        public var macs: Int
        public var peakFraction: Double?
    }

    public var model: String
    public var shape: String
    public var kernels: String
    public var seqLen: Int
    /// Distinct projection rows of the text (`EngineWorkspace.distinctRows`):
    /// the stages that read the projection run on these only.
    public var distinctRows: Int?
    public var totalP50Nanoseconds: Double
    public var stages: [Stage]

    /// Runs `engine` on a text of T tokens for `seconds` after a warm-up.
    public static func measure(_ model: BenchModel, kernels: KernelSet, seqLen t: Int, seconds: Double,
                               peaks: MachinePeaks) throws -> ModelBreakdown {
        let engine = try model.engine(kernels)
        let ws = engine.makeWorkspace()
        ws.timesStages = true
        let text = BenchSuites.textsOfLength(t, count: 1)[0]
        var perStage = [[Double]](repeating: [], count: engine.stageNames.count)
        var totals: [Double] = []
        let warmEnd = monotonicNanoseconds() + 200_000_000
        while monotonicNanoseconds() < warmEnd { try engine.run(text, workspace: ws) }
        let end = monotonicNanoseconds() + UInt64(seconds * 1e9)
        repeat {
            let start = monotonicNanoseconds()
            try engine.run(text, workspace: ws)
            totals.append(Double(monotonicNanoseconds() - start))
            for i in perStage.indices { perStage[i].append(Double(ws.stageNanoseconds[i])) }
        } while monotonicNanoseconds() < end || totals.count < 15
        func median(_ v: [Double]) -> Double { v.sorted()[v.count / 2] }
        let total = median(totals)
        // The stages that read the projection run on its distinct rows: their
        // multiply-adds (and share of peak) are the ones run.
        let ternary = engine.stageReadsProjection
        let distinct = ws.distinctRows
        let macs = engine.stageMACs(ranIn: ws)
        let stages = engine.stageNames.indices.map { i -> Stage in
            let p50 = median(perStage[i])
            let peakGOPS = peaks.peakGOPS(ternaryInput: ternary[i])
            return Stage(name: engine.stageNames[i], p50Nanoseconds: p50, share: p50 / total, macs: macs[i],
                         peakFraction: macs[i] > 0 && peakGOPS > 0 ? 2 * Double(macs[i]) / p50 / peakGOPS : nil)
        }
        return ModelBreakdown(model: model.arch, shape: model.shape, kernels: kernels.description, seqLen: t,
                              distinctRows: distinct, totalP50Nanoseconds: total, stages: stages)
    }

    public var markdown: String {
        let distinct = distinctRows.map { $0 < seqLen ? " (\($0) distinct rows)" : "" } ?? ""
        var s = "### \(model) \(shape), T = \(seqLen)\(distinct): \(fmt(totalP50Nanoseconds / 1e3, 1)) us per text (p50)\n\n"
        s += "Kernels: \(kernels)\n\n"
        var table = MarkdownTable([.text("stage"), .number("p50 (us)"), .number("share"), .number("MACs"), .number("share of peak")])
        for st in stages {
            table.append([st.name, fmt(st.p50Nanoseconds / 1e3, 1), "\(fmt(100 * st.share, 1)) %", "\(st.macs)",
                          st.peakFraction.map { "\(fmt(100 * $0, 1)) %" } ?? "-"])
        }
        let rest = totalP50Nanoseconds - stages.reduce(0) { $0 + $1.p50Nanoseconds }
        table.append(["(outside the stages: logits, softmax, timers)", fmt(rest / 1e3, 1), "\(fmt(100 * rest / totalP50Nanoseconds, 1)) %", "-", "-"])
        return s + table.description
    }
}
