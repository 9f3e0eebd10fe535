import Foundation
import TernKernels
import TernModels

/// Why a data set could not be read.
public enum DatasetError: Error, Equatable, CustomStringConvertible {
    case folderMissing(String)
    case fileMissing(String)
    case malformedLine(file: String, line: Int, reason: String)
    case empty(String)
    case unknownLabel(file: String, line: Int, label: String)
    case streamTooLong(String, limit: Int)

    public var description: String {
        switch self {
        case .folderMissing(let path):
            return "data set folder \(path) does not exist; pass --data DIR (a folder with train.tsv) or a data set name with TERN_DATASETS set to the folder of data sets (default ../shared/datasets)"
        case .fileMissing(let path): return "\(path) does not exist"
        case .malformedLine(let file, let line, let reason): return "\(file):\(line): \(reason)"
        case .empty(let file): return "\(file) has no examples"
        case .unknownLabel(let file, let line, let label):
            return "\(file):\(line): label '\(label)' does not occur in train.tsv"
        case .streamTooLong(let path, let limit):
            return "\(path): read \(limit >> 20) MiB from a pipe or device without its end"
        }
    }
}

/// One labelled text: label indices into the data set's label list.
public struct Example: Sendable {
    public var labels: [Int]
    public var text: String
    /// A text without a label of its own (`--unlabeled`): its label is the
    /// teachers' choice and it trains on their soft targets alone.
    public var unlabeled = false
    /// The teachers' probabilities at the distillation temperature, when
    /// distilling (`Distillation`).
    public var softTargets: [Float]? = nil

    public init(labels: [Int], text: String, unlabeled: Bool = false) {
        self.labels = labels
        self.text = text
        self.unlabeled = unlabeled
    }
}

/// A split of a `label<TAB>text` TSV data set (../shared/datasets).
public struct DatasetSplit: Sendable {
    public var name: String
    public var examples: [Example]
    /// Lines that were not valid UTF-8 (decoded with replacement characters).
    public var invalidUTF8Lines = 0
}

/// A label of a data set that a model does not have.
public struct MissingLabel: Error, Equatable {
    public let label: String
}

/// A data set's label indices renumbered to a model's: element i is the
/// model's index of `datasetLabels[i]`, what metrics need to compare the
/// model's scores with the data set's labels.
/// - Throws: `MissingLabel` naming the first label the model lacks.
public func labelMapping(from datasetLabels: [String], to modelLabels: [String]) throws(MissingLabel) -> [Int] {
    let index = Dictionary(uniqueKeysWithValues: modelLabels.enumerated().map { ($1, $0) })
    return try datasetLabels.map { label throws(MissingLabel) -> Int in
        guard let i = index[label] else { throw MissingLabel(label: label) }
        return i
    }
}

/// A data set folder: train.tsv, and dev.tsv / test.tsv when present.
/// Labels are the train split's, sorted numerically when all are integers
/// (so "0", "1" stay in order), else as strings; a label field with commas
/// is a multi-label example.
public struct Dataset: Sendable {
    public let folder: URL
    public let labels: [String]
    public let multiLabel: Bool
    public let train: DatasetSplit

    /// The folder of the shared data sets: $TERN_DATASETS, else ../shared/datasets.
    public static var root: URL {
        if let env = ProcessInfo.processInfo.environment["TERN_DATASETS"], !env.isEmpty { return URL(fileURLWithPath: env) }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("../shared/datasets").standardized
    }

