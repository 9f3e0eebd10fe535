import Foundation

/// The short summary a person reads first after a bench run: per kernel
/// family the fastest variant measured, its share of the int8 peak and its
/// speed-up over the scalar reference; per shipped model its latency at
/// T 16 and 128 and its texts per second; and, where `scripts/peers/run` left
/// results, Tern against the fastest peer.
public enum Headline {
    /// The streamed table: printed a row per case as the cases are measured.
    static let streamTable = MarkdownTable([
        .text("family"), .text("variant"), .text("shape"), .number("T"), .number("threads"), .number("batch"), .number("p50 (us)"),
        .number("spread"), .number("GOPS or GB/s"), .number("share of peak"), .number("vs reference"),
    ])

    /// The streamed table's header (the same columns for every case).
    public static var streamHeader: String { streamTable.headerLines }

    public static func streamRow(_ r: BenchResult) -> String {
        let throughput = r.gops.map { fmt($0, 1) + " GOPS" } ?? (fmt(r.gbps, 1) + " GB/s")
        let share = r.peakFraction.map { fmt(100 * $0, 1) + " %" } ?? "-"
        let ratio = r.ratioVsReference.map { fmt($0, 1) + "x" } ?? "-"
        return streamTable.rowLine([r.kernel, r.variant, r.shape, "\(r.seqLen)", "\(r.threads)", "\(r.batch)", fmt(r.p50 / 1e3, 1),
                                    "\(fmt(100 * r.stats.madRatio, 1)) %", throughput, share, ratio])
    }

    static let modelFamily = "shipped_latency"

    /// The summary, in Markdown.
    public static func markdown(_ report: BenchReport, peers: PeerSummary? = nil) -> String {
        var s = "## Headline\n\n"
        s += "Machine: \(report.machine.summary). One core's int8 peak: \(fmt(report.peaks.int8PeakGOPS, 0)) GOPS "
        s += "(\(report.peaks.peakISA), measured in this run)"
        if let ternary = report.peaks.ternaryPeakClause { s += "; \(ternary), the peak of the ternary-input rows' shares" }
        s += ".\n\n"
        s += kernels(report)
        s += models(report)
        if let peers { s += peers.markdown }
        return s
    }

    /// Per kernel family and shape: the fastest non-reference variant at the
    /// largest T up to 128, one thread.
    static func kernels(_ report: BenchReport) -> String {
        let rows = report.results.filter { $0.kernel != modelFamily && $0.threads == 1 && $0.ratioVsReference != nil }
        var groups: [String: [BenchResult]] = [:]
        var order: [String] = []
        for r in rows where !r.variant.hasSuffix("_ref") {
            let key = r.kernel + " (" + r.shape + ")"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(r)
        }
        guard !order.isEmpty else { return "" }
        var table = MarkdownTable([.text("kernel family"), .text("fastest variant"), .number("T"), .number("p50 (us)"),
                                   .number("share of peak (or GB/s)"), .number("vs scalar reference")])
        for key in order {
            let candidates = groups[key]!
            let t = candidates.map(\.seqLen).filter { $0 <= 128 }.max() ?? candidates.map(\.seqLen).min()!
            guard let best = candidates.filter({ $0.seqLen == t }).min(by: { $0.p50 < $1.p50 }) else { continue }
            let share = best.peakFraction.map { fmt(100 * $0, 1) + " %" } ?? (fmt(best.gbps, 1) + " GB/s")
            table.append([key, best.variant, "\(t)", fmt(best.p50 / 1e3, 2), share, "\(fmt(best.ratioVsReference ?? 0, 1))x"])
        }
        return table.description + "\n"
    }

