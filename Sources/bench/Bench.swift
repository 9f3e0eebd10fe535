import ArgumentParser
import Foundation
import TernBenchKit
import TernKernels

extension ByteSign: ExpressibleByArgument {}

@main
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time Tern's kernel variants side by side, each against its scalar reference in the same run.",
        subcommands: [All.self, Projection.self, Kernels.self],
        defaultSubcommand: All.self)
}

enum Format: String, ExpressibleByArgument, CaseIterable { case md, json }

/// Options every bench subcommand shares.
struct CommonOptions: ParsableArguments {
    @Option(help: "Seconds of timed samples per case, at least.") var minTime = 0.3
    @Option(help: "Seconds of warm-up per case.") var warmup = 0.1
    @Option(help: "Output format on standard output.") var format: Format = .md
    @Option(help: "Also write the JSON report(s) into this folder.") var out: String?
    @Flag(help: "Report numbers from a debug build anyway (they mean little).") var allowDebug = false

    func validate() throws {
        guard minTime > 0, minTime <= 600, warmup >= 0, warmup <= 600 else {
            throw ValidationError("--min-time must be in (0, 600] and --warmup in [0, 600] seconds")
        }
    }

    func checkBuild() throws {
        try KernelDispatch.validateEnvironment()
        #if DEBUG
        if !allowDebug {
            throw ValidationError("this is a debug build; time a release build (swift run -c release bench) or pass --allow-debug")
        }
        #endif
    }

    var policy: SamplingPolicy { SamplingPolicy(warmupSeconds: warmup, minSeconds: minTime) }

    func write<T: Encodable>(_ report: T, name: String) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let json = try encoder.encode(report)
        if let out {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            try json.write(to: URL(fileURLWithPath: out).appendingPathComponent(name), options: .atomic)
        }
        return String(decoding: json, as: UTF8.self)
    }
}

extension CommonOptions {
    /// Writes the JSON report and prints it or its Markdown form.
    func emit<T: Encodable>(_ report: T, name: String, machine: MachineInfo, markdown: String) throws {
        let json = try write(report, name: name)
        switch format {
        case .json: print(json)
        case .md:
            print("machine: \(machine.summary)")
            print("command: \(commandLine)\n")
            print(markdown)
        }
    }
}

func progress(_ s: String) { FileHandle.standardError.write(Data("bench: \(s)\n".utf8)) }

var commandLine: String { (["bench"] + CommandLine.arguments.dropFirst()).joined(separator: " ") }

struct Projection: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Projection variants over the sample texts (or a TSV file).")

    @OptionGroup var common: CommonOptions
    @Option(help: "Projection feature size F.") var featureSize = 512
    @Option(help: "Byte sign of the projection hash.") var byteSign: ByteSign = .signed
    @Option(help: "A label<TAB>text file to time instead of the embedded sample texts.") var texts: String?
    @Option(help: "Only these variant ids (comma-separated); the reference always runs.") var variants: String?

    func run() throws {
        try common.checkBuild()
        let report = try measure()
        try common.emit(report, name: "projection-f\(featureSize).json", machine: report.machine,
                        markdown: ProjectionBench.markdown(report))
    }

    func measure() throws -> ProjectionBenchReport {
        let corpus: [String]
        if let texts {
            guard let data = FileManager.default.contents(atPath: texts) else { throw ValidationError("cannot read \(texts)") }
            corpus = String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
                line.split(separator: "\t", maxSplits: 1).last.map(String.init)
            }.filter { !$0.isEmpty }
            guard !corpus.isEmpty else { throw ValidationError("\(texts) has no label<TAB>text lines") }
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
        var options = ProjectionOptions()
        options.featureSize = featureSize
        options.byteSign = byteSign
        return try ProjectionBench.run(texts: corpus, options: options, variants: chosen, policy: common.policy,
                                       command: commandLine, progress: progress)
    }
}

struct Kernels: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Int8 kernel variants (dense, conv1d, QRNN pooling, attention, requantization, table activations) across T.")

    @OptionGroup var common: CommonOptions
    @Option(help: "Sequence lengths T (comma-separated).") var seqLens = "16,64,128,512"
    @Option(help: "Kernel families (comma-separated): \(KernelBenchCases.families.joined(separator: ", ")).")
    var families = KernelBenchCases.families.joined(separator: ",")

    func run() throws {
        try common.checkBuild()
        let report = try measure()
        try common.emit(report, name: "kernels.json", machine: report.machine, markdown: KernelBench.markdown(report))
    }

    func measure() throws -> KernelBenchReport {
        let lens = try seqLens.split(separator: ",").map { s -> Int in
            guard let v = Int(s), (1...8192).contains(v) else { throw ValidationError("sequence length '\(s)' is not in 1...8192") }
            return v
        }
        let chosen = Set(families.split(separator: ",").map(String.init))
        for f in chosen where !KernelBenchCases.families.contains(f) {
            throw ValidationError("unknown kernel family '\(f)'; known: \(KernelBenchCases.families.joined(separator: ", "))")
        }
        progress("measuring the machine's peaks")
        let peaks = MachinePeaks.measure()
        let cases = try KernelBenchCases.cases(families: chosen, seqLens: lens)
        let results = KernelBench.run(cases, policy: common.policy, peaks: peaks, progress: progress)
        return KernelBenchReport(machine: .current(), peaks: peaks, command: commandLine, results: results)
    }
}

struct All: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The projection, then every kernel family (the default).")

    @OptionGroup var common: CommonOptions

    func run() throws {
        try common.checkBuild()
        var projection = try Projection.parse([])
        projection.common = common
        var kernels = try Kernels.parse([])
        kernels.common = common
        let p = try projection.measure()
        let k = try kernels.measure()
        let pj = try common.write(p, name: "projection-f\(projection.featureSize).json")
        let kj = try common.write(k, name: "kernels.json")
        switch common.format {
        case .json: print("{\"projection\": \(pj), \"kernels\": \(kj)}")
        case .md:
            print("machine: \(k.machine.summary)")
            print("command: \(commandLine)\n")
            print("## Projection\n")
            print(ProjectionBench.markdown(p))
            print("## Kernels\n")
            print(KernelBench.markdown(k))
        }
    }
}
