import Foundation

/// The same-machine regression gate: a base build (the code before the
/// change) and a candidate build time the same cases in alternating rounds
/// (A B, B A, A B ...; each process with an environment of random size, so
/// that stack alignment varies from round to round instead of favouring one
/// side) in one run on one machine, and the candidate fails where it is
/// slower than the base by more than the noise that run measured. Both
/// builds should align functions and blocks (scripts/gate does): otherwise
/// an unrelated change can move a hot loop across a fetch boundary.
///
/// Why this shape: a ratio against the scalar reference depends on the
/// microarchitecture (on an AMD Zen core the references run twice as fast as
/// on an Intel one), so a committed baseline from another CPU fails an
/// unchanged tree by the luck of the draw. Comparing two builds of the code
/// on the machine at hand, interleaved so that both see the same neighbours
/// and clock, needs no baseline at all.
///
/// Per case and round r the gate takes each side's best sample (on a shared
/// machine the minimum moves much less than the median) and the ratio
/// q_r = candidate_r / base_r. The case's change is the median of q_r; its
/// noise is half the spread of q_r (max - min) / 2, and the run's noise is the
/// median of that over all cases. A case regresses when
///
///     median(q) > 1 + max(floor, 3 * max(case noise, run noise))   and   min(q) > 1
///
/// (slower in every round, by more than three times the noise measured here,
/// and by more than a floor that code-layout effects alone can cause).
public enum ABGate {
    public struct Thresholds: Codable, Sendable {
        /// The least loss that can fail a one-thread case.
        public var floor = 0.10
        /// The least loss for a multi-threaded case (two shared vCPUs).
        public var floorThreaded = 0.20
        /// How many times the measured noise a loss must exceed.
        public var noiseMultiple = 3.0

        public init() {}
    }

    /// One side's measurements: per case id, the best sample of each round (ns).
    public typealias Rounds = [String: [Double]]

    public struct Finding: Codable, Sendable, Equatable {
        public var id: String
        /// Median over rounds of each side's best sample (ns).
        public var baseNs: Double
        public var candidateNs: Double
        /// Median of candidate / base over the rounds (above 1 = slower).
        public var ratio: Double
        public var minRatio: Double
        public var noise: Double
        public var limit: Double
        public var regressed: Bool
    }

    public struct Verdict: Codable, Sendable {
        public var rounds: Int
        public var runNoise: Double
        public var findings: [Finding]
        /// Cases only one side has (a new or removed variant): reported, not gated.
        public var onlyInBase: [String]
        public var onlyInCandidate: [String]

        public var regressions: [Finding] { findings.filter(\.regressed) }
        public var passed: Bool { regressions.isEmpty }
    }

    static func median(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    /// Compares the rounds of both sides. Rounds are paired by position: the
    /// r-th base round ran just before the r-th candidate round.
    public static func compare(base: Rounds, candidate: Rounds, thresholds: Thresholds = .init()) -> Verdict {
        let shared = Set(base.keys).intersection(candidate.keys).sorted()
        var pairs: [(id: String, q: [Double], b: [Double], c: [Double])] = []
        for id in shared {
            let b = base[id]!, c = candidate[id]!
            let q = zip(b, c).compactMap { b, c in b > 0 && c > 0 ? c / b : nil }
            guard !q.isEmpty else { continue }
            pairs.append((id, q, b, c))
        }
        let caseNoise = pairs.map { p in (p.q.max()! - p.q.min()!) / 2 / median(p.q) }
        let runNoise = caseNoise.isEmpty ? 0 : median(caseNoise)
        var findings: [Finding] = []
        for (p, noise) in zip(pairs, caseNoise) {
            let threaded = !p.id.contains("/threads1/")
            let floor = threaded ? thresholds.floorThreaded : thresholds.floor
            let limit = 1 + max(floor, thresholds.noiseMultiple * max(noise, runNoise))
            let ratio = median(p.q), minRatio = p.q.min()!
            findings.append(Finding(id: p.id, baseNs: median(p.b), candidateNs: median(p.c), ratio: ratio,
                                    minRatio: minRatio, noise: noise, limit: limit,
                                    regressed: ratio > limit && minRatio > 1))
        }
        return Verdict(rounds: pairs.map(\.q.count).max() ?? 0, runNoise: runNoise, findings: findings,
                       onlyInBase: Set(base.keys).subtracting(candidate.keys).sorted(),
                       onlyInCandidate: Set(candidate.keys).subtracting(base.keys).sorted())
    }

    /// Markdown: every case, slowest change first, then the verdict line.
    public static func markdown(_ v: Verdict, base: String, candidate: String) -> String {
        var s = "A/B gate: base \(base) against candidate \(candidate), \(v.rounds) interleaved rounds; "
        s += "run noise \(fmt(100 * v.runNoise, 1)) %.\n\n"
        var table = MarkdownTable([.text("case"), .number("base best (us)"), .number("candidate best (us)"), .number("change"),
                                   .number("noise"), .number("limit"), .text("verdict")])
        for f in v.findings.sorted(by: { $0.ratio > $1.ratio }) {
            table.append([f.id, fmt(f.baseNs / 1e3, 2), fmt(f.candidateNs / 1e3, 2), signedPercent(f.ratio - 1), "\(fmt(100 * f.noise, 1)) %",
                          "+\(fmt(100 * (f.limit - 1), 0)) %", f.regressed ? "REGRESSED" : "ok"])
        }
        for id in v.onlyInCandidate { table.append([id, "-", "new", "-", "-", "-", "not gated (new case)"]) }
        for id in v.onlyInBase { table.append([id, "removed", "-", "-", "-", "-", "warning: case removed"]) }
        s += table.description
        s += "\ngate: \(v.findings.count) cases compared, \(v.regressions.count) regressed\n"
        return s
    }

    static func signedPercent(_ x: Double) -> String { (x >= 0 ? "+" : "") + fmt(100 * x, 1) + " %" }
}

/// What the A/B gate reads of a `bench kernels --format json` report: only
/// the fields every version of the bench has written, so a base build from
/// an older commit still compares.
public struct GateSamples: Decodable, Sendable {
    public struct Row: Decodable, Sendable {
        public struct Best: Decodable, Sendable { public var min: Double }
        public var kernel: String
        public var variant: String
        public var shape: String
        public var seqLen: Int
        public var threads: Int
        public var batch: Int
        public var stats: Best

        enum CodingKeys: String, CodingKey {
            case kernel, variant, shape, threads, batch, stats
            case seqLen = "seq_len"
        }

        public var id: String { "\(kernel)/\(variant)/\(shape)/T\(seqLen)/threads\(threads)/batch\(batch)" }
    }

    public var results: [Row]

    /// Appends this report's best samples to per-case rounds.
    public func append(to rounds: inout ABGate.Rounds) {
        for r in results { rounds[r.id, default: []].append(r.stats.min) }
    }
}
