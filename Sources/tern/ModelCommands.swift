import ArgumentParser
import Foundation
import TernKernels
import TernModels

/// Loads a model file of any architecture, or says clearly why not.
func loadModel(_ path: String) throws -> AnyModel {
    do {
        return try AnyModel.load(contentsOf: URL(fileURLWithPath: path))
    } catch let error as ModelFileError {
        throw ValidationError("\(path): \(error)")
    } catch let error as CocoaError where error.code == .fileReadNoSuchFile {
        throw ValidationError("\(path): no such file")
    } catch {
        throw ValidationError("cannot read \(path): \(error.localizedDescription)")
    }
}

struct Predict: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Classify texts with an int8 model file: labels and probabilities.",
        discussion: "With no TEXT, reads one text per line from standard input.")

    @Option(help: "The model file (safetensors).") var model: String
    @Argument(help: "Texts to classify.") var texts: [String] = []
    @Option(help: "Output format: json (one object per text) or tsv (label, probability, text).") var format: PredictFormat = .tsv

    enum PredictFormat: String, ExpressibleByArgument, CaseIterable { case json, tsv }

    func run() throws {
        let m = try loadModel(model)
        let classify = try m.classifier()
        let labels = m.labels
        var inputs = texts
        if inputs.isEmpty {
            let bytes = try readStandardInput(limit: 256 << 20)
            inputs = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if inputs.last == "" { inputs.removeLast() }
        }
        var failures = 0
        var out = ""
        for (i, text) in inputs.enumerated() {
            do {
                let c = try classify(text)
                let p = c.probabilities
                let best = p.indices.max { p[$0] < p[$1] }!
                if c.truncated {
                    FileHandle.standardError.write(Data("tern: text \(i + 1): \(c.tokens) tokens, cut to the model's maximum length\n".utf8))
                }
                switch format {
                case .tsv:
                    out += "\(labels[best])\t\(String(format: "%.4f", p[best]))\t\(text.replacingOccurrences(of: "\t", with: " "))\n"
                case .json:
                    let scores = Dictionary(uniqueKeysWithValues: zip(labels, p.map { Double($0) }))
                    out += try jsonString(PredictionJSON(text: text, label: labels[best], probabilities: scores,
                                                         truncated: c.truncated)) + "\n"
                }
            } catch {
                failures += 1
                FileHandle.standardError.write(Data("tern: text \(i + 1): \(error)\n".utf8))
            }
        }
        if !out.isEmpty { emit(out) }
        if failures > 0 { throw ExitCode(1) }
    }
}

struct PredictionJSON: Encodable {
    let text: String
    let label: String
    let probabilities: [String: Double]
    /// True when the text was longer than the model's maximum length and was cut.
    let truncated: Bool
}

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Describe a model file: architecture, configuration, parameters, bytes, layers and quantization.")

    @Argument(help: "The model file (safetensors).") var file: String

    func run() throws {
        let m = try loadModel(file)
        let bytes = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        let s = m.summary(fileBytes: bytes)
        emit(s)
    }
}
