import Foundation
import TernKernels
import Testing

/// Runs the built `tern` executable as a user would.
struct CLI {
    static let binary: URL = {
        // The test bundle sits in the build products folder, next to `tern`.
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("tern").path), dir.path != "/" {
            dir.deleteLastPathComponent()
        }
        return dir.appendingPathComponent("tern")
    }()

    struct Result { var status: Int32; var stdout: String; var stderr: String }

    /// The `bench` executable, built next to `tern`.
    static var bench: URL { binary.deletingLastPathComponent().appendingPathComponent("bench") }

    static func run(_ args: [String], stdin: [UInt8]? = nil, environment: [String: String] = [:],
                    executable: URL = binary) throws -> Result {
        let p = Process()
        p.executableURL = executable
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "TERN_ISA")
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin)) }
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                      stderr: String(decoding: e, as: UTF8.self))
    }

    /// Starts `tern` in the background, its stderr into `log` (created empty) or nowhere.
    static func launch(_ args: [String], log: URL? = nil) throws -> Process {
        let p = Process()
        p.executableURL = binary
        p.arguments = args
        if let log {
            FileManager.default.createFile(atPath: log.path, contents: nil)
            p.standardError = try FileHandle(forWritingTo: log)
        } else {
            p.standardError = FileHandle.nullDevice
        }
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        return p
    }

    /// Waits (up to two minutes) until `file` exists or `p` has ended.
    static func wait(for file: URL, while p: Process) {
        let deadline = Date().addingTimeInterval(120)
        while !FileManager.default.fileExists(atPath: file.path) && p.isRunning && Date() < deadline { usleep(2_000) }
    }

    /// Runs `tern` with these arguments and kills it (SIGKILL) once `file`
    /// exists (a training run's checkpoint), so an interrupted run is left.
    static func killOnceWritten(_ args: [String], file: URL, log: URL? = nil,
                                sourceLocation: SourceLocation = #_sourceLocation) throws {
        let p = try launch(args, log: log)
        wait(for: file, while: p)
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal, "the run ended before it could be killed", sourceLocation: sourceLocation)
    }

    static func json(_ args: [String], stdin: [UInt8]? = nil) throws -> [String: Any] {
        let r = try run(args + ["--format", "json"], stdin: stdin)
        #expect(r.status == 0, "\(args): \(r.stderr)")
        return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] ?? [:]
    }
}

@Suite(.serialized) struct TernCLITests {
    let spec = ["--feature-size", "4", "--vocabulary", "abcdefghijklmnopqrstuvwxyz"]

    @Test func projectReproducesTheSpecVectorsAsJSON() throws {
        let hello = try CLI.json(["project", "hello", "--eos"] + spec)
        #expect(hello["features"] as? [[Int]] == [[0, 1, 1, 0], [0, 1, 0, 0]])
        #expect(hello["tokens"] as? [String] == ["hello", "<EOS>"])
        let world = try CLI.json(["project", "world"] + spec)
        #expect(world["features"] as? [[Int]] == [[0, 1, 0, 0]])
        let u8 = try CLI.json(["project", "hello", "--eos", "--word-novelty-bits", "3", "--doc-size-levels", "8",
                               "--form", "uint8"] + spec)
        #expect(u8["features"] as? [[Int]] == [[127, 255, 0, 0], [127, 255, 0, 0]])
        let perChar = try CLI.json(["project", "w", "--eos", "--no-split-on-space", "--form", "uint8"] + spec)
        #expect(perChar["features"] as? [[Int]] == [[255, 127, 255, 127], [127, 255, 127, 127]])
    }

