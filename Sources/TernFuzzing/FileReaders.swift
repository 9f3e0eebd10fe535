import Foundation
import TernBenchKit
import TernKernels
import TernTraining

/// Targets for the files Tern reads back besides models: training
/// checkpoints (`tern train --resume`) and bench reports used as baselines
/// (`bench gate --baseline`, `--compare`).
enum FileReaderChecks {
    // MARK: checkpoints

    /// A checkpoint's envelope (magic, version, length, FarmHash checksum)
    /// around `payload`: random bytes almost never carry a valid checksum, so
    /// inputs whose first byte is odd get a correct envelope and reach the
    /// payload's parser; even ones are read as they are.
    static func envelope(_ payload: Data) -> Data {
        var out = Data(TrainingCheckpoint.magic)
        let checksum = payload.withUnsafeBytes { FarmHash.fingerprint64($0) }
        for v in [UInt64(TrainingCheckpoint.version), UInt64(payload.count), checksum] {
            withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
        }
        out.append(payload)
        return out
    }

    static func checkpointFile(_ data: Data) -> Data {
        guard let first = data.first, first & 1 == 1 else { return data.isEmpty ? data : Data(data.dropFirst()) }
        return envelope(Data(data.dropFirst()))
    }

    static func sameBits(_ a: [Float], _ b: [Float]) -> Bool { a.map(\.bitPattern) == b.map(\.bitPattern) }

    /// Refused with a `CheckpointError` (the one-line errors `tern train`
    /// prints), or read; a read checkpoint writes back to bytes that read
    /// back to the same state and tensors, and checking it against another
    /// run's identity names a field or passes.
    static func checkpoint(_ data: Data) -> String? {
        let file = checkpointFile(data)
        let read: TrainingCheckpoint
        do { read = try TrainingCheckpoint(bytes: file, path: "fuzz.ckpt") } catch is CheckpointError { return nil } catch {
            return "refused with \(type(of: error)), not a CheckpointError: \(error)"
        }
        guard read.bestParameters.count == read.parameters.count, read.adamM.count == read.parameters.count,
              read.adamV.count == read.parameters.count else { return "tensors of different lengths were accepted" }
        let again: TrainingCheckpoint
        do { again = try TrainingCheckpoint(bytes: try read.bytes(), path: "again.ckpt") } catch {
            return "a checkpoint that was read does not read back after writing: \(error)"
        }
        guard again.state == read.state || "\(again.state)" == "\(read.state)",   // NaN metrics are unequal to themselves
              sameBits(again.parameters, read.parameters), sameBits(again.bestParameters, read.bestParameters),
              sameBits(again.adamM, read.adamM), sameBits(again.adamV, read.adamV) else {
            return "a checkpoint changed on writing and reading back"
        }
        do { try read.check(identity: ["architecture": "prado"], path: "fuzz.ckpt") } catch let error as CheckpointError {
            guard case .differentRun = error else { return "identity check threw \(error)" }
        } catch {
            return "identity check threw \(type(of: error))"
        }
        return nil
    }

    static func checkpointSeeds() throws -> [(name: String, bytes: Data)] {
        // The state as a resumed run writes it (its memberwise initializer is the module's own).
        let json = """
            {"identity": {"architecture": "prado", "data": "0123abcd", "option learningRate": "0.01"}, "epoch": 2, "nextStep": 3,
             "finished": false, "best": 0.75, "sinceBest": 0,
             "log": [{"epoch": 1, "steps": 10, "trainLoss": 0.5, "devMetric": 0.75, "examplesPerSecond": 1000, "seconds": 0.1}],
             "adamStep": 13, "epochLoss": 1.5, "epochSeen": 24, "epochSeconds": 0.05, "workerGenerators": [1, 2],
             "workerDistortion": [{"generator": 3, "lastRemoved": 4}, {"generator": 5, "lastRemoved": 6}]}
            """
        let state = try JSONDecoder().decode(TrainingCheckpoint.State.self, from: Data(json.utf8))
        let values: [Float] = [0.5, -1.25, 3, 0, 1e-3, -7]
        let checkpoint = TrainingCheckpoint(state: state, parameters: values, bestParameters: values.map { $0 * 2 },
                                            adamM: values.map { $0 / 4 }, adamV: values.map { $0 * $0 })
        let bytes = try checkpoint.bytes()
        // As a file (first byte even: read as is), and as a payload the target wraps (odd).
        return [("file", Data([0]) + bytes), ("payload", Data([1]) + bytes.dropFirst(32))]
    }

    // MARK: bench reports

    /// Refused with one line, or read as a baseline; a read baseline renders
    /// (Markdown, CSV), compared with itself regresses nowhere, and compared
    /// with an empty run fails nothing it did not measure.
    static func benchReport(_ data: Data) -> String? {
        let report: BenchReport
        do { report = try BenchReport.baseline(from: data, path: "fuzz.json") } catch is BaselineError { return nil } catch {
            return "refused with \(type(of: error)), not a BaselineError: \(error)"
        }
        guard report.invariantViolations().isEmpty else { return "a baseline with impossible figures was accepted" }
        _ = BenchOutput.markdown(report)
        _ = BenchOutput.csv(report)
        let itself = RegressionGate.compare(baseline: [report], current: [report], thresholds: .init())
        if let failed = itself.first(where: \.failed) { return "a baseline regresses against itself: \(failed.id) \(failed.metric)" }
        _ = RegressionGate.table(itself)
        var empty = report
        empty.results = []
        if RegressionGate.compare(baseline: [report], current: [empty], thresholds: .init()).contains(where: \.failed) {
            return "an empty run failed the gate on cases it did not measure"
        }
        return nil
    }

    /// The committed baselines, each cut to its first results (a fuzz input
    /// stays small), and one whole.
    static func benchReportSeeds() throws -> [(name: String, bytes: Data)] {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Results/baselines")
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }.sorted { $0.path < $1.path }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try files.flatMap { file -> [(name: String, bytes: Data)] in
            let data = try Data(contentsOf: file)
            var report = try BenchReport.baseline(from: data, path: file.path)
            report.results = Array(report.results.prefix(3))
            let name = file.deletingPathExtension().lastPathComponent
            return [(name + "-3", try encoder.encode(report)), (name, data)]
        }
    }
}
