import Foundation
import Testing
import TernModels

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
        // A file alone, away from its train.tsv, scores the same.
        let alone = FileManager.default.temporaryDirectory.appendingPathComponent("tern-eval-\(UUID().uuidString).tsv")
        defer { try? FileManager.default.removeItem(at: alone) }
        try FileManager.default.copyItem(at: dir.appendingPathComponent("test.tsv"), to: alone)
        let file = try CLI.run(["eval", "--model", model, "--data", alone.path])
        #expect(file.status == 0, "\(file.stderr)")
        #expect(file.stdout.dropFirst(alone.deletingPathExtension().lastPathComponent.count)
                == text.stdout.dropFirst("test".count), "\(file.stdout)")
        // The same file through a pipe (its size unknown to the file system) scores the same.
        let piped = try CLI.run(["eval", "--model", model, "--data", "/dev/stdin"], stdin: Array(try Data(contentsOf: alone)))
        #expect(piped.status == 0 && piped.stdout.dropFirst("stdin".count) == text.stdout.dropFirst("test".count), "\(piped.stderr)")
        // A text with two labels has no single right answer for this single-label model: refused, not scored.
        try Data("pos,neg\tthe film was great and awful indeed\npos\tthe film was great and fine indeed\n".utf8).write(to: alone)
        let several = try CLI.run(["eval", "--model", model, "--data", alone.path])
        #expect(several.status != 0 && several.stderr == "tern: \(alone.path) has texts with several labels ('pos,neg'); the model is single-label\n",
                "\(several.stderr)")
        let predict = try CLI.run(["predict", "--model", model, "the film was superb and great indeed"])
        #expect(predict.stdout.hasPrefix("pos\t"), "\(predict.stdout)")
    }

    /// `tern train` with no hyper-parameter trains what the shared sets' dev
    /// selections chose (Sources/TernTraining/README.md, "Defaults"): at most
    /// 30 epochs, patience 4, decay every 4000 steps; pQRNN at 64 / 64 / 1
    /// with dropout 0.3, PRADO at dropout 0.5. A changed default fails here.
    @Test func defaultsAreWhatTheSharedSetsChose() throws {
        let dir = try Self.makeDataset()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (arch, dropout, shape) in [("prado", 0.5, "prado: embedding 64, heads 2-gram x 64, 3-gram x 64"),
                                       ("pqrnn", 0.3, "pqrnn: bottleneck 64, state 64, 1 bidirectional layers")] {
            let model = dir.appendingPathComponent("\(arch).safetensors").path
            let train = try CLI.run(["train", "--arch", arch, "--data", dir.path, "--out", model])
            #expect(train.status == 0, "\(train.stderr)")
            let metrics = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("\(arch).json"))) as! [String: Any]
            let options = metrics["options"] as! [String: Any]
            #expect(options["epochs"] as? Int == 30 && options["patience"] as? Int == 4 && options["decaySteps"] as? Int == 4000, "\(options)")
            #expect((options["dropout"] as? Double).map { abs($0 - dropout) < 1e-6 } == true, "\(arch): \(options)")
            let inspect = try CLI.run(["inspect", model])
            #expect(inspect.stdout.contains(shape), "\(inspect.stdout)")
        }
    }

    /// Batch norm, then quantization-aware training of weights and
    /// activations from epoch 4, through the command: the model learns, the
    /// metrics file records both options, and the engine's int8 figures are
    /// the float model's.
    @Test func batchNormThenQuantizationAwareTraining() throws {
        let dir = try Self.makeDataset()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("q.safetensors").path
        let train = try CLI.run(["train", "--arch", "pqrnn", "--data", dir.path, "--epochs", "6", "--batch-size", "8", "--patience", "6",
                                 "--bottleneck", "8", "--state", "6", "--layers", "1", "--feature-size", "64", "--learning-rate", "0.01",
                                 "--distortion", "0", "--dropout", "0", "--threads", "2", "--batch-norm", "--qat-from-epoch", "4", "--out", model])
        #expect(train.status == 0, "\(train.stderr)")
        let metrics = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("q.json"))) as! [String: Any]
        let options = metrics["options"] as! [String: Any]
        #expect(options["batchNorm"] as? Bool == true && options["qatActivations"] as? Bool == true && options["qatFromEpoch"] as? Int == 4)
        let test = metrics["test"] as! [String: Any]
        let int8 = (test["int8"] as! [String: Any])["accuracy"] as! Double, float = (test["float"] as! [String: Any])["accuracy"] as! Double
        #expect(int8 > 0.9 && abs(int8 - float) <= 0.03, "int8 \(int8), float \(float)")
    }

    /// `tern train` takes every projection option `tern project` takes (one
    /// shared group), and the model file keeps them.
    @Test func everyProjectionOptionReachesTheModel() throws {
        let dir = try Self.makeDataset()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("p.safetensors").path
        let train = try CLI.run(["train", "--data", dir.path, "--epochs", "1", "--embedding", "8", "--heads", "2:8", "--feature-size", "64",
                                 "--bos", "--eos", "--word-novelty-bits", "2", "--doc-size-levels", "4", "--byte-sign", "unsigned",
                                 "--threads", "1", "--out", model])
        #expect(train.status == 0, "\(train.stderr)")
        let inspect = try CLI.run(["inspect", model])
        #expect(inspect.stdout.contains("projection: F 64, split on space, byte sign unsigned, BOS, EOS, novelty bits 2, doc size levels 4"),
                "\(inspect.stdout)")
    }

    /// A PRADO small enough to train in a second on `makeDataset()`, without
    /// the random parts (distortion, dropout) that would blur what a test compares.
    static func tinyPRADO(threads: Int) -> [String] {
        ["--embedding", "8", "--heads", "2:8", "--feature-size", "64", "--batch-size", "8", "--threads", "\(threads)",
         "--distortion", "0", "--dropout", "0", "--learning-rate", "0.01"]
    }

    /// Transfer: a run started from another model's float layers keeps the
    /// frozen ones exactly, trains the others, starts the classifier afresh
    /// when asked, and refuses a source that does not fit with one line.
    @Test func initFromCopiesFreezesAndRefusesWhatDoesNotFit() throws {
        let dir = try Self.makeDataset()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sizes = Self.tinyPRADO(threads: 1)
        let source = dir.appendingPathComponent("source.safetensors").path
        let first = try CLI.run(["train", "--data", dir.path, "--epochs", "2", "--out", source] + sizes)
        #expect(first.status == 0, "\(first.stderr)")
        let sourceFloat = dir.appendingPathComponent("source.f32.safetensors").path
        let tuned = dir.appendingPathComponent("tuned.safetensors").path
        let second = try CLI.run(["train", "--data", dir.path, "--epochs", "2", "--init-from", sourceFloat, "--freeze", "values,keys",
                                  "--reinit", "classifier", "--seed", "9", "--out", tuned] + sizes)
        #expect(second.status == 0, "\(second.stderr)")
        func float(_ path: String) throws -> FloatModel<PRADOConfig> {
            try #require(try ModelFile.load(contentsOf: URL(fileURLWithPath: path)) as? FloatModel<PRADOConfig>)
        }
        let a = try float(sourceFloat), b = try float(dir.appendingPathComponent("tuned.f32.safetensors").path)
        for frozen in ["values", "keys"] { #expect(a[frozen].weights == b[frozen].weights && a[frozen].bias == b[frozen].bias, "\(frozen)") }
        #expect(a["head0.values"].weights != b["head0.values"].weights)
        #expect(a["classifier"].weights != b["classifier"].weights)
        let metrics = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("tuned.json"))) as! [String: Any]
        let options = metrics["options"] as! [String: Any]
        #expect(options["initFrom"] as? String == sourceFloat && options["freeze"] as? [String] == ["values", "keys"])

        let out = dir.appendingPathComponent("x.safetensors").path
        for (args, needle) in [
            (["--init-from", source], "float32"),
            (["--init-from", sourceFloat, "--embedding", "16"], "--reinit"),
            (["--init-from", sourceFloat, "--feature-size", "32"], "projection options"),
            (["--init-from", sourceFloat, "--reinit", "nope"], "--reinit nope"),
            (["--freeze", "nope"], "--freeze nope"),
            (["--reinit", "classifier"], "--reinit needs --init-from"),
        ] {
            let r = try CLI.run(["train", "--data", dir.path, "--epochs", "1", "--out", out] + sizes + args)
            #expect(r.status != 0 && r.stderr.split(separator: "\n").count == 1 && r.stderr.contains(needle), "\(args): \(r.stderr)")
        }
    }

    /// Distillation through the command: a teacher's soft targets and its
    /// labels of unlabeled texts (a test text among them dropped); the
    /// options are recorded; a teacher that cannot serve is one line.
    @Test func distillsFromATeacherWithUnlabeledTexts() throws {
        let dir = try Self.makeDataset()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sizes = Self.tinyPRADO(threads: 2)
        let teacher = dir.appendingPathComponent("teacher.safetensors").path
        #expect(try CLI.run(["train", "--data", dir.path, "--epochs", "3", "--out", teacher] + sizes).status == 0)
        let unlabeled = dir.appendingPathComponent("unlabeled.txt")
        let test = try String(contentsOf: dir.appendingPathComponent("test.tsv"), encoding: .utf8).split(separator: "\n")[0].split(separator: "\t")[1]
        try "a superb and lovely film\na dire and poor film\n\(test)\n".write(to: unlabeled, atomically: true, encoding: .utf8)
        let student = dir.appendingPathComponent("student.safetensors").path
        let r = try CLI.run(["train", "--data", dir.path, "--epochs", "3", "--teacher", dir.appendingPathComponent("teacher.f32.safetensors").path,
                             "--temperature", "2", "--soft-weight", "0.7", "--unlabeled", unlabeled.path, "--out", student] + sizes)
        #expect(r.status == 0 && r.stderr.contains("2 unlabeled texts") && r.stderr.contains("1 equal to a test or dev text dropped"), "\(r.stderr)")
        let metrics = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("student.json"))) as! [String: Any]
        let d = (metrics["options"] as! [String: Any])["distillation"] as? [String: Any]
        #expect(d?["softWeight"] as? Double == 0.7 && (d?["teachers"] as? [String])?.count == 1, "\(metrics["options"] ?? "")")
        #expect((((metrics["test"] as! [String: Any])["int8"] as! [String: Any])["accuracy"] as! Double) > 0.9)
        for (args, needle) in [(["--teacher", teacher], "float32"), (["--unlabeled", unlabeled.path], "--unlabeled needs --teacher"),
                               (["--teacher", teacher + ".none"], "--teacher")] {
            let bad = try CLI.run(["train", "--data", dir.path, "--epochs", "1", "--out", student] + sizes + args)
            #expect(bad.status != 0 && bad.stderr.split(separator: "\n").count == 1 && bad.stderr.contains(needle), "\(args): \(bad.stderr)")
        }
    }

    /// A teacher computed elsewhere, as a logits table: the student learns
    /// from it through the command; a table that misses a text distilled on
    /// is one line.
    @Test func distillsFromALogitsTable() throws {
        let dir = try Self.makeDataset()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rows = try String(contentsOf: dir.appendingPathComponent("train.tsv"), encoding: .utf8).split(separator: "\n")
            .map { $0.split(separator: "\t", maxSplits: 1) }.map { (String($0[0]), String($0[1])) }
        let unlabeled = dir.appendingPathComponent("unlabeled.txt")
        try "a superb and lovely film\na dire and poor film\n".write(to: unlabeled, atomically: true, encoding: .utf8)
        func logits(_ label: String) -> String { label == "pos" ? "-3,-0.05" : "-0.05,-3" }
        let lines = rows.map { "\(logits($0.0))\t\($0.1)" } + ["\(logits("pos"))\ta superb and lovely film", "\(logits("neg"))\ta dire and poor film"]
        let table = dir.appendingPathComponent("teacher.tsv")
        try (["#labels\tneg,pos"] + lines).joined(separator: "\n").write(to: table, atomically: true, encoding: .utf8)
        let student = dir.appendingPathComponent("student.safetensors").path
        let options = ["train", "--data", dir.path, "--epochs", "3", "--unlabeled", unlabeled.path, "--out", student] + Self.tinyPRADO(threads: 2)
        let r = try CLI.run(options + ["--teacher", table.path])
        #expect(r.status == 0, "\(r.stderr)")
        let metrics = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("student.json"))) as! [String: Any]
        #expect((((metrics["test"] as! [String: Any])["int8"] as! [String: Any])["accuracy"] as! Double) > 0.9)
        try (["#labels\tneg,pos"] + lines.dropLast(2)).joined(separator: "\n").write(to: table, atomically: true, encoding: .utf8)
        let bad = try CLI.run(options + ["--teacher", table.path])
        // The unlabeled texts' count comes first; the error is the one line after it.
        let error = bad.stderr.split(separator: "\n").dropFirst()
        #expect(bad.status != 0 && error.count == 1 && error.first!.contains("no logits for 2 of the 218 texts"), "\(bad.stderr)")
    }

    @Test func sgnnTrainsThenPredicts() throws {
        let dir = try Self.makeDataset()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("s.safetensors").path
        let train = try CLI.run(["train", "--arch", "sgnn", "--data", dir.path, "--epochs", "6", "--batch-size", "8", "--projection-size", "60",
                                 "--hidden", "16", "--learning-rate", "0.01", "--dropout", "0", "--threads", "2", "--out", model])
        #expect(train.status == 0, "\(train.stderr)")
        let metrics = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("s.json"))) as! [String: Any]
        #expect(metrics["architecture"] as? String == "sgnn")
        let test = (metrics["test"] as! [String: Any])["int8"] as! [String: Any]
        #expect((test["accuracy"] as! Double) > 0.9, "\(test)")
        let predict = try CLI.run(["predict", "--model", model, "the film was superb and great indeed"])
        #expect(predict.stdout.hasPrefix("pos\t"), "\(predict.stdout)")
        let inspect = try CLI.run(["inspect", model])
        #expect(inspect.stdout.contains("sgnn"), "\(inspect.stdout)")
    }

    /// A growing log file's text. (Foundation's Data(contentsOf:) leaks its
    /// buffer on a file that grows while it reads; LeakSanitizer saw it.)
    static func read(_ url: URL) -> String {
        guard let handle = FileHandle(forReadingAtPath: url.path) else { return "" }
        defer { try? handle.close() }
        return String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
    }

    /// A set the model keeps moving on: sentiment words mixed with neutral
    /// ones, and one label in six flipped. With the options below dev
    /// accuracy goes 0.83, ..., 0.77, ..., 0.85 (epoch 6, the kept model)
    /// and training loss falls to epoch 10. (On the clean set dev accuracy
    /// is 1.0 from epoch 1, so the kept model would be epoch 1's and a
    /// broken resume could not show.)
    static func makeNoisyDataset() throws -> URL {
        let dir = try makeDataset()
        let good = ["great", "lovely", "superb", "fine"], bad = ["awful", "dire", "poor", "dreadful"]
        let neutral = ["plain", "odd", "long", "loud", "the", "film", "story", "cast"]
        func lines(_ n: Int, _ first: Int) -> String {
            (first..<(first + n)).map { i in
                var pos = i % 2 == 0
                let w = pos ? good : bad
                let words = [w[(i * 3) % 4], neutral[(i * 5) % 8], neutral[(i * 7 + 1) % 8], i % 3 != 0 ? w[(i / 4) % 4] : neutral[(i / 2) % 8]]
                if i % 6 == 1 { pos.toggle() }
                return "\(pos ? "pos" : "neg")\tit was \(words[0]) \(words[1]) and \(words[2]) \(words[3])"
            }.joined(separator: "\n") + "\n"
        }
        try Data(lines(240, 0).utf8).write(to: dir.appendingPathComponent("train.tsv"))
        try Data(lines(60, 2000).utf8).write(to: dir.appendingPathComponent("dev.tsv"))
        return dir
    }

    /// Each epoch's step count, training loss and dev metric from a run's metrics file (times left out).
    static func epochLog(_ model: URL) throws -> [[String]] {
        let metrics = model.deletingPathExtension().appendingPathExtension("json")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: metrics)) as? [String: Any]
        let epochs = json?["epochs"] as? [[String: Any]] ?? []
        return epochs.map { e in ["epoch", "steps", "trainLoss", "devMetric"].map { "\(e[$0] ?? "absent")" } }
    }

    /// kill -9 in the middle of an epoch that still changes the model, then
    /// --resume: the run finishes with the very model file an uninterrupted
    /// run writes, and every epoch's training loss and dev metric are the
    /// uninterrupted run's to the last bit (a resume that lost the Adam
    /// moments, a generator or the step position would change them).
    @Test func killedTrainingResumesToTheSameModel() throws {
        let dir = try Self.makeNoisyDataset()
        defer { try? FileManager.default.removeItem(at: dir) }
        let options = ["train", "--data", dir.path, "--epochs", "10", "--batch-size", "8", "--patience", "10", "--embedding", "8",
                       "--heads", "2:8", "--feature-size", "64", "--learning-rate", "0.01", "--distortion", "0.1", "--dropout", "0.1",
                       "--threads", "2", "--checkpoint-every", "4"]
        let whole = dir.appendingPathComponent("whole.safetensors"), killed = dir.appendingPathComponent("killed.safetensors")
        let uninterrupted = try CLI.run(options + ["--out", whole.path])
        #expect(uninterrupted.status == 0, "\(uninterrupted.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("whole.ckpt").path), "the checkpoint of a finished run is removed")

        let log = dir.appendingPathComponent("killed.log")
        let p = try CLI.launch(options + ["--out", killed.path], log: log)
        let deadline = Date().addingTimeInterval(120)
        while !Self.read(log).contains("epoch 3:") && p.isRunning && Date() < deadline {
            usleep(5_000)
        }
        usleep(30_000)   // into epoch 4, past a checkpoint or two inside it
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal, "the run ended before it could be killed: \(Self.read(log))")
        #expect(!FileManager.default.fileExists(atPath: killed.path))
        let checkpoint = dir.appendingPathComponent("killed.ckpt")
        #expect(FileManager.default.fileExists(atPath: checkpoint.path))

        // Starting afresh over an interrupted run's checkpoint is refused.
        let fresh = try CLI.run(options + ["--out", killed.path])
        #expect(fresh.status != 0 && fresh.stderr.contains("pass --resume"), "\(fresh.stderr)")
        // Other options than the checkpoint's are refused, naming the option.
        var changed = options + ["--out", killed.path, "--resume"]
        changed[changed.firstIndex(of: "0.01")!] = "0.02"
        let other = try CLI.run(changed)
        #expect(other.status != 0 && other.stderr.contains("option learningRate"), "\(other.stderr)")

        let resumed = try CLI.run(options + ["--out", killed.path, "--resume"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(!resumed.stderr.contains("epoch 1:"), "the resumed run started over: \(resumed.stderr)")
        #expect(try Data(contentsOf: killed) == Data(contentsOf: whole), "the resumed model differs from the uninterrupted one")
        let wholeLog = try Self.epochLog(whole), resumedLog = try Self.epochLog(killed)
        #expect(wholeLog.count == 10 && resumedLog == wholeLog, "epochs differ:\n\(wholeLog)\n\(resumedLog)")
        // The data keep the model moving: the best dev metric comes after the kill (epoch 4).
        let dev = wholeLog.compactMap { Double($0[3]) }
        #expect(dev.count == 10 && dev.firstIndex(of: dev.max()!)! >= 4, "the kept model is from before the kill: \(wholeLog)")
        #expect(try Data(contentsOf: dir.appendingPathComponent("killed.f32.safetensors"))
                == Data(contentsOf: dir.appendingPathComponent("whole.f32.safetensors")))
    }

    @Test func corruptCheckpointsAreRefused() throws {
        let dir = try Self.makeDataset()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("m.safetensors").path
        let checkpoint = dir.appendingPathComponent("m.ckpt")
        let missing = try CLI.run(["train", "--data", dir.path, "--out", model, "--resume"])
        #expect(missing.status != 0 && missing.stderr.contains("no checkpoint to resume from"), "\(missing.stderr)")
        let options = ["train", "--data", dir.path, "--out", model, "--epochs", "1", "--embedding", "8", "--heads", "2:8",
                       "--feature-size", "64", "--checkpoint-every", "5", "--threads", "1"]
        // A real checkpoint (a run killed once it wrote one), then damaged.
        try CLI.killOnceWritten(options + ["--epochs", "40", "--patience", "40"], file: checkpoint)
        let good = try Data(contentsOf: checkpoint)
        var flipped = good
        flipped[good.count / 2] ^= 0x01
        for (bytes, needle) in [(flipped, "is corrupt"), (good.prefix(good.count - 100), "is truncated"), (Data("junk".utf8), "not a Tern training checkpoint")] {
            try bytes.write(to: checkpoint)
            let r = try CLI.run(options + ["--epochs", "40", "--patience", "40", "--resume"])
            #expect(r.status != 0 && r.stderr.split(separator: "\n").count == 1 && r.stderr.contains(needle), "\(needle): \(r.stderr)")
            #expect(try Data(contentsOf: checkpoint) == bytes, "a refused checkpoint must be left as it was")
        }
    }

    @Test func badTrainingInputsGiveOneLineErrors() throws {
        let dir = try Self.makeDataset()
        defer { try? FileManager.default.removeItem(at: dir) }
        let oneLabel = FileManager.default.temporaryDirectory.appendingPathComponent("tern-one-label-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: oneLabel, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: oneLabel) }
        try Data("spam\tbuy now\nspam\tfree money\n".utf8).write(to: oneLabel.appendingPathComponent("train.tsv"))
        let folderNamedTrain = FileManager.default.temporaryDirectory.appendingPathComponent("tern-odd-set-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folderNamedTrain.appendingPathComponent("train.tsv"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folderNamedTrain) }
        let trainBefore = try Data(contentsOf: dir.appendingPathComponent("train.tsv"))
        let testBefore = try Data(contentsOf: dir.appendingPathComponent("test.tsv"))
        defer {
            #expect((try? Data(contentsOf: dir.appendingPathComponent("train.tsv"))) == trainBefore, "train.tsv changed")
            #expect((try? Data(contentsOf: dir.appendingPathComponent("test.tsv"))) == testBefore, "test.tsv changed")
        }
        let trainTSV = dir.appendingPathComponent("train.tsv").path, testTSV = dir.appendingPathComponent("test.tsv").path
        let cases: [([String], String)] = [
            (["train", "--data", "/nonexistent/set", "--out", "/tmp/x.safetensors"], "does not exist"),
            (["train", "--data", oneLabel.path, "--out", "/tmp/x.safetensors"], "train.tsv has 1 label ('spam'); a classifier needs 2...4096"),
            (["train", "--data", folderNamedTrain.path, "--out", "/tmp/x.safetensors"],
             "cannot read \(folderNamedTrain.path)/train.tsv: Is a directory"),
            // A slip of --out onto the data: refused before anything is written (the file is checked below).
            (["train", "--data", dir.path, "--out", trainTSV], "the model (--out) would be written over \(trainTSV), an input of this run"),
            (["train", "--data", dir.path, "--out", "/tmp/x.safetensors", "--checkpoint", testTSV], "the checkpoint would be written over"),
            (["train", "--data", dir.path, "--out", "/tmp/x.safetensors", "--arch", "sgnn", "--hidden", "8,0"], "--hidden '0'"),
            (["train", "--data", dir.path, "--out", "/tmp/x.safetensors", "--arch", "sgnn", "--ngram-order", "4", "--projection-size", "5"], "--ngram-order"),
            (["train", "--data", dir.path, "--out", "/tmp/x.safetensors", "--heads", "9:4"], "the options make no valid model: head 0"),
            (["train", "--data", dir.path, "--out", "/tmp/x.safetensors", "--feature-size", "5000"],
             "the options make no valid model: projection: feature size 5000"),
            (["train", "--data", dir.path, "--out", "/tmp/x.safetensors", "--dropout", "1.5"], "--dropout"),
            (["train", "--data", dir.path, "--out", "/tmp/x.safetensors", "--threads", "5000"], "--threads 5000 is not in 1...256"),
            (["train", "--data", dir.path, "--out", "/tmp/x.safetensors", "--qat-from-epoch", "0"], "--qat-from-epoch"),
            (["train", "--data", dir.path, "--out", "/tmp/x.safetensors", "--zoneout", "0.1"], "--arch pqrnn"),
            (["train", "--data", dir.path, "--out", "/tmp/x.safetensors", "--arch", "pqrnn", "--zoneout", "1"], "--zoneout"),
            (["train", "--data", dir.path, "--out", "/tmp/x.safetensors", "--arch", "sgnn", "--batch-norm"], "--batch-norm"),
            (["train", "--data", dir.path, "--out", "/tmp/x.safetensors", "--qat-weights-only"], "--qat-weights-only needs --qat-from-epoch"),
            (["train", "--data", dir.path, "--out", "/tmp/x.safetensors", "--word-novelty-bits", "9"], "novelty bits 9"),
            (["eval", "--model", "/nonexistent/m.safetensors", "--data", dir.path], "no such file"),
        ]
        for (args, needle) in cases {
            let r = try CLI.run(args)
            #expect(r.status != 0)
            #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.contains(needle), "\(args): \(r.stderr)")
        }
    }
}
