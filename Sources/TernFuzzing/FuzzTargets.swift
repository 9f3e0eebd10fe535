import Foundation
import TernKernels
import TernModels
import TernTraining

/// The fuzz targets: each takes arbitrary bytes, drives one input path of
/// Tern the way a user's input would, and checks what must hold whatever
/// the bytes are. A rejected input (a thrown error) is fine; a crash, a
/// hang, a read out of bounds (under AddressSanitizer) or a broken
/// invariant is a finding. A target returns the broken invariant's
/// description, so the same function serves libFuzzer (which traps on it,
/// Fuzz/) and the regression tests (which run the kept corpus,
/// Tests/FuzzCorpus/).
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// A model file: safetensors structure, metadata, configuration, tensors, quantization chain; a loaded model must classify.
    case modelLoader = "model_loader"
    /// The projection with options taken from the first bytes: every variant must equal the reference; SGNN's fast path its reference.
    case projection
    /// `tern predict`'s batch input: lines to texts, classification by PRADO and pQRNN engines (every exact kernel set agreeing), output lines.
    case predictInput = "predict_input"
    /// The `label<TAB>text` TSV reader of training and evaluation.
    case tsv
    /// A training checkpoint (`tern train --resume`): envelope, checksum, state, tensors; what is read writes back the same.
    case checkpoint
    /// A bench report read as a baseline (`bench gate --baseline`): schema, impossible figures, the gate against itself.
    case benchReport = "bench_report"
    /// Differential, one per kernel family: shapes, values and quantization from the bytes; every variant this CPU runs equals the reference.
    case dense, conv1d, requantize
    case activationLUT = "activation_lut"
    case qrnnPool = "qrnn_pool"
    case attention

    public func run(_ bytes: UnsafeRawBufferPointer) -> String? {
        switch self {
        case .modelLoader: return FuzzChecks.modelLoader(Data(bytes))
        case .projection: return FuzzChecks.projection(bytes)
        case .predictInput: return FuzzChecks.predictInput(Array(bytes))
        case .tsv: return FuzzChecks.tsv(Data(bytes))
        case .checkpoint: return FileReaderChecks.checkpoint(Data(bytes))
        case .benchReport: return FileReaderChecks.benchReport(Data(bytes))
        case .dense: return KernelDifferential.dense(bytes)
        case .conv1d: return KernelDifferential.conv1d(bytes)
        case .requantize: return KernelDifferential.requantize(bytes)
        case .activationLUT: return KernelDifferential.activationLUT(bytes)
        case .qrnnPool: return KernelDifferential.qrnnPool(bytes)
        case .attention: return KernelDifferential.attention(bytes)
        }
    }

    public func run(_ data: Data) -> String? { data.withUnsafeBytes { run($0) } }

    /// Starting inputs: valid cases the mutations grow from (the loader's are
    /// small model files of every architecture and format).
    public func seeds() throws -> [(name: String, bytes: Data)] {
        switch self {
        case .modelLoader: return try FuzzModels.seedFiles()
        case .projection:
            return [("plain", Data([64, 0, 0b0000_0001, 0, 0, 0, 0, 0] + Array("the quick brown fox".utf8))),
                    ("options", Data([255, 1, 0b0011_1111, 3, 4, 2, 1, 0] + Array(" -héllo  wörld!! 🙂 aaaa".utf8))),
                    ("invalid", Data([17, 0, 0b0100_0110, 0, 0, 0, 0, 2, 0x2c, 0x2e] + [0xff, 0xfe, 0x41, 0xc3, 0x20, 0xe2, 0x82]))]
        case .predictInput:
            return [("lines", Data("a fine film\r\n\nawful\tawful\n\"quoted\" \\ text\n".utf8)),
                    ("long", Data((String(repeating: "word ", count: 400) + "\n").utf8)),
                    ("invalid", Data([0x61, 0xff, 0x0a, 0x00, 0x62, 0x0a, 0xe2, 0x82]))]
        case .tsv:
            return [("labels", Data("pos\tgreat film\nneg\tawful\r\npos,neg\tboth\n".utf8)),
                    ("numbers", Data("1\tone\n10\tten\n2\ttwo\n".utf8)),
                    ("broken", Data("label only\n\ttext only\n".utf8))]
        case .checkpoint: return try FileReaderChecks.checkpointSeeds()
        case .benchReport: return try FileReaderChecks.benchReportSeeds()
        case .dense, .conv1d, .requantize, .activationLUT, .qrnnPool, .attention:
            // Parameters come first, then values: a few shapes, small and at tile edges.
            return [("small", Data([3, 17, 0, 5, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9])), ("zeros", Data(count: 64)),
                    ("edges", Data([15, 64, 1, 33, 0, 0x80, 0x7f, 0xff, 0x01] + (0..<200).map { UInt8(truncatingIfNeeded: $0 &* 73) }))]
        }
    }
}

