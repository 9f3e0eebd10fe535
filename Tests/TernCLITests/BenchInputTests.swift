import Foundation
import Testing

/// `bench projection --texts FILE` reads the file with the data sets' own
/// reader: a byte order mark and CRLF as `tern train` takes them, a line
/// without a tab refused by file and line.
@Suite struct BenchInputTests {
    @Test func projectionTextsAreReadAsADataSetFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tern-bench-texts-\(UUID().uuidString).tsv")
        defer { try? FileManager.default.removeItem(at: file) }
        let common = ["projection", "--texts", file.path, "--min-time", "0.01", "--warmup", "0", "--allow-debug", "--out", "-",
                      "--format", "json", "--variants", "projection_scalar_ref"]
        try Data([0xEF, 0xBB, 0xBF] + Array("pos\tgood film\r\nneg\tdull plot\r\n".utf8)).write(to: file)
        let r = try CLI.run(common, executable: CLI.bench)
        #expect(r.status == 0, "\(r.stderr)")
        // "good film" and "dull plot": 18 bytes, no mark, no CR.
        let rows = (try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])?["rows"] as? [[String: Any]]
        #expect(rows?.first?["texts"] as? Int == 2 && rows?.first?["bytes"] as? Int == 18, "\(r.stdout.prefix(400))")
        try Data("pos\tgood film\nno tab here\n".utf8).write(to: file)
        let bad = try CLI.run(common, executable: CLI.bench)
        #expect(bad.status != 0 && bad.stderr == "Error: \(file.path):2: expected label<TAB>text\n", "\(bad.stderr)")
    }
}
