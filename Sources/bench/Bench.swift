import ArgumentParser
import Foundation
import TernArguments
import TernBenchKit
import TernLab
import TernKernels
import TernModels
import TernTraining

extension Profiler.Kind: ExpressibleByArgument {}

@main
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time Tern's kernel variants side by side, each against its scalar reference in the same run.",
        subcommands: [Quick.self, All.self, Projection.self, Kernels.self, Breakdown.self, Gate.self, Accuracy.self, Shipped.self, Peers.self, Tables.self,
                      SoakCommand.self],
        defaultSubcommand: Quick.self)

    /// ArgumentParser's main, plus a check that what `print` wrote reached
    /// standard output: a full disk fails the command instead of exiting 0
    /// with the report lost.
    static func main() {
        // Past a file-size limit a report's write fails with EFBIG (one line)
        // instead of SIGXFSZ killing the run, as in `tern`.
        signal(SIGXFSZ, SIG_IGN)
        do {
            var command = try parseAsRoot()
            try command.run()
            try StandardStreams.flushPrinted()
        } catch {
            exit(withError: oneLine(error))
        }
    }

    /// A Foundation file error (a report, a baseline, a peers export that
    /// cannot be written or read) as one line naming the file; any other as it is.
    static func oneLine(_ error: Error) -> Error { FileErrors.oneLine(error).map(BenchFailure.init) ?? error }
}

enum Format: String, ExpressibleByArgument, CaseIterable { case md, json, csv }

/// Options every bench subcommand shares.
struct CommonOptions: ParsableArguments {
    @Option(help: "Seconds of timed samples per case, at least.") var minTime = 0.3
    @Option(help: "Seconds of warm-up per case.") var warmup = 0.1
    @Option(help: "Output format on standard output.") var format: Format = .md
    @Option(help: "Folder for the JSON report(s) (Results/latest is not committed); '-' writes none.")
    var out = "Results/latest"
    @Flag(help: "Report numbers from a debug build anyway (they mean little).") var allowDebug = false

    func validate() throws {
        guard minTime > 0, minTime <= 600, warmup >= 0, warmup <= 600 else {
            throw ValidationError("--min-time must be in (0, 600] and --warmup in [0, 600] seconds")
        }
    }

    func checkBuild() throws {
        try checkOutputFolder()
        try KernelDispatch.validateEnvironment()
        try BenchRunner.validateSlowdown()
        #if DEBUG
        if !allowDebug {
            throw ValidationError("this is a debug build; time a release build (swift run -c release bench) or pass --allow-debug")
        }
        #endif
    }

    var policy: SamplingPolicy { SamplingPolicy(warmupSeconds: warmup, minSeconds: minTime) }

    /// Checks, before anything is measured, that `--out` can take the
    /// reports: a run must not measure for minutes and then fail on a folder
    /// it cannot write.
    func checkOutputFolder() throws {
        guard out != "-" else { return }
        let probe = URL(fileURLWithPath: out).appendingPathComponent(".bench-write-probe-\(getpid())")
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            try Data().write(to: probe)
            try FileManager.default.removeItem(at: probe)
        } catch {
            throw BenchFailure("--out \(out): cannot write the reports there (\(FileErrors.systemReason(error))); pass another folder or '-'")
        }
    }

    /// Writes a report's JSON to `--out`/`name` (nothing with `--out -`).
    /// Callers print the report first: one that cannot be written has at
    /// least been shown.
    func save(_ json: String, name: String) throws {
        guard out != "-" else { return }
        let url = URL(fileURLWithPath: out).appendingPathComponent(name)
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            try Data(json.utf8).write(to: url, options: .atomic)
        } catch {
            throw BenchFailure("cannot write \(url.path): \(FileErrors.systemReason(error))")
        }
    }

    /// Prints the report in the chosen format, then writes its JSON: a report
    /// that cannot be written has at least been shown.
    func emit<T: Encodable>(_ report: T, name: String, machine: MachineInfo, markdown: String, csv: String?) throws {
        let json = try encodeJSON(report)
        switch format {
        case .json: print(json)
        case .csv: print(csv ?? json)
        case .md:
            print("machine: \(machine.summary)")
            print("command: \(commandLine)\n")
            print(markdown)
        }
        try save(json, name: name)
    }
}

func encodeJSON<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

func progress(_ s: String) { StandardStreams.error("bench: \(s)\n") }

var commandLine: String { (["bench"] + CommandLine.arguments.dropFirst()).joined(separator: " ") }

