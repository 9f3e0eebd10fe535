import Foundation
import TernKernels

/// One projection variant timed over a set of texts.
public struct ProjectionBenchRow: Codable, Sendable {
    public var kernel = "projection"
    public var variant: String
    public var isa: String
    public var featureSize: Int
    public var texts: Int
    public var tokens: Int
    public var bytes: Int
    /// Time of one pass over all texts.
    public var pass: Stats
    public var textsPerSecond: Double
    public var tokensPerSecond: Double
    public var megabytesPerSecond: Double
    /// Reference time over this variant's time, both medians of this run.
    public var speedupVsReference: Double
    /// Heap allocations are not counted yet (the tcmalloc harness counts them).
    enum CodingKeys: String, CodingKey {
        case kernel, variant, isa, texts, tokens, bytes, pass
        case featureSize = "feature_size", textsPerSecond = "texts_per_s", tokensPerSecond = "tokens_per_s"
        case megabytesPerSecond = "mb_per_s", speedupVsReference = "ratio_vs_reference"
    }
}

public struct ProjectionBenchReport: Codable, Sendable {
    public var schema = "tern.bench.projection/1"
    public var machine: MachineInfo
    public var command: String
    public var options: ProjectionOptions
    public var rows: [ProjectionBenchRow]
}

public enum ProjectionBench {
    /// Times every variant in `variants` over `texts`, the reference first so
    /// every ratio comes from the same run.
    public static func run(texts: [String], options: ProjectionOptions, variants: [ProjectionVariant],
                           policy: SamplingPolicy, command: String,
                           progress: (String) -> Void = { _ in }) throws -> ProjectionBenchReport {
        let plan = try ProjectionPlan(options)
        let utf8 = texts.map { Array($0.utf8) }
        let bytes = utf8.reduce(0) { $0 + $1.count }
        let reference = ProjectionVariants.reference
        var ordered = [reference] + variants.filter { !$0.isReference }
        ordered = ordered.filter { KernelDispatch.allows($0.isa) }

        // Tokens as the projection counts them (BOS / EOS excluded).
        let counter = ProjectionWorkspace()
        var tokens = 0
        for t in utf8 {
            try t.withUnsafeBytes { try reference.project($0, plan: plan, workspace: counter) }
            tokens += counter.tokenCount
        }

        var rows: [ProjectionBenchRow] = []
        var referenceP50 = 0.0
        for variant in ordered {
            progress("timing \(variant.id)")
            let ws = ProjectionWorkspace()
            let stats = try sample(policy) {
                for t in utf8 {
                    try t.withUnsafeBytes { try variant.project($0, plan: plan, workspace: ws) }
                }
                blackHole(ws.features)
            }
            if variant.isReference { referenceP50 = stats.p50 }
            let seconds = stats.p50 / 1e9
            rows.append(ProjectionBenchRow(
                variant: variant.id, isa: variant.isa.description, featureSize: options.featureSize,
                texts: texts.count, tokens: tokens, bytes: bytes, pass: stats,
                textsPerSecond: Double(texts.count) / seconds, tokensPerSecond: Double(tokens) / seconds,
                megabytesPerSecond: Double(bytes) / seconds / 1e6,
                speedupVsReference: referenceP50 / stats.p50))
        }
        return ProjectionBenchReport(machine: .current(), command: command, options: options, rows: rows)
    }

    /// A Markdown table of a report.
    public static func markdown(_ r: ProjectionBenchReport) -> String {
        var s = "Projection, F = \(r.options.featureSize), \(r.rows.first?.texts ?? 0) texts, "
        s += "\(r.rows.first?.tokens ?? 0) tokens, \(r.rows.first?.bytes ?? 0) bytes per pass\n\n"
        var table = MarkdownTable([.text("variant"), .text("ISA"), .number("pass p50 (ms)"), .number("p99 (ms)"), .number("spread (MAD)"),
                                   .number("texts/s"), .number("Mtokens/s"), .number("MB/s"), .number("vs reference")])
        for row in r.rows {
            table.append([row.variant, row.isa, fmt(row.pass.p50 / 1e6, 3), fmt(row.pass.p99 / 1e6, 3), "\(fmt(row.pass.madRatio * 100, 1)) %",
                          fmt(row.textsPerSecond, 0), fmt(row.tokensPerSecond / 1e6, 2), fmt(row.megabytesPerSecond, 1),
                          "\(fmt(row.speedupVsReference, 1))x"])
        }
        return s + table.description
    }
}

package func fmt(_ v: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", v) }
