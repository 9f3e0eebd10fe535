import Foundation
@testable import TernBenchKit
@testable import TernLab
import TernTraining
import Testing

/// The sweep's tables with the baselines beside them: the rows, their
/// markers and machines, the summary's columns, one-line errors for a bad
/// baselines file, the committed report read back.
@Suite struct SweepRenderTests {
    static func row(_ config: String, dataset: String = "trec", accuracy: Double = 0.88, micros: Double = 10) -> SweepRow {
        let stats = Stats([micros * 1e3])
        let metrics = Metrics(scores: [[1, 0]], labels: [[0]], classes: 2, multiLabel: false)
        return SweepRow(dataset: dataset, arch: "prado", config: config, command: "tern train \(config)", seed: 1, parameters: 107_000,
                        fileBytes: 116_000, weightBytes: 1, metric: "accuracy", testInt8: accuracy, testFloat: accuracy,
                        testInt8Metrics: metrics, trainingSeconds: 30, epochs: 10, medianWords: 7, p95Words: 13, medianLatency1T: stats,
                        medianLatency2T: nil, p95Latency1T: stats, p95Latency2T: nil, throughputTextsPerSecond: 1000, peakHeapBytes: nil)
    }

    static func record(_ name: String, kind: String = BaselineRecord.baselineKind, dataset: String = "trec", test: Double = 0.892) -> BaselineRecord {
        BaselineRecord(dataset: dataset, kind: kind, name: name, configuration: "wordNgrams 2", metric: "accuracy", test: test, bytes: 199_653,
                       bytesWhat: "the .ftz file", medianWords: 7, p95Words: 13, medianLatencyNs: 2100, p95LatencyNs: 2500,
                       latencyWhat: "predict", trainingSeconds: 2, machine: .init(cpu: "AMD EPYC (family 25 model 17)", cores: 2),
                       date: "2026-12-05T03:40:00Z", command: "scripts/baselines/run")
    }

    static func report(_ rows: [SweepRow]) -> SweepReport {
        var machine = MachineInfo.current()
        machine.cpu = "Intel(R) Xeon(R) Processor"
        return SweepReport(machine: machine, command: "bench accuracy --out Results/sweep", kernels: "k", sweepSeconds: 60,
                           trainingSeconds: 60, rows: rows, published: ["trec": "CNN-rand 91.2 % (Kim 2014)"])
    }

