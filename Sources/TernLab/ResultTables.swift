import Foundation
import TernBenchKit

/// The Markdown pages made from result files (`bench tables`): the fuzzing
/// table from scripts/fuzz's runs.tsv, the kernel summary README quotes from
/// a `bench kernels` JSON report, and the trained models' table from their
/// metrics JSONs. Every table goes through `MarkdownTable`.
public enum ResultTables {
    public enum Failure: Error, CustomStringConvertible {
        case unreadable(String)
        case malformed(String, String)

        public var description: String {
            switch self {
            case .unreadable(let path): return "cannot read \(path)"
            case .malformed(let path, let why): return "\(path): \(why)"
            }
        }
    }

    /// Results/fuzz/fuzz.md from runs.tsv: per target the runs, the CPU time
    /// in all (user + system where the run recorded it, wall seconds for runs
    /// from before that column), the longest clean run, executions, findings,
    /// the kept corpus, coverage and the commits fuzzed. A run whose result
    /// starts with "interrupted" (scripts/fuzz: a timeout that did not
    /// reproduce, the machine's pause rather than the code's hang) counts as
    /// a run without a finding.
    public static func fuzz(runsTSV path: String) throws -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw Failure.unreadable(path) }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        guard !lines.isEmpty else { throw Failure.malformed(path, "no header line") }
        let header = lines.removeFirst()
        func column(_ name: String) throws -> Int {
            guard let i = header.firstIndex(of: name) else { throw Failure.malformed(path, "no '\(name)' column") }
            return i
        }
        let target = try column("target"), seconds = try column("seconds"), executions = try column("executions")
        let corpus = try column("corpus"), coverage = try column("coverage"), result = try column("result"), commit = try column("commit")
        let cpuColumn = header.firstIndex(of: "cpu_seconds")
        struct Target { var seconds = 0, executions = 0, findings = 0, runs = 0, clean = 0; var corpus = "", coverage = ""; var commits: [String] = [] }
        var order: [String] = [], targets: [String: Target] = [:], interrupted = 0
        let needed = [target, seconds, executions, corpus, coverage, result, commit].max()!
        for (n, cells) in lines.enumerated() {
            guard cells.count > needed else { throw Failure.malformed(path, "line \(n + 2) has \(cells.count) cells") }
            func int(_ i: Int) throws -> Int {
                guard let v = Int(cells[i]) else { throw Failure.malformed(path, "line \(n + 2): '\(cells[i])' is not a whole number") }
                return v
            }
            let name = cells[target]
            if targets[name] == nil { order.append(name) }
            var t = targets[name, default: Target()]
            let cpu = try cpuColumn.flatMap { $0 < cells.count && !cells[$0].isEmpty ? try int($0) : nil } ?? int(seconds)
            t.seconds += cpu
            t.executions += try int(executions)
            t.runs += 1
            let wasInterrupted = cells[result].hasPrefix("interrupted")
            if wasInterrupted { interrupted += 1 }
            if cells[result] == "clean" || wasInterrupted { t.clean = max(t.clean, cpu) } else { t.findings += 1 }
            if !t.commits.contains(cells[commit]) { t.commits.append(cells[commit]) }
            (t.corpus, t.coverage) = (cells[corpus], cells[coverage])
            targets[name] = t
        }
        var s = "# Fuzzing\n\n"
        s += "Made by `scripts/fuzz` (libFuzzer + AddressSanitizer, every module instrumented); raw lines in runs.tsv. "
        s += "Rerun one target: `scripts/fuzz TARGET --seconds 600`. Time is CPU time (user + system) where runs.tsv "
        s += "has it, wall time for the runs before it did.\n\n"
        var table = MarkdownTable([.text("target"), .number("runs"), .number("time in all"), .number("longest run without a finding"),
                                   .number("executions"), .number("findings"), .number("kept corpus (files)"), .number("coverage (last run)"),
                                   .text("commits")])
        for name in order {
            let t = targets[name]!
            table.append([name, "\(t.runs)", fmt(Double(t.seconds) / 60, 1) + " min", fmt(Double(t.clean) / 60, 1) + " min",
                          grouped(t.executions), "\(t.findings)", t.corpus, t.coverage, t.commits.joined(separator: ", ")])
        }
        s += table.description
        let all = order.map { targets[$0]! }
        s += "\nIn all: \(fmt(Double(all.reduce(0) { $0 + $1.seconds }) / 3600, 2)) hours, \(grouped(all.reduce(0) { $0 + $1.executions })) executions, "
        s += "\(all.reduce(0) { $0 + $1.findings }) findings (each fixed and kept in the corpus as a regression test).\n"
        if interrupted > 0 {
            s += "\n\(interrupted) run(s) ended on a timeout that did not reproduce (the input replayed in milliseconds: the fuzzer was "
            s += "paused or starved, not hung); counted as runs without a finding (runs.tsv says so on each line).\n"
        }
        let short = order.filter { targets[$0]!.seconds < 3600 }
        if !short.isEmpty {
            s += "\nShort of one CPU-hour: " + short.map { "\($0) (\(fmt(Double(targets[$0]!.seconds) / 60, 0)) min)" }.joined(separator: ", ") + ".\n"
        }
        return s
    }

    /// The kernel summary at one sequence length: per family and variant the
    /// p50, the share of the measured int8 peak (compute-bound kernels) or of
    /// the L2 read bandwidth (memory-bound ones), and the speed-up over the
    /// scalar reference.
    public static func kernels(report path: String, seqLen: Int) throws -> String {
        let root = try json(path)
        guard let peaks = root["peaks"] as? [String: Any], let results = root["results"] as? [[String: Any]],
              let gops = peaks["int8PeakGOPS"] as? Double, let isa = peaks["peakISA"] as? String, let l2 = peaks["l2ReadGBps"] as? Double
        else { throw Failure.malformed(path, "not a bench report (peaks and results)") }
        var s = "T = \(seqLen); one core; peaks measured in the same run: int8 \(fmt(gops, 0)) GOPS "
        s += "(\(isa)), L2 read \(fmt(l2, 0)) GB/s.\n\n"
        var table = MarkdownTable([.text("kernel (shape)"), .text("variant"), .number("p50 (us)"), .number("share of peak, p50 / best"),
                                   .number("vs reference")])
        let rows = results.filter { ($0["seq_len"] as? Int) == seqLen }
        guard !rows.isEmpty else { throw Failure.malformed(path, "no result at T = \(seqLen)") }
        for r in rows {
            guard let kernel = r["kernel"] as? String, let shape = r["shape"] as? String, let variant = r["variant"] as? String,
                  let p50 = r["p50_ns"] as? Double else { throw Failure.malformed(path, "a result without kernel, shape, variant or p50_ns") }
            func number(_ key: String) -> Double { r[key] as? Double ?? 0 }
            let share = r["gops"] is Double
                ? "\(fmt(100 * number("peak_fraction"), 0)) % / \(fmt(100 * number("peak_fraction_best"), 0)) % of int8 peak"
                : "\(fmt(100 * number("bandwidth_fraction"), 1)) % of L2 bandwidth"
            table.append(["\(kernel) (\(shape))", variant, fmt(p50 / 1e3, 1), share, fmt(number("ratio_vs_reference"), 1) + "x"])
        }
        return s + table.description
    }

    /// The trained models of a folder of metrics JSONs (`tern train` writes
    /// one beside each model), in file-name order, then each run's command.
    public static func trained(folder: String, title: String = "Trained models",
                               intro: String = "Made by `scripts/train-models` (each row's exact command below).") throws -> String {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { throw Failure.unreadable(folder) }
        var runs: [(name: String, metrics: [String: Any])] = []
        for file in names.filter({ $0.hasSuffix(".json") }).sorted() {
            runs.append((String(file.dropLast(".json".count)), try json((folder as NSString).appendingPathComponent(file))))
        }
        var s = "# \(title)\n\n"
        s += intro + " Int8 figures are the int8 engine's on the\n"
        s += "split, float figures the float model's on the same weights. Dev is dev.tsv, or a seeded 10 % of train when\n"
        s += "the data set has none (MR, IMDB, TREC). A run whose options in its JSON have no `floatProducts` trained on the\n"
        s += "project's loops (before `--float-products openblas` became the default): add `--float-products loops` to its\n"
        s += "command to make the same model bit for bit; on OpenBLAS the products round differently.\n\n"
        var table = MarkdownTable([.text("model"), .text("data set"), .text("metric"), .number("params"), .number("int8 bytes"),
                                   .number("dev float"), .number("dev int8"), .number("test float"), .number("test int8"),
                                   .number("epochs"), .number("training time")])
        var commands: [(name: String, command: String)] = []
        for (name, m) in runs {
            guard let command = m["command"] as? String, let dataset = m["dataset"] as? String, let parameters = m["parameters"] as? Int,
                  let int8Bytes = m["int8Bytes"] as? Int, let epochs = m["epochs"] as? [Any], let seconds = m["trainingSeconds"] as? Double else {
                throw Failure.malformed(folder + "/" + name + ".json", "not a metrics file of tern train (command, dataset, parameters, "
                                        + "int8Bytes, epochs, trainingSeconds)")
            }
            // An ensemble (`tern ensemble`) keeps its members' runs: their
            // commands make it, their epochs and times are its own.
            let members = m["members"] as? [[String: Any]] ?? []
            let memberCommands = members.compactMap { $0["command"] as? String }
            commands.append((name, memberCommands.isEmpty ? command
                                : command + "`, from members made by `" + memberCommands.joined(separator: "` and `")))
            let macroF1 = (memberCommands.first ?? command).contains("macro-f1")
            let epochColumn = members.isEmpty ? "\(epochs.count)"
                : members.map { "\(($0["epochs"] as? [Any])?.count ?? 0)" }.joined(separator: " + ")
            func figure(_ split: String, _ kind: String) -> String {
                guard let s = m[split] as? [String: Any], let k = s[kind] as? [String: Any],
                      let v = k[macroF1 ? "macroF1" : "accuracy"] as? Double else { return "-" }
                return macroF1 ? fmt(v, 4) : fmt(100 * v, 2) + " %"
            }
            table.append([name, dataset, macroF1 ? "macro-F1" : "accuracy", "\(parameters)", "\(int8Bytes)", figure("dev", "float"),
                          figure("dev", "int8"), figure("test", "float"), figure("test", "int8"), epochColumn, fmt(seconds, 0) + " s"])
        }
        s += table.description
        s += "\nCommands (seed, threads and every hyper-parameter are also in each JSON):\n\n"
        for (name, command) in commands { s += "- \(name): `\(command)`\n" }
        return s
    }

    static func json(_ path: String) throws -> [String: Any] {
        guard let data = FileManager.default.contents(atPath: path) else { throw Failure.unreadable(path) }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { throw Failure.malformed(path, "not a JSON object") }
        return object
    }

    /// 1234567 as "1,234,567".
    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }
}
