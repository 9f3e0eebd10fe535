import Foundation
import TernKernels

public enum BenchOutput {
    /// Markdown: one table per kernel and shape.
    public static func markdown(_ report: BenchReport) -> String {
        let p = report.peaks
        var s = "Peaks (measured in this run): clock \(fmt(p.clockGHz, 2)) GHz; int8 multiply-adds per cycle "
        s += p.int8MACsPerCycle.sorted { $0.key < $1.key }.map { "\($0.key) \(fmt($0.value, 1))" }.joined(separator: ", ")
        s += "; one core's int8 peak \(fmt(p.int8PeakGOPS, 0)) GOPS (\(p.peakISA))"
        if let ternary = p.ternaryPeakClause { s += ", " + ternary }
        s += "; read bandwidth L1 \(fmt(p.l1ReadGBps, 0)) GB/s, "
        s += "L2 \(fmt(p.l2ReadGBps, 0)) GB/s. Shares of peak count one core per thread.\n"
        var groups: [(String, [BenchResult])] = []
        for r in report.results {
            let key = "\(r.kernel) (\(r.shape))"
            if let i = groups.firstIndex(where: { $0.0 == key }) { groups[i].1.append(r) } else { groups.append((key, [r])) }
        }
        for (title, rows) in groups {
            let compute = rows.first?.bound == .compute
            let texts = rows.first?.tokensPerSecond != nil
            s += "\n### \(title)\n\n"
            let throughput = texts ? "Mtokens/s" : (compute ? "GOPS" : "GB/s")
            // Model rows count their multiply-adds: they get a share of peak too.
            let modelRows = texts && rows.contains { $0.gops != nil }
            let shares: [String] = modelRows ? ["texts/s", "share of peak (p50 / best)"]
                : [texts ? "texts/s" : (compute ? "share of peak (p50 / best)" : "share of L2 bandwidth")]
            var table = MarkdownTable([.text("variant"), .number("T"), .number("threads"), .number("p50 (us)"), .number("p99 (us)"),
                                       .number("spread"), .number(throughput)] + shares.map { .number($0) }
                                      + [.number("vs reference (p50 / best)"), .number("scaling"), .number("heap B/call")])
            for r in rows {
                let value: String, shareCells: [String]
                let peakShare = "\(fmt(100 * (r.peakFraction ?? 0), 1)) % / \(fmt(100 * (r.peakFractionBest ?? 0), 1)) %"
                if let tokens = r.tokensPerSecond {
                    value = fmt(tokens / 1e6, 2)
                    shareCells = [fmt(r.textsPerSecond ?? 0, 0)] + (modelRows ? [peakShare] : [])
                } else if compute {
                    value = fmt(r.gops ?? 0, 1)
                    shareCells = [peakShare]
                } else {
                    value = fmt(r.gbps, 1)
                    shareCells = ["\(fmt(100 * (r.bandwidthFraction ?? 0), 1)) %"]
                }
                let ratio = r.ratioVsReference.map { "\(fmt($0, 1))x / \(fmt(r.ratioVsReferenceBest ?? 0, 1))x" } ?? "-"
                let scaling = r.scaling.map { "\(fmt($0, 2))x" } ?? "-"
                table.append([r.variant, "\(r.seqLen)", "\(r.threads)", fmt(r.p50 / 1e3, 1), fmt(r.p99 / 1e3, 1),
                              "\(fmt(100 * r.stats.madRatio, 1)) %", value] + shareCells + [ratio, scaling, fmt(r.bytesAllocatedPerCall, 0)])
            }
            s += table.description
        }
        return s
    }

    /// CSV, one row per case, the JSON's main fields.
    public static func csv(_ report: BenchReport) -> String {
        var s = "kernel,variant,isa,shape,seq_len,threads,batch,p50_ns,p99_ns,min_ns,gops,peak_fraction,gbps,"
        s += "tokens_per_s,ratio_vs_reference,ratio_vs_reference_best,scaling,bytes_per_inference,peak_heap_bytes\n"
        func o(_ v: Double?) -> String { v.map { String($0) } ?? "" }
        for r in report.results {
            s += [r.kernel, r.variant, r.isa, "\"\(r.shape)\"", String(r.seqLen), String(r.threads), String(r.batch),
                  String(r.p50), String(r.p99), String(r.stats.min), o(r.gops), o(r.peakFraction), String(r.gbps),
                  o(r.tokensPerSecond), o(r.ratioVsReference), o(r.ratioVsReferenceBest), o(r.scaling),
                  String(r.bytesAllocatedPerCall), r.peakHeapBytes.map { String($0) } ?? ""].joined(separator: ",") + "\n"
        }
        return s
    }
}

