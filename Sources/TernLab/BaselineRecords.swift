import Foundation

/// One model beside the sweep's Tern rows: a baseline (fastText, a linear
/// model; written by scripts/baselines) or a shipped Tern model timed on the
/// baselines' machine (`bench shipped`). The fields the tables and plots
/// read; Results/sweep/baselines.json holds more per record (dev figures,
/// the grid, versions), which decoding ignores.
public struct BaselineRecord: Codable, Sendable, Equatable {
    /// The machine a record was timed on: latency compares only within one.
    public struct Machine: Codable, Sendable, Equatable {
        /// The CPU model as /proc/cpuinfo names it (with family and model).
        public var cpu: String
        public var cores: Int

        public init(cpu: String, cores: Int) {
            self.cpu = cpu
            self.cores = cores
        }
    }

    public static let baselineKind = "baseline"
    public static let ternShippedKind = "tern-shipped"

    public var dataset: String
    /// `baselineKind` or `ternShippedKind`.
    public var kind: String
    /// What a reader picks: "fastText full", "PRADO (shipped)".
    public var name: String
    public var configuration: String
    /// "accuracy" or "macro-f1", as the sweep's rows.
    public var metric: String
    /// The test figure in the metric, 0...1.
    public var test: Double
    /// The model's file (or, where a record says so in bytesWhat, the weights it keeps).
    public var bytes: Int
    public var bytesWhat: String
    public var medianWords: Int
    public var p95Words: Int
    /// p50 nanoseconds for one text of the median and of the p95 length, one thread.
    public var medianLatencyNs: Double?
    public var p95LatencyNs: Double?
    public var latencyWhat: String
    public var trainingSeconds: Double?
    public var machine: Machine
    public var date: String
    public var command: String

    public init(dataset: String, kind: String, name: String, configuration: String, metric: String, test: Double, bytes: Int,
                bytesWhat: String, medianWords: Int, p95Words: Int, medianLatencyNs: Double?, p95LatencyNs: Double?,
                latencyWhat: String, trainingSeconds: Double?, machine: Machine, date: String, command: String) {
        self.dataset = dataset
        self.kind = kind
        self.name = name
        self.configuration = configuration
        self.metric = metric
        self.test = test
        self.bytes = bytes
        self.bytesWhat = bytesWhat
        self.medianWords = medianWords
        self.p95Words = p95Words
        self.medianLatencyNs = medianLatencyNs
        self.p95LatencyNs = p95LatencyNs
        self.latencyWhat = latencyWhat
        self.trainingSeconds = trainingSeconds
        self.machine = machine
        self.date = date
        self.command = command
    }

    public var isTernShipped: Bool { kind == Self.ternShippedKind }
}

/// The file `bench shipped` writes and Results/sweep/baselines.json: records,
/// plus whatever else the writer keeps (the command, versions), ignored here.
public struct BaselineReport: Codable, Sendable {
    public var records: [BaselineRecord]

    public init(records: [BaselineRecord]) { self.records = records }

    /// Reads and checks a baselines file. Throws `BaselinesError`, whose
    /// description is one line naming the file and the problem.
    public static func load(_ path: String) throws -> BaselineReport {
        guard let data = FileManager.default.contents(atPath: path) else { throw BaselinesError.missing(path) }
        let report: BaselineReport
        do {
            report = try JSONDecoder().decode(BaselineReport.self, from: data)
        } catch let error as DecodingError {
            throw BaselinesError.malformed(path, Self.describe(error))
        } catch {
            throw BaselinesError.malformed(path, "\(error)")
        }
        for (i, r) in report.records.enumerated() {
            if let problem = r.problem { throw BaselinesError.malformed(path, "record \(i) (\(r.dataset) \(r.name)): \(problem)") }
        }
        return report
    }

    /// A decoding error in a few words: which key, at what path.
    static func describe(_ error: DecodingError) -> String {
        func at(_ path: [CodingKey]) -> String {
            path.isEmpty ? "the top level" : path.reduce("") { text, key in
                key.intValue.map { text + "[\($0)]" } ?? (text.isEmpty ? key.stringValue : text + "." + key.stringValue)
            }
        }
        switch error {
        case .keyNotFound(let key, let context): return "no '\(key.stringValue)' at \(at(context.codingPath))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return "wrong type at \(at(context.codingPath))"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not JSON" : "bad value at \(at(context.codingPath))"
        @unknown default: return "undecodable"
        }
    }
}

extension BaselineRecord {
    /// What makes a record unusable in a table, or nil.
    var problem: String? {
        if !(0...1).contains(test) { return "test figure \(test) is not in 0...1" }
        if bytes <= 0 { return "bytes \(bytes) is not positive" }
        for v in [medianLatencyNs, p95LatencyNs].compactMap({ $0 }) where !(v.isFinite && v > 0) {
            return "latency \(v) ns is not a positive number"
        }
        if dataset.isEmpty || name.isEmpty { return "no data set or name" }
        return nil
    }
}

public enum BaselinesError: Error, CustomStringConvertible, Equatable {
    case missing(String)
    case malformed(String, String)

    public var description: String {
        switch self {
        case .missing(let path):
            return "no baselines file at \(path): run scripts/baselines/run, or pass --baselines none"
        case .malformed(let path, let why):
            return "\(path) is not a baselines file: \(why.replacingOccurrences(of: "\n", with: " "))"
        }
    }
}

/// A CPU model as a table's column shows it: trademarks and the family and
/// model numbers dropped ("Intel(R) Xeon(R) Processor" -> "Intel Xeon").
public func shortMachineName(_ cpu: String) -> String {
    var s = cpu
    if let paren = s.range(of: " (family") { s = String(s[..<paren.lowerBound]) }
    for noise in ["(R)", "(TM)", " Processor", " CPU"] { s = s.replacingOccurrences(of: noise, with: "") }
    return s.split(separator: " ").joined(separator: " ")
}