    /// Per shipped model: one text at T 16 and 128 (one thread), the best
    /// texts per second of a 16-text batch, allocations per inference.
    static func models(_ report: BenchReport) -> String {
        let rows = report.results.filter { $0.kernel == modelFamily }
        guard !rows.isEmpty else { return "" }
        var names: [String] = []
        for r in rows where !names.contains(r.shape) { names.append(r.shape) }
        var table = MarkdownTable([.text("shipped model"), .text("kernels"), .number("T 16 p50 (us)"), .number("T 128 p50 (us)"),
                                   .number("texts/s (16 texts of T 128)"), .number("allocations per text")])
        for name in names {
            let mine = rows.filter { $0.shape == name }
            // A model whose maximum length is below 128 ran at that length instead (marked).
            let long = mine.map(\.seqLen).filter { $0 <= 128 }.max() ?? 128
            func latency(_ t: Int) -> BenchResult? { mine.first { $0.seqLen == t && $0.batch == 1 && $0.threads == 1 } }
            func time(_ t: Int) -> String {
                latency(t).map { fmt($0.p50 / 1e3, 1) + ($0.seqLen == 128 || $0.seqLen == 16 ? "" : " (T \($0.seqLen))") } ?? "-"
            }
            let batch = mine.filter { $0.batch > 1 && $0.seqLen == long }.max { ($0.textsPerSecond ?? 0) < ($1.textsPerSecond ?? 0) }
            let throughput = batch.map { fmt($0.textsPerSecond ?? 0, 0) + " (\($0.threads) threads)" } ?? "-"
            let allocations = (latency(long) ?? latency(16)).map { fmt($0.allocationsPerCall, 1) } ?? "-"
            table.append([name, mine[0].isa, time(16), time(long), throughput, allocations])
        }
        return table.description + "\n"
    }
}

/// What `scripts/peers/run` measured (Results/peers/peers.json): per case, Tern's
/// fastest variant against the fastest peer on one thread, the peer's
/// Python call overhead subtracted as scripts/peers/ does.
public struct PeerSummary: Decodable, Sendable {
    struct Timing: Decodable, Sendable { var p50: Double }
    struct TernRow: Decodable, Sendable {
        var variant: String
        var threads: Int
        var stats: Timing
    }
    struct PeerRow: Decodable, Sendable {
        var peer: String
        var timings: [String: Timing]
        /// Its output against Tern's (absent on rows that have no check).
        var check: Check?
    }
    struct Check: Decodable, Sendable { var ok: Bool }
    struct Case: Decodable, Sendable {
        var `case`: String
        var tern: [TernRow]
        var peers: [PeerRow]
    }
    struct Overhead: Decodable, Sendable { var timings: [String: Timing] }
    struct Machine: Decodable, Sendable {
        var cpu: String
        var date: String
    }

    var cases: [Case]
    var models: [Case]?
    var overhead: [String: Overhead]?
    var machine: Machine
    /// The file it was read from (not in the JSON).
    var source: String?

    /// Reads a peers report; nil when there is none or it does not parse.
    public static func load(_ path: String) -> PeerSummary? {
        guard let data = FileManager.default.contents(atPath: path),
              var summary = try? JSONDecoder().decode(PeerSummary.self, from: data) else { return nil }
        summary.source = path
        return summary
    }

    /// Per case: Tern's fastest one-thread p50, the fastest peer's (less its
    /// runtime's call overhead), and the ratio Tern / peer (below 1: Tern
    /// ahead). A peer whose output failed its check (ONNX Runtime's u8
    /// kernels, which saturate on AVX2) computes something else: never the
    /// fastest peer.
    public var rows: [(case: String, tern: Double, peer: String, peerTime: Double, ratio: Double)] {
        (cases + (models ?? [])).compactMap { c in
            guard let tern = c.tern.filter({ $0.threads == 1 }).map(\.stats.p50).min() else { return nil }
            let timed = c.peers.compactMap { p -> (String, Double)? in
                guard let t = p.timings["1"]?.p50, p.check?.ok != false else { return nil }
                let runtime = String(p.peer.prefix { $0 != " " })
                let overhead = overhead?[runtime]?.timings["1"]?.p50 ?? 0
                return (p.peer, max(t - overhead, 1))
            }
            guard let fastest = timed.min(by: { $0.1 < $1.1 }) else { return nil }
            return (c.case, tern, fastest.0, fastest.1, tern / fastest.1)
        }
    }

    public var markdown: String {
        let rows = rows
        guard !rows.isEmpty else { return "" }
        var s = "Peers (from \(source ?? "Results/peers/peers.json"), measured on \(machine.cpu) at \(machine.date), not in this run; "
        s += "`scripts/peers/run` measures them here):\n\n"
        var table = MarkdownTable([.text("case"), .number("Tern (us)"), .text("fastest peer"), .number("peer (us)"), .number("Tern / peer")])
        for r in rows { table.append([r.case, fmt(r.tern / 1e3, 1), r.peer, fmt(r.peerTime / 1e3, 1), fmt(r.ratio, 2)]) }
        return s + table.description + "\n"
    }
}
