import ArgumentParser
import Foundation
import TernArguments
import TernBenchKit
import TernLab
import TernKernels
import TernModels

/// The default run (`swift run -c release bench`): about a minute and a
/// half on a 2-core machine. Every kernel family's scalar reference and the
/// variant the dispatcher picks on this CPU, at a few lengths on one and all
/// threads, then the shipped models; rows stream as they are measured, and a
/// headline summary ends the run. `--full` (or `bench all`) runs everything.
struct Quick: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The default: each kernel family's reference and dispatched variant, the shipped models, a headline summary.",
        discussion: """
            Rows stream as they are measured; the summary at the end gives per family the fastest variant, its share \
            of the int8 peak and its speed-up over the scalar reference, per shipped model its latency at T 16 and 128 \
            and its texts per second, and the peers' figures where Results/peers holds a set (this CPU's first). The JSON goes to \
            --out (bench-quick.json). --full runs the whole sweep instead (bench all: every variant, every suite, \
            T 16 ... 1024, 1 ... all threads; 15 minutes or more).
            """)

    static let kernelSuites = ["projection", "dense", "dense_ternary_input", "conv1d", "qrnn_pool", "attention", "requantize",
                               "activation_lut"]

    @OptionGroup var common: CommonOptions
    @Flag(help: "Run the whole sweep (bench all) instead.") var full = false
    @Option(help: "Sequence lengths T (comma-separated).") var seqLens = "16,128,1024"
    @Option(help: "Peers' results to summarize, when the file exists (default: this CPU's set, Results/peers/<cpu key>/peers.json, else Results/peers/peers.json).")
    var peers: String?

    func run() throws {
        if full {
            var all = try All.parse([])
            all.common = common
            return try all.run()
        }
        try common.checkBuild()
        let lens = try parseList(seqLens, name: "sequence length", range: 1...8192)
        let cores = ThreadPool.availableCores
        let threads = cores > 1 ? [1, cores] : [1]
        let dispatched: Set<String> = [
            ProjectionVariants.best.id, DenseVariants.best.id, KernelSet.best.ternaryDense.id, Conv1DVariants.best.id, QRNNPoolVariants.best.id,
            AttentionVariants.best.id, RequantizeVariants.best.id, ActivationLUTVariants.best.id,
        ]
        var context = BenchContext(seqLens: lens, threads: threads)
        var cases: [BenchCase] = []
        for name in Self.kernelSuites {
            cases += try BenchSuites.named(name)!.cases(&context).filter { $0.isReference || dispatched.contains($0.variant) }
        }
        var modelContext = BenchContext(seqLens: lens.filter { $0 <= 128 }, threads: threads)
        cases += try BenchSuites.named("shipped_latency")!.cases(&modelContext)

        let streaming = common.format == .md
        if streaming {
            try say("machine: \(MachineInfo.current().summary)")
            try say("command: \(commandLine)\n")
        }
        progress("measuring the machine's peaks")
        let peaks = MachinePeaks.measure()
        if streaming {
            try say("\(cases.count) cases: the reference and the dispatched variant of each kernel family, then the shipped models\n")
            try say(Headline.streamHeader)
        }
        var streamFailure: Error?
        let results = BenchRunner.run(cases, policy: common.policy, peaks: peaks, progress: progress) { r in
            guard streaming, streamFailure == nil else { return }
            do { try say(Headline.streamRow(r)) } catch { streamFailure = error }
        }
        if let streamFailure { throw streamFailure }
        let report = BenchReport(machine: .current(), peaks: peaks, command: commandLine,
                                 suites: Self.kernelSuites + ["shipped_latency"], seqLens: lens, threads: threads, results: results)
        let json = try encodeJSON(report)
        for problem in report.invariantViolations() { progress("warning: \(problem)") }
        switch common.format {
        case .json: try say(json)
        case .csv: try say(BenchOutput.csv(report))
        case .md:
            // Results/peers keeps one set per CPU model: this machine's when there is one.
            let ownSet = "Results/peers/\(report.machine.cpuKey)/peers.json"
            let path = peers ?? (FileManager.default.fileExists(atPath: ownSet) ? ownSet : "Results/peers/peers.json")
            try say("\n" + Headline.markdown(report, peers: PeerSummary.load(path)))
        }
        try common.save(json, name: "bench-quick.json")
    }
}

/// Unbuffered standard output, line by line: rows show up as they are
/// measured even when piped (print's buffer would hold them to the end).
func say(_ line: String) throws { try StandardStreams.output(line + "\n") }
