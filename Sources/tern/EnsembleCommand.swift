import ArgumentParser
import Foundation
import TernModels
import TernTraining

struct Ensemble: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Join int8 models of one label set into one ensemble model file, their logits averaged.",
        discussion: """
            Writes OUT (the int8 members' files inside one file), its float32 twin when every member \
            has one beside it (NAME.f32.safetensors), and with --data the metrics JSON beside OUT: dev \
            and test figures of both, built from the members' own metrics JSONs (needed beside them). \
            On a data set without dev.tsv the members must have held out the same dev split (one seed), \
            or the ensemble's dev figure would count texts a member trained on.
            """)

    @Argument(help: "The int8 member model files (2...16; same architecture and labels).") var members: [String]
    @Option(help: "The ensemble model file to write.") var out: String
    @Option(help: "Data set folder, or a data set name under $TERN_DATASETS, to score the ensemble on (dev and test).")
    var data: String?

    func validate() throws {
        guard EnsembleModel.memberRange.contains(members.count) else {
            throw ValidationError("an ensemble takes \(EnsembleModel.memberRange.lowerBound)...\(EnsembleModel.memberRange.upperBound) member files, not \(members.count)")
        }
    }

    func run() throws {
        let outURL = URL(fileURLWithPath: out)
        let memberURLs = members.map { URL(fileURLWithPath: $0) }
        try refuseOverwritingInputs(
            writes: [(outURL, "the ensemble (--out)"), (TrainingRun.floatURL(outURL), "its float32 twin"),
                     (TrainingRun.metricsURL(outURL), "its metrics JSON")],
            reads: memberURLs + memberURLs.map(TrainingRun.floatURL) + memberURLs.map(TrainingRun.metricsURL)
                + (try data.map { tsvFiles(in: try Dataset.locate($0)) } ?? []))
        let int8Files = try members.map(readModelFile)
        for (path, bytes) in zip(members, int8Files) {
            let format: String?
            do { format = try SafeTensorsFile(bytes: bytes).metadata[ModelFileKeys.format] } catch { throw ValidationError("\(path): \(error)") }
            guard format == "int8" else { throw ValidationError("\(path): an ensemble is made of int8 model files; this one is \(format ?? "of no format")") }
        }
        // Checked before anything is written: a missing JSON or data set fails the whole command.
        let scoring = try data.map(scoringInputs)
        let int8 = try ensembleFile(int8Files)
        let floatPaths = members.map { TrainingRun.floatURL(URL(fileURLWithPath: $0)).path }
        let float = floatPaths.allSatisfy { FileManager.default.fileExists(atPath: $0) } ? try ensembleFile(try floatPaths.map(readModelFile)) : nil
        try DurableFile.write(int8, to: outURL)
        if let float { try DurableFile.write(float, to: TrainingRun.floatURL(outURL)) }
        try emit("\(out): \(members.count) members, \(int8.count) bytes" + (float == nil ? " (no float32 twin: a member has none beside it)" : ""))
        guard let scoring else { return }
        let summary = try score(scoring.dataset, memberSummaries: scoring.members, int8: int8, float: float)
        try DurableFile.write(Data(try jsonString(summary).utf8), to: TrainingRun.metricsURL(outURL))
        try emit(summary.text)
    }

    func readModelFile(_ path: String) throws -> Data {
        do {
            return try SafeTensorsFile.bytes(contentsOf: URL(fileURLWithPath: path))
        } catch let error as ModelFileError {
            throw ValidationError("\(path): \(error)")
        } catch let error as CocoaError where error.code == .fileReadNoSuchFile {
            throw ValidationError("\(path): no such file")
        } catch {
            throw ValidationError("cannot read \(path): \(error.localizedDescription)")
        }
    }

    func ensembleFile(_ files: [Data]) throws -> Data {
        do {
            return try EnsembleModel.file(memberFiles: files)
        } catch ModelFileError.metadataInvalid(let why) where why.hasPrefix("ensemble member") {
            // Each file is sound; they do not go together. Name them by their place in the arguments.
            let places = members.enumerated().map { "member \($0) is \($1)" }.joined(separator: ", ")
            throw ValidationError("cannot join these members (\(places)): " + why.dropFirst("ensemble ".count))
        } catch let error as ModelFileError {
            throw ValidationError("\(error)")
        }
    }

    /// The data set and the metrics JSON beside each member (as `tern
    /// train` wrote it); refused when the members' dev splits differ.
    func scoringInputs(_ data: String) throws -> (dataset: Dataset, members: [TrainingSummary]) {
        let dataset = try Dataset(data)
        let memberSummaries = try members.map { path -> TrainingSummary in
            let url = TrainingRun.metricsURL(URL(fileURLWithPath: path))
            guard let json = try? Data(contentsOf: url) else { throw ValidationError("\(url.path): no metrics JSON beside the member (--data needs it)") }
            do { return try JSONDecoder().decode(TrainingSummary.self, from: json) } catch {
                throw ValidationError("\(url.path): not a metrics JSON of tern train (\(error))")
            }
        }
        if !dataset.hasSplit("dev") {
            let seeds = Set(memberSummaries.map(\.options.seed))
            let fractions = Set(memberSummaries.map(\.options.devFraction))
            guard seeds.count == 1, fractions.count == 1 else {
                throw ValidationError("\(dataset.folder.path) has no dev.tsv and the members held out different dev splits (seeds \(seeds.sorted().map(String.init).joined(separator: ", "))): their ensemble's dev figure would count texts a member trained on")
            }
        }
        return (dataset, memberSummaries)
    }

    /// The members' metrics JSONs made into the ensemble's: sizes and
    /// training time summed, the first member's options, the members' own
    /// summaries kept (their commands remake them), dev and test scored anew.
    func score(_ dataset: Dataset, memberSummaries: [TrainingSummary], int8: Data, float: Data?) throws -> TrainingSummary {
        let first = memberSummaries[0]
        let (_, dev) = try TrainingRun.trainAndDev(dataset, options: first.options)
        let int8Model = try EnsembleModel.load(try SafeTensorsFile(bytes: int8))
        let floatModel = try float.map { try EnsembleModel.load(try SafeTensorsFile(bytes: $0)) }
        let mapping = try labelMapping(dataset.labels, of: dataset.folder.path, to: int8Model.labels, whose: "the members'")
        let classifyInt8 = try int8Model.classifier()
        let classifyFloat = try floatModel?.classifier()
        func metrics(_ examples: [Example]) throws -> SplitMetrics {
            func scored(_ classify: (String) throws -> Classification) -> Metrics {
                scoredMetrics(classify, examples, mapping: mapping, classes: int8Model.labels.count, multiLabel: int8Model.multiLabel)
            }
            let int8Metrics = scored(classifyInt8)
            // Without a float twin the float figures are the int8 ones, said so on stderr.
            return SplitMetrics(float: classifyFloat.map(scored) ?? int8Metrics, int8: int8Metrics)
        }
        if float == nil { report("no float32 twin: the metrics JSON's float figures repeat the int8 ones") }
        var summary = TrainingSummary(
            command: (["tern"] + CommandLine.arguments.dropFirst()).joined(separator: " "), dataset: dataset.folder.lastPathComponent,
            architecture: first.architecture, seed: first.seed, threads: first.threads,
            parameters: memberSummaries.reduce(0) { $0 + $1.parameters }, int8Bytes: memberSummaries.reduce(0) { $0 + $1.int8Bytes },
            trainingSeconds: memberSummaries.reduce(0) { $0 + $1.trainingSeconds }, options: first.options, epochs: [],
            dev: try metrics(dev), test: nil)
        if dataset.hasSplit("test") { summary.test = try metrics(try dataset.split("test").examples) }
        summary.members = memberSummaries
        return summary
    }
}
