import Foundation
import Testing
import TernModels

/// `tern ensemble` end to end: two trained members become one file that
/// predicts, inspects and evaluates like any model, with a metrics JSON; and
/// members or data that would give a wrong file or figure are refused
/// before anything is written.
@Suite(.serialized) struct EnsembleCommandTests {
    @Test func trainedMembersBecomeOneScoredModel() throws {
        let dir = try TrainCommandTests.makeDataset()
        defer { try? FileManager.default.removeItem(at: dir) }
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
        let sizes = TrainCommandTests.tinyPRADO(threads: 1)
        for (name, seed, rate) in [("a", "1", "0.01"), ("b", "1", "0.005"), ("c", "2", "0.01")] {
            let r = try CLI.run(["train", "--data", dir.path, "--epochs", "2", "--seed", seed, "--out", path("\(name).safetensors")]
                                + sizes + ["--learning-rate", rate])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let made = try CLI.run(["ensemble", path("a.safetensors"), path("b.safetensors"), "--data", dir.path, "--out", path("e.safetensors")])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("ensemble of 2 prado models"), "\(made.stdout)")
        #expect(FileManager.default.fileExists(atPath: path("e.f32.safetensors")))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path("e.json")))) as! [String: Any]
        #expect((json["members"] as? [[String: Any]])?.count == 2)
        #expect((json["command"] as? String)?.hasPrefix("tern ensemble ") == true)
        let a = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path("a.json")))) as! [String: Any]
        #expect(json["int8Bytes"] as? Int == 2 * (a["int8Bytes"] as! Int))
        // The JSON's test figure is `tern eval`'s on the file.
        let eval = try CLI.run(["eval", "--model", path("e.safetensors"), "--data", dir.path, "--format", "json"])
        #expect(eval.status == 0, "\(eval.stderr)")
        let e = try JSONSerialization.jsonObject(with: Data(eval.stdout.utf8)) as! [String: Any]
        let test = ((json["test"] as! [String: Any])["int8"] as! [String: Any])
        #expect(e["accuracy"] as? Double == test["accuracy"] as? Double)
        let predict = try CLI.run(["predict", "--model", path("e.safetensors"), "the film was great"])
        #expect(predict.status == 0 && predict.stdout.split(separator: "\n").count == 1, "\(predict.stderr)")
        let inspect = try CLI.run(["inspect", path("e.safetensors")])
        #expect(inspect.stdout.contains("ensemble of 2 prado models (int8), logits averaged") && inspect.stdout.contains("member 1:"), "\(inspect.stdout)")

        // Refused with one line, nothing written.
        let out = path("x.safetensors")
        let (sgnn, _) = try ModelCommandTests.makeModel()
        defer { try? FileManager.default.removeItem(at: sgnn) }
        for (args, needle) in [
            ([path("a.safetensors"), sgnn.path],
             "cannot join these members (member 0 is \(path("a.safetensors")), member 1 is \(sgnn.path)): member 1 is sgnn, unlike the prado of member 0"),
            ([path("a.safetensors")], "an ensemble takes 2...16 member files, not 1"),
            ([path("a.safetensors"), path("c.safetensors"), "--data", dir.path], "held out different dev splits (seeds 1, 2)"),
            ([path("a.safetensors"), path("b.f32.safetensors")], "an ensemble is made of int8 model files; this one is float32"),
            ([path("a.safetensors"), path("missing.safetensors")], "missing.safetensors: no such file"),
            ([path("a.safetensors"), path("b.json")], "b.json: header length"),
            ([path("a.safetensors"), path("e.safetensors")], "this one is ensemble"),
        ] {
            let r = try CLI.run(["ensemble", "--out", out] + args)
            #expect(r.status != 0 && r.stderr.split(separator: "\n").count == 1 && r.stderr.contains(needle), "\(args): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out), "\(args)")
        }
        // --out onto a member (or its twin) would lose it: refused, the member as it was.
        let member = try Data(contentsOf: URL(fileURLWithPath: path("a.safetensors")))
        for target in [path("a.safetensors"), path("b.f32.safetensors")] {
            let r = try CLI.run(["ensemble", "--out", target, path("a.safetensors"), path("b.safetensors")])
            #expect(r.status != 0 && r.stderr.contains("would be written over \(target), an input of this run"), "\(r.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path("a.safetensors"))) == member)
    }
}
