import Foundation

extension BenchReport {
    /// Figures that cannot be true, one line each (empty when the report is
    /// sound): times that are not positive or out of order, negative heap or
    /// allocation figures, non-finite values, a share of the int8 peak above
    /// 125 % (a little above 100 % is the peak probe's own error; more is a
    /// miscounted case), speed-ups that are not positive, and a scaling
    /// beyond twice the thread count. The bench prints them as warnings; a
    /// test keeps real runs free of them.
    ///
    /// - Parameter boundingScaling: whether a scaling above twice the thread
    ///   count counts as impossible. It is, on a quiet machine; a run that
    ///   shares its cores with other work (a test beside the rest of the
    ///   suite) can see its one-thread case slowed several times over, so
    ///   such a run passes `false` and checks the figure's arithmetic instead.
    public func invariantViolations(boundingScaling: Bool = true) -> [String] {
        var problems: [String] = []
        for r in results {
            func bad(_ what: String) { problems.append("\(r.id): \(what)") }
            let s = r.stats
            let doubles: [(String, Double?)] = [
                ("p50", r.p50), ("p99", r.p99), ("min", s.min), ("max", s.max), ("GOPS", r.gops), ("GB/s", r.gbps),
                ("share of peak", r.peakFraction), ("share of peak (best)", r.peakFractionBest),
                ("tokens/s", r.tokensPerSecond), ("texts/s", r.textsPerSecond), ("ratio", r.ratioVsReference),
                ("ratio (best)", r.ratioVsReferenceBest), ("scaling", r.scaling),
                ("bytes per call", r.bytesAllocatedPerCall), ("allocations per call", r.allocationsPerCall),
            ]
            for (name, value) in doubles {
                if let value, !value.isFinite { bad("\(name) is \(value)") }
            }
            if s.count < 1 { bad("no samples") }
            if !(s.min > 0) { bad("fastest sample \(s.min) ns is not positive") }
            if !(s.min <= s.p50 && s.p50 <= s.p99 && s.p99 <= s.max) {
                bad("order statistics out of order (min \(s.min), p50 \(s.p50), p99 \(s.p99), max \(s.max))")
            }
            if r.p50 != s.p50 || r.p99 != s.p99 { bad("p50 / p99 differ from their samples' statistics") }
            if let peak = r.peakHeapBytes, peak < 0 { bad("negative heap peak \(peak)") }
            if r.bytesAllocatedPerCall < 0 || r.allocationsPerCall < 0 { bad("negative allocations per call") }
            if r.residentBytes < 0 { bad("negative resident size") }
            for (name, share) in [("share of peak", r.peakFraction), ("share of peak (best)", r.peakFractionBest)] {
                if let share, !(share > 0 && share <= 1.25) { bad("\(name) \(share) is outside (0, 1.25]") }
            }
            for (name, ratio) in [("ratio vs reference", r.ratioVsReference), ("ratio vs reference (best)", r.ratioVsReferenceBest)] {
                if let ratio, !(ratio > 0) { bad("\(name) \(ratio) is not positive") }
            }
            if let scaling = r.scaling, !(scaling > 0 && (!boundingScaling || scaling <= 2 * Double(r.threads))) {
                bad("scaling \(scaling) over one thread is impossible on \(r.threads) threads")
            }
            if r.gbps < 0 { bad("negative bandwidth") }
        }
        return problems
    }
}

/// Why a file cannot serve as a baseline, in one line.
public struct BaselineError: Error, CustomStringConvertible {
    public let description: String
}

extension BenchReport {
    /// Reads a baseline report (`bench gate --baseline`, `--compare`): it
    /// must decode as this schema and hold no figure that cannot be true
    /// (`invariantViolations`), so a corrupted or hand-edited file can
    /// neither pass nor fail the gate by itself.
    public static func baseline(from data: Data, path: String) throws -> BenchReport {
        let report: BenchReport
        do { report = try JSONDecoder().decode(BenchReport.self, from: data) } catch {
            throw BaselineError(description: "\(path) is not a bench report: \(String(describing: error).prefix(300))")
        }
        let current = BenchReport.schemaVersion
        guard report.schema == current else {
            throw BaselineError(description: "\(path) is a \(report.schema.prefix(40)) report, this bench reads \(current): re-record it")
        }
        guard !report.results.isEmpty else { throw BaselineError(description: "\(path) holds no results") }
        if let first = report.invariantViolations().first {
            throw BaselineError(description: "\(path) holds impossible figures (\(first.prefix(200)))")
        }
        return report
    }
}