/// The regression gate: compares what is stable on a shared machine.
public enum RegressionGate {
    /// The thresholds, per metric.
    public struct Thresholds: Codable, Sendable {
        /// A variant fails when its speed-up over the reference (best samples,
        /// same run, median over repetitions) falls by more than this fraction.
        public var ratioDrop = 0.30
        /// The same for cases that use more than one thread (two vCPUs share
        /// the machine with their neighbours: more spread).
        public var ratioDropThreaded = 0.45
        /// A reference more than this many times slower than in the baseline
        /// is reported as a machine mismatch (a warning: absolute times are not gated).
        public var referenceSlowdown = 2.0

        public init() {}
    }

    public struct Finding: Sendable {
        public var id: String
        public var metric: String
        public var baseline: Double
        public var current: Double
        public var limit: Double
        public var failed: Bool
        public var warning: Bool
        /// The case and the metric: what a confirming process matches.
        public var key: String { id + " " + metric }
    }

    /// Per case id, the median over repetitions of the best-sample ratio (and of the reference's best time).
    public static func medians(_ reports: [BenchReport]) -> [String: (ratio: Double?, best: Double, reference: Bool)] {
        var byID: [String: [BenchResult]] = [:]
        for r in reports.flatMap(\.results) { byID[r.id, default: []].append(r) }
        return byID.mapValues { rows in
            func median(_ xs: [Double]) -> Double { let s = xs.sorted(); return s[s.count / 2] }
            let ratios = rows.compactMap(\.ratioVsReferenceBest)
            return (ratios.isEmpty ? nil : median(ratios), median(rows.map(\.stats.min)),
                    rows[0].ratioVsReference == nil || rows[0].variant.hasSuffix("_ref"))
        }
    }

    /// One finding per baseline case this run could be compared on. A
    /// baseline case absent from this run fails when the run measured its
    /// kernel at its length and thread count (the variant was renamed or
    /// removed, which would otherwise escape the gate: re-record the
    /// baseline); when the run did not cover that kernel, shape and thread
    /// count at all (a narrower selection) it is not a finding.
    public static func compare(baseline: [BenchReport], current: [BenchReport], thresholds: Thresholds) -> [Finding] {
        let base = medians(baseline), now = medians(current)
        struct Coverage: Hashable { let kernel: String; let seqLen: Int; let threads: Int }
        let covered = Set(current.flatMap(\.results).map { Coverage(kernel: $0.kernel, seqLen: $0.seqLen, threads: $0.threads) })
        var baseCoverage: [String: Coverage] = [:]
        for r in baseline.flatMap(\.results) { baseCoverage[r.id] = Coverage(kernel: r.kernel, seqLen: r.seqLen, threads: r.threads) }
        var findings: [Finding] = []
        for (id, b) in base.sorted(by: { $0.key < $1.key }) {
            guard let c = now[id] else {
                if let where_ = baseCoverage[id], covered.contains(where_) {
                    findings.append(Finding(id: id, metric: "missing from this run (renamed or removed? re-record the baseline)",
                                            baseline: b.ratio ?? 0, current: 0, limit: 0, failed: true, warning: false))
                }
                continue
            }
            if b.reference {
                let limit = b.best * thresholds.referenceSlowdown
                if c.best > limit {
                    findings.append(Finding(id: id, metric: "reference best ns", baseline: b.best, current: c.best,
                                            limit: limit, failed: false, warning: true))
                }
                continue
            }
            guard let br = b.ratio, let cr = c.ratio else { continue }
            let threaded = !id.contains("/threads1/")
            let limit = br * (1 - (threaded ? thresholds.ratioDropThreaded : thresholds.ratioDrop))
            findings.append(Finding(id: id, metric: "ratio vs reference (best)", baseline: br, current: cr,
                                    limit: limit, failed: cr < limit, warning: false))
        }
        return findings
    }

    public static func table(_ findings: [Finding]) -> String {
        var table = MarkdownTable([.text("case"), .text("metric"), .number("baseline"), .number("current"), .number("limit"),
                                   .number("change"), .text("verdict")])
        for f in findings where f.failed || f.warning {
            let change = f.baseline > 0 ? "\(fmt(100 * (f.current / f.baseline - 1), 1)) %" : "-"
            table.append([f.id, f.metric, fmt(f.baseline, 2), fmt(f.current, 2), fmt(f.limit, 2), change, f.failed ? "REGRESSED" : "warning"])
        }
        return table.description
    }
}

extension MachinePeaks {
    /// "326 GOPS on ternary input" where the ternary-input peak is above the
    /// int8 one (AVX2), else nil: what the kernels and breakdown reports add
    /// to their peak line.
    public var ternaryPeakClause: String? {
        peakGOPS(ternaryInput: true) > int8PeakGOPS ? "\(fmt(peakGOPS(ternaryInput: true), 0)) GOPS on ternary input" : nil
    }
}
