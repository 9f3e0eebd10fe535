import Foundation
import TernBenchKit
import Synchronization
import TernKernels
import TernModels

/// A soak under load: one engine per model, `threads` threads classifying
/// the models' test texts for `seconds`, as a server would. What must hold:
/// no error; every answer for a sampled text equal, bit for bit, to the one
/// the same engine gave it sequentially before the load; resident memory
/// flat once warm (the drift is reported); and no file descriptor or thread
/// left behind when the load stops.
public struct Soak {
    /// A model and the texts it serves (its data set's test split).
    public struct Served: @unchecked Sendable {
        public let name: String
        public let classify: @Sendable (String) throws -> Classification
        public let texts: [String]
        /// Sequential answers for the first `sample` texts (nil: it failed alone too).
        var expected: [[Float]?] = []

        public init(name: String, classify: @escaping @Sendable (String) throws -> Classification, texts: [String]) {
            self.name = name
            self.classify = classify
            self.texts = texts
        }
    }

    /// One reading of the process's resources.
    public struct Reading: Codable, Sendable {
        public var seconds: Double
        public var residentBytes: Int
        public var threads: Int
        public var fileDescriptors: Int
        public var requests: Int
    }

    public struct Report: Codable, Sendable {
        public var command: String
        public var machine: MachineInfo
        public var seconds: Double
        public var threads: Int
        public var warmupSeconds: Double
        public var models: [String]
        public var requestsPerModel: [String: Int]
        public var sampled: Int
        public var mismatchCount: Int
        public var errorCount: Int
        /// The first few of each, word for word.
        public var mismatches: [String]
        public var errors: [String]
        public var readings: [Reading]
        public var before: Reading
        public var after: Reading
        /// Resident bytes at the end of warm-up and their largest rise after it.
        public var residentAtWarm: Int
        public var residentDrift: Int
        public var failures: [String]
    }

    final class Counter: Sendable { let value = Atomic<Int>(0) }
    final class Flag: Sendable { let value = Atomic<Bool>(false) }

    public var models: [Served]
    public var threads: Int
    public var seconds: Double
    public var sample: Int
    /// Resident memory may rise this much after warm-up (allocator noise), or 2 % of it, whichever is more.
    public var driftAllowance = 8 << 20

    public init(models: [Served], threads: Int, seconds: Double, sample: Int) {
        self.models = models
        self.threads = threads
        self.seconds = seconds
        self.sample = sample
    }

