import ArgumentParser
import Foundation
import TernBenchKit
import TernLab
import TernKernels
import TernModels
import TernTraining

struct Accuracy: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The latency-vs-accuracy sweep: train (or reuse) every grid configuration per data set, evaluate its int8 model on the test split and time it.",
        discussion: """
            Each configuration is trained by `tern train` (the binary beside this one) into --cache, named by a key over \
            its command and the data files, so a rerun reuses finished models and resumes interrupted ones. Then every \
            model is evaluated by the int8 engine and timed in this run. Writes sweep.json, one Markdown table per data \
            set and README.md (the summary) into --out.
            """)

    @OptionGroup var common: CommonOptions
    @Option(help: "Data sets (comma-separated) of the grid: \(SweepGrid.datasets.map(\.name).joined(separator: ", ")).")
    var datasets = SweepGrid.datasets.map(\.name).joined(separator: ",")
    @Option(help: "Architectures (comma-separated): prado, pqrnn, sgnn.") var archs = "prado,pqrnn,sgnn"
    @Option(help: "Seed of every training run.") var seed: UInt64 = 1
    @Option(help: "Folder of the trained models (reused while command and data are unchanged).") var cache = ".build-sweep"
    @Option(help: "The tern binary that trains (default: the one beside this bench).") var tern: String?
    @Flag(help: "Train what is missing and stop before measuring.") var trainOnly = false
    @Flag(help: "Measure only the models trained already; train nothing.") var noTrain = false
    @Flag(help: "Train and time nothing: write the tables again from --sweep-json and the baselines.") var renderOnly = false
    @Option(help: "With --render-only: the sweep report to render (default: sweep.json in --out).") var sweepJson: String?
    @Option(help: "Baseline records to show beside the sweep (scripts/baselines writes them); 'none' for none (default: baselines.json in --out; required by --render-only, used when present otherwise).")
    var baselines: String?

    func validate() throws {
        guard !(trainOnly && noTrain) else { throw ValidationError("--train-only and --no-train exclude each other") }
        guard !renderOnly || (!trainOnly && !noTrain) else { throw ValidationError("--render-only trains and measures nothing: drop --train-only and --no-train") }
        guard renderOnly || sweepJson == nil else { throw ValidationError("--sweep-json goes with --render-only") }
    }

    /// The baselines to show: none for 'none'; a given file must be read;
    /// the default file in --out is required when re-rendering, else used when present.
    func loadBaselines() throws -> BaselineReport? {
        if baselines == "none" { return nil }
        let path = baselines ?? URL(fileURLWithPath: common.out).appendingPathComponent("baselines.json").path
        if baselines == nil && !renderOnly && !FileManager.default.fileExists(atPath: path) { return nil }
        return try BaselineReport.load(path)  // its errors are one line; a ValidationError would add the usage
    }

    /// --render-only: the committed report and the baselines, tables written again, nothing timed.
    func render() throws {
        guard common.out != "-" else { throw ValidationError("--render-only writes the tables into --out: give a folder") }
        let path = sweepJson ?? URL(fileURLWithPath: common.out).appendingPathComponent("sweep.json").path
        let report = try SweepRender.loadReport(path)
        let documents = SweepRender.documents(report, baselines: try loadBaselines(), renderedBy: commandLine)
        try SweepRender.write(documents, to: common.out)
        progress("wrote README.md and \(documents.tables.count) tables into \(common.out) from \(path)")
    }

    func plans() throws -> [SweepPlan] {
        let wanted = datasets.split(separator: ",").map(String.init)
        let arches = try archs.split(separator: ",").map { name -> Architecture in
            guard let a = Architecture(rawValue: String(name)) else { throw ValidationError("unknown architecture '\(name)'; known: prado, pqrnn, sgnn") }
            return a
        }
        var plans: [SweepPlan] = []
        for name in wanted {
            guard let dataset = SweepGrid.dataset(named: name) else {
                throw ValidationError("'\(name)' is not a data set of the sweep; known: \(SweepGrid.datasets.map(\.name).joined(separator: ", "))")
            }
            let folder: URL
            do { folder = try Dataset.locate(dataset.data) } catch { throw BenchFailure("\(error)") }
            let fingerprint = try SweepPlan.fingerprint(of: folder)
            for config in SweepGrid.configs where arches.contains(config.arch) && !SweepGrid.skips(config, on: dataset) {
                plans.append(SweepPlan(dataset: dataset, config: config, seed: seed, dataFingerprint: fingerprint,
                                       cacheFolder: cache))
            }
        }
        return plans
    }

    func ternBinary() throws -> URL {
        let url = tern.map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tern")
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw BenchFailure("no tern binary at \(url.path): build it (swift build -c release --product tern) or pass --tern")
        }
        return url
    }

    func run() throws {
        if renderOnly { return try render() }
        try common.checkBuild()
        let baselineReport = try loadBaselines()  // a bad file stops the run before hours of training, not after
        let start = Date()
        let plans = try plans()
        var failures: [String] = []
        if !noTrain {
            let tern = try ternBinary()
            for (i, plan) in plans.enumerated() where !plan.isTrained {
                progress("[\(i + 1)/\(plans.count)] \(plan.dataset.name) \(plan.config.arch) \(plan.config.label): training (log \(plan.logURL.path))")
                let t0 = Date()
                do {
                    try Sweep.train(plan, tern: tern)
                    progress("[\(i + 1)/\(plans.count)] trained in \(Int(Date().timeIntervalSince(t0))) s")
                } catch {
                    failures.append("\(error)")
                    progress("[\(i + 1)/\(plans.count)] failed: \(error)")
                }
            }
        }
        // Read each plan's metrics file once, after any training.
        let trained = plans.map(\.isTrained)
        let skipped = trained.filter { !$0 }.count
        if trainOnly {
            progress("trained \(plans.count - skipped) of \(plans.count) configurations")
            if !failures.isEmpty { throw ExitCode(1) }
            return
        }
        let pool = ThreadPool(threads: 2)
        var rows: [SweepRow] = []
        var testSets: [String: (examples: [Example], labels: [String])] = [:]
        for (i, plan) in plans.enumerated() where trained[i] {
            progress("[\(i + 1)/\(plans.count)] \(plan.dataset.name) \(plan.config.arch) \(plan.config.label): evaluating and timing")
            do {
                if testSets[plan.dataset.name] == nil {
                    let d = try Dataset(plan.dataset.data)
                    testSets[plan.dataset.name] = (try d.split("test").examples, d.labels)
                }
                let test = testSets[plan.dataset.name]!
                rows.append(try Sweep.measure(plan, test: test.examples, datasetLabels: test.labels, pool: pool, policy: common.policy))
            } catch {
                failures.append("\(plan.command): \(error)")
                progress("[\(i + 1)/\(plans.count)] failed: \(error)")
            }
        }
        guard !rows.isEmpty else { throw BenchFailure("no trained model to measure (\(skipped) of \(plans.count) untrained)") }
        Sweep.markPareto(&rows)
        let published = Dictionary(uniqueKeysWithValues: SweepGrid.datasets.map { ($0.name, $0.published) })
        let report = SweepReport(machine: .current(), command: commandLine, kernels: KernelSet.best.description,
                                 sweepSeconds: Date().timeIntervalSince(start),
                                 trainingSeconds: rows.reduce(0) { $0 + $1.trainingSeconds }, rows: rows, published: published)
        let documents = SweepRender.documents(report, baselines: baselineReport, untrained: skipped)
        if common.out != "-" { try SweepRender.write(documents, to: common.out) }
        let markdown = documents.readme
        try common.emit(report, name: "sweep.json", machine: report.machine, markdown: markdown, csv: nil)
        if !failures.isEmpty {
            progress("\(failures.count) configurations failed:\n" + failures.joined(separator: "\n"))
            throw ExitCode(1)
        }
    }
}