/// Small random-weight models of every architecture: the loader's seeds
/// and the engines `predict_input` classifies with.
enum FuzzModels {
    static let pradoConfig = PRADOConfig(labels: ["neg", "pos", "other"], projection: ProjectionOptions(featureSize: 32, addEOS: true),
                                         maxSeqLen: 24, embedding: 8,
                                         heads: [PRADOHead(n: 2, channels: 4), PRADOHead(n: 3, skip: 0, channels: 4)])
    static let pqrnnConfig = PQRNNConfig(labels: ["a", "b"], multiLabel: true, projection: ProjectionOptions(featureSize: 32, addBOS: true),
                                         maxSeqLen: 24, bottleneck: 8, state: 8, layers: 1)
    static let calibration = ["a fine film", "an awful film", "why and how", "the", String(repeating: "long text ", count: 30)]

    struct Built: @unchecked Sendable {
        let prado: Int8Model<PRADOConfig>
        let pqrnn: Int8Model<PQRNNConfig>
        let pradoFloat: FloatModel<PRADOConfig>
        let pqrnnFloat: FloatModel<PQRNNConfig>
        let sgnn: SGNNInt8Model
        let sgnnFloat: SGNNFloatModel
        let engines: [[any ProjectionClassifier]]
    }

    static let built: Built = {
        do {
            let pradoFloat = try FloatModel.random(config: pradoConfig, seed: 11)
            let pqrnnFloat = try FloatModel.random(config: pqrnnConfig, seed: 12)
            let sgnnFloat = try SGNNFloatModel.random(config: SGNNConfig(labels: ["x", "y"], seeds: [3, 5, 7, 9], ngramOrder: 2, hidden: [6]),
                                                      seed: 13)
            let prado = try Int8Model.quantize(pradoFloat, calibration: calibration)
            let pqrnn = try Int8Model.quantize(pqrnnFloat, calibration: calibration)
            let engines = try [prado.engine(kernels:), pqrnn.engine(kernels:)].map { make in try KernelSet.exactSets.map { try make($0) } }
            return Built(prado: prado, pqrnn: pqrnn, pradoFloat: pradoFloat, pqrnnFloat: pqrnnFloat,
                         sgnn: try SGNNInt8Model.quantize(sgnnFloat, calibration: calibration), sgnnFloat: sgnnFloat, engines: engines)
        } catch {
            fatalError("the fuzz models do not build: \(error)")
        }
    }()

