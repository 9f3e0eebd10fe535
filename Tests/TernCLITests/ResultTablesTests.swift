import Foundation
import Testing
@testable import TernBenchKit
@testable import TernLab

/// `MarkdownTable` and the pages `bench tables` makes from result files.
@Suite struct ResultTablesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..")

    @Test func aTableAlignsNumbersAndEscapesBars() {
        var table = MarkdownTable([.text("name"), .number("value")])
        table.append(["a|b", "1"])
        #expect(table.description == "| name | value |\n|---|---:|\n| a\\|b | 1 |\n")
        #expect(table.headerLines == "| name | value |\n|---|---:|")
        #expect(table.rowLine(["x", "2"]) == "| x | 2 |")
    }

    @Test func fuzzRunsAddUpPerTarget() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tern-tables-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let runs = dir.appendingPathComponent("runs.tsv")
        // An old line (wall seconds only), a new one with CPU seconds, and a finding.
        try """
            date\ttarget\tseconds\texecutions\texec_per_s\tcorpus\tcoverage\tresult\tcommit\tcpu_seconds
            d\ttsv\t600\t1000\t1\t10\t100\tclean\taaa\t
            d\ttsv\t1200\t2500000\t1\t12\t120\tclean\tbbb\t1100
            d\tdense\t60\t5\t1\t3\t30\tfinding (exit 1)\taaa\t50
            d\tdense\t90\t7\t1\t3\t30\tinterrupted (a timeout that did not reproduce: the input replays in 40 ms)\taaa\t80

            """.write(to: runs, atomically: true, encoding: .utf8)
        let page = try ResultTables.fuzz(runsTSV: runs.path)
        #expect(page.contains("| tsv | 2 | 28.3 min | 18.3 min | 2,501,000 | 0 | 12 | 120 | aaa, bbb |"), "\(page)")
        #expect(page.contains("| dense | 2 | 2.2 min | 1.3 min | 12 | 1 | 3 | 30 | aaa |"), "\(page)")
        #expect(page.contains("In all: 0.51 hours, 2,501,012 executions, 1 findings"))
        #expect(page.contains("1 run(s) ended on a timeout that did not reproduce"))
        #expect(page.contains("Short of one CPU-hour: tsv (28 min), dense (2 min)."))
        try "date\ttarget\n".write(to: runs, atomically: true, encoding: .utf8)
        #expect(throws: ResultTables.Failure.self) { try ResultTables.fuzz(runsTSV: runs.path) }
        #expect(throws: ResultTables.Failure.self) { try ResultTables.fuzz(runsTSV: dir.appendingPathComponent("none").path) }
        #expect(throws: ResultTables.Failure.self) { try ResultTables.kernels(report: runs.path, seqLen: 128) }
    }

    /// The committed pages are what their raw files make: a page edited by
    /// hand, or raw data committed without its page, fails here.
    @Test func committedPagesAreTheirFilesTables() throws {
        func committed(_ path: String) throws -> String { try String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8) }
        let r = Self.root.path + "/Results"
        #expect(try ResultTables.fuzz(runsTSV: r + "/fuzz/runs.tsv") == committed("Results/fuzz/fuzz.md"))
        #expect(try ResultTables.kernels(report: r + "/kernels/kernels.json", seqLen: 128) == committed("Results/kernels/summary-t128.md"))
        #expect(try ResultTables.trained(folder: r + "/trained") == committed("Results/trained/README.md"))
        // Its intro lives in a file: taken from the rendered page, it grew the renderer's suffix once per render.
        let intro = try committed("Results/trained/experiments/intro.txt").trimmingCharacters(in: .newlines)
        #expect(try ResultTables.trained(folder: r + "/trained/experiments", title: "Training experiments", intro: intro)
                == committed("Results/trained/experiments/README.md"))
    }

    @Test func groupsThousands() {
        #expect(ResultTables.grouped(0) == "0" && ResultTables.grouped(999) == "999" && ResultTables.grouped(1000) == "1,000"
                && ResultTables.grouped(35_933_262) == "35,933,262" && ResultTables.grouped(-1234) == "-1,234")
    }
}
