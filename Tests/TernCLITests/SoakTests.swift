import Foundation
import Synchronization
@testable import TernBenchKit
@testable import TernLab
import TernModels
import Testing

/// The soak's checks, each shown to catch what it names (models that
/// misbehave on purpose), then `bench soak` end to end on a shipped model
/// for a few seconds (the 10-minute run is scripts/soak, not a test).
@Suite(.serialized) struct SoakTests {
    static let texts = (0..<50).map { "text number \($0)" }

    static func model(_ name: String, _ classify: @escaping @Sendable (String) throws -> Classification) -> Soak.Served {
        Soak.Served(name: name, classify: classify, texts: texts)
    }

    static func steady(_ text: String) -> Classification {
        let p = Float(text.count % 7) / 7
        return Classification(probabilities: [p, 1 - p], tokens: 3, truncated: false)
    }

    @Test func aSoundModelPasses() throws {
        var soak = Soak(models: [Self.model("steady", Self.steady)], threads: 4, seconds: 1, sample: 10)
        let r = try soak.run(command: "test", every: 0.25)
        // Errors and answers only: threads and resident memory are the whole
        // test process's, which other suites share while this runs (and
        // AddressSanitizer's quarantine grows); the tests below show those
        // checks catching what they name.
        #expect(r.errorCount == 0 && r.mismatchCount == 0, "\(r.failures)")
        #expect(r.requestsPerModel["steady"]! > 100 && r.readings.count >= 3)
    }

    @Test func changedAnswersErrorsAndLeaksAreCaught() throws {
        // Answers that change once the load starts (a shared buffer raced, say).
        let calls = Soak.Counter()
        let drifting = Self.model("drifting") { text in
            let n = calls.value.add(1, ordering: .relaxed).newValue
            var c = Self.steady(text)
            if n > Self.texts.count { c.probabilities[0] += 1e-6 }
            return c
        }
        // An error on some texts, and a descriptor opened and never closed
        // under load (16 at most: the test closes them afterwards, since
        // thousands of open descriptors trip Foundation's Process.run under
        // AddressSanitizer, in its scan of /proc/self/fd). Not 3: the count
        // is the process's, and other suites running in parallel open and
        // close descriptors too; with 3 the check failed once in a full run.
        let leaked = Mutex<[Int32]>([])
        let failing = Self.model("failing") { text in
            if text.hasSuffix("7") { throw InferenceError.emptyText }
            if text.hasSuffix("3") && calls.value.load(ordering: .relaxed) > Self.texts.count {
                leaked.withLock { if $0.count < 16 { $0.append(open("/dev/null", O_RDONLY)) } }
            }
            return Self.steady(text)
        }
        var soak = Soak(models: [drifting, failing], threads: 2, seconds: 0.5, sample: Self.texts.count)
        let r = try soak.run(command: "test", every: 0.25)
        leaked.withLock { for fd in $0 { close(fd) } }
        #expect(r.failures.contains { $0.contains("answers differ from the sequential ones") }, "\(r.failures)")
        #expect(r.failures.contains { $0.contains("errors") })
        #expect(r.failures.contains { $0.contains("file descriptors left open") })
        #expect(!Soak.markdown(r).contains("**passed**"))
    }

    @Test func memoryThatGrowsUnderLoadIsCaught() throws {
        let kept = Mutex<[[UInt8]]>([])
        let leaking = Self.model("leaking") { text in
            kept.withLock { $0.append([UInt8](repeating: 1, count: 64 << 10)) }   // 64 KiB a request, never freed
            return Self.steady(text)
        }
        var soak = Soak(models: [leaking], threads: 2, seconds: 1.5, sample: 5)
        soak.driftAllowance = 1 << 20
        let r = try soak.run(command: "test", every: 0.25)
        #expect(r.failures.contains { $0.contains("resident memory rose") }, "\(r.failures), drift \(r.residentDrift)")
    }

    /// `bench soak` on one shipped model and its data set's first lines.
    @Test func benchSoakServesAShippedModel() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tern-soak-\(UUID().uuidString)")
        let models = dir.appendingPathComponent("models"), data = dir.appendingPathComponent("data/trec")
        try FileManager.default.createDirectory(at: models, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["prado-trec.safetensors", "prado-trec.json"] {
            try FileManager.default.copyItem(at: root.appendingPathComponent("Results/trained/" + name), to: models.appendingPathComponent(name))
        }
        try Data("DESC\twhat is a tern ?\nLOC\twhere do terns nest ?\nNUM\thow many eggs does a tern lay ?\n".utf8)
            .write(to: data.appendingPathComponent("test.tsv"))
        let report = dir.appendingPathComponent("soak.md")
        let r = try CLI.run(["soak", "--models", models.path, "--data", dir.appendingPathComponent("data").path, "--threads", "3",
                             "--seconds", "2", "--every", "0.5", "--sample", "3", "--out", report.path,
                             // Two seconds is no soak, and under AddressSanitizer freed memory waits in quarantine.
                             "--drift-allowance-mb", "512"],
                            environment: GateTests.environment, executable: CLI.bench)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let text = try String(contentsOf: report, encoding: .utf8)
        #expect(text.contains("Verdict: **passed**") && text.contains("| prado-trec |"), "\(text)")
        let missing = try CLI.run(["soak", "--models", models.path, "--data", dir.path], environment: GateTests.environment, executable: CLI.bench)
        #expect(missing.status != 0 && missing.stderr.contains("cannot read") && missing.stderr.contains("trec/test.tsv"), "\(missing.stderr)")
        // A line without its label is refused with the file and line, as training refuses it.
        try Data("DESC\twhat is a tern ?\nno label here\n".utf8).write(to: data.appendingPathComponent("test.tsv"))
        let malformed = try CLI.run(["soak", "--models", models.path, "--data", dir.appendingPathComponent("data").path, "--seconds", "1"],
                                    environment: GateTests.environment, executable: CLI.bench)
        #expect(malformed.status != 0 && malformed.stderr.contains("test.tsv") && malformed.stderr.contains("2"), "\(malformed.stderr)")
    }
}
