import Foundation
import Testing
@testable import TernKernels
@testable import TernModels

@Suite struct SGNNModelTests {
    static let texts = [
        "the movie was wonderful and moving", "a dull, lifeless film", "what a waste of two hours",
        "I loved every minute of it", "the plot makes no sense at all", "brilliant acting, weak script",
        "never again", "an instant classic", "so boring I fell asleep", "funny, warm and clever",
        "the worst sequel ever made", "beautiful photography", "meh", "absolutely terrible dialogue",
        "a delight from start to finish", "I want my money back",
    ]

    func model() throws -> SGNNFloatModel {
        let config = SGNNConfig(labels: ["neg", "neu", "pos"], seeds: (1...60).map { Int32($0 * 7919 % 100_003) },
                                ngramOrder: 3, hidden: [64, 32])
        return try SGNNFloatModel.random(config: config, seed: 7)
    }

    @Test func int8LogitsTrackTheFloatReference() throws {
        let float = try model()
        let int8 = try SGNNInt8Model.quantize(float, calibration: Self.texts)
        let variant = DenseVariants.reference
        let packed = int8.packed(for: variant)
        let step = int8.quantization.last!.outputScale
        var agree = 0
        for text in Self.texts {
            let f = try float.logits(text)
            let q = try int8.logits(text, variant: variant, packed: packed)
            // Three layers of int8 rounding: a few output steps, stated as the tolerance.
            for (a, b) in zip(f, q) { #expect(abs(a - b) <= 6 * step, "\(text): \(f) vs \(q)") }
            if f.firstIndex(of: f.max()!) == q.firstIndex(of: q.max()!) { agree += 1 }
        }
        #expect(agree >= 15)
        // Texts outside the calibration set can leave the calibrated ranges:
        // a hidden layer saturates and the logits move by more than the
        // tolerance above ("!!!" here by up to 25 output steps), but they stay
        // finite, and where the float winner leads by more than 12 steps the
        // int8 winner is the same.
        for text in ["bad", "a completely different sentence, never seen", "!!!"] {
            let f = try float.logits(text)
            let q = try int8.logits(text, variant: variant, packed: packed)
            #expect(q.allSatisfy { $0.isFinite })
            let winner = f.firstIndex(of: f.max()!)!
            let runnerUp = f.enumerated().filter { $0.offset != winner }.map(\.element).max() ?? -.infinity
            if f[winner] - runnerUp > 12 * step { #expect(q.firstIndex(of: q.max()!) == winner, "\(text): \(f) vs \(q)") }
        }
    }

    @Test func everyDenseVariantGivesTheSameInt8Logits() throws {
        let int8 = try SGNNInt8Model.quantize(try model(), calibration: Self.texts)
        let reference = int8.packed(for: DenseVariants.reference)
        for v in DenseVariants.available where !v.ternaryOnly {
            let packed = int8.packed(for: v)
            for text in Self.texts {
                #expect(try int8.int8Logits(text, variant: v, packed: packed)
                        == int8.int8Logits(text, variant: DenseVariants.reference, packed: reference), "\(v)")
            }
        }
    }

    @Test func fileRoundTrip() throws {
        let int8 = try SGNNInt8Model.quantize(try model(), calibration: Self.texts)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tern-sgnn-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try int8.write(to: url)
        let back = try SGNNInt8Model.load(try SafeTensorsFile(contentsOf: url))
        #expect(back.config == int8.config)
        #expect(back.quantization == int8.quantization)
        let v = DenseVariants.best
        for text in Self.texts {
            #expect(try back.int8Logits(text, variant: v, packed: back.packed(for: v))
                    == int8.int8Logits(text, variant: v, packed: int8.packed(for: v)))
        }
    }

