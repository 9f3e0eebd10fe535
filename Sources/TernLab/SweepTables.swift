import Foundation
import TernBenchKit
import TernTraining

/// The sweep's Markdown: one table per data set and the summary, the Tern
/// rows from `bench accuracy`, and beside them (when given) the records of
/// Results/sweep/baselines.json, each marked and with its machine named.
extension SweepReport {
    /// Marks the table rows: a baseline, and a shipped Tern model timed on the baselines' machine.
    public static let baselineMarker = "◆"
    public static let ternShippedMarker = "▲"

    static func quality(_ r: SweepRow, _ v: Double) -> String { quality(metric: r.metric, v) }

    static func quality(metric: String, _ v: Double) -> String {
        metric == MetricName.accuracy.rawValue ? fmt(100 * v, 2) + " %" : fmt(v, 4)
    }

    static func micros(_ s: Stats?) -> String { s.map { fmt($0.p50 / 1e3, 1) } ?? "-" }
    static func micros(ns: Double?) -> String { ns.map { fmt($0 / 1e3, 1) } ?? "-" }

    /// The sweep's machine as the tables' machine column shows it.
    var machineName: String { shortMachineName(machine.cpu) }

    /// The rows of one data set, fastest first, with the Pareto-optimal ones
    /// marked; then this data set's baseline records (`baselines`, any data
    /// set; the others are skipped), fastest first, each marked and naming
    /// its machine, with a paragraph saying which latencies compare.
    public func markdown(dataset: String, baselines: [BaselineRecord] = []) -> String {
        let rows = self.rows.filter { $0.dataset == dataset }.sorted { $0.medianLatency1T.p50 < $1.medianLatency1T.p50 }
        guard let first = rows.first else { return "" }
        let extra = baselines.filter { $0.dataset == dataset }
            .sorted { ($0.isTernShipped ? 0 : 1, $0.medianLatencyNs ?? .infinity) < ($1.isTernShipped ? 0 : 1, $1.medianLatencyNs ?? .infinity) }
        var s = "## \(dataset)\n\n"
        s += "Test split, int8 engine (\(first.metric)); bytes are the int8 model file; latency is the p50 of one text of the test split's median "
        s += "(\(first.medianWords) words) and 95th-percentile (\(first.p95Words) words) length, on one and two threads; "
        s += "throughput is test texts per second, a batch spread over two threads. ★ = Pareto-optimal (no row is both better and faster at the median length, one thread).\n\n"
        if !extra.isEmpty { s += Self.machinesParagraph(sweep: machineName, records: extra) }
        var table = MarkdownTable([.text(""), .text("arch"), .text("configuration"), .text("machine"), .number("params"), .number("bytes"),
                                   .number("test int8"), .number("test float"), .number("median 1T (us)"), .number("median 2T (us)"),
                                   .number("p95 1T (us)"), .number("p95 2T (us)"), .number("texts/s (2T)"), .number("peak heap"),
                                   .number("epochs"), .number("training")])
        for r in rows {
            table.append([r.pareto ? "★" : "", r.arch, r.config, machineName, "\(r.parameters)", "\(r.fileBytes)",
                          Self.quality(r, r.testInt8), Self.quality(r, r.testFloat), Self.micros(r.medianLatency1T), Self.micros(r.medianLatency2T),
                          Self.micros(r.p95Latency1T), Self.micros(r.p95Latency2T), fmt(r.throughputTextsPerSecond, 0),
                          r.peakHeapBytes.map { fmt(Double($0) / 1024, 0) + " KiB" } ?? "-", "\(r.epochs)", fmt(r.trainingSeconds, 0) + " s"])
        }
        for b in extra {
            table.append([b.isTernShipped ? Self.ternShippedMarker : Self.baselineMarker, b.name, b.configuration, shortMachineName(b.machine.cpu),
                          "-", "\(b.bytes)", Self.quality(metric: b.metric, b.test), "-", Self.micros(ns: b.medianLatencyNs), "-",
                          Self.micros(ns: b.p95LatencyNs), "-", "-", "-", "-", b.trainingSeconds.map { fmt($0, 0) + " s" } ?? "-"])
        }
        s += table.description
        s += "\nCommands (each row's model; `bench accuracy` reuses it while the command and the data are unchanged):\n\n"
        for r in rows.sorted(by: { ($0.arch, $0.config) < ($1.arch, $1.config) }) { s += "- \(r.arch) \(r.config): `\(r.command)`\n" }
        for b in extra { s += "- \(b.isTernShipped ? Self.ternShippedMarker : Self.baselineMarker) \(b.name) (\(b.date)): `\(b.command)`\n" }
        return s
    }

