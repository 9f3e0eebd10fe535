import ArgumentParser
import Foundation
import TernLab

/// `bench tables`: the Markdown pages of Results/ made from their raw files.
/// A file that cannot be read or parsed is one line on standard error
/// (`ResultTables.Failure`), exit status 1.
struct Tables: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Markdown tables from result files: fuzzing runs, a kernel report's summary, trained models.",
        subcommands: [FuzzTable.self, KernelTable.self, TrainedTable.self])

    struct FuzzTable: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "fuzz", abstract: "Results/fuzz/fuzz.md from scripts/fuzz's runs.tsv.")
        @Argument(help: "The runs file.") var runs = "Results/fuzz/runs.tsv"
        func run() throws { print(try ResultTables.fuzz(runsTSV: runs), terminator: "") }
    }

    struct KernelTable: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "kernels", abstract: "The summary README quotes of a `bench kernels` JSON report, at one sequence length.")
        @Argument(help: "The report.") var report = "Results/kernels/kernels.json"
        @Option(help: "The sequence length T.") var seqLen = 128
        func run() throws { print(try ResultTables.kernels(report: report, seqLen: seqLen), terminator: "") }
    }

    struct TrainedTable: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "trained", abstract: "The table of a folder of trained models' metrics JSONs (what `tern train` writes).")
        @Argument(help: "The folder.") var folder = "Results/trained"
        @Option(help: "The page's title.") var title = "Trained models"
        @Option(help: "The paragraph before the table.") var intro = "Made by `scripts/train-models` (each row's exact command below)."
        func run() throws { print(try ResultTables.trained(folder: folder, title: title, intro: intro), terminator: "") }
    }
}
