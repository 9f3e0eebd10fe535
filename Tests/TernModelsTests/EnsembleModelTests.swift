import Foundation
import Testing
@testable import TernKernels
@testable import TernModels

/// Ensembles: the file holds its members byte for byte, the engine's logits
/// are the members' mean exactly, and members that cannot vote together are
/// refused with the reason.
@Suite struct EnsembleModelTests {
    func fileBytes(_ write: (URL) throws -> Void) throws -> Data {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tern-ensemble-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try write(url)
        return try Data(contentsOf: url)
    }

    /// Two pQRNNs of one configuration from other seeds (the shape of the
    /// shipped ensembles: seeds or lengths of one recipe).
    func pqrnnPair() throws -> [(FloatModel<PQRNNConfig>, Int8Model<PQRNNConfig>)] {
        try [11, 29].map { seed in
            let f = try FloatModel.random(config: ModelTestConfigs.pqrnn, seed: UInt64(seed))
            return (f, try Int8Model.quantize(f, calibration: ModelTestTexts.calibration))
        }
    }

    func load(_ data: Data) throws -> EnsembleModel {
        try #require(try ModelFile.load(try SafeTensorsFile(bytes: data)) as? EnsembleModel)
    }

    @Test func engineLogitsAreTheMembersMeanExactly() throws {
        let pair = try pqrnnPair()
        let files = try pair.map { m in try fileBytes { try m.1.write(to: $0) } }
        let ensemble = try load(try EnsembleModel.file(memberFiles: files))
        #expect(ensemble.members.count == 2 && ensemble.memberFileBytes == files.map(\.count))
        #expect(ensemble.weightBytes == pair[0].1.weightBytes + pair[1].1.weightBytes)
        #expect(ensemble.labels == ["neg", "pos"] && ensemble.format == "int8" && ensemble.architecture == .pqrnn)
        let engine = try #require(try ensemble.makeEngine(kernels: .best))
        let members = try pair.map { try $0.1.engine(kernels: .best) }
        #expect(engine.stageNames.count == members.reduce(0) { $0 + $1.stageNames.count })
        #expect(engine.stageNames.first == "member0." + members[0].stageNames[0])
        #expect(engine.macs(rows: 9) == members[0].macs(rows: 9) + members[1].macs(rows: 9))
        let ws = engine.makeWorkspace()
        let memberWorkspaces = members.map { $0.makeWorkspace() }
        for text in ModelTestTexts.test + [String(repeating: "boring ", count: 40)] {
            try engine.run(text, workspace: ws)
            var sum = [Float](repeating: 0, count: 2)
            for (m, mws) in zip(members, memberWorkspaces) {
                try m.run(text, workspace: mws)
                for i in sum.indices { sum[i] += mws.logits[i] }
            }
            let mean = sum.map { $0 / 2 }
            #expect(Array(ws.logits) == mean, "\(text)")
            #expect(Array(ws.probabilities) == probabilities(mean, multiLabel: false), "\(text)")
            #expect(ws.tokens == memberWorkspaces[0].tokens && ws.truncated == memberWorkspaces[0].truncated)
            #expect(try engine.classify(text).probabilities == Array(ws.probabilities))
        }
        #expect(ws.truncated, "the last text runs past maxSeqLen 24")
        // A member's workspace is not the ensemble's.
        #expect(throws: InferenceError.foreignWorkspace) { try engine.run("a text", workspace: memberWorkspaces[0]) }
        // The member files come back byte for byte.
        let file = try SafeTensorsFile(bytes: try EnsembleModel.file(memberFiles: files))
        #expect(try Data(file.array("member.1", as: UInt8.self)) == files[1])
    }

    /// With a pool of as many threads as members, the members run side by
    /// side: the same logits to the bit as one after another, and a text
    /// every member refuses fails with the same error.
    @Test func membersSideBySideGiveTheSameLogits() throws {
        let pair = try pqrnnPair()
        let files = try pair.map { m in try fileBytes { try m.1.write(to: $0) } }
        let engine = try #require(try load(try EnsembleModel.file(memberFiles: files)).makeEngine(kernels: .best))
        let pool = ThreadPool(threads: 2)
        let alone = engine.makeWorkspace(), sideBySide = engine.makeWorkspace()
        alone.timesStages = true
        sideBySide.timesStages = true
        for text in ModelTestTexts.test + [String(repeating: "boring ", count: 40)] {
            try engine.run(text, workspace: alone)
            try engine.run(text, workspace: sideBySide, pool: pool)
            #expect(Array(sideBySide.logits) == Array(alone.logits), "\(text)")
            #expect(Array(sideBySide.probabilities) == Array(alone.probabilities), "\(text)")
            #expect(sideBySide.rows == alone.rows && sideBySide.tokens == alone.tokens && sideBySide.truncated == alone.truncated)
            #expect(sideBySide.stageNanoseconds.allSatisfy { $0 > 0 }, "every member's stages timed")
        }
        func failure(_ pool: ThreadPool?, _ ws: EngineWorkspace) -> String? {
            do { try engine.run("   ", workspace: ws, pool: pool); return nil } catch { return "\(error)" }
        }
        let sequential = try #require(failure(nil, alone), "a text of no tokens is refused")
        #expect(failure(pool, sideBySide) == sequential)
    }

