import Foundation
import TernBenchKit
import TernKernels
import TernModels
import TernTraining

/// The shipped int8 models (Results/trained) timed the way the sweep times
/// its rows, on whatever machine runs it: so that they stand beside the
/// baselines (scripts/baselines) timed on the same machine. Each becomes a
/// `BaselineRecord` of kind `tern-shipped`.
public enum ShippedModels {
    /// The int8 model files of a folder: `*.safetensors` with a metrics JSON
    /// beside, not the float32 `*.f32.safetensors`; sorted by name.
    public static func files(in folder: URL) throws -> [URL] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else {
            throw ShippedModelError.unreadableFolder(folder.path)
        }
        return names.filter { $0.hasSuffix(".safetensors") && !$0.hasSuffix(".f32.safetensors") }.sorted()
            .map { folder.appendingPathComponent($0) }
            .filter { FileManager.default.fileExists(atPath: TrainingRun.metricsURL($0).path) }
    }

    /// The metric a data set is judged by in the sweep (OLID: macro-F1), else accuracy.
    static func metric(of dataset: String) -> MetricName { SweepGrid.dataset(named: dataset)?.metric ?? .accuracy }

    /// Scores one model on its data set's test split with the int8 engine and
    /// times one text of the median and of the p95 length on one thread.
    /// - Parameter dataRoot: the folder of data sets its metrics JSON's
    ///   `dataset` names (default: `Dataset.root`, $TERN_DATASETS or ../shared/datasets).
    /// - Throws: `ShippedModelError.testDiffers` when the test figure is not
    ///   the one in the model's metrics JSON: the file is then not what was reported.
    public static func measure(_ url: URL, pool: ThreadPool, policy: SamplingPolicy, command: String,
                               dataRoot: URL? = nil) throws -> BaselineRecord {
        let summary = try JSONDecoder().decode(TrainingSummary.self, from: Data(contentsOf: TrainingRun.metricsURL(url)))
        let data = try Dataset(dataRoot.map { $0.appendingPathComponent(summary.dataset).path } ?? summary.dataset)
        let test = try data.split("test").examples
        let model = try ModelFile.load(contentsOf: url)
        let timer = try Sweep.Timer(model, pool: pool)
        let metrics = try timer.metrics(of: model, on: test, datasetLabels: data.labels, modelPath: url.path)
        let name = metric(of: summary.dataset)
        let figure = name == .macroF1 ? metrics.macroF1 : metrics.accuracy
        if let reported = summary.test?.int8 {
            let expected = name == .macroF1 ? reported.macroF1 : reported.accuracy
            guard abs(expected - figure) < 1e-9 else { throw ShippedModelError.testDiffers(url.path, measured: figure, reported: expected) }
        }
        let texts = Sweep.lengthTexts(test.map(\.text))
        let machine = MachineInfo.current()
        let cpu = machine.cpuFamily.map { "\(machine.cpu) (family \($0) model \(machine.cpuModel ?? "?"))" } ?? machine.cpu
        let architecture = summary.architecture == "pqrnn" ? "pQRNN" : summary.architecture.uppercased()
        return BaselineRecord(
            dataset: summary.dataset, kind: BaselineRecord.ternShippedKind,
            name: summary.members.map { "\(architecture) ensemble of \($0.count) (shipped)" } ?? "\(architecture) (shipped)",
            configuration: "\(url.lastPathComponent), int8, \(summary.parameters) params",
            metric: name.rawValue, test: figure,
            bytes: (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0,
            bytesWhat: "the int8 .safetensors file",
            medianWords: texts.medianWords, p95Words: texts.p95Words,
            medianLatencyNs: try timer.latency(texts.median, split: false, policy: policy).p50,
            p95LatencyNs: try timer.latency(texts.p95, split: false, policy: policy).p50,
            latencyWhat: "Tern's int8 engine (\(KernelSet.best.description)), one thread, \(machine.build) build",
            trainingSeconds: summary.trainingSeconds, machine: .init(cpu: cpu, cores: machine.cores), date: machine.date,
            command: command)
    }
}

public enum ShippedModelError: Error, CustomStringConvertible {
    case testDiffers(String, measured: Double, reported: Double)
    case unreadableFolder(String)

    public var description: String {
        switch self {
        case .testDiffers(let path, let measured, let reported):
            return "\(path): test figure \(measured) here, \(reported) in its metrics JSON"
        case .unreadableFolder(let path):
            return "no folder of models at \(path) (pass --models DIR, a folder of int8 models with their metrics JSON)"
        }
    }
}