    static func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("baselines-\(UUID().uuidString).json").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func baselineRowsAppearMarkedWithTheirMachine() throws {
        let report = Self.report([Self.row("E64 2+3-gram"), Self.row("E32", dataset: "mr")])
        let records = [Self.record("fastText <= 200 KB"), Self.record("PRADO (shipped)", kind: BaselineRecord.ternShippedKind, test: 0.908),
                       Self.record("fastText full", dataset: "mr")]
        let table = report.markdown(dataset: "trec", baselines: records)
        #expect(table.contains("|  | prado | E64 2+3-gram | Intel Xeon | 107000 | 116000 | 88.00 % |"))
        #expect(table.contains("| ◆ | fastText <= 200 KB | wordNgrams 2 | AMD EPYC | - | 199653 | 89.20 % | - | 2.1 | - | 2.5 |"))
        #expect(table.contains("| ▲ | PRADO (shipped) | wordNgrams 2 | AMD EPYC | - | 199653 | 90.80 % |"))
        #expect(!table.contains("fastText full"), "another data set's record")
        #expect(table.contains("**The unmarked and ★ rows were timed on Intel Xeon, the ◆ and ▲ rows on AMD EPYC"))
        #expect(table.contains("- ◆ fastText <= 200 KB (2026-12-05T03:40:00Z): `scripts/baselines/run`"))
        // Tern's rows come first; the shipped model before the baselines.
        let order = ["E64 2+3-gram", "PRADO (shipped)", "fastText <= 200 KB"].map { table.range(of: "| \($0) |")?.lowerBound ?? table.range(of: $0)!.lowerBound }
        #expect(order == order.sorted())

        let summary = report.summaryMarkdown(baselines: records)
        #expect(summary.contains("| best baseline ◆ | best baseline <= 250 KB ◆ | shipped Tern ▲ | published |"))
        #expect(summary.contains("| fastText <= 200 KB: 89.20 %, 199 KB, 2.1 us (AMD EPYC) | fastText <= 200 KB: 89.20 %, 199 KB, 2.1 us (AMD EPYC) | "
                                 + "PRADO (shipped): 90.80 %, 199 KB, 2.1 us (AMD EPYC) |"))
        var large = Self.record("fastText full", test: 0.95)
        large.bytes = 52_397_449
        #expect(report.summaryMarkdown(baselines: records + [large]).contains("| fastText full: 95.00 %, 52.4 MB, 2.1 us (AMD EPYC) | fastText <= 200 KB: 89.20 %"))
        // Without baselines the summary keeps its columns and the tables no machines paragraph.
        #expect(!report.summaryMarkdown().contains("baseline"))
        #expect(!report.markdown(dataset: "trec").contains("◆"))
    }

    @Test func renderedDocumentsSayWhatWasRerendered() throws {
        let docs = SweepRender.documents(Self.report([Self.row("E64")]), baselines: BaselineReport(records: [Self.record("fastText full")]),
                                         renderedBy: "bench accuracy --render-only")
        #expect(docs.readme.contains("Tables re-rendered from sweep.json and baselines.json by `bench accuracy --render-only`"))
        #expect(docs.readme.contains("Baselines (◆) and shipped Tern models re-timed beside them (▲): AMD EPYC (family 25 model 17)"))
        #expect(docs.tables.map(\.dataset) == ["trec"] && docs.readme.contains(docs.tables[0].markdown))
    }

    @Test func aMissingOrMalformedBaselinesFileIsOneLine() throws {
        var errors: [String] = []
        func failure(_ path: String) -> String {
            do { _ = try BaselineReport.load(path); return "loaded" } catch { return "\(error)" }
        }
        errors.append(failure("/nonexistent/baselines.json"))
        #expect(errors[0] == "no baselines file at /nonexistent/baselines.json: run scripts/baselines/run, or pass --baselines none")
        let good = try JSONEncoder().encode(BaselineReport(records: [Self.record("fastText full")]))
        var bad = try #require(try JSONSerialization.jsonObject(with: good) as? [String: Any])
        var records = try #require(bad["records"] as? [[String: Any]])
        for (broken, expected) in [("{", "not JSON"), ("{\"rows\": []}", "no 'records' at the top level"), ("[]", "wrong type at the top level")] {
            let path = try Self.write(broken)
            defer { try? FileManager.default.removeItem(atPath: path) }
            errors.append(failure(path))
            #expect(errors.last!.hasSuffix("is not a baselines file: \(expected)"), "\(errors.last!)")
        }
        records[0]["test"] = 91.2  // a percentage where a share belongs
        bad["records"] = records
        let path = try Self.write(String(decoding: try JSONSerialization.data(withJSONObject: bad), as: UTF8.self))
        defer { try? FileManager.default.removeItem(atPath: path) }
        errors.append(failure(path))
        #expect(errors.last!.hasSuffix("record 0 (trec fastText full): test figure 91.2 is not in 0...1"))
        records[0].removeValue(forKey: "machine")
        bad["records"] = records
        try JSONSerialization.data(withJSONObject: bad).write(to: URL(fileURLWithPath: path))
        errors.append(failure(path))
        #expect(errors.last!.hasSuffix("no 'machine' at records[0]"), "\(errors.last!)")
        for e in errors { #expect(!e.contains("\n"), "\(e)") }
    }

    @Test func theCommittedSweepReportRendersWithTheCommittedBaselines() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Results/sweep").standardized
        let report = try SweepRender.loadReport(folder.appendingPathComponent("sweep.json").path)
        #expect(report.rows.count == 52)
        let baselinesPath = folder.appendingPathComponent("baselines.json").path
        guard FileManager.default.fileExists(atPath: baselinesPath) else { return }
        let baselines = try BaselineReport.load(baselinesPath)
        let docs = SweepRender.documents(report, baselines: baselines, renderedBy: "test")
        for table in docs.tables where baselines.records.contains(where: { $0.dataset == table.dataset }) {
            #expect(table.markdown.contains("| ◆ | fastText"), "\(table.dataset)")
        }
        #expect(throws: SweepRenderError.self) { try SweepRender.loadReport(baselinesPath) }
    }
}