    @Test func loaderRefusesFilesThatDoNotMatchTheirConfiguration() throws {
        let int8 = try SGNNInt8Model.quantize(try model(), calibration: Self.texts)
        let encoder = JSONEncoder()
        let config = String(decoding: try encoder.encode(int8.config), as: UTF8.self)
        let quant = String(decoding: try encoder.encode(int8.quantization), as: UTF8.self)
        func load(_ edit: (inout SafeTensorsWriter) -> Void, metadata: [String: String]) throws {
            var w = SafeTensorsWriter(metadata: metadata)
            edit(&w)
            _ = try SGNNInt8Model.load(try SafeTensorsFile(bytes: try w.bytes()))
        }
        func allLayers(_ w: inout SafeTensorsWriter, skip: String? = nil) {
            for (i, l) in int8.layers.enumerated() {
                if skip != "dense\(i).weight" { w.add("dense\(i).weight", l.weights, shape: [l.inputs, l.outputs]) }
                w.add("dense\(i).bias", l.bias, shape: [l.outputs])
            }
        }
        let good = ["tern.config": config, "tern.quantization": quant, "tern.format": "int8"]
        try load({ allLayers(&$0) }, metadata: good)
        #expect(throws: ModelFileError.self) { try load({ allLayers(&$0) }, metadata: ["tern.config": config, "tern.quantization": quant]) }
        #expect(throws: ModelFileError.self) { try load({ allLayers(&$0) }, metadata: ["tern.config": "{}", "tern.quantization": quant, "tern.format": "int8"]) }
        #expect(throws: ModelFileError.missingTensor("dense1.weight")) { try load({ allLayers(&$0, skip: "dense1.weight") }, metadata: good) }
        #expect(throws: ModelFileError.self) {
            try load({ w in
                allLayers(&w, skip: "dense0.weight")
                w.add("dense0.weight", floats: [Float](repeating: 0, count: 60 * 64), shape: [60, 64])
            }, metadata: good)
        }
        #expect(throws: ModelFileError.self) {
            try load({ w in
                allLayers(&w, skip: "dense0.weight")
                w.add("dense0.weight", [Int8](repeating: 0, count: 64 * 60), shape: [64, 60])
            }, metadata: good)
        }
    }

    /// The engine gives what the model's own path gives, counts tokens,
    /// never says truncated (SGNN reads a whole text), times every stage and
    /// refuses another engine's workspace.
    @Test func engineAnswersLikeTheModel() throws {
        let int8 = try SGNNInt8Model.quantize(try model(), calibration: Self.texts)
        for v in DenseVariants.available where !v.ternaryOnly {
            let engine = try int8.engine(dense: v), packed = int8.packed(for: v)
            #expect(engine.stageNames == ["projection", "dense0", "dense1", "dense2"])
            #expect(engine.stageMACs(rows: 7) == [0, 60 * 64, 64 * 32, 32 * 3])
            #expect(engine.macs(rows: 7) == 60 * 64 + 64 * 32 + 32 * 3)
            let ws = engine.makeWorkspace()
            ws.timesStages = true
            for text in Self.texts + ["  spaced\tout\n words ", "\u{FF}\u{FE} non-ASCII"] {
                let expected = probabilities(try int8.logits(text, variant: v, packed: packed), multiLabel: false)
                let p = try engine.classify(text)
                #expect(p.probabilities == expected, "\(v) \(text)")
                #expect(p.int8Logits == (try int8.int8Logits(text, variant: v, packed: packed)))
                #expect(p.tokens == text.split { $0.isWhitespace }.count && !p.truncated, "\(text): \(p.tokens)")
                #expect(p.label == int8.config.labels[expected.firstIndex(of: expected.max()!)!])
                try engine.run(text, workspace: ws)
                #expect(ws.stageNanoseconds.allSatisfy { $0 > 0 } && ws.rows == 1)
            }
            #expect(throws: InferenceError.emptyText) { try engine.classify("   ") }
            #expect(throws: InferenceError.foreignWorkspace) { try engine.run("hi", workspace: try int8.engine(dense: v).makeWorkspace()) }
        }
    }

    /// One SGNN engine from 8 threads at once (workspaces lent from its
    /// shelf): every answer equals the sequential one.
    @Test func oneEngineServesManyThreads() throws {
        let engine = try SGNNInt8Model.quantize(try model(), calibration: Self.texts).engine()
        let expected = try Self.texts.map { try engine.classify($0) }
        final class Answers: @unchecked Sendable {
            let lock = NSLock()
            var wrong = 0
        }
        let answers = Answers()
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for round in 0..<20 {
                let i = (thread * 7 + round) % Self.texts.count
                let got = try? engine.classify(Self.texts[i])
                if got != expected[i] { answers.lock.withLock { answers.wrong += 1 } }
            }
        }
        #expect(answers.wrong == 0)
    }

    @Test func floatFilesRoundTrip() throws {
        let float = try model()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tern-sgnn-f32-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try float.write(to: url)
        guard let loaded = try ModelFile.load(contentsOf: url) as? SGNNFloatModel else {
            Issue.record("not loaded as an SGNN float model")
            return
        }
        for text in Self.texts.prefix(4) { #expect(try loaded.logits(text) == float.logits(text)) }
        #expect(throws: ModelFileError.self) { try SGNNInt8Model.load(try SafeTensorsFile(contentsOf: url)) }
    }
}
