import Foundation
import Testing

/// `tern train` and `tern eval` end to end on a small generated data set.
@Suite(.serialized) struct TrainCommandTests {
    static func makeDataset() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tern-train-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let good = ["great", "lovely", "superb", "fine"], bad = ["awful", "dire", "poor", "dreadful"]
        func lines(_ n: Int, _ first: Int) -> String {
            (first..<(first + n)).map { i in
                let pos = i % 2 == 0
                let words = pos ? good : bad
                return "\(pos ? "pos" : "neg")\tthe film was \(words[i % 4]) and \(words[(i / 4) % 4]) indeed"
            }.joined(separator: "\n") + "\n"
        }
        try Data(lines(240, 0).utf8).write(to: dir.appendingPathComponent("train.tsv"))
        try Data(lines(40, 1000).utf8).write(to: dir.appendingPathComponent("test.tsv"))
        return dir
    }

    @Test func trainThenEvalThenPredict() throws {
        let dir = try Self.makeDataset()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("m.safetensors").path
        let train = try CLI.run(["train", "--data", dir.path, "--epochs", "8", "--batch-size", "8", "--patience", "8", "--embedding", "8", "--heads", "2:8", "--feature-size", "64",
                                 "--learning-rate", "0.01", "--distortion", "0", "--dropout", "0", "--threads", "2", "--out", model])
        #expect(train.status == 0, "\(train.stderr)")
        #expect(train.stderr.contains("epoch 1:"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("m.f32.safetensors").path))
        let metrics = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("m.json"))) as! [String: Any]
        let test = (metrics["test"] as! [String: Any])["int8"] as! [String: Any]
        #expect((test["accuracy"] as! Double) > 0.9, "\(test)")
        let eval = try CLI.run(["eval", "--model", model, "--data", dir.path, "--format", "json"])
        #expect(eval.status == 0, "\(eval.stderr)")
        let e = try JSONSerialization.jsonObject(with: Data(eval.stdout.utf8)) as! [String: Any]
        #expect(e["accuracy"] as? Double == test["accuracy"] as? Double)
        let text = try CLI.run(["eval", "--model", model, "--data", dir.path])
        #expect(text.stdout.contains("confusion (rows: true, columns: predicted)"))
        let predict = try CLI.run(["predict", "--model", model, "the film was superb and great indeed"])
        #expect(predict.stdout.hasPrefix("pos\t"), "\(predict.stdout)")
    }

    @Test func badTrainingInputsGiveOneLineErrors() throws {
        let dir = try Self.makeDataset()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (args, needle) in [
            (["train", "--data", "/nonexistent/set", "--out", "/tmp/x.safetensors"], "does not exist"),
            (["train", "--data", dir.path, "--out", "/tmp/x.safetensors", "--arch", "sgnn"], "training sgnn is not in this build"),
            (["train", "--data", dir.path, "--out", "/tmp/x.safetensors", "--heads", "9:4"], "head 0"),
            (["train", "--data", dir.path, "--out", "/tmp/x.safetensors", "--dropout", "1.5"], "--dropout"),
            (["eval", "--model", "/nonexistent/m.safetensors", "--data", dir.path], "no such file"),
        ] {
            let r = try CLI.run(args)
            #expect(r.status != 0)
            #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.contains(needle), "\(args): \(r.stderr)")
        }
    }
}
