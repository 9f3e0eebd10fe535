import Foundation
@testable import TernLab
import TernBenchKit
import TernKernels
import TernTraining
import Testing

/// `bench shipped`'s measurement of a model file: scored as its metrics JSON
/// says, timed, and refused when the JSON reports another test figure.
@Suite struct ShippedModelsTests {
    @Test func shippedModelsAreScoredAsTheirMetricsSayAndTimed() throws {
        let dir = try TrainCommandTests.makeDataset()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plan = try SweepTests.plan(dir)
        try Sweep.train(plan, tern: CLI.binary)
        let files = try ShippedModels.files(in: plan.modelURL.deletingLastPathComponent())
        #expect(files == [plan.modelURL], "the int8 file with a metrics JSON, not the .f32 one")
        let policy = SamplingPolicy(warmupSeconds: 0, minSeconds: 0.01, minSamples: 3)
        // The metrics JSON names the data set by its folder's name, found under the data root.
        let root = dir.deletingLastPathComponent()
        let r = try ShippedModels.measure(plan.modelURL, pool: ThreadPool(threads: 2), policy: policy, command: "bench shipped", dataRoot: root)
        #expect(r.kind == BaselineRecord.ternShippedKind && r.name == "PRADO (shipped)" && r.metric == "accuracy")
        #expect(r.test > 0.9 && r.bytes > 0 && (r.medianLatencyNs ?? 0) > 0 && r.medianWords == 7 && r.problem == nil)
        // A metrics JSON that reports another test figure: the file is not what was reported.
        let metricsURL = TrainingRun.metricsURL(plan.modelURL)
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: metricsURL)) as? [String: Any])
        var test = try #require(json["test"] as? [String: Any]), int8 = try #require(test["int8"] as? [String: Any])
        int8["accuracy"] = 0.5
        test["int8"] = int8
        json["test"] = test
        try JSONSerialization.data(withJSONObject: json).write(to: metricsURL)
        #expect(throws: ShippedModelError.self) { try ShippedModels.measure(plan.modelURL, pool: ThreadPool(threads: 2), policy: policy, command: "", dataRoot: root) }
    }

    @Test func aMissingModelsFolderIsOneLine() throws {
        do {
            _ = try ShippedModels.files(in: URL(fileURLWithPath: "/nonexistent/models"))
            Issue.record("listed a folder that does not exist")
        } catch {
            #expect("\(error)" == "no folder of models at /nonexistent/models (pass --models DIR, a folder of int8 models with their metrics JSON)")
        }
        let r = try CLI.run(["shipped", "--allow-debug", "--models", "/nonexistent/models"], environment: ["ASAN_OPTIONS": "detect_leaks=0"],
                            executable: CLI.bench)
        #expect(r.status != 0 && r.stderr.split(separator: "\n").count == 1 && r.stderr.contains("no folder of models"), "\(r.stderr)")
    }
}
