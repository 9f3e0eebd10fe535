import Foundation
import Testing
import TernKernels
import TernModels

@Suite(.serialized) struct ModelCommandTests {
    static let texts = ["a wonderful film", "dull and far too long", "I laughed a lot", "never again", "so-so", "great cast"]

    static func makeModel() throws -> (URL, SGNNInt8Model) {
        let config = SGNNConfig(labels: ["neg", "pos"], seeds: (1...30).map { Int32($0 * 104_729 % 65_521) }, ngramOrder: 2, hidden: [16])
        let float = try SGNNFloatModel.random(config: config, seed: 11)
        let int8 = try SGNNInt8Model.quantize(float, calibration: texts)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tern-cli-\(UUID().uuidString).safetensors")
        try int8.write(to: url)
        return (url, int8)
    }

    @Test func predictMatchesTheLibrary() throws {
        let (url, model) = try Self.makeModel()
        defer { try? FileManager.default.removeItem(at: url) }
        let v = DenseVariants.best
        let packed = model.packed(for: v)
        let r = try CLI.run(["predict", "--model", url.path] + Self.texts)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == Self.texts.count)
        for (line, text) in zip(lines, Self.texts) {
            let p = probabilities(try model.logits(text, variant: v, packed: packed), multiLabel: false)
            let label = model.config.labels[p.indices.max { p[$0] < p[$1] }!]
            #expect(line.hasPrefix(label + "\t"), "\(line)")
            #expect(line.hasSuffix("\t" + text))
        }
        // A text argument may hold tabs and line breaks; its TSV answer is still one line of three fields.
        let broken = try CLI.run(["predict", "--model", url.path, "great\ncast\tand\r\nplot", "second"])
        #expect(broken.stdout.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).count } == [3, 3],
                "\(broken.stdout)")
        #expect(broken.stdout.split(separator: "\n").first?.hasSuffix("\tgreat cast and  plot") == true, "\(broken.stdout)")
        let json = try CLI.run(["predict", "--model", url.path, "--format", "json", "great cast"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect((object?["probabilities"] as? [String: Double])?.values.reduce(0, +) ?? 0 > 0.999)
    }

    @Test func predictReadsLinesAndReportsBadOnes() throws {
        let (url, _) = try Self.makeModel()
        defer { try? FileManager.default.removeItem(at: url) }
        let r = try CLI.run(["predict", "--model", url.path], stdin: Array("a wonderful film\n   \nnever again\n".utf8))
        #expect(r.status != 0)
        #expect(r.stdout.split(separator: "\n").count == 2)
        // One line for the bad text, and nothing more: the exit status says the rest.
        #expect(r.stderr == "tern: text 2: the text has no tokens (empty or only spaces)\n", "\(r.stderr)")
    }

    /// Standard input is streamed, not read whole: each line fed through a
    /// pipe that stays open is answered before the next is written (a
    /// reader of the whole input would answer nothing until end of file,
    /// and hold a million-line input in memory).
    @Test func predictAnswersEachLineAsItArrives() throws {
        let (url, _) = try Self.makeModel()
        defer { try? FileManager.default.removeItem(at: url) }
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["predict", "--model", url.path]
        let input = Pipe(), output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        p.standardError = FileHandle.nullDevice
        try p.run()
        defer { if p.isRunning { p.terminate() } }
        let fd = output.fileHandleForReading.fileDescriptor
        /// Bytes available within 60 s, or none.
        func answer() -> String {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 60_000) == 1 else { return "" }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let n = read(fd, &buffer, buffer.count)
            return n > 0 ? String(decoding: buffer[..<n], as: UTF8.self) : ""
        }
        for (i, text) in ["a wonderful film", "never again", "fine"].enumerated() {
            input.fileHandleForWriting.write(Data((text + "\n").utf8))
            let line = answer()
            #expect(line.hasSuffix("\t\(text)\n") && line.split(separator: "\n").count == 1,
                    "line \(i + 1) was not answered while the input stayed open: \(line.debugDescription)")
        }
        try input.fileHandleForWriting.close()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
    }

    /// A model whose configuration asks for more workspace per inference
    /// than the cap is refused with one line before any workspace exists;
    /// the cap is TERN_MAX_WORKSPACE_MB (256 MiB unless set), and a bad
    /// value of it is refused too.
    @Test func aWorkspaceOverTheCapIsRefused() throws {
        // 4096 tokens of a pQRNN with 64 channels a direction: about 5 MiB per inference.
        let config = PQRNNConfig(labels: ["a", "b"], projection: ProjectionOptions(featureSize: 32), maxSeqLen: 4096,
                                 bottleneck: 32, state: 64, layers: 1)
        let model = try Int8Model.quantize(try FloatModel.random(config: config, seed: 9), calibration: ["a fine film", "an awful one"])
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tern-cap-\(UUID().uuidString).safetensors")
        try model.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let capped = try CLI.run(["predict", "--model", url.path, "a fine film"], environment: ["TERN_MAX_WORKSPACE_MB": "1"])
        #expect(capped.status != 0, "\(capped.stdout)")
        #expect(capped.stderr.split(separator: "\n").count == 1 && capped.stderr.contains("MiB workspace (maxSeqLen 4096)")
                && capped.stderr.contains("over the cap of 1.0 MiB"), "\(capped.stderr)")
        let allowed = try CLI.run(["predict", "--model", url.path, "a fine film"])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        let bad = try CLI.run(["predict", "--model", url.path, "a fine film"], environment: ["TERN_MAX_WORKSPACE_MB": "lots"])
        #expect(bad.status != 0 && bad.stderr == "tern: TERN_MAX_WORKSPACE_MB=lots is not a whole number of MiB in 1...1048576\n", "\(bad.stderr)")
    }

    /// Hostile standard input for a shipped model: NUL bytes, invalid UTF-8,
    /// terminal escapes, CRLF, and one 32 MiB line. Every text gets an answer
    /// (the huge one cut to the model's maximum length, with a note), and
    /// the whole run stays linear in the input's size.
    @Test func predictTakesHostileAndHugeInput() throws {
        let model = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Results/trained/prado-sst2.safetensors").path
        var input = Array("\u{0}nul at the start\n".utf8) + [0x61, 0xff, 0xfe, 0x20, 0x62, 0x0a] + Array("\u{1b}[31mred\u{1b}[0m text\r\n".utf8)
        let phrase = Array("a moving and beautiful film ".utf8)
        // 32 MiB on one line: far past any buffer (a read is 64 KiB) and any
        // model's length, and still linear (below). 100 MiB proved no more
        // and ran 135 s in the AddressSanitizer run.
        let huge = (0..<((32 << 20) / phrase.count)).flatMap { _ in phrase }
        input += huge + [0x0a]
        let start = ContinuousClock.now
        let r = try CLI.run(["predict", "--model", model, "--format", "json"], stdin: input)
        let elapsed = ContinuousClock.now - start
        #expect(r.status == 0, "\(r.stderr.prefix(300))")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 4)
        let objects = lines.compactMap { try? JSONDecoder().decode(PredictionJSON.self, from: Data($0.utf8)) }
        #expect(objects.count == 4)
        #expect(objects.first?.text == "\u{0}nul at the start")
        #expect(objects.dropFirst().first?.text == "a\u{FFFD}\u{FFFD} b")
        #expect(objects.dropFirst(2).first?.text == "\u{1b}[31mred\u{1b}[0m text")
        #expect(objects.last?.truncated == true && objects.last?.text.utf8.count == huge.count)
        #expect(r.stderr.contains("1 of 4 texts were cut to the model's maximum length (128 tokens); the longest had \(huge.count / phrase.count * 5) tokens"), "\(r.stderr)")
        #expect(!r.stderr.contains("text 4:"), "one summary line, not a line per text: \(r.stderr)")
        // The cut text's answer is the answer for its first maxSeqLen (128) tokens.
        let first = String(decoding: phrase, as: UTF8.self)
        let prefix = try CLI.run(["predict", "--model", model, "--format", "json",
                                  String(repeating: first, count: 26).split(separator: " ").prefix(128).joined(separator: " ")])
        let short = try JSONDecoder().decode(PredictionJSON.self, from: Data(prefix.stdout.utf8))
        #expect(short.probabilities == objects.last?.probabilities)
        // Linear, not quadratic: the same run on a tenth of the line must take
        // about a tenth of the time. A bound on the ratio holds in debug,
        // release and sanitizer builds alike (an absolute one would not);
        // linear work gives about 10 plus start-up, quadratic about 100.
        let tenth = Array(huge.prefix(huge.count / 10)) + [0x0a]
        let smallStart = ContinuousClock.now
        let small = try CLI.run(["predict", "--model", model, "--format", "json"], stdin: tenth)
        let smallElapsed = ContinuousClock.now - smallStart
        #expect(small.status == 0)
        let ratio = elapsed / smallElapsed
        #expect(ratio < 30, "32 MiB took \(elapsed), a tenth \(smallElapsed): \(ratio)x, superlinear")
    }

    @Test func inspectDescribesTheModel() throws {
        let (url, _) = try Self.makeModel()
        defer { try? FileManager.default.removeItem(at: url) }
        let r = try CLI.run(["inspect", url.path])
        #expect(r.status == 0)
        #expect(r.stdout.contains("architecture: sgnn"))
        #expect(r.stdout.contains("dense0: [30, 16]"))
        #expect(r.stdout.contains("dense1: [16, 2]"))
        let parameters: Int = 30 * 16 + 16 + 16 * 2 + 2
        #expect(r.stdout.contains("parameters: \(parameters)"))
    }

    @Test func brokenAndForeignFilesGiveOneLineErrors() throws {
        let (url, _) = try Self.makeModel()
        defer { try? FileManager.default.removeItem(at: url) }
        let whole = try Data(contentsOf: url)
        let broken = url.deletingLastPathComponent().appendingPathComponent("broken-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: broken) }
        try whole.prefix(whole.count / 2).write(to: broken)
        var w = SafeTensorsWriter(metadata: ["tern.config": #"{"architecture":"prado"}"#, "tern.format": "int8"])
        w.add("x", [Int8(1)], shape: [1])
        let prado = url.deletingLastPathComponent().appendingPathComponent("prado-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: prado) }
        try w.write(to: prado)
        for (path, needle) in [(broken.path, "does not fit in the file"), (prado.path, "missing key 'formatVersion'"),
                               ("/nonexistent/model.safetensors", "no such file"),
                               (FileManager.default.temporaryDirectory.path, "is a directory")] {
            let r = try CLI.run(["predict", "--model", path, "hello"])
            #expect(r.status != 0)
            #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
            #expect(r.stderr.contains(needle), "\(r.stderr)")
        }
    }

    /// A model from a pipe (`--model <(curl ...)`, here standard input) is
    /// read whole; an endless device is refused at 256 MiB, not read forever.
    @Test func aModelCanComeFromAPipeButNotFromAnEndlessDevice() throws {
        let (url, _) = try Self.makeModel()
        defer { try? FileManager.default.removeItem(at: url) }
        let fromFile = try CLI.run(["inspect", url.path])
        let fromPipe = try CLI.run(["inspect", "/dev/stdin"], stdin: Array(try Data(contentsOf: url)))
        #expect(fromPipe.status == 0 && fromPipe.stdout.split(separator: "\n").dropLast() == fromFile.stdout.split(separator: "\n").dropLast(),
                "\(fromPipe.stderr)")
        let endless = try CLI.run(["predict", "--model", "/dev/zero", "hello"])
        #expect(endless.status != 0 && endless.stderr == "tern: /dev/zero: read 256 MiB from a pipe or device without its end: not a model file\n",
                "\(endless.stderr)")
    }

    /// A small pQRNN or PRADO (int8 and float32 files) with seeded weights.
    static func makeProjectionModels() throws -> (int8: URL, float: URL, engine: any ProjectionClassifier, prado: URL) {
        let dir = FileManager.default.temporaryDirectory
        let config = PQRNNConfig(labels: ["neg", "pos"], projection: ProjectionOptions(featureSize: 64), maxSeqLen: 8,
                                 bottleneck: 16, state: 8, layers: 1)
        let float = try FloatModel.random(config: config, seed: 3)
        let int8 = try Int8Model.quantize(float, calibration: texts)
        let int8URL = dir.appendingPathComponent("tern-cli-pqrnn-\(UUID().uuidString).safetensors")
        let floatURL = dir.appendingPathComponent("tern-cli-pqrnn-f32-\(UUID().uuidString).safetensors")
        try int8.write(to: int8URL)
        try float.write(to: floatURL)
        let pradoConfig = PRADOConfig(labels: ["spam", "ham"], projection: ProjectionOptions(featureSize: 64), maxSeqLen: 8,
                                      embedding: 8, heads: [PRADOHead(n: 2, channels: 4), PRADOHead(n: 2, skip: 2, channels: 4)])
        let prado = try Int8Model.quantize(try FloatModel.random(config: pradoConfig, seed: 4), calibration: texts)
        let pradoURL = dir.appendingPathComponent("tern-cli-prado-\(UUID().uuidString).safetensors")
        try prado.write(to: pradoURL)
        return (int8URL, floatURL, try int8.engine(), pradoURL)
    }

    @Test func predictAndInspectEveryArchitectureAndFormat() throws {
        let m = try Self.makeProjectionModels()
        defer { for u in [m.int8, m.float, m.prado] { try? FileManager.default.removeItem(at: u) } }
        let r = try CLI.run(["predict", "--model", m.int8.path] + Self.texts)
        #expect(r.status == 0, "\(r.stderr)")
        for (line, text) in zip(r.stdout.split(separator: "\n"), Self.texts) {
            #expect(line.hasPrefix(try m.engine.classify(text).label + "\t"), "\(line)")
        }
        let long = Array(repeating: "word", count: 50).joined(separator: " ")
        let cut = try CLI.run(["predict", "--model", m.int8.path, "--format", "json", long])
        #expect(cut.status == 0 && cut.stdout.contains(#""truncated":true"#), "\(cut.stdout)")
        #expect(cut.stderr.contains("1 of 1 texts were cut to the model's maximum length"), "\(cut.stderr)")
        #expect(cut.stderr.contains("the longest had 50 tokens"), "\(cut.stderr)")
        // Many cut texts: one summary line by default, a line per text with --verbose.
        let many = try CLI.run(["predict", "--model", m.int8.path], stdin: Array(String(repeating: long + "\nshort text\n", count: 30).utf8))
        #expect(many.status == 0 && many.stdout.split(separator: "\n").count == 60, "\(many.stderr)")
        #expect(many.stderr.split(separator: "\n").count == 1 && many.stderr.contains("30 of 60 texts were cut"), "\(many.stderr)")
        let verbose = try CLI.run(["predict", "--model", m.int8.path, "--verbose"], stdin: Array(String(repeating: long + "\nshort text\n", count: 30).utf8))
        #expect(verbose.stderr.split(separator: "\n").count == 31, "\(verbose.stderr)")
        #expect(verbose.stderr.contains("text 59: 50 tokens, cut to the model's maximum length"), "\(verbose.stderr)")
        for url in [m.float, m.prado] {
            let p = try CLI.run(["predict", "--model", url.path, "--format", "tsv"] + Self.texts)
            #expect(p.status == 0 && p.stdout.split(separator: "\n").count == Self.texts.count, "\(p.stderr)")
        }
        let inspect = try CLI.run(["inspect", m.int8.path])
        #expect(inspect.stdout.contains("architecture: pqrnn (int8)"), "\(inspect.stdout)")
        #expect(inspect.stdout.contains("qrnn0.backward.gates: [3, 16, 24] anticausal int8"))
        let gates: Int = 2 * (3 * 16 * 24 + 24)
        let parameters: Int = 64 * 16 + 16 + gates + 17 + 16 * 2 + 2
        #expect(inspect.stdout.contains("parameters: \(parameters)"))
        let pradoInspect = try CLI.run(["inspect", m.prado.path])
        #expect(pradoInspect.stdout.contains("head1.keys: [4, 8, 4] taps 1001 anticausal int8"), "\(pradoInspect.stdout)")
        let floatInspect = try CLI.run(["inspect", m.float.path])
        #expect(floatInspect.stdout.contains("architecture: pqrnn (float32)"))
    }
}
