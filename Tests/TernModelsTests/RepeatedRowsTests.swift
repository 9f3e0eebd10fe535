import Foundation
import Testing
@testable import TernKernels
@testable import TernModels

/// `RepeatedRows` on its own (collapse, then a per-row function, then
/// expand, against the function on every row), and the engines with it on
/// and off.
@Suite struct RepeatedRowsTests {
    /// A per-row "layer": `w` output bytes from a row's bytes, so a wrong
    /// source row shows.
    static func layer(_ row: UnsafePointer<Int8>, width: Int, _ out: UnsafeMutablePointer<Int8>, _ w: Int) {
        for j in 0..<w {
            var h: Int = j
            for k in 0..<width { h = h &* 31 &+ Int(row[k]) }
            out[j] = Int8(truncatingIfNeeded: h)
        }
    }

    /// Collapses `rows`, runs `layer` on the distinct rows, expands, and
    /// checks every output row against `layer` on its own input row.
    /// Returns the distinct count.
    @discardableResult
    func check(_ rows: [[Int8]], width: Int, outWidth w: Int = 5, skips: Bool = true) -> Int {
        var a = ArenaLayout()
        let repeated = RepeatedRows(maxRows: rows.count, width: width, arena: &a)
        let ws = EngineWorkspace(owner: ObjectIdentifier(RepeatedRowsTests.self), bytes: a.bytes, classes: 1, stages: 1)
        ws.skipsRepeatedRows = skips
        let x = rows.flatMap { $0 }
        var out = [Int8](repeating: 0, count: rows.count * w)
        x.withUnsafeBufferPointer { xp in
            let source = repeated.collapse(ws, xp.baseAddress!, rows: rows.count)
            out.withUnsafeMutableBufferPointer { o in
                for i in 0..<ws.distinctRows { Self.layer(source + i * width, width: width, o.baseAddress! + i * w, w) }
                repeated.expand(ws, o.baseAddress!, width: w, rows: rows.count)
            }
        }
        var expected = [Int8](repeating: 0, count: w)
        for (i, row) in rows.enumerated() {
            row.withUnsafeBufferPointer { r in expected.withUnsafeMutableBufferPointer { Self.layer(r.baseAddress!, width: width, $0.baseAddress!, w) } }
            #expect(Array(out[i * w ..< (i + 1) * w]) == expected, "row \(i) of \(rows.count), width \(width)")
        }
        return ws.distinctRows
    }

    static func ternaryRow(_ rng: inout SplitMix64, _ width: Int) -> [Int8] {
        (0..<width).map { _ in Int8(Int(rng.next() % 3) - 1) }
    }

    @Test func distinctRowsRunOnceAndRepeatsGetTheirOutputs() {
        var rng = SplitMix64(seed: 5)
        for width in [1, 7, 31, 32, 33, 128, 512] {
            let vocabulary = (0..<6).map { _ in Self.ternaryRow(&rng, width) }
            for count in [1, 2, 9, 64, 200] {
                let picks = (0..<count).map { _ in Int(rng.next() % 6) }
                let rows = picks.map { vocabulary[$0] }
                let distinct = Set(picks).count
                // A width-1 ternary row has 3 values, so vocabulary rows may coincide.
                let expected = Set(rows).count
                #expect(check(rows, width: width) == expected, "width \(width), \(count) rows, \(distinct) picks")
            }
        }
    }

    @Test func noRepeatsLeaveTheInputInPlaceAndOffRunsEveryRow() {
        var rng = SplitMix64(seed: 6)
        let rows = (0..<40).map { _ in Self.ternaryRow(&rng, 128) }
        #expect(check(rows, width: 128) == 40)
        let repeating = Array(repeating: rows[0], count: 10) + rows
        #expect(check(repeating, width: 128) == 40)
        #expect(check(repeating, width: 128, skips: false) == 50)
    }

    /// Rows whose first 32 bytes agree get one key and one probe chain; past
    /// `maxProbes` of them a row counts as distinct (correct, only slower).
    @Test func rowsSharingTheirKeyStayCorrectPastTheProbeLimit() {
        var rng = SplitMix64(seed: 7)
        let head = Self.ternaryRow(&rng, 32)
        let rows = (0..<40).map { _ in head + Self.ternaryRow(&rng, 96) }
        let twice = rows + rows
        // The first maxProbes rows enter the chain, and only their repeats are found.
        #expect(check(twice, width: 128) == 80 - RepeatedRows.maxProbes)
    }

    /// The bench counts what ran: values and keys on the distinct rows, the
    /// heads and the classifier on every row.
    @Test func multiplyAddsAreCountedOnTheRowsRun() throws {
        let engine = try ModelTestConfigs.pradoModels().1.engine()
        let ws = engine.makeWorkspace()
        let text = "never again never again never again"
        let total = engine.macs(of: text, workspace: ws)
        let rows = ws.rows, distinct = ws.distinctRows
        #expect(distinct < rows)
        let c = ModelTestConfigs.prado
        let counted = engine.stageMACs(ranIn: ws), every = engine.stageMACs(rows: rows)
        #expect(counted[1] == 2 * c.projection.featureSize * c.embedding * distinct)
        #expect(Array(counted[2...]) == Array(every[2...]))
        #expect(total == counted.reduce(0, +) && total < engine.macs(rows: rows))
        ws.skipsRepeatedRows = false
        #expect(engine.macs(of: text, workspace: ws) == engine.macs(rows: rows))
    }

    /// Texts that repeat words: the same int8 logits with repeats skipped and
    /// run, on every exact kernel set, one and two threads.
    @Test func enginesGiveTheSameLogitsWithRepeatsSkippedOrRun() throws {
        let texts = ["never again never again never again", "the movie the plot the actor the end",
                     "good good good good good good good good good good good good good good good good good good good good good good good good good"]
            + ModelTestTexts.test
        let pool = ThreadPool(threads: 2)
        let engines: [(String, KernelSet, any ProjectionClassifier)] = try KernelSet.exactSets.flatMap { kernels in
            [("pqrnn", kernels, try ModelTestConfigs.pqrnnModels().1.engine(kernels: kernels)),
             ("prado", kernels, try ModelTestConfigs.pradoModels().1.engine(kernels: kernels))]
        }
        for (name, kernels, engine) in engines {
                let ws = engine.makeWorkspace()
                var repeatsSeen = 0
                for text in texts {
                    for threads in [nil, pool] {
                        ws.skipsRepeatedRows = false
                        try engine.run(text, workspace: ws, pool: threads)
                        let every = Array(ws.int8Logits)
                        #expect(ws.distinctRows == ws.rows)
                        ws.skipsRepeatedRows = true
                        try engine.run(text, workspace: ws, pool: threads)
                        #expect(Array(ws.int8Logits) == every, "\(name) \(kernels) \(text)")
                        if ws.distinctRows < ws.rows { repeatsSeen += 1 }
                    }
                }
                #expect(repeatsSeen >= 6, "\(name) \(kernels): the texts repeat rows")
        }
    }
}
