import Foundation
import Testing
@testable import TernBenchKit

/// The quick run's peers summary reads the committed peers sets (one per CPU)
/// and names the file it read.
@Suite struct PeerSummaryTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..")

    @Test func everyCommittedSetSummarizesAndNamesItsFile() throws {
        let peers = Self.root.appendingPathComponent("Results/peers")
        let sets = try FileManager.default.subpathsOfDirectory(atPath: peers.path).filter { $0.hasSuffix("peers.json") }
        #expect(sets.count >= 2, "the Intel set and at least one other CPU's")
        for set in sets {
            let path = peers.appendingPathComponent(set).path
            let summary = try #require(PeerSummary.load(path), "\(set) does not parse")
            #expect(!summary.rows.isEmpty, "\(set)")
            #expect(summary.markdown.contains("Peers (from \(path),"))
            // Every ratio is Tern's one-thread time over the fastest peer's,
            // and that peer's output passed its check.
            for row in summary.rows { #expect(abs(row.ratio - row.tern / row.peerTime) < 1e-9) }
            let failed = Set(summary.cases.flatMap { c in c.peers.filter { $0.check?.ok == false }.map { c.case + " " + $0.peer } })
            for row in summary.rows { #expect(!failed.contains(row.case + " " + row.peer), "\(set): \(row.case)") }
        }
        #expect(PeerSummary.load(peers.appendingPathComponent("none.json").path) == nil)
    }
}
