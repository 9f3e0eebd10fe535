import ArgumentParser
import Foundation
import TernBenchKit
import TernLab
import TernModels
import TernTraining

/// `bench soak`: the shipped models served by 8 threads for 10 minutes (issue
/// 20's soak), each model on its data set's test texts. Not part of the test
/// run: `scripts/soak` runs it and commits the report.
struct SoakCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soak",
        abstract: "Serve every model in a folder from many threads for minutes: errors, answers, memory, leaks.",
        discussion: """
            Loads each int8 model in --models (NAME.safetensors, with NAME.json naming its data set) into one engine, \
            reads the data set's test.tsv under --data, answers the first --sample texts alone, then serves random texts \
            (half from that sample, checked bit for bit) from --threads threads for --seconds. Fails on any error, \
            any changed answer, resident memory rising after warm-up, or file descriptors or threads left behind.
            """)

    @Option(help: "Folder of int8 models and their metrics JSON.") var models = "Results/trained"
    @Option(help: "Folder of the data sets (DATASET/test.tsv).") var data = "../shared/datasets"
    @Option(help: "Threads serving requests.") var threads = 8
    @Option(help: "Seconds of load.") var seconds = 600.0
    @Option(help: "Seconds between readings.") var every = 10.0
    @Option(help: "Texts per model answered alone first and checked under load.") var sample = 200
    @Option(help: "Markdown report to write, or a folder for FOLDER/<cpu key>.md ('-' writes none).") var out = "-"
    @Option(help: "MiB resident memory may rise after warm-up (or 2 % of it, if more).") var driftAllowanceMb = 8

    func validate() throws {
        guard (1...256).contains(threads), seconds > 0, seconds <= 86_400, every > 0, (1...100_000).contains(sample),
              (0...65_536).contains(driftAllowanceMb) else {
            throw ValidationError("--threads 1...256, --seconds (0, 86400], --every > 0, --sample 1...100000, --drift-allowance-mb 0...65536")
        }
    }

    func run() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: models)
            .filter { $0.hasSuffix(".safetensors") && !$0.hasSuffix(".f32.safetensors") }.sorted()
        guard !files.isEmpty else { throw BenchFailure("\(models) holds no int8 model (NAME.safetensors)") }
        var served: [Soak.Served] = []
        for file in files {
            let name = String(file.dropLast(".safetensors".count))
            let metrics = (models as NSString).appendingPathComponent(name + ".json")
            guard let json = FileManager.default.contents(atPath: metrics),
                  let object = try? JSONSerialization.jsonObject(with: json) as? [String: Any],
                  let dataset = object["dataset"] as? String else {
                throw BenchFailure("\(metrics): no metrics file naming the model's data set")
            }
            let test = ((data as NSString).appendingPathComponent(dataset) as NSString).appendingPathComponent("test.tsv")
            guard let bytes = FileManager.default.contents(atPath: test) else { throw BenchFailure("cannot read \(test)") }
            // Read as training reads it (`Dataset.parse`): a malformed line is an error, not a skipped text.
            let split: DatasetSplit
            do { split = try Dataset.parse(bytes, file: test).split } catch { throw BenchFailure("\(error)") }
            let texts = split.examples.map(\.text).filter { $0.contains { !$0.isWhitespace } }
            guard !texts.isEmpty else { throw BenchFailure("\(test) holds no label<TAB>text line") }
            let model: any ClassifierModel
            do { model = try ModelFile.load(contentsOf: URL(fileURLWithPath: (models as NSString).appendingPathComponent(file))) } catch {
                throw BenchFailure("\(file): \(error)")
            }
            served.append(Soak.Served(name: name, classify: try model.classifier(), texts: texts))
        }
        var soak = Soak(models: served, threads: threads, seconds: seconds, sample: sample)
        soak.driftAllowance = driftAllowanceMb << 20
        let command = "bench " + CommandLine.arguments.dropFirst().joined(separator: " ")
        let report = try soak.run(command: command, every: every) { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        let markdown = Soak.markdown(report)
        print(markdown)
        if out != "-" {
            var isDirectory: ObjCBool = false
            let file = FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory) && isDirectory.boolValue
                ? (out as NSString).appendingPathComponent(report.machine.cpuKey + ".md") : out
            try DurableFile.write(Data(markdown.utf8), to: URL(fileURLWithPath: file))
            FileHandle.standardError.write(Data("soak: report in \(file)\n".utf8))
        }
        if !report.failures.isEmpty { throw ExitCode(1) }
    }
}
