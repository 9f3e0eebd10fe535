import ArgumentParser
import Foundation
import TernKernels
import TernModels

/// Loads a model file, or says clearly why not.
func loadModel(_ path: String) throws -> SGNNInt8Model {
    let file: SafeTensorsFile
    do {
        file = try SafeTensorsFile(contentsOf: URL(fileURLWithPath: path))
    } catch let error as ModelFileError {
        throw ValidationError("\(path): \(error)")
    } catch {
        throw ValidationError("cannot read \(path): \(error.localizedDescription)")
    }
    // Only the architecture decides which loader applies.
    if let json = file.metadata["tern.config"],
       let header = try? JSONDecoder().decode(ArchitectureHeader.self, from: Data(json.utf8)),
       header.architecture != .sgnn {
        throw ValidationError("\(path): \(header.architecture.rawValue) models do not run in this build yet (SGNN does)")
    }
    do {
        return try SGNNInt8Model.load(file)
    } catch {
        throw ValidationError("\(path): \(error)")
    }
}

struct ArchitectureHeader: Decodable { let architecture: Architecture }

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
        let variant = DenseVariants.best
        let packed = m.packed(for: variant)
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
                let p = probabilities(try m.logits(text, variant: variant, packed: packed), multiLabel: m.config.multiLabel)
                let best = p.indices.max { p[$0] < p[$1] }!
                switch format {
                case .tsv:
                    out += "\(m.config.labels[best])\t\(String(format: "%.4f", p[best]))\t\(text.replacingOccurrences(of: "\t", with: " "))\n"
                case .json:
                    let scores = Dictionary(uniqueKeysWithValues: zip(m.config.labels, p.map { Double($0) }))
                    out += try jsonString(PredictionJSON(text: text, label: m.config.labels[best], probabilities: scores)) + "\n"
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
}

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Describe a model file: architecture, configuration, parameters, bytes, layers and quantization.")

    @Argument(help: "The model file (safetensors).") var file: String

    func run() throws {
        let m = try loadModel(file)
        let bytes = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        let parameters = m.layers.reduce(0) { $0 + $1.inputs * $1.outputs + $1.outputs }
        var s = "architecture: sgnn (int8)\n"
        s += "labels: \(m.config.labels.joined(separator: ", "))\(m.config.multiLabel ? " (multi-label)" : "")\n"
        s += "projection: \(m.config.seeds.count) seeds, n-grams up to \(m.config.ngramOrder); input int8 scale \(m.input.scale), zero point \(m.input.zeroPoint)\n"
        s += "parameters: \(parameters); file bytes: \(bytes)\n"
        for (i, (layer, q)) in zip(m.layers, m.quantization).enumerated() {
            let scales = q.weightScales
            s += "dense\(i): [\(layer.inputs), \(layer.outputs)] int8 weights (per-channel scales \(scales.min()!)...\(scales.max()!)), "
            s += "int32 bias; input zero point \(q.inputZeroPoint); output scale \(q.outputScale), zero point \(q.outputZeroPoint)\n"
        }
        emit(s)
    }
}