    /// Linux's view of this process: resident bytes, threads, open descriptors (zeros elsewhere).
    public static func read(seconds: Double, requests: Int) -> Reading {
        var resident = 0
        if let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) {
            let fields = statm.split(separator: " ")
            if fields.count > 1, let pages = Int(fields[1]) { resident = pages * Int(sysconf(Int32(_SC_PAGESIZE))) }
        }
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").count) ?? 0
        // Listing /proc/self/fd opens one descriptor itself: not counted.
        let fds = max(0, ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? 1) - 1)
        return Reading(seconds: seconds, residentBytes: resident, threads: tasks, fileDescriptors: fds, requests: requests)
    }

    /// Runs the soak; `progress` gets a line per reading (every `every` seconds).
    public mutating func run(command: String, every: Double = 10, progress: (String) -> Void = { _ in }) throws -> Report {
        // The sequential answers first; a text that fails alone is an error already.
        var alone: [String] = []
        for m in models.indices {
            models[m].expected = models[m].texts.prefix(sample).enumerated().map { i, text in
                do { return try models[m].classify(text).probabilities } catch {
                    alone.append("\(models[m].name) text \(i + 1), alone: \(error)")
                    return nil
                }
            }
        }
        let served = models
        let before = Self.read(seconds: 0, requests: 0)
        let stop = Flag()
        let counts = (0..<served.count).map { _ in Counter() }
        // The first 100 of each kind are kept, the rest counted (memory must stay flat even when all fail).
        let problems = Mutex<(mismatches: [String], errors: [String], mismatchCount: Int, errorCount: Int)>(
            (mismatches: [], errors: Array(alone.prefix(100)), mismatchCount: 0, errorCount: alone.count))
        let done = DispatchGroup()
        let sample = self.sample
        for t in 0..<threads {
            done.enter()
            let thread = Thread {
                var rng = SplitMix64(seed: 0x50A4 &+ UInt64(t))
                var i = t
                while !stop.value.load(ordering: .relaxed) {
                    let m = served[i % served.count]
                    i += 1
                    // Half the requests on the sample (checked), half anywhere in the set.
                    let index = rng.next() % 2 == 0 ? Int(rng.next() % UInt64(min(sample, m.texts.count)))
                                                    : Int(rng.next() % UInt64(m.texts.count))
                    do {
                        let c = try m.classify(m.texts[index])
                        if index < m.expected.count, c.probabilities.map(\.bitPattern) != m.expected[index]?.map(\.bitPattern) {
                            let was = m.expected[index].map { "\($0)" } ?? "an error"
                            problems.withLock {
                                $0.mismatchCount += 1
                                if $0.mismatches.count < 100 { $0.mismatches.append("\(m.name) text \(index + 1): \(c.probabilities) under load, \(was) alone") }
                            }
                        }
                    } catch {
                        problems.withLock {
                            $0.errorCount += 1
                            if $0.errors.count < 100 { $0.errors.append("\(m.name) text \(index + 1): \(error)") }
                        }
                    }
                    counts[(i - 1) % served.count].value.add(1, ordering: .relaxed)
                }
                done.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        let start = Date()
        var readings: [Reading] = []
        while true {
            let elapsed = Date().timeIntervalSince(start)
            if elapsed >= seconds { break }
            Thread.sleep(forTimeInterval: min(every, seconds - elapsed))
            let now = Date().timeIntervalSince(start)
            let reading = Self.read(seconds: now, requests: counts.reduce(0) { $0 + $1.value.load(ordering: .relaxed) })
            readings.append(reading)
            progress(String(format: "soak: %5.0f s, %d requests, resident %.1f MiB, %d threads, %d descriptors",
                            now, reading.requests, Double(reading.residentBytes) / 1048576, reading.threads, reading.fileDescriptors))
        }
        stop.value.store(true, ordering: .relaxed)
        done.wait()
        // Threads leave the task list shortly after they return.
        var after = Self.read(seconds: Date().timeIntervalSince(start), requests: counts.reduce(0) { $0 + $1.value.load(ordering: .relaxed) })
        for _ in 0..<50 where after.threads > before.threads {
            Thread.sleep(forTimeInterval: 0.1)
            after = Self.read(seconds: after.seconds, requests: after.requests)
        }
        let warmup = min(60, seconds / 5)
        let warm = readings.first { $0.seconds >= warmup } ?? readings.last ?? before
        let later = readings.filter { $0.seconds >= warm.seconds }
        let drift = (later.map(\.residentBytes).max() ?? warm.residentBytes) - warm.residentBytes
        let found = problems.withLock { $0 }
        var failures: [String] = []
        if found.errorCount > 0 { failures.append("\(found.errorCount) errors") }
        if found.mismatchCount > 0 { failures.append("\(found.mismatchCount) answers differ from the sequential ones") }
        if after.fileDescriptors > before.fileDescriptors {
            failures.append("\(after.fileDescriptors - before.fileDescriptors) file descriptors left open")
        }
        if after.threads > before.threads { failures.append("\(after.threads - before.threads) threads left running") }
        if drift > max(driftAllowance, warm.residentBytes / 50) {
            failures.append(String(format: "resident memory rose %.1f MiB after warm-up", Double(drift) / 1048576))
        }
        var perModel: [String: Int] = [:]
        for (m, c) in zip(served, counts) { perModel[m.name] = c.value.load(ordering: .relaxed) }
        return Report(command: command, machine: .current(), seconds: seconds, threads: threads, warmupSeconds: warm.seconds,
                      models: served.map(\.name), requestsPerModel: perModel, sampled: sample,
                      mismatchCount: found.mismatchCount, errorCount: found.errorCount, mismatches: Array(found.mismatches.prefix(20)), errors: Array(found.errors.prefix(20)),
                      readings: readings, before: before, after: after, residentAtWarm: warm.residentBytes,
                      residentDrift: drift, failures: failures)
    }

    public static func markdown(_ r: Report) -> String {
        func mib(_ b: Int) -> String { String(format: "%.1f", Double(b) / 1048576) }
        let total = r.requestsPerModel.values.reduce(0, +)
        var s = "# Soak: \(r.models.count) models, \(r.threads) threads, \(Int(r.seconds)) s\n\n"
        s += "Command: `\(r.command)`\n\n"
        s += "Machine: \(r.machine.cpu) (\(r.machine.cpuKey)), \(r.machine.cores) cores, ISA \(r.machine.isaActive)\n\n"
        s += "Verdict: " + (r.failures.isEmpty ? "**passed**" : "**failed**: " + r.failures.joined(separator: "; ")) + "\n\n"
        var perModel = MarkdownTable([.text("model"), .number("requests"), .number("per second")])
        for m in r.models { perModel.append([m, "\(r.requestsPerModel[m] ?? 0)", "\(Int(Double(r.requestsPerModel[m] ?? 0) / r.seconds))"]) }
        perModel.append(["all", "\(total)", "\(Int(Double(total) / r.seconds))"])
        s += perModel.description + "\n"
        s += "- Answers: the first \(r.sampled) test texts of each model answered alone first; under load \(r.mismatchCount) differed, \(r.errorCount) errors.\n"
        s += "- Resident memory: \(mib(r.before.residentBytes)) MiB before the load, \(mib(r.residentAtWarm)) MiB at the end of warm-up (\(Int(r.warmupSeconds)) s), "
        s += "largest rise after it \(mib(r.residentDrift)) MiB, \(mib(r.after.residentBytes)) MiB at the end.\n"
        s += "- Threads: \(r.before.threads) before, \(r.readings.map(\.threads).max() ?? 0) under load, \(r.after.threads) after; "
        s += "file descriptors: \(r.before.fileDescriptors) before, \(r.after.fileDescriptors) after.\n\n"
        var readings = MarkdownTable([.number("s"), .number("requests"), .number("resident MiB"), .number("threads"), .number("descriptors")])
        for x in r.readings { readings.append(["\(Int(x.seconds))", "\(x.requests)", mib(x.residentBytes), "\(x.threads)", "\(x.fileDescriptors)"]) }
        s += readings.description
        for m in r.mismatches { s += "\n- mismatch: \(m)" }
        for e in r.errors { s += "\n- error: \(e)" }
        return s + "\n"
    }
}
