import ArgumentParser
import Foundation
import TernArguments
import TernKernels
import TernModels

/// Loads a model file of any architecture, or says clearly why not.
func loadModel(_ path: String) throws -> any ClassifierModel { try loadModelFile(path).model }

/// A model and the bytes of its file (a pipe's included, whose size the
/// file system does not know).
func loadModelFile(_ path: String) throws -> (model: any ClassifierModel, bytes: Int) {
    do {
        let file = try SafeTensorsFile(contentsOf: URL(fileURLWithPath: path))
        return (try ModelFile.load(file), file.byteCount)
    } catch let error as ModelFileError {
        throw ValidationError("\(path): \(error)")
    } catch let error as CocoaError where error.code == .fileReadNoSuchFile {
        throw ValidationError("\(path): no such file")
    } catch let error as CocoaError where error.code == .fileReadNoPermission {
        throw ValidationError("\(path): permission denied")
    } catch {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw ValidationError("\(path): is a directory, not a model file")
        }
        throw ValidationError("cannot read \(path): \(error.localizedDescription)")
    }
}

struct Predict: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Classify texts with an int8 model file: labels and probabilities.",
        discussion: "With no TEXT, reads one text per line from standard input.")

    @Option(help: "The model file (safetensors).") var model: String
    @Argument(help: "Texts to classify.") var texts: [String] = []
    @Option(help: "Output format: json (one object per text) or tsv (label, probability, text).") var format: PredictionFormat = .tsv
    @Flag(help: "Name every text cut to the model's maximum length on standard error (by default one summary line).")
    var verbose = false

    /// The longest line read from standard input; a longer one is an error for that line only.
    static let maxLineBytes = 256 << 20

    func run() throws {
        let m = try loadModel(model)
        let classify = try m.classifier()
        var failures = 0, count = 0
        var cuts = TruncationSummary()
        var out = ""
        func handle(_ line: LineSplitter.Line) throws {
            count += 1
            let i = count
            switch line {
            case .tooLong(let bytes):
                failures += 1
                report("text \(i): \(bytes) bytes, over the \(Self.maxLineBytes >> 20) MiB a line may hold")
            case .text(let text):
                do {
                    let c = try classify(text)
                    if c.truncated {
                        cuts.add(tokens: c.tokens)
                        if verbose {
                            report("text \(i): \(c.tokens) tokens, cut to the model's maximum length")
                        }
                    }
                    out += try PredictionOutput.line(c, text: text, labels: m.labels, format: format)
                } catch {
                    failures += 1
                    report("text \(i): \(error)")
                }
                // Outside the text's catch: a failed write ends the command.
                if out.utf8.count >= 1 << 20 {
                    try StandardStreams.output(out)
                    out = ""
                }
            }
        }
        if texts.isEmpty {
            // Streamed: memory is the longest line and the output buffer, whatever the input's length.
            var splitter = LineSplitter(maxLineBytes: Self.maxLineBytes)
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                // Answers so far go out before a read that may wait: a pipe
                // fed line by line gets each answer as its line arrives.
                if !out.isEmpty {
                    try StandardStreams.output(out)
                    out = ""
                }
                let n = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress!, $0.count) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw ValidationError("cannot read standard input: \(String(cString: strerror(errno)))")
                }
                if n == 0 { break }
                try chunk.withUnsafeBytes { try splitter.feed(UnsafeRawBufferPointer(rebasing: $0[..<n]), handle) }
            }
            try splitter.finish(handle)
        } else {
            for text in texts { try handle(.text(text)) }
        }
        if !out.isEmpty { try emit(out) }
        if let line = cuts.line(texts: count, maxSeqLen: m.maxSeqLen, verbose: verbose) {
            report(line)
        }
        if failures > 0 { throw ExitCode(1) }
    }
}

/// How many texts `tern predict` cut to the model's maximum length: one
/// summary line at the end instead of a line per text (a review corpus can
/// have thousands); the per-text flag stays in the JSON output.
struct TruncationSummary {
    private(set) var count = 0
    private(set) var longest = 0

    mutating func add(tokens: Int) {
        count += 1
        longest = max(longest, tokens)
    }

    func line(texts: Int, maxSeqLen: Int?, verbose: Bool) -> String? {
        guard count > 0 else { return nil }
        let limit = maxSeqLen.map { " (\($0) tokens)" } ?? ""
        return "\(count) of \(texts) texts were cut to the model's maximum length\(limit); the longest had \(longest) tokens"
            + (verbose ? "" : " (--verbose names them)")
    }
}

extension PredictionFormat: ExpressibleByArgument {}

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Describe a model file: architecture, configuration, parameters, bytes, layers and quantization.")

    @Argument(help: "The model file (safetensors).") var file: String

    func run() throws {
        let (m, bytes) = try loadModelFile(file)
        let s = m.summary(fileBytes: bytes)
        try emit(s)
    }
}
