import Foundation

/// A Markdown table: the one writer every report's tables go through (the
/// bench's, the gate's, the sweep's, the soak's, and `bench tables`).
///
/// Cells are text; a `|` inside one is escaped so it cannot split the row.
/// Columns of numbers are right-aligned (`---:`), the rest left-aligned.
public struct MarkdownTable: CustomStringConvertible, Sendable {
    public struct Column: Sendable {
        public let title: String
        public let rightAligned: Bool

        /// A column of text.
        public static func text(_ title: String) -> Column { Column(title: title, rightAligned: false) }
        /// A column of numbers.
        public static func number(_ title: String) -> Column { Column(title: title, rightAligned: true) }
    }

    public let columns: [Column]
    public private(set) var rows: [[String]] = []

    public init(_ columns: [Column]) { self.columns = columns }

    /// Appends a row of one cell per column.
    public mutating func append(_ cells: [String]) {
        precondition(cells.count == columns.count, "a row of \(cells.count) cells in a table of \(columns.count) columns")
        rows.append(cells)
    }

    /// The header and the alignment row (no final newline): what a table
    /// streamed row by row prints first.
    public var headerLines: String {
        rowLine(columns.map(\.title)) + "\n|" + columns.map { $0.rightAligned ? "---:|" : "---|" }.joined()
    }

    /// One row as a line (no final newline).
    public func rowLine(_ cells: [String]) -> String {
        precondition(cells.count == columns.count, "a row of \(cells.count) cells in a table of \(columns.count) columns")
        return "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |"
    }

    /// The header, the alignment row and the rows, each line ending in a newline.
    public var description: String {
        var s = headerLines + "\n"
        for row in rows { s += rowLine(row) + "\n" }
        return s
    }
}
