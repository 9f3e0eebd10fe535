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
        #expect(r.stderr.contains("text 2"))
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
        for (path, needle) in [(broken.path, "does not fit in the file"), (prado.path, "prado models do not run"),
                               ("/nonexistent/model.safetensors", "cannot read")] {
            let r = try CLI.run(["predict", "--model", path, "hello"])
            #expect(r.status != 0)
            #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
            #expect(r.stderr.contains(needle), "\(r.stderr)")
        }
    }
}
