import Foundation

/// How `tern predict` writes a classified text.
public enum PredictionFormat: String, CaseIterable, Sendable {
    /// One JSON object per line: text, label, probabilities, truncated.
    case json
    /// label, probability of the label (4 decimals), text (tabs replaced by spaces).
    case tsv
}

/// The JSON object of one prediction.
public struct PredictionJSON: Codable, Equatable {
    public let text: String
    public let label: String
    public let probabilities: [String: Double]
    /// True when the text was longer than the model's maximum length and was cut.
    public let truncated: Bool
}

/// The batch input and output of prediction: one text per input line,
/// one output line per text. Shared by `tern predict` and its fuzz target,
/// so what is fuzzed is what runs.
public enum PredictionOutput {
    /// The texts of a batch input: split at "\n" (a "\r" before it is
    /// dropped), a final empty line ignored, empty lines kept (they are
    /// reported as errors, in order). Invalid UTF-8 becomes U+FFFD, as
    /// Swift strings hold only valid Unicode.
    public static func texts(fromLines bytes: [UInt8]) -> [String] {
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        if let first = lines.first { lines[0] = withoutByteOrderMark(first) }
        return lines.map { line in
            String(decoding: line.last == 0x0D ? line.dropLast() : line, as: UTF8.self)
        }
    }

    /// `bytes` without the UTF-8 byte order mark some editors put before a
    /// file's first line: not part of the first text (it would change its
    /// first token's hash) nor of a data set's first label. Every reader of
    /// user text applies this one rule.
    public static func withoutByteOrderMark<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bytes.SubSequence {
        bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
    }

    /// One output line, with its "\n".
    public static func line(_ c: Classification, text: String, labels: [String], format: PredictionFormat) throws -> String {
        let p = c.probabilities
        let best = bestIndex(p)
        switch format {
        case .tsv:
            // One line of three fields whatever the text holds: its tabs, CRs
            // and LFs (a text given as an argument may hold any) become spaces.
            // A byte map, not replacingOccurrences: linear and quick on a 100 MB line.
            func breaks(_ b: UInt8) -> Bool { b == 0x09 || b == 0x0A || b == 0x0D }
            let flat = text.utf8.contains(where: breaks)
                ? String(decoding: text.utf8.map { breaks($0) ? 0x20 : $0 }, as: UTF8.self) : text
            return "\(labels[best])\t\(String(format: "%.4f", p[best]))\t\(flat)\n"
        case .json:
            let scores = Dictionary(zip(labels, p.map { Double($0) }), uniquingKeysWith: { first, _ in first })
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let value = PredictionJSON(text: text, label: labels[best], probabilities: scores, truncated: c.truncated)
            return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
        }
    }
}
