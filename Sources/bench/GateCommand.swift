import ArgumentParser
import Foundation
import TernBenchKit
import TernKernels

/// The regression gate, two ways:
/// - `--base BIN`: the same-machine A/B gate (`ABGate`): this build and a
///   base build time the same cases in alternating rounds; what CI runs
///   (scripts/gate builds the base from the previous commit).
/// - `--baseline PATH`: against a committed report of the ratios over the
///   scalar reference, only on a machine with the same CPU key (a folder
///   holds one file per key; a missing key is a warning, never a failure).
struct Gate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The regression gate: this build against a base build on this machine, or against a committed baseline.",
        discussion: """
            --base BIN: both builds run `bench kernels` on the same cases in alternating rounds (base, candidate, base, \
            ...); per case the median over rounds of candidate best / base best must stay under \
            1 + max(floor, 3 x the noise measured in this run) (floor 10 %, 20 % for multi-threaded cases), or the \
            candidate was slower in every round and the case REGRESSED. The slow-variant variable \
            (TERN_BENCH_SLOW_VARIANT) reaches only the candidate.
            --baseline PATH: reruns the baseline's cases and compares each variant's speed-up over the scalar \
            reference (a drop of more than 30 % fails, 45 % multi-threaded). PATH may be a folder of baselines named \
            by CPU key (vendor, family, model, ISA level); a baseline from another CPU is not compared (a warning). \
            A failure is confirmed by the same check in a new process, and stands only where the same case fails \
            there too: one process can run a kernel slowly for its whole life (seen once in eleven runs on an AMD \
            EPYC family 25 model 1: a pooling kernel at 0.58x its usual speed-up, every repetition alike; and in CI a \
            pooling case failed one process and a projection case the other). \
            --record PATH writes one (into PATH/<key>.json when PATH is a folder).
            """)

    @OptionGroup var common: CommonOptions
    @Option(help: "A base build's bench binary: run the A/B gate against it.") var base: String?
    @Option(help: "The candidate's bench binary (default: this one).") var candidate: String?
    @Option(help: "A/B rounds (each runs the base, then the candidate).") var rounds = 5
    @Option(help: "A baseline report, or a folder of them keyed by CPU, to compare with.") var baseline: String?
    @Option(help: "Write a baseline (the cases of --suites, --seq-lens, --threads) to this file or folder instead.")
    var record: String?
    @Option(help: "Write the A/B verdict as JSON to this file.") var verdict: String?
    @OptionGroup var selection: CaseOptions
    @Option(help: "Runs of every case for --baseline / --record; the gate takes medians over them.") var repetitions = 3

    func validate() throws {
        guard [base, baseline, record].compactMap({ $0 }).count == 1 else {
            throw ValidationError("give exactly one of --base, --baseline or --record")
        }
        guard (1...20).contains(repetitions) else { throw ValidationError("--repetitions must be in 1...20") }
        guard (2...50).contains(rounds) else { throw ValidationError("--rounds must be in 2...50") }
    }

    func run() throws {
        try common.checkBuild()
        if let base { return try runAB(base: base) }
        if let record { return try recordBaseline(record) }
        guard let (base, path) = try Self.baseline(at: baseline!, for: MachineInfo.current()) else { return }
        // Rerun exactly the baseline's selection.
        var same = selection
        same.suites = base.suites.joined(separator: ",")
        same.seqLens = base.seqLens.map(String.init).joined(separator: ",")
        same.threads = base.threads.map(String.init).joined(separator: ",")
        let firstFailures = ProcessInfo.processInfo.environment[Self.confirming].map { Set($0.split(separator: "\n").map(String.init)) }
        let failed = Self.check(baseline: base, path: path, current: try runs(same), thresholds: .init(), counting: firstFailures)
        guard !failed.isEmpty else { return }
        if firstFailures != nil { throw ExitCode(1) }
        print("gate: confirming in a new process")
        guard try Self.rerunInNewProcess(failures: failed) == 0 else { throw ExitCode(1) }
        print("gate: not confirmed (no case failed again in the new process): pass")
    }

    /// Set in the process that confirms a failure, which must not confirm
    /// again: the first process's failed cases, one `Finding.key` a line.
    static let confirming = "TERN_GATE_CONFIRMING"

    /// This command again, as it was invoked, in a new process (its output
    /// goes to this one's) that counts only `failures`; its exit status.
    static func rerunInNewProcess(failures: Set<String>) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Bundle.main.executablePath ?? CommandLine.arguments[0])
        process.arguments = Array(CommandLine.arguments.dropFirst())
        var environment = ProcessInfo.processInfo.environment
        environment[confirming] = failures.sorted().joined(separator: "\n")
        process.environment = environment
        fflush(nil)  // this process's report first: nil flushes every output stream
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    // MARK: A/B

    func runAB(base: String) throws {
        let candidate = candidate ?? Bundle.main.executablePath ?? CommandLine.arguments[0]
        for binary in [base, candidate] where !FileManager.default.isExecutableFile(atPath: binary) {
            throw BenchFailure("\(binary) is not an executable bench binary")
        }
        var arguments = ["kernels", "--format", "json", "--out", "-", "--min-time", String(common.minTime),
                         "--warmup", String(common.warmup), "--suites", selection.suites, "--seq-lens", selection.seqLens]
        if let threads = selection.threads { arguments += ["--threads", threads] }
        if let only = selection.only { arguments += ["--only", only] }
        if common.allowDebug { arguments.append("--allow-debug") }
        _ = try selection.cases()  // the selection is valid here before anything runs
        var baseRounds = ABGate.Rounds(), candidateRounds = ABGate.Rounds()
        var environment = ProcessInfo.processInfo.environment
        let slow = environment.removeValue(forKey: BenchRunner.slowdownVariable)
        var candidateEnvironment = environment
        candidateEnvironment[BenchRunner.slowdownVariable] = slow
        // Each process gets an environment padding of a random length: the
        // size of the environment (and of the binary's path, which differs
        // between the two builds) sets the alignment of the initial stack, a
        // known source of consistent bias between otherwise equal runs. With
        // the padding such a bias becomes round-to-round noise, which the
        // gate measures, instead of a steady difference, which it would flag.
        // (Code layout is the other such source; scripts/gate builds both
        // sides with aligned functions and blocks for it.)
        var padding = SplitMix64(seed: 0x7465_726E)
        func padded(_ env: [String: String]) -> [String: String] {
            var env = env
            env["TERN_GATE_ALIGNMENT_PADDING"] = String(repeating: "x", count: Int(padding.next() % 4096))
            return env
        }
        for round in 1...rounds {
            // Alternate which side goes first (base, candidate; candidate,
            // base; ...), so that neither always runs on a core the other
            // has just warmed or heated.
            let baseFirst = round % 2 == 1
            for side in baseFirst ? [0, 1] : [1, 0] {
                if side == 0 {
                    progress("A/B round \(round) of \(rounds): base")
                    do {
                        try Self.samples(binary: base, arguments: arguments, environment: padded(environment))
                            .append(to: &baseRounds)
                    } catch let error as BenchFailure where round == 1 {
                        // An older base may not know a suite or option this selection
                        // names: nothing to compare with, which is not the candidate's fault.
                        print("gate: warning: the base cannot run this selection (\(error.message)); nothing compared")
                        return
                    }
                } else {
                    progress("A/B round \(round) of \(rounds): candidate\(slow.map { " (\(BenchRunner.slowdownVariable)=\($0))" } ?? "")")
                    try Self.samples(binary: candidate, arguments: arguments, environment: padded(candidateEnvironment))
                        .append(to: &candidateRounds)
                }
            }
        }
        let result = ABGate.compare(base: baseRounds, candidate: candidateRounds)
        if let verdict { try Data(try encodeJSON(result).utf8).write(to: URL(fileURLWithPath: verdict), options: .atomic) }
        print("machine: \(MachineInfo.current().summary)")
        print("command: \(commandLine)\n")
        print(ABGate.markdown(result, base: base, candidate: candidate))
        if !result.passed { throw ExitCode(1) }
    }

    /// Runs one side's `bench kernels` and reads its best samples.
    static func samples(binary: String, arguments: [String], environment: [String: String]) throws -> GateSamples {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.environment = environment
        let out = Pipe()
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("tern-gate-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errors) }
        process.standardOutput = out
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let log = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            let last = log.split(separator: "\n").last.map(String.init) ?? "no message"
            throw BenchFailure("\(binary) \(arguments.prefix(1).joined()) failed (status \(process.terminationStatus)): \(last)")
        }
        do {
            return try JSONDecoder().decode(GateSamples.self, from: data)
        } catch {
            throw BenchFailure("\(binary) did not write a bench report on standard output: \(error)")
        }
    }

    // MARK: committed baselines

    /// The baseline to compare with and its file: `path` itself, or in a
    /// folder the file named by this machine's CPU key. Nil, with a warning
    /// printed, when the folder has none or the file was recorded on another
    /// CPU (ratios over the reference differ between CPUs); an unreadable
    /// path or a file that is not a report is an error.
    static func baseline(at path: String, for machine: MachineInfo) throws -> (BenchReport, String)? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw BenchFailure("\(path): no such file or folder")
        }
        let file = isDirectory.boolValue ? (path as NSString).appendingPathComponent(machine.cpuKey + ".json") : path
        guard FileManager.default.fileExists(atPath: file) else {
            print("gate: warning: no baseline for this CPU (\(machine.cpuKey)) in \(path); nothing compared. "
                  + "Record one with: bench gate --record \(path)")
            return nil
        }
        guard let data = FileManager.default.contents(atPath: file) else { throw BenchFailure("cannot read \(file)") }
        let report: BenchReport
        do { report = try BenchReport.baseline(from: data, path: file) } catch { throw BenchFailure("\(error)") }
        guard report.machine.cpuKey == machine.cpuKey else {
            print("gate: warning: \(file) was recorded on \(report.machine.cpuKey), this machine is \(machine.cpuKey); "
                  + "ratios over the reference differ between CPUs, so nothing was compared")
            return nil
        }
        return (report, file)
    }

    func recordBaseline(_ target: String) throws {
        var isDirectory: ObjCBool = false
        let machine = MachineInfo.current()
        let file = FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory) && isDirectory.boolValue
            ? (target as NSString).appendingPathComponent(machine.cpuKey + ".json") : target
        let reports = try runs(selection)
        var merged = reports[0]
        merged.command = commandLine
        merged.results = reports.flatMap(\.results)
        try Data(try encodeJSON(merged).utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
        print("recorded \(reports.count) runs of \(reports[0].results.count) cases into \(file)")
    }

    func runs(_ selection: CaseOptions) throws -> [BenchReport] {
        try (0..<repetitions).map { i in
            progress("gate run \(i + 1) of \(repetitions)")
            let (cases, suites, lens, counts) = try selection.cases()
            let peaks = MachinePeaks.measure()
            let results = BenchRunner.run(cases, policy: common.policy, peaks: peaks)
            return BenchReport(machine: .current(), peaks: peaks, command: commandLine, suites: suites, seqLens: lens,
                               threads: counts, results: results)
        }
    }

    /// Prints the findings and returns the keys of the failed ones. With
    /// `counting` (a confirming process), a failure counts only when that
    /// case also failed in the first process: a real regression fails the
    /// same case in both, a slow process a case of its own.
    static func check(baseline base: BenchReport, path: String, current: [BenchReport],
                      thresholds: RegressionGate.Thresholds, counting: Set<String>? = nil) -> Set<String> {
        let findings = RegressionGate.compare(baseline: [base], current: current, thresholds: thresholds)
        let failed = Set(findings.filter(\.failed).map(\.key))
        let counted = counting.map { failed.intersection($0) } ?? failed
        let checked = findings.filter { !$0.warning }.count
        if findings.contains(where: { $0.failed || $0.warning }) { print(RegressionGate.table(findings)) }
        print("gate: \(checked) ratios checked against \(path) (\(base.machine.cpuKey)), \(failed.count) regressed")
        if counted.count < failed.count {
            print("gate: \(failed.count - counted.count) of them passed in the first process: not counted, \(counted.count) confirmed")
        }
        return counted
    }

    /// `--compare` of `bench kernels` / `bench all`: the same check, when the baseline's CPU is this one.
    static func check(baselinePath: String, current: [BenchReport]) throws {
        guard let machine = current.first?.machine, let (base, path) = try baseline(at: baselinePath, for: machine) else { return }
        if !check(baseline: base, path: path, current: current, thresholds: .init()).isEmpty { throw ExitCode(1) }
    }
}