    static func seedFiles() throws -> [(name: String, bytes: Data)] {
        // A folder per call: calls that run at once (tests in parallel) must not share one.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tern-fuzz-seeds-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let m = built
        let writers: [(String, (URL) throws -> Void)] = [
            ("prado_int8", m.prado.write), ("pqrnn_int8", m.pqrnn.write), ("prado_f32", m.pradoFloat.write),
            ("pqrnn_f32", m.pqrnnFloat.write), ("sgnn_int8", m.sgnn.write), ("sgnn_f32", m.sgnnFloat.write),
        ]
        let files = try writers.map { name, write in
            let url = folder.appendingPathComponent(name + ".safetensors")
            try write(url)
            return (name: name, bytes: try Data(contentsOf: url))
        }
        // An ensemble (of the PRADO file twice): mutations reach its member checks.
        return files + [("prado_ensemble", try EnsembleModel.file(memberFiles: [files[0].bytes, files[0].bytes]))]
    }
}

/// The checks of each target.
enum FuzzChecks {
    /// Probabilities a classifier may return: one per label, finite, in [0, 1], summing to 1 for single-label models.
    static func checkProbabilities(_ p: [Float], labels: Int, multiLabel: Bool) -> String? {
        guard p.count == labels else { return "\(p.count) probabilities for \(labels) labels" }
        guard p.allSatisfy({ $0.isFinite && $0 >= 0 && $0 <= 1 }) else { return "probability out of [0, 1]: \(p)" }
        if !multiLabel && abs(p.reduce(0, +) - 1) > 1e-3 { return "probabilities sum to \(p.reduce(0, +))" }
        return nil
    }

    static let probeTexts = ["a fine film", "", "\u{0}\u{1}", String(repeating: "word ", count: 300)]

    static func modelLoader(_ data: Data) -> String? {
        guard let file = try? SafeTensorsFile(bytes: data), let model = try? ModelFile.load(file) else { return nil }
        _ = model.summary(fileBytes: data.count)
        guard let classify = try? model.classifier() else { return nil }
        for text in probeTexts {
            guard let c = try? classify(text) else { continue }
            if let broken = checkProbabilities(c.probabilities, labels: model.labels.count, multiLabel: model.multiLabel) {
                return "loaded model, text \(text.prefix(20).debugDescription): \(broken)"
            }
        }
        return nil
    }