    /// Float members answer with probabilities; their logits come back from
    /// them, so the float ensemble is the float logits' mean to rounding.
    @Test func floatEnsembleAveragesTheFloatLogits() throws {
        let pair = try pqrnnPair()
        let ensemble = try load(try EnsembleModel.file(memberFiles: try pair.map { m in try fileBytes { try m.0.write(to: $0) } }))
        let engine = try ensemble.makeEngine(kernels: .best)
        #expect(ensemble.format == "float32" && engine == nil)
        let classify = try ensemble.classifier()
        for text in ModelTestTexts.test {
            let logits = try pair.map { try $0.0.logits(text) }
            let expected = probabilities(zip(logits[0], logits[1]).map { ($0 + $1) / 2 }, multiLabel: false)
            let got = try classify(text).probabilities
            for (g, e) in zip(got, expected) { #expect(abs(g - e) <= 1e-5, "\(text): \(got) vs \(expected)") }
        }
    }

    /// Multi-label PRADO: the mean logits go through the sigmoid.
    @Test func multiLabelEnsembleUsesTheSigmoid() throws {
        let models = try [12, 31].map { seed in
            try Int8Model.quantize(try FloatModel.random(config: ModelTestConfigs.prado, seed: UInt64(seed)), calibration: ModelTestTexts.calibration)
        }
        let ensemble = try load(try EnsembleModel.file(memberFiles: try models.map { m in try fileBytes { try m.write(to: $0) } }))
        let engine = try #require(try ensemble.makeEngine(kernels: .best))
        let members = try models.map { try $0.engine(kernels: .best) }
        for text in ModelTestTexts.test.prefix(8) {
            let ws = engine.makeWorkspace()
            try engine.run(text, workspace: ws)
            let mws = members.map { $0.makeWorkspace() }
            for (m, w) in zip(members, mws) { try m.run(text, workspace: w) }
            let mean = (0..<3).map { (mws[0].logits[$0] + mws[1].logits[$0]) / 2 }
            #expect(Array(ws.probabilities) == probabilities(mean, multiLabel: true))
        }
    }

    @Test func membersThatCannotVoteTogetherAreRefused() throws {
        let pair = try pqrnnPair()
        let int8 = try pair.map { m in try fileBytes { try m.1.write(to: $0) } }
        let float = try fileBytes { try pair[0].0.write(to: $0) }
        let prado = try fileBytes { url in
            try Int8Model.quantize(try FloatModel.random(config: ModelTestConfigs.prado, seed: 12), calibration: ModelTestTexts.calibration).write(to: url)
        }
        let nested = try EnsembleModel.file(memberFiles: int8)
        for (files, needle) in [([int8[0]], "2...16 members, not 1"),
                                ([int8[0], float], "member 1 is float32, unlike the int8 of member 0"),
                                ([int8[0], prado], "member 1 has labels toxic,insult,threat, not the neg,pos of member 0"),
                                ([int8[0], nested], "member 1 is itself an ensemble"),
                                ([int8[0], Data(int8[1].prefix(100))], "tensor 'member.1'")] {
            #expect { try EnsembleModel.file(memberFiles: files) } throws: { "\($0)".contains(needle) }
        }
        // A file that lost a member, or holds one of another dtype, says so.
        var w = SafeTensorsWriter(metadata: [ModelFileKeys.format: EnsembleModel.formatName])
        w.add("member.0", [UInt8](int8[0]), shape: [int8[0].count])
        w.add("member.2", [UInt8](int8[1]), shape: [int8[1].count])
        #expect { try ModelFile.load(try SafeTensorsFile(bytes: try w.bytes())) } throws: { "\($0)".contains("tensor 'member.1' is missing") }
        var wrong = SafeTensorsWriter(metadata: [ModelFileKeys.format: EnsembleModel.formatName])
        wrong.add("member.0", [UInt8](int8[0]), shape: [int8[0].count])
        wrong.add("member.1", [Int32](repeating: 0, count: 4), shape: [4])
        #expect { try ModelFile.load(try SafeTensorsFile(bytes: try wrong.bytes())) } throws: { "\($0)".contains("a member is a U8 tensor") }
    }
}
