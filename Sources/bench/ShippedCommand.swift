import ArgumentParser
import Foundation
import TernBenchKit
import TernKernels
import TernLab

/// `bench shipped`: the shipped models on this machine, as records to put
/// beside the baselines (scripts/baselines/run merges them into
/// Results/sweep/baselines.json).
struct Shipped: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time the shipped int8 models (Results/trained) on this machine, beside the baselines.",
        discussion: """
            Each model's test figure is computed again by the int8 engine (and must equal its metrics JSON's); one text \
            of its test split's median and 95th-percentile length (whitespace words, as bench accuracy picks them) is \
            timed on one thread. Writes shipped.json (baseline records of kind tern-shipped) into --out.
            """)

    @OptionGroup var common: CommonOptions
    @Option(help: "Folder of the shipped models and their metrics JSON.") var models = "Results/trained"
    @Option(help: "Only model files whose name contains this text.") var only: String?
    @Option(help: "Folder of the data sets the models' metrics name (default: $TERN_DATASETS, else ../shared/datasets).")
    var dataRoot: String?

    func run() throws {
        try common.checkBuild()
        var files = try ShippedModels.files(in: URL(fileURLWithPath: models))
        if let only { files = files.filter { $0.lastPathComponent.contains(only) } }
        guard !files.isEmpty else { throw ValidationError("no int8 model with a metrics JSON in \(models)") }
        let pool = ThreadPool(threads: 2)  // scores the test split; the timing is one thread
        var records: [BaselineRecord] = []
        for (i, file) in files.enumerated() {
            progress("[\(i + 1)/\(files.count)] \(file.lastPathComponent)")
            records.append(try ShippedModels.measure(file, pool: pool, policy: common.policy, command: commandLine,
                                                     dataRoot: dataRoot.map { URL(fileURLWithPath: $0) }))
        }
        let markdown = records.map { r in
            "| \(r.dataset) | \(r.name) | \(r.metric) \(String(format: "%.4f", r.test)) | \(r.bytes) | "
                + "\(String(format: "%.1f", (r.medianLatencyNs ?? 0) / 1e3)) | \(String(format: "%.1f", (r.p95LatencyNs ?? 0) / 1e3)) |"
        }
        let table = "| data set | model | test | bytes | median 1T (us) | p95 1T (us) |\n|---|---|---|---:|---:|---:|\n" + markdown.joined(separator: "\n")
        try common.emit(BaselineReport(records: records), name: "shipped.json", machine: .current(), markdown: table, csv: nil)
    }
}