    /// Options from the first 8 bytes: feature size (2 bytes), flags, word
    /// novelty bits, doc size levels, max splits, separator count, then the
    /// separators; the rest is the text.
    static func projection(_ bytes: UnsafeRawBufferPointer) -> String? {
        guard bytes.count >= 8 else { return nil }
        var o = ProjectionOptions(featureSize: (Int(bytes[0]) | Int(bytes[1]) << 8) % 1024 + 1)
        let flags = bytes[2]
        o.splitOnSpace = flags & 1 != 0
        o.addBOS = flags & 2 != 0
        o.addEOS = flags & 4 != 0
        o.normalizeRepetition = flags & 8 != 0
        o.excludeNonAlphaSpace = flags & 16 != 0
        o.byteSign = flags & 32 != 0 ? .unsigned : .signed
        if flags & 128 != 0 && !o.excludeNonAlphaSpace { o.vocabulary = "abcdefghijklmnopqrstuvwxyz0123456789 " }
        o.wordNoveltyBits = Int(bytes[3]) % 9
        o.docSizeLevels = Int(bytes[4]) % 18
        o.maxSplits = bytes[5] == 0 ? -1 : Int(bytes[5]) % 40
        let separators = min(Int(bytes[7]) % 4, bytes.count - 8)
        o.tokenSeparators = String(decoding: bytes[8..<(8 + separators)], as: UTF8.self)
        let text = UnsafeRawBufferPointer(rebasing: bytes[(8 + separators)...])
        guard let plan = try? ProjectionPlan(o) else { return nil }

        let reference = ProjectionWorkspace()
        var expected: Result<Void, Error> = .success(())
        do { try ProjectionVariants.reference.project(text, plan: plan, workspace: reference) } catch { expected = .failure(error) }
        for variant in ProjectionVariants.available where !variant.isReference {
            let ws = ProjectionWorkspace()
            do {
                try variant.project(text, plan: plan, workspace: ws)
                if case .failure(let e) = expected { return "\(variant.id) projected what the reference refused (\(e)), options \(o)" }
                guard ws.rows == reference.rows, ws.tokenCount == reference.tokenCount,
                      ws.features.prefix(ws.rows * o.featureSize) == reference.features.prefix(reference.rows * o.featureSize),
                      o.wordNoveltyBits == 0 || ws.noveltyValues.prefix(ws.rows) == reference.noveltyValues.prefix(reference.rows),
                      ws.docSizeValue == reference.docSizeValue else {
                    return "\(variant.id) differs from the reference: rows \(ws.rows) vs \(reference.rows), tokens \(ws.tokenCount) vs \(reference.tokenCount), options \(o)"
                }
                // A token limit (a model's maximum length) keeps the first rows and the token count.
                let limit = Int(bytes[6]) % 8 + 1
                ws.tokenLimit = limit
                try variant.project(text, plan: plan, workspace: ws)
                let kept = (o.addBOS ? 1 : 0) + min(limit, reference.tokenCount)
                guard ws.tokenCount == reference.tokenCount,
                      ws.features.prefix(kept * o.featureSize) == reference.features.prefix(kept * o.featureSize) else {
                    return "\(variant.id) with a token limit of \(limit) changed the first \(kept) rows or the token count, options \(o)"
                }
            } catch {
                guard case .failure(let e) = expected, "\(e)" == "\(error)" else {
                    return "\(variant.id) threw \(error), the reference \(expected), options \(o)"
                }
            }
        }
        // SGNN: the allocation-free byte path against the String reference, on valid UTF-8.
        if let string = String(validating: text, as: UTF8.self), let sgnn = try? SGNNProjection(seeds: [1, 2, 3], ngramOrder: Int(bytes[6]) % 3 + 1) {
            let ws = SGNNProjectionWorkspace()
            let fast = Result { try sgnn.project(text, into: ws) }
            switch (Result { try sgnn.project(string) }, fast) {
            case (.success(let expected), .success):
                if ws.output != expected { return "SGNN fast projection differs from its reference" }
            case (.failure, .failure): break
            default: return "SGNN fast projection and reference disagree on whether \(string.prefix(40).debugDescription) projects"
            }
        }
        return nil
    }

