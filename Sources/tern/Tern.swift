import ArgumentParser
import Foundation
import TernArguments
import TernKernels

@main
struct Tern: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tern",
        abstract: "Projection-based int8 text classifiers (PRADO, pQRNN, SGNN): train, evaluate, predict, inspect, project.",
        subcommands: [Project.self, SGNNProject.self, Predict.self, Inspect.self, Train.self, Ensemble.self, Eval.self, ISA.self])

    /// Runs a command and reports any failure as one line on stderr.
    static func main() {
        // Past a file-size limit (`ulimit -f`) a write then fails with EFBIG,
        // which becomes a one-line error, instead of the signal killing the
        // process halfway through a write.
        signal(SIGXFSZ, SIG_IGN)
        do {
            try KernelDispatch.validateEnvironment()
            var command = try parseAsRoot()
            try command.run()
            try StandardStreams.flushPrinted()
        } catch let code as ExitCode {
            // The command has said on standard error what went wrong.
            Foundation.exit(code.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success { exit(withError: error) }   // --help, --version
            let message = FileErrors.oneLine(error) ?? Tern.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            StandardStreams.error("tern: \(message)\n")
            Foundation.exit(code.rawValue)
        }
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case json, text }

/// Reads standard input's bytes, up to a limit (a bound on memory, with a clear error past it).
func readStandardInput(limit: Int) throws -> [UInt8] {
    var data = [UInt8]()
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = read(0, &chunk, chunk.count)
        if n < 0 { throw ValidationError("cannot read standard input: errno \(errno)") }
        if n == 0 { break }
        data += chunk[0..<n]
        if data.count > limit { throw ValidationError("standard input is over \(limit) bytes") }
    }
    return data
}

/// Writes a string to standard output, ending it with one newline.
func emit(_ s: String) throws {
    try StandardStreams.output(s.hasSuffix("\n") ? s : s + "\n")
}

/// Writes one line of a report to standard error.
func report(_ line: String) {
    StandardStreams.error("tern: " + line + "\n")
}

func jsonString<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

/// Refuses a command whose outputs include one of its inputs: a model or
/// its metrics written over the data set's train.tsv, a teacher or an
/// ensemble member would lose that file (paths compared after resolving
/// symbolic links and ".."). `writes` names each output ("the model (--out)").
func refuseOverwritingInputs(writes outputs: [(url: URL, what: String)], reads inputs: [URL]) throws {
    func key(_ url: URL) -> String { url.standardizedFileURL.resolvingSymlinksInPath().path }
    let read = Set(inputs.map(key))
    if let output = outputs.first(where: { read.contains(key($0.url)) }) {
        throw ValidationError("\(output.what) would be written over \(output.url.path), an input of this run; choose another path")
    }
}

/// The label<TAB>text files of a data set folder (train, dev, test and any other).
func tsvFiles(in folder: URL) -> [URL] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { $0.hasSuffix(".tsv") }.map { folder.appendingPathComponent($0) }
}
