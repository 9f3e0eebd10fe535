import ArgumentParser
import Foundation
import TernBenchKit
import TernKernels

@main
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time Tern's kernel variants side by side on the embedded sample texts (or a TSV file).")

    enum Format: String, ExpressibleByArgument, CaseIterable { case md, json }

    @Option(help: "Projection feature size F.") var featureSize = 512
    @Option(help: "Byte sign of the projection hash.") var byteSign: ByteSign = .signed
    @Option(help: "A label<TAB>text file to time instead of the embedded sample texts.") var texts: String?
    @Option(help: "Seconds of timed samples per variant, at least.") var minTime = 1.0
    @Option(help: "Seconds of warm-up per variant.") var warmup = 0.2
    @Option(help: "Only these variant ids (comma-separated); the reference always runs.") var variants: String?
    @Option(help: "Output format on standard output.") var format: Format = .md
    @Option(help: "Also write the JSON report to this file.") var out: String?
    @Flag(help: "Report numbers from a debug build anyway (they mean little).") var allowDebug = false

    func validate() throws {
        guard minTime > 0, minTime <= 600, warmup >= 0, warmup <= 600 else {
            throw ValidationError("--min-time must be in (0, 600] and --warmup in [0, 600] seconds")
        }
    }

    func run() throws {
        try KernelDispatch.validateEnvironment()
        #if DEBUG
        if !allowDebug {
            throw ValidationError("this is a debug build; time a release build (swift run -c release bench) or pass --allow-debug")
        }
        #endif
        let corpus: [String]
        if let texts {
            guard let data = FileManager.default.contents(atPath: texts) else {
                throw ValidationError("cannot read \(texts)")
            }
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
        let command = (["bench"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
        let report = try ProjectionBench.run(
            texts: corpus, options: options, variants: chosen,
            policy: SamplingPolicy(warmupSeconds: warmup, minSeconds: minTime), command: command,
            progress: { FileHandle.standardError.write(Data("bench: \($0)\n".utf8)) })

        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let json = try encoder.encode(report)
        if let out {
            try json.write(to: URL(fileURLWithPath: out), options: .atomic)
        }
        switch format {
        case .json: print(String(decoding: json, as: UTF8.self))
        case .md:
            print("machine: \(report.machine.summary)")
            print("command: \(command)\n")
            print(ProjectionBench.markdown(report))
        }
    }
}
extension ByteSign: ExpressibleByArgument {}