func parseList(_ text: String, name: String, range: ClosedRange<Int>) throws -> [Int] {
    try text.split(separator: ",").map { s -> Int in
        guard let v = Int(s.trimmingCharacters(in: .whitespaces)), range.contains(v) else {
            throw ValidationError("\(name) '\(s)' is not in \(range.lowerBound)...\(range.upperBound)")
        }
        return v
    }
}

struct Projection: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Projection variants over the sample texts (or a TSV file).")

    @OptionGroup var common: CommonOptions
    @OptionGroup(title: "Projection") var projection: ProjectionArguments
    @Option(help: "A label<TAB>text file to time instead of the embedded sample texts.") var texts: String?
    @Option(help: "Only these variant ids (comma-separated); the reference always runs.") var variants: String?

    func run() throws {
        try common.checkBuild()
        let report = try measure()
        try common.emit(report, name: "projection-f\(projection.featureSize).json", machine: report.machine,
                        markdown: ProjectionBench.markdown(report), csv: nil)
    }

    func measure() throws -> ProjectionBenchReport {
        let corpus: [String]
        if let texts {
            // The data sets' own reader: CRLF, a byte order mark, pipes and malformed lines as `tern train` sees them.
            do {
                corpus = try Dataset.readSplit(URL(fileURLWithPath: texts)).split.examples.map(\.text).filter { !$0.isEmpty }
            } catch let error as DatasetError {
                throw BenchFailure("\(error)")
            }
            guard !corpus.isEmpty else { throw BenchFailure("\(texts) has no label<TAB>text lines") }
        } else {
            corpus = SampleTexts.all.map(\.text)
        }
        var chosen = ProjectionVariants.all
        if let variants {
            let ids = variants.split(separator: ",").map(String.init)
            for id in ids where ProjectionVariants.variant(id: id) == nil {
                throw ValidationError("unknown variant '\(id)'; known: \(ProjectionVariants.all.map(\.id).joined(separator: ", "))")
            }
            chosen = ProjectionVariants.all.filter { ids.contains($0.id) }
        }
        return try ProjectionBench.run(texts: corpus, options: projection.options, variants: chosen, policy: common.policy,
                                       command: commandLine, progress: progress)
    }
}

/// Which cases to run: suites, sequence lengths, thread counts, a filter.
struct CaseOptions: ParsableArguments {
    @Option(help: "Suites (comma-separated): \(BenchSuites.all.map(\.name).joined(separator: ", ")).")
    var suites = BenchSuites.all.map(\.name).joined(separator: ",")
    @Option(help: "Sequence lengths T (comma-separated).") var seqLens = "16,32,64,128,256,512,1024"
    @Option(help: "Thread counts (comma-separated; default 1 to the number of cores).") var threads: String?
    @Option(help: "Only cases whose id (family/variant/shape/T/threads/batch) contains this text.") var only: String?

    func resolve() throws -> (suites: [BenchSuite], seqLens: [Int], threads: [Int]) {
        let names = suites.split(separator: ",").map(String.init)
        let chosen = try names.map { name -> BenchSuite in
            guard let s = BenchSuites.named(name) else {
                throw ValidationError("unknown suite '\(name)'; known: \(BenchSuites.all.map(\.name).joined(separator: ", "))")
            }
            return s
        }
        let lens = try parseList(seqLens, name: "sequence length", range: 1...8192)
        let cores = ThreadPool.availableCores
        let counts = try threads.map { try parseList($0, name: "thread count", range: 1...256) } ?? Array(1...cores)
        return (chosen, lens, counts)
    }

    func cases() throws -> (cases: [BenchCase], suites: [String], seqLens: [Int], threads: [Int]) {
        let (chosen, lens, counts) = try resolve()
        var context = BenchContext(seqLens: lens, threads: counts)
        var all: [BenchCase] = []
        for s in chosen { all += try s.cases(&context) }
        if let only { all = all.filter { $0.id.contains(only) } }
        guard !all.isEmpty else { throw ValidationError("no case matches these options") }
        return (all, chosen.map(\.name), lens, counts)
    }
}

/// Instead of (or after) timing: profile the cases, or gate them against a baseline.
struct AnalysisOptions: ParsableArguments {
    @Option(help: "Profile each selected case with gperftools instead of timing it (cpu or heap).")
    var profile: Profiler.Kind?
    @Option(help: "Compare with a baseline report and exit non-zero on a regression.") var compare: String?
}