    static func predictInput(_ bytes: [UInt8]) -> String? {
        let texts = PredictionOutput.texts(fromLines: bytes)
        let newlines = bytes.filter { $0 == 0x0A }.count
        guard texts.count == newlines + (bytes.last == 0x0A || bytes.isEmpty ? 0 : 1) else {
            return "\(texts.count) texts from \(newlines) newlines"
        }
        // `tern predict` streams its input through LineSplitter: the same
        // texts in any chunking (sizes from the input), a long line refused whole.
        let chunk = Int(bytes.first ?? 0) % 23 + 1, limit = Int(bytes.last ?? 0) % 64 + 1
        for maxLine in [1 << 20, limit] {
            var splitter = LineSplitter(maxLineBytes: maxLine)
            var streamed: [LineSplitter.Line] = []
            bytes.withUnsafeBytes { raw in
                for start in stride(from: 0, to: raw.count, by: chunk) {
                    splitter.feed(UnsafeRawBufferPointer(rebasing: raw[start..<min(raw.count, start + chunk)])) { streamed.append($0) }
                    if splitter.bufferedBytes > maxLine + 1 { streamed.append(.tooLong(bytes: -1)) }
                }
            }
            splitter.finish { streamed.append($0) }
            // Lengths in input bytes (before invalid UTF-8 becomes U+FFFD), without a final "\r".
            var raw = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
            if raw.last?.isEmpty == true { raw.removeLast() }
            let lengths = raw.map { $0.count - ($0.last == 0x0D ? 1 : 0) }
            let expected = zip(texts, lengths).map { $1 > maxLine ? LineSplitter.Line.tooLong(bytes: 0) : .text($0) }
            let matches = streamed.count == expected.count && zip(streamed, expected).allSatisfy { got, want in
                switch (got, want) {
                case (.text(let a), .text(let b)): return a == b
                case (.tooLong(let n), .tooLong): return n > maxLine
                default: return false
                }
            }
            guard matches else { return "the streamed lines (chunks of \(chunk), limit \(maxLine)) differ from the whole input's" }
        }
        let m = FuzzModels.built
        for text in texts.prefix(8) {
            for (engines, labels, multiLabel) in [(m.engines[0], m.prado.config.labels, false), (m.engines[1], m.pqrnn.config.labels, true)] {
                var first: [Float]?
                for engine in engines {
                    let p: Prediction
                    do { p = try engine.classify(text) } catch {
                        if text.contains(where: { !$0.isWhitespace }) && !(error is InferenceError) { return "unexpected error \(error)" }
                        continue
                    }
                    if let broken = checkProbabilities(p.probabilities, labels: labels.count, multiLabel: multiLabel) { return broken }
                    if let first, first != p.probabilities { return "kernel sets disagree on \(text.prefix(40).debugDescription)" }
                    first = p.probabilities
                    let c = p.classification
                    do {
                        let tsv = try PredictionOutput.line(c, text: text, labels: labels, format: .tsv)
                        guard tsv.filter({ $0 == "\n" }).count == 1, tsv.split(separator: "\t", omittingEmptySubsequences: false).count == 3 else {
                            return "tsv output is not one line of three fields: \(tsv.debugDescription)"
                        }
                        let json = try PredictionOutput.line(c, text: text, labels: labels, format: .json)
                        let back = try JSONDecoder().decode(PredictionJSON.self, from: Data(json.utf8))
                        guard json.filter({ $0 == "\n" }).count == 1, back.text == text, back.truncated == p.truncated else {
                            return "json output does not round-trip: \(json.debugDescription)"
                        }
                    } catch {
                        return "output failed: \(error)"
                    }
                }
            }
        }
        return nil
    }

    static func tsv(_ data: Data) -> String? {
        guard let (labels, multiLabel, split) = try? Dataset.parse(data) else { return nil }
        guard !labels.isEmpty, Set(labels).count == labels.count else { return "labels \(labels)" }
        let lines = data.split(separator: 0x0A, omittingEmptySubsequences: false).count
        guard split.examples.count <= lines else { return "\(split.examples.count) examples from \(lines) lines" }
        for e in split.examples {
            guard !e.labels.isEmpty, e.labels.allSatisfy({ labels.indices.contains($0) }) else { return "label indices \(e.labels)" }
            guard multiLabel || e.labels.count == 1 else { return "several labels in a single-label set" }
            guard !e.text.contains("\n") else { return "a text holds a newline" }
        }
        return nil
    }
}

/// What each libFuzzer executable (Fuzz/Sources) calls.
public enum FuzzMain {
    /// libFuzzer's start-up hook: with TERN_FUZZ_SEEDS=DIR, writes the target's seeds into DIR (scripts/fuzz seeds its work corpus so).
    public static func initialize(_ target: FuzzTarget) {
        guard let folder = ProcessInfo.processInfo.environment["TERN_FUZZ_SEEDS"], !folder.isEmpty else { return }
        do {
            for seed in try target.seeds() {
                try seed.bytes.write(to: URL(fileURLWithPath: folder).appendingPathComponent("seed-\(seed.name)"))
            }
        } catch {
            fatalError("cannot write the \(target.rawValue) seeds to \(folder): \(error)")
        }
    }

    /// Runs one input; a broken check prints what broke and traps, which libFuzzer reports as a crash with the input saved.
    public static func run(_ target: FuzzTarget, _ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
        let bytes = UnsafeRawBufferPointer(start: size == 0 ? nil : data, count: size)
        if let failure = target.run(bytes) { fatalError("\(target.rawValue): \(failure)") }
        return 0
    }
}