    /// `nameOrPath` is a folder with train.tsv, or the name of a folder under `root`.
    public static func locate(_ nameOrPath: String) throws -> URL {
        let direct = URL(fileURLWithPath: nameOrPath)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: direct.path, isDirectory: &isDirectory), isDirectory.boolValue { return direct }
        let named = root.appendingPathComponent(nameOrPath)
        if FileManager.default.fileExists(atPath: named.path, isDirectory: &isDirectory), isDirectory.boolValue { return named }
        throw DatasetError.folderMissing(nameOrPath.contains("/") ? direct.path : "\(direct.path) (or \(named.path))")
    }

    public init(_ nameOrPath: String) throws {
        folder = try Dataset.locate(nameOrPath)
        let rows = try Dataset.readRows(folder.appendingPathComponent("train.tsv"))
        multiLabel = rows.rows.contains { $0.labels.count > 1 }
        labels = Dataset.labelList(rows)
        train = try Dataset.split("train", rows, labels: labels)
    }

    public func hasSplit(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: folder.appendingPathComponent(name + ".tsv").path)
    }

    /// Reads another split (dev, test) with the train split's labels.
    public func split(_ name: String) throws -> DatasetSplit {
        try Dataset.split(name, try Dataset.readRows(folder.appendingPathComponent(name + ".tsv")), labels: labels)
    }

    struct Rows {
        var file: String
        var rows: [(line: Int, labels: [String], text: String)]
        var invalidUTF8: Int
    }

    static func readRows(_ url: URL) throws -> Rows {
        guard FileManager.default.fileExists(atPath: url.path) else { throw DatasetError.fileMissing(url.path) }
        return try parseRows(try fileBytes(url), file: url.path)
    }

    /// Parses a `label<TAB>text` TSV file's bytes (`file` names it in errors).
    static func parseRows(_ data: Data, file: String) throws -> Rows {
        var rows: [(Int, [String], String)] = []
        var invalid = 0
        var lineNumber = 0
        data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            // A UTF-8 byte order mark (Windows editors and spreadsheet
            // exports write one) is not part of the first label.
            var start = PredictionOutput.withoutByteOrderMark(bytes).startIndex
            while start < bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != 0x0A { end += 1 }
                lineNumber += 1
                var line = UnsafeBufferPointer(rebasing: bytes[start..<end])
                if line.last == 0x0D { line = UnsafeBufferPointer(rebasing: line.dropLast()) }
                if !line.isEmpty {
                    let valid = String(validating: line, as: UTF8.self)
                    if valid == nil { invalid += 1 }
                    let text = valid ?? String(decoding: line, as: UTF8.self)
                    if let tab = text.firstIndex(of: "\t") {
                        let labels = text[..<tab].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                        rows.append((lineNumber, labels, String(text[text.index(after: tab)...])))
                    } else {
                        rows.append((lineNumber, [], text))
                    }
                }
                start = end + 1
            }
        }
        if let bad = rows.first(where: { $0.1.isEmpty || $0.1.contains("") }) {
            throw DatasetError.malformedLine(file: file, line: bad.0, reason: "expected label<TAB>text")
        }
        guard !rows.isEmpty else { throw DatasetError.empty(file) }
        return Rows(file: file, rows: rows, invalidUTF8: invalid)
    }

    /// Reads a TSV split from memory with the label rules of `init` (the
    /// labels are this file's own); for tools and the TSV fuzz target.
    public static func parse(_ data: Data, file: String = "<memory>") throws -> (labels: [String], multiLabel: Bool, split: DatasetSplit) {
        try standalone(try parseRows(data, file: file), name: "train")
    }

    /// Reads one `label<TAB>text` file as a split of its own, its labels its
    /// own (no train.tsv beside it needed): a file to evaluate a model on.
    public static func readSplit(_ url: URL) throws -> (labels: [String], multiLabel: Bool, split: DatasetSplit) {
        try standalone(try readRows(url), name: url.deletingPathExtension().lastPathComponent)
    }

    private static func standalone(_ rows: Rows, name: String) throws -> (labels: [String], multiLabel: Bool, split: DatasetSplit) {
        let labels = labelList(rows)
        return (labels, rows.rows.contains { $0.labels.count > 1 }, try split(name, rows, labels: labels))
    }

    /// The sorted label names of `rows`: numerically when all are integers.
    static func labelList(_ rows: Rows) -> [String] {
        let names = Set(rows.rows.flatMap(\.labels))
        if names.allSatisfy({ Int($0) != nil }) { return names.sorted { Int($0)! < Int($1)! } }
        return names.sorted()
    }

    static func split(_ name: String, _ rows: Rows, labels: [String]) throws -> DatasetSplit {
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        let examples = try rows.rows.map { row -> Example in
            Example(labels: try row.labels.map { l in
                guard let i = index[l] else { throw DatasetError.unknownLabel(file: rows.file, line: row.line, label: l) }
                return i
            }, text: row.text)
        }
        return DatasetSplit(name: name, examples: examples, invalidUTF8Lines: rows.invalidUTF8)
    }
}
