import Foundation
import Testing
@testable import TernKernels
@testable import TernModels

/// PRADO and pQRNN model files: round trips, and a set of broken files that
/// the loader must refuse with an error naming the problem.
@Suite struct ModelFileTests {
    func temporaryURL(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("tern-\(UUID().uuidString)-\(name)")
    }

    func bytes<C>(_ model: Int8Model<C>) throws -> Data {
        let url = temporaryURL("model.safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try model.write(to: url)
        return try Data(contentsOf: url)
    }

    func load<C>(_ data: Data, as: C.Type) throws -> Int8Model<C> {
        try Int8Model<C>.load(try SafeTensorsFile(bytes: data))
    }

    /// The header as JSON, changed by `edit`, put back in front of the same data.
    func rewritingHeader(_ data: Data, _ edit: (inout [String: Any]) -> Void) throws -> Data {
        let length = Int(data.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) })
        var header = try JSONSerialization.jsonObject(with: data.subdata(in: 8..<(8 + length))) as! [String: Any]
        edit(&header)
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        while json.count % 8 != 0 { json.append(0x20) }
        var out = Data()
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { out.append(contentsOf: $0) }
        return out + json + data.subdata(in: (8 + length)..<data.count)
    }

    func editingMetadata(_ data: Data, _ key: String, _ edit: (inout [String: Any]) -> Void) throws -> Data {
        try rewritingHeader(data) { header in
            var metadata = header["__metadata__"] as! [String: String]
            var value = try! JSONSerialization.jsonObject(with: Data(metadata[key]!.utf8)) as! [String: Any]
            edit(&value)
            metadata[key] = String(decoding: try! JSONSerialization.data(withJSONObject: value), as: UTF8.self)
            header["__metadata__"] = metadata
        }
    }

    @Test func int8FilesRoundTripExactly() throws {
        let pqrnn = try ModelTestConfigs.pqrnnModels().1
        let prado = try ModelTestConfigs.pradoModels().1
        for (original, loaded) in [(try pqrnn.engine(), try load(try bytes(pqrnn), as: PQRNNConfig.self).engine()),
                                   (try prado.engine(), try load(try bytes(prado), as: PRADOConfig.self).engine())] {
            for text in ModelTestTexts.test.prefix(8) {
                #expect(try original.classify(text) == loaded.classify(text))
            }
        }
    }

    @Test func floatFilesRoundTripExactly() throws {
        let float = try ModelTestConfigs.pradoModels().0
        let url = temporaryURL("float.safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try float.write(to: url)
        let loaded = try FloatModel<PRADOConfig>.load(try SafeTensorsFile(contentsOf: url))
        for text in ModelTestTexts.test.prefix(6) { #expect(try float.logits(text) == loaded.logits(text)) }
        // A float file is not an int8 file, and says so.
        #expect(throws: ModelFileError.self) { try Int8Model<PRADOConfig>.load(try SafeTensorsFile(contentsOf: url)) }
    }

    /// Found by fuzzing the loader: a float weight of 2e31 loaded and gave NaN
    /// scores. NaN and infinity are now refused at load, and a model whose
    /// finite weights overflow float32 fails each text with a clear error.
    @Test func nonFiniteWeightsAndOverflowingModelsAreRefused() throws {
        let float = try ModelTestConfigs.pradoModels().0
        let url = temporaryURL("float.safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        func withKeyWeight(_ value: Float) throws -> FloatModel<PRADOConfig> {
            var layers = float.layers
            for i in layers["keys"]!.weights.indices where i % 3 == 0 { layers["keys"]!.weights[i] = value }
            return try FloatModel(config: float.config, layers: layers)
        }
        try withKeyWeight(3e37).write(to: url)
        let classify = try ModelFile.load(contentsOf: url).classifier()
        #expect(throws: InferenceError.nonFiniteOutput) { _ = try classify("a text with several words") }
        try withKeyWeight(.nan).write(to: url)
        do {
            _ = try ModelFile.load(contentsOf: url)
            Issue.record("a NaN weight was accepted")
        } catch {
            #expect("\(error)".contains("keys.weight") && "\(error)".contains("nan"), "\(error)")
        }
    }

    @Test func truncatedFilesAreRefusedAtEverySection() throws {
        let data = try bytes(try ModelTestConfigs.pqrnnModels().1)
        let headerLength = Int(data.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) })
        let file = try SafeTensorsFile(bytes: data)
        var cuts = [0, 3, 8, 8 + headerLength / 2, 8 + headerLength]
        for info in file.tensors.values { cuts += [info.range.lowerBound + 1, info.range.upperBound - 1] }
        for cut in Set(cuts) where cut < data.count {
            #expect(throws: ModelFileError.self, "cut at \(cut) of \(data.count)") {
                try load(data.prefix(cut), as: PQRNNConfig.self)
            }
        }
    }

    @Test func brokenFilesAreRefusedWithTheirReason() throws {
        let data = try bytes(try ModelTestConfigs.pqrnnModels().1)
        let cases: [(String, Data)] = [
            ("data_offsets", try rewritingHeader(data) { h in
                var e = h["bottleneck.bias"] as! [String: Any]
                let o = e["data_offsets"] as! [Int]
                e["data_offsets"] = [o[0], o[1] + 4]
                h["bottleneck.bias"] = e
            }),
            ("expected I8", try rewritingHeader(data) { h in
                var e = h["classifier.weight"] as! [String: Any]
                e["dtype"] = "U8"
                h["classifier.weight"] = e
            }),
            ("shape", try rewritingHeader(data) { h in
                var e = h["attention.weight"] as! [String: Any]
                e["shape"] = [1 << 40, 1 << 40]
                h["attention.weight"] = e
            }),
            ("no tensor uses", try rewritingHeader(data) { h in h.removeValue(forKey: "qrnn1.backward.gates.bias") }),
            ("state", try editingMetadata(data, ModelFileKeys.config) { $0["state"] = 1 << 20 }),
            ("maxSeqLen", try editingMetadata(data, ModelFileKeys.config) { $0["maxSeqLen"] = 1_000_000_000 }),
            ("format version", try editingMetadata(data, ModelFileKeys.config) { $0["formatVersion"] = 2 }),
            ("expected [", try editingMetadata(data, ModelFileKeys.config) { $0["bottleneck"] = 41 }),
            ("producer writes", try editingMetadata(data, ModelFileKeys.quantization) { q in
                var layer = q["qrnn0.forward.gates"] as! [String: Any]
                layer["inputZeroPoint"] = 5
                q["qrnn0.forward.gates"] = layer
            }),
            ("no quantization", try editingMetadata(data, ModelFileKeys.quantization) { q in q.removeValue(forKey: "attention") }),
            ("scale", try editingMetadata(data, ModelFileKeys.quantization) { q in
                var layer = q["classifier"] as! [String: Any]
                layer["outputScale"] = -1
                q["classifier"] = layer
            }),
        ]
        for (reason, broken) in cases {
            do {
                _ = try load(broken, as: PQRNNConfig.self)
                Issue.record("a file broken at '\(reason)' was accepted")
            } catch let error as ModelFileError {
                #expect("\(error)".contains(reason), "\(reason): \(error)")
            }
        }
    }

    @Test func aFileOfAnotherArchitectureIsRefused() throws {
        let data = try bytes(try ModelTestConfigs.pradoModels().1)
        #expect(throws: ModelFileError.self) { try load(data, as: PQRNNConfig.self) }
    }
}