    /// Which rows were timed where, said before the table: latency compares
    /// within one machine only.
    static func machinesParagraph(sweep: String, records: [BaselineRecord]) -> String {
        var machines: [String] = []
        for r in records where !machines.contains(shortMachineName(r.machine.cpu)) { machines.append(shortMachineName(r.machine.cpu)) }
        let there = machines.joined(separator: " and ")
        var s = "\(baselineMarker) = a baseline (scripts/baselines, Results/sweep/baselines.md): fastText's bytes are its .ftz file, "
        s += "the linear models' their float32 weights; its test column is its test figure (not int8). "
        if records.contains(where: \.isTernShipped) {
            s += "\(ternShippedMarker) = a shipped Tern model (Results/trained, tuned longer than the sweep's) timed by `bench shipped` on the baselines' machine. "
        }
        s += "**The unmarked and ★ rows were timed on \(sweep), the \(baselineMarker) and \(ternShippedMarker) rows on \(there): "
        s += "latency compares only between rows of the same machine (the machine column).** "
        s += "Baseline latency is one thread; fastText's is its C++ predict less the Python binding's call cost, the linear models' is "
        s += "scikit-learn's whole Python pipeline (mostly interpreter time).\n\n"
        return s
    }

    /// A baseline at most this large stands at Tern's size in the summary
    /// (the shipped PRADO and pQRNN files are 116-230 KB but for pQRNN on TREC).
    public static let equalSizeBytes = 250_000

    /// Bytes in a summary cell: KB below a megabyte, MB above.
    static func size(_ bytes: Int) -> String {
        bytes >= 1_000_000 ? fmt(Double(bytes) / 1e6, 1) + " MB" : "\(bytes / 1000) KB"
    }

    /// Per data set: the best row, and the smallest and the fastest rows
    /// within one point (0.01) of it, next to the published figure; with
    /// baselines, the best baseline of any size and of at most
    /// `equalSizeBytes`, and the best shipped Tern model timed on the
    /// baselines' machine, each naming its machine.
    public func summaryMarkdown(baselines: [BaselineRecord] = []) -> String {
        let withBaselines = !baselines.isEmpty
        var columns: [MarkdownTable.Column] = [.text("data set"), .text("metric"), .text("best (int8)"), .text("smallest within 1 point"),
                                               .text("fastest within 1 point")]
        if withBaselines {
            columns += [.text("best baseline \(Self.baselineMarker)"), .text("best baseline <= \(Self.equalSizeBytes / 1000) KB \(Self.baselineMarker)"),
                        .text("shipped Tern \(Self.ternShippedMarker)")]
        }
        var table = MarkdownTable(columns + [.text("published")])
        for dataset in datasetsInOrder {
            let rows = self.rows.filter { $0.dataset == dataset }
            guard let best = rows.max(by: { $0.testInt8 < $1.testInt8 }) else { continue }
            let close = rows.filter { $0.testInt8 >= best.testInt8 - 0.01 }
            let smallest = close.min { $0.parameters < $1.parameters }!, fastest = close.min { $0.medianLatency1T.p50 < $1.medianLatency1T.p50 }!
            func describe(_ r: SweepRow) -> String {
                "\(r.arch) \(r.config): \(Self.quality(r, r.testInt8)), \(r.parameters / 1000) k params, \(Self.micros(r.medianLatency1T)) us"
            }
            func describe(_ b: BaselineRecord?) -> String {
                guard let b else { return "-" }
                return "\(b.name): \(Self.quality(metric: b.metric, b.test)), \(Self.size(b.bytes)), \(Self.micros(ns: b.medianLatencyNs)) us "
                    + "(\(shortMachineName(b.machine.cpu)))"
            }
            var cells = [dataset, best.metric, describe(best), describe(smallest), describe(fastest)]
            if withBaselines {
                let here = baselines.filter { $0.dataset == dataset }
                let others = here.filter { !$0.isTernShipped }
                cells += [describe(others.max { $0.test < $1.test }), describe(others.filter { $0.bytes <= Self.equalSizeBytes }.max { $0.test < $1.test }),
                          describe(here.filter(\.isTernShipped).max { $0.test < $1.test })]
            }
            table.append(cells + [published[dataset] ?? "-"])
        }
        return table.description
    }

    public var datasetsInOrder: [String] {
        var seen: [String] = []
        for r in rows where !seen.contains(r.dataset) { seen.append(r.dataset) }
        return seen
    }
}