    /// Only spaces split tokens, so a token may hold tabs and line breaks:
    /// the text format writes them escaped, one row a line, token and values
    /// apart by the one tab; JSON keeps the token as is.
    @Test func textFormatKeepsARowOnOneLine() throws {
        let text = "a\tb\nc\\d\r\ne f"
        let r = try CLI.run(["project", text, "--feature-size", "4"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = r.stdout.split(separator: "\n")
        #expect(rows.map { $0.split(separator: "\t").count } == [2, 2], "\(r.stdout)")
        #expect(rows.first?.split(separator: "\t").first == "a\\tb\\nc\\\\d\\r\\ne", "\(r.stdout)")
        let json = try CLI.json(["project", text, "--feature-size", "4"])
        #expect(json["tokens"] as? [String] == ["a\tb\nc\\d\r\ne", "f"])
    }

    @Test func defaultsAreFeatureSize512AndNoTags() throws {
        let r = try CLI.json(["project", "two words"])
        let features = r["features"] as? [[Int]] ?? []
        #expect(features.count == 2 && features.allSatisfy { $0.count == 512 })
        #expect(features.joined().allSatisfy { (-1...1).contains($0) })
        #expect((r["meta"] as? [String: String])?["byte_sign"] == "signed")
    }

    @Test func everyVariantAndByteSignGivesTheReferenceFeatures() throws {
        let text = "Ünïcode TEXT, emoji 😀 and ascii"
        for sign in ["signed", "unsigned"] {
            let ref = try CLI.json(["project", text, "--bos", "--eos", "--byte-sign", sign, "--variant", "projection_scalar_ref"])
            let isa = try CLI.run(["isa"]).stdout
            let ids = isa.split(separator: "\n").filter { $0.contains("\truns") }
                .map { String($0.split(separator: "\t")[0].trimmingCharacters(in: .whitespaces)) }
            // Never vacuous: the reference and the portable table variant run everywhere, and on this CPU
            // every projection variant of the registry at or below its level.
            let expected = ProjectionVariants.available.map(\.id)
            #expect(Set(ids) == Set(expected) && ids.count >= 2, "tern isa lists \(ids), the registry runs \(expected)")
            for id in ids {
                let v = try CLI.json(["project", text, "--bos", "--eos", "--byte-sign", sign, "--variant", id])
                #expect(v["features"] as? [[Int]] == ref["features"] as? [[Int]], "\(id) \(sign)")
            }
        }
        let signed = try CLI.json(["project", "café", "--byte-sign", "signed"])
        let unsigned = try CLI.json(["project", "café", "--byte-sign", "unsigned"])
        #expect(signed["features"] as? [[Int]] != unsigned["features"] as? [[Int]])
    }

    @Test func standardInputKeepsRawBytes() throws {
        let r = try CLI.json(["project", "-", "--eos"], stdin: [0x61, 0xFF, 0x62, 0x20, 0x00])
        #expect(r["tokens"] as? [String] == ["ab", "\u{0}", "<EOS>"])
    }

    @Test(arguments: [
        (["project", "x", "--feature-size", "0"], "feature size 0"),
        (["project", "x", "--feature-size", "4097"], "feature size 4097"),
        (["project", "x", "--word-novelty-bits", "8"], "word novelty bits 8"),
        (["project", "x", "--doc-size-levels", "17"], "doc size levels 17"),
        (["project", "   "], "no tokens"),
        (["project", "x", "--byte-sign", "middle"], "byte-sign"),
        (["project", "x", "--max-splits", "0"], "max splits 0"),
        (["project", "x", "--variant", "nope"], "unknown variant"),
        (["project", "x", "--bogus"], "--bogus"),
        (["sgnn-project", "x", "--seeds", "1,zz"], "zz"),
    ])
    func badInputExitsWithOneLine(_ args: [String], _ needle: String) throws {
        let r = try CLI.run(args)
        #expect(r.status != 0)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        #expect(r.stderr.contains(needle), "\(r.stderr)")
    }

    @Test func sgnnVectors() throws {
        let r = try CLI.run(["sgnn-project", "hello", "hi", "--seeds", "3,5,7", "--ngram-order", "2"])
        #expect(r.stdout == "0.268503 0.448691 -0.238499\n0.093143 -0.037561 0.080748\n")
    }

    @Test func isaEnvironmentVariableCapsDispatch() throws {
        let portable = try CLI.run(["isa"], environment: ["TERN_ISA": "portable"])
        #expect(portable.status == 0)
        #expect(portable.stdout.contains("active: portable"))
        for level in ["portable", "avx2", "avx512vnni", "neon", "neon_dotprod", "neon_i8mm"] {
            #expect(portable.stdout.contains("\n  \(level) "), "tern isa lists \(level)")
        }
        for line in portable.stdout.split(separator: "\n") where line.contains("x86") {
            #expect(line.contains("skipped"))
        }
        let avx2 = try CLI.run(["isa"], environment: ["TERN_ISA": "avx2"])
        for line in avx2.stdout.split(separator: "\n") where line.contains("projection_x86_avx512") {
            #expect(line.contains("skipped"))
        }
        let forced = try CLI.run(["project", "x", "--variant", "projection_x86_avx2"], environment: ["TERN_ISA": "portable"])
        #expect(forced.status != 0 && forced.stderr.contains("needs avx2"))
        let bad = try CLI.run(["isa"], environment: ["TERN_ISA": "sse9"])
        #expect(bad.status != 0 && bad.stderr.contains("TERN_ISA=sse9"))
    }
}