struct Kernels: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Every registered suite (kernels, projection, threads) across sequence lengths and thread counts.")

    @OptionGroup var common: CommonOptions
    @OptionGroup var selection: CaseOptions
    @OptionGroup var analysis: AnalysisOptions
    @Flag(help: "Print the selected cases' ids (family/variant/shape/T/threads/batch), one per line, and time none.")
    var list = false

    func run() throws {
        if list {
            for k in try selection.cases().cases { print(k.id) }
            return
        }
        try common.checkBuild()
        if let profile = analysis.profile { return try runProfiles(profile) }
        let report = try measure()
        try common.emit(report, name: "bench.json", machine: report.machine, markdown: BenchOutput.markdown(report),
                        csv: BenchOutput.csv(report))
        if let compare = analysis.compare { try Gate.check(baselinePath: compare, current: [report]) }
    }

    func measure() throws -> BenchReport {
        let (cases, suites, lens, counts) = try selection.cases()
        progress("measuring the machine's peaks")
        let peaks = MachinePeaks.measure()
        let results = BenchRunner.run(cases, policy: common.policy, peaks: peaks, progress: progress)
        let report = BenchReport(machine: .current(), peaks: peaks, command: commandLine, suites: suites, seqLens: lens,
                                 threads: counts, results: results)
        for problem in report.invariantViolations() { progress("warning: \(problem)") }
        return report
    }

    /// One profile per case: long enough for the profiler's ~250 Hz sampling.
    func runProfiles(_ kind: Profiler.Kind) throws {
        let (cases, _, _, _) = try selection.cases()
        let dir = common.out == "Results/latest" ? "Results/profiles" : common.out
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let binary = CommandLine.arguments[0]
        let seconds = max(common.minTime, 3)
        for k in cases {
            let file = dir + "/" + k.id.replacingOccurrences(of: "/", with: "_") + (kind == .cpu ? ".prof" : "")
            progress("\(kind) profile of \(k.id), \(seconds) s")
            let top = Profiler.profile(kind, path: file, binary: binary) {
                let end = monotonicNanoseconds() + UInt64(seconds * 1e9)
                while monotonicNanoseconds() < end { k.prepare?(); k.run() }
            }
            print("## \(k.id) (\(kind) profile: \(file))\n\n```\n\(top)\n```\n")
        }
    }
}

struct Breakdown: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Where a model's time goes: per-stage medians of one text on one thread, for every bench model.")

    @OptionGroup var common: CommonOptions
    @Option(help: "Sequence lengths T (comma-separated).") var seqLens = "16,128,512"

    func run() throws {
        try common.checkBuild()
        let lens = try parseList(seqLens, name: "sequence length", range: 1...8192)
        progress("measuring the machine's peaks")
        let peaks = MachinePeaks.measure()
        let kernels = KernelSet.best
        var reports: [ModelBreakdown] = []
        for model in try BenchModels.pqrnn(maxSeqLen: lens.max()!) + BenchModels.prado(maxSeqLen: lens.max()!) {
            for t in lens {
                progress("\(model.arch) \(model.shape) T=\(t)")
                reports.append(try ModelBreakdown.measure(model, kernels: kernels, seqLen: t, seconds: common.minTime,
                                                          peaks: peaks))
            }
        }
        var md = "One core's int8 peak \(String(format: "%.0f", peaks.int8PeakGOPS)) GOPS (\(peaks.peakISA), measured in this run"
        if let ternary = peaks.ternaryPeakClause { md += "; \(ternary), the peak of the stages that read the projection" }
        md += "). "
        md += "Stage times are medians of the engine's own timers over the runs; shares are of the median total.\n\n"
        md += reports.map(\.markdown).joined(separator: "\n")
        try common.emit(reports, name: "breakdown.json", machine: .current(), markdown: md, csv: nil)
    }
}

struct All: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The whole sweep: the projection on the sample texts, then every suite and variant (bench --full).")

    @OptionGroup var common: CommonOptions
    @OptionGroup var selection: CaseOptions
    @OptionGroup var analysis: AnalysisOptions

    func run() throws {
        try common.checkBuild()
        var projection = try Projection.parse([])
        projection.common = common
        var kernels = try Kernels.parse([])
        kernels.common = common
        kernels.selection = selection
        if let profile = analysis.profile { return try kernels.runProfiles(profile) }
        let p = try projection.measure()
        let k = try kernels.measure()
        let pj = try encodeJSON(p), kj = try encodeJSON(k)
        switch common.format {
        case .json: print("{\"projection\": \(pj), \"bench\": \(kj)}")
        case .csv: print(BenchOutput.csv(k))
        case .md:
            print("machine: \(k.machine.summary)")
            print("command: \(commandLine)\n")
            print("## Projection on the sample texts\n")
            print(ProjectionBench.markdown(p))
            print("## Suites\n")
            print(BenchOutput.markdown(k))
        }
        try common.save(pj, name: "projection-f\(projection.projection.featureSize).json")
        try common.save(kj, name: "bench.json")
        if let compare = analysis.compare { try Gate.check(baselinePath: compare, current: [k]) }
    }
}
