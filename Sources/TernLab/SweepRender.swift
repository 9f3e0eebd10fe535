import Foundation
import TernBenchKit

/// The sweep's Markdown files from a report (measured now, or read back from
/// sweep.json) and, when given, the baselines: README.md (the summary and
/// every table) and one table per data set. What `bench accuracy` writes
/// after measuring, and all that `bench accuracy --render-only` does.
public enum SweepRender {
    /// README.md's text and each data set's table, in the report's data set order.
    /// - Parameters:
    ///   - untrained: configurations of the grid not shown (0 when re-rendering).
    ///   - renderedBy: the command that re-rendered a committed report, said under the sweep's own.
    public static func documents(_ report: SweepReport, baselines: BaselineReport?, untrained: Int = 0,
                                 renderedBy: String? = nil) -> (readme: String, tables: [(dataset: String, markdown: String)]) {
        let records = baselines?.records ?? []
        var markdown = "# Latency vs accuracy\n\nCommand: `\(report.command)`\n\n"
        if let renderedBy {
            markdown += "Tables re-rendered from sweep.json\(baselines == nil ? "" : " and baselines.json") by `\(renderedBy)`; nothing retrained or re-timed.\n\n"
        }
        markdown += "Machine: \(report.machine.summary)\n\n"
        if !records.isEmpty {
            var machines: [String] = []
            for r in records where !machines.contains(r.machine.cpu) { machines.append(r.machine.cpu) }
            markdown += "Baselines (\(SweepReport.baselineMarker)) and shipped Tern models re-timed beside them (\(SweepReport.ternShippedMarker)): "
            markdown += "\(machines.joined(separator: "; ")), Results/sweep/baselines.md. Their latency compares with each other, "
            markdown += "not with the sweep's rows above (timed on \(shortMachineName(report.machine.cpu))).\n\n"
        }
        markdown += "Kernels: \(report.kernels)\n\n"
        markdown += "\(report.rows.count) models; training \(Int(report.trainingSeconds / 60)) min in all (as recorded by each run), "
        markdown += "this run \(Int(report.sweepSeconds / 60)) min.\(untrained > 0 ? " \(untrained) configurations untrained, not shown." : "")\n\n"
        markdown += "## Summary\n\n" + report.summaryMarkdown(baselines: records) + "\n"
        let tables = report.datasetsInOrder.map { (dataset: $0, markdown: report.markdown(dataset: $0, baselines: records)) }
        markdown += tables.map(\.markdown).joined(separator: "\n")
        return (markdown, tables)
    }

    /// Writes README.md and <dataset>.md into `folder`.
    public static func write(_ documents: (readme: String, tables: [(dataset: String, markdown: String)]), to folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let url = URL(fileURLWithPath: folder)
        for table in documents.tables {
            try Data(table.markdown.utf8).write(to: url.appendingPathComponent(table.dataset + ".md"))
        }
        try Data(documents.readme.utf8).write(to: url.appendingPathComponent("README.md"))
    }

    /// Reads a committed sweep.json; one-line errors.
    public static func loadReport(_ path: String) throws -> SweepReport {
        guard let data = FileManager.default.contents(atPath: path) else { throw SweepRenderError.noReport(path) }
        do {
            return try JSONDecoder().decode(SweepReport.self, from: data)
        } catch let error as DecodingError {
            throw SweepRenderError.badReport(path, BaselineReport.describe(error))
        }
    }
}

public enum SweepRenderError: Error, CustomStringConvertible {
    case noReport(String)
    case badReport(String, String)

    public var description: String {
        switch self {
        case .noReport(let path): return "no sweep report at \(path): bench accuracy writes it (or pass --sweep-json)"
        case .badReport(let path, let why): return "\(path) is not a sweep report: \(why)"
        }
    }
}
