import Foundation
import Testing

/// `tern train` when its writes fail: a full disk (a file-size limit, which
/// fails a write as a full disk does, with no root or mount needed), a
/// read-only folder, and an output folder removed while the run goes on.
/// Each must end the run with one line on stderr naming the path, leave
/// every file that was there before byte for byte, and leave no partial or
/// temporary file behind. The writes are `DurableFile.write` (temporary file
/// in the same folder, fsync, rename), so these are its failure paths as a
/// user meets them.
@Suite(.serialized) struct WriteFaultTests {
    static let training = ["train", "--epochs", "3", "--batch-size", "8", "--patience", "3", "--embedding", "8",
                           "--heads", "2:8", "--feature-size", "64", "--learning-rate", "0.01", "--threads", "2"]

    /// Every regular file under `dir` (relative path -> bytes).
    static func snapshot(_ dir: URL) -> [String: Data] {
        var files: [String: Data] = [:]
        guard let walker = FileManager.default.enumerator(atPath: dir.path) else { return files }
        while let path = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let full = dir.appendingPathComponent(path).path
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[path] = FileManager.default.contents(atPath: full) ?? Data()
            }
        }
        return files
    }

    /// The run failed as it should: not a signal, exit status 1, and its last
    /// stderr line (after the epoch lines) is the one error line, naming what
    /// could not be written.
    static func expectOneLineWriteError(_ r: CLI.Result, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(r.status == 1, "\(what): exit status \(r.status): \(r.stderr)", sourceLocation: sourceLocation)
        let lines = r.stderr.split(separator: "\n")
        let errors = lines.filter { $0.hasPrefix("tern:") && !$0.hasPrefix("tern: epoch ") }
        #expect(errors.count == 1 && lines.last == errors.first && errors[0].hasPrefix("tern: cannot write /"),
                "\(what): \(r.stderr)", sourceLocation: sourceLocation)
    }

    /// Files after a failed run: those from before unchanged; new ones only
    /// where `allowedNew` says (a checkpoint written before the failure);
    /// no temporary files (their names start with a dot).
    static func expectNothingLost(before: [String: Data], after: [String: Data], allowedNew: (String) -> Bool = { _ in false },
                                  sourceLocation: SourceLocation = #_sourceLocation) {
        for (name, bytes) in before {
            #expect(after[name] == bytes, "\(name) changed or vanished", sourceLocation: sourceLocation)
        }
        for name in after.keys where before[name] == nil {
            #expect(allowedNew(name) && !(name.split(separator: "/").last ?? "").hasPrefix("."),
                    "left behind: \(name)", sourceLocation: sourceLocation)
        }
    }

    /// A full disk while resuming: the first write is a checkpoint over the
    /// interrupted run's own, so a write that truncated the old file, or
    /// removed it on failure, would lose the run. Nothing is lost, and once
    /// there is room the same command finishes.
    @Test func aFullDiskLosesNeitherTheModelNorTheCheckpoint() throws {
        let dir = try TrainCommandTests.makeDataset()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("m.safetensors"), checkpoint = dir.appendingPathComponent("m.ckpt")
        let first = try CLI.run(Self.training + ["--data", dir.path, "--seed", "1", "--out", model.path])
        #expect(first.status == 0, "\(first.stderr)")
        // Another seed, many epochs, a checkpoint every step: killed while it runs.
        var second = Self.training + ["--data", dir.path, "--seed", "2", "--out", model.path, "--checkpoint-every", "1"]
        second[second.firstIndex(of: "--epochs")! + 1] = "40"
        try CLI.killOnceWritten(second, file: checkpoint)
        let before = Self.snapshot(dir)
        #expect(before["m.ckpt"].map { $0.count > 1024 } == true && before["m.safetensors"] != nil, "\(before.keys.sorted())")

        // `ulimit -f 1`: no file may grow past 512 bytes, so the next write
        // fails part way, as on a full disk.
        let limited = ["-c", "ulimit -f 1 && exec \"$0\" \"$@\"", CLI.binary.path] + second + ["--resume"]
        let full = try CLI.run(limited, executable: URL(fileURLWithPath: "/bin/sh"))
        Self.expectOneLineWriteError(full, "past the file-size limit")
        #expect(full.stderr.contains("File too large"), "\(full.stderr)")
        Self.expectNothingLost(before: before, after: Self.snapshot(dir))

        let room = try CLI.run(second + ["--resume"])
        #expect(room.status == 0, "the kept checkpoint does not resume: \(room.stderr)")
        #expect(try Data(contentsOf: model) != before["m.safetensors"], "the resumed run wrote no new model")
    }

    @Test func aReadOnlyFolderKeepsThePreviousModel() throws {
        let dir = try TrainCommandTests.makeDataset()
        let outputs = dir.appendingPathComponent("models"), writable = dir.appendingPathComponent("checkpoints")
        try FileManager.default.createDirectory(at: outputs, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: writable, withIntermediateDirectories: true)
        defer {
            chmod(outputs.path, 0o755)
            try? FileManager.default.removeItem(at: dir)
        }
        let model = outputs.appendingPathComponent("m.safetensors")
        let first = try CLI.run(Self.training + ["--data", dir.path, "--seed", "1", "--out", model.path])
        #expect(first.status == 0, "\(first.stderr)")
        let before = Self.snapshot(outputs)
        #expect(before.count >= 3, "\(before.keys.sorted())")
        #expect(chmod(outputs.path, 0o555) == 0)
        // Permissions do not bind root: as root, the runs drop to `nobody`
        // (setpriv), who may read the data and the binary but not write here.
        // Its checkpoint folder is its own.
        let asRoot = geteuid() == 0
        if asRoot { #expect(chown(writable.path, 65534, 65534) == 0) }
        func run(_ arguments: [String]) throws -> CLI.Result {
            guard asRoot else { return try CLI.run(arguments) }
            return try CLI.run(["--reuid=65534", "--regid=65534", "--clear-groups", CLI.binary.path] + arguments,
                               executable: URL(fileURLWithPath: "/usr/bin/setpriv"))
        }

        // The first write is the checkpoint beside the model.
        let atCheckpoint = try run(Self.training + ["--data", dir.path, "--seed", "2", "--out", model.path])
        Self.expectOneLineWriteError(atCheckpoint, "checkpoint in a read-only folder")
        #expect(atCheckpoint.stderr.contains("Permission denied"), "\(atCheckpoint.stderr)")
        Self.expectNothingLost(before: before, after: Self.snapshot(outputs))

        // With the checkpoint elsewhere, the whole run trains and then the
        // model write fails.
        let atModel = try run(Self.training + ["--data", dir.path, "--seed", "2", "--out", model.path,
                                               "--checkpoint", writable.appendingPathComponent("m.ckpt").path])
        Self.expectOneLineWriteError(atModel, "model in a read-only folder")
        #expect(atModel.stderr.contains("epoch 3:"), "the run stopped before the model write: \(atModel.stderr)")
        Self.expectNothingLost(before: before, after: Self.snapshot(outputs))
    }

    @Test func anOutputFolderRemovedMidwayEndsTheRunWithOneLine() throws {
        let dir = try TrainCommandTests.makeDataset()
        defer { try? FileManager.default.removeItem(at: dir) }
        let outputs = dir.appendingPathComponent("models")
        try FileManager.default.createDirectory(at: outputs, withIntermediateDirectories: true)
        let model = outputs.appendingPathComponent("m.safetensors"), checkpoint = outputs.appendingPathComponent("m.ckpt")
        let log = dir.appendingPathComponent("run.log")
        // Many epochs and a checkpoint every step: the run is still writing when its folder goes.
        var arguments = Self.training + ["--data", dir.path, "--out", model.path, "--checkpoint-every", "1"]
        arguments[arguments.firstIndex(of: "--epochs")! + 1] = "200"
        arguments[arguments.firstIndex(of: "--patience")! + 1] = "200"
        let p = try CLI.launch(arguments, log: log)
        CLI.wait(for: checkpoint, while: p)
        let deadline = Date().addingTimeInterval(120)
        #expect(p.isRunning, "the run ended before its folder could be removed: \(TrainCommandTests.read(log))")
        // Moved away in one step (a rename), then removed once the run has ended.
        let gone = dir.appendingPathComponent("gone")
        #expect(rename(outputs.path, gone.path) == 0)
        while p.isRunning && Date() < deadline { usleep(10_000) }
        if p.isRunning { p.terminate() }
        p.waitUntilExit()
        let stderr = TrainCommandTests.read(log)
        #expect(p.terminationReason == .exit, "ended by a signal: \(stderr)")
        Self.expectOneLineWriteError(CLI.Result(status: p.terminationStatus, stdout: "", stderr: stderr), "folder removed")
        #expect(!FileManager.default.fileExists(atPath: outputs.path), "the run made its folder again")
    }
}
