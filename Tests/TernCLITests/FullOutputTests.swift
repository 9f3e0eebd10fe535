import Foundation
import Testing

/// Output that cannot be written. Standard output on a full disk
/// (`/dev/full`: every write fails with ENOSPC): each command must end with
/// exit status 1 and one line on stderr saying it could not write, not trap
/// in Foundation's `FileHandle.write` nor exit 0 with its output lost as
/// `print` would. bench's report folder: refused before measuring when it
/// cannot be written, and a report that fails to write at the end is shown first.
@Suite(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full")))
struct FullOutputTests {
    static let oneLine = "cannot write standard output: No space left on device"

    /// Runs a command with standard output on `/dev/full` and standard input
    /// from `input` (a file: the command may stop reading it at any point).
    static func runIntoFullDisk(_ args: [String], input: URL? = nil, executable: URL = CLI.binary) throws -> CLI.Result {
        let p = Process()
        p.executableURL = executable
        p.arguments = args
        p.environment = ProcessInfo.processInfo.environment.filter { $0.key != "TERN_ISA" }
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        defer { try? full.close() }
        p.standardOutput = full
        p.standardInput = try input.map { try FileHandle(forReadingFrom: $0) } ?? FileHandle.nullDevice
        let err = Pipe()
        p.standardError = err
        try p.run()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationReason == .exit, "\(args): ended by a signal")
        return CLI.Result(status: p.terminationStatus, stdout: "", stderr: String(decoding: e, as: UTF8.self))
    }

    @Test func ternCommandsReportAFullDisk() throws {
        let (url, _) = try ModelCommandTests.makeModel()
        defer { try? FileManager.default.removeItem(at: url) }
        // Over 1 MiB of answers from standard input, so predict's buffered
        // writes in the loop fail too, not only the last one.
        let manyLines = FileManager.default.temporaryDirectory.appendingPathComponent("tern-lines-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: manyLines) }
        try Data(String(repeating: "a wonderful film with a cast to remember\n", count: 40_000).utf8).write(to: manyLines)
        let commands: [([String], URL?)] = [
            (["predict", "--model", url.path, "great cast"], nil),
            (["predict", "--model", url.path], manyLines),
            (["inspect", url.path], nil),
            (["isa"], nil),
            (["project", "hello world"], nil),
            (["sgnn-project", "--seeds", "1,2,3,4,5,6", "hello"], nil),
        ]
        for (args, input) in commands {
            let r = try Self.runIntoFullDisk(args, input: input)
            #expect(r.status == 1, "\(args[0]): exit status \(r.status): \(r.stderr)")
            #expect(r.stderr == "tern: \(Self.oneLine)\n", "\(args[0]): \(r.stderr)")
        }
    }

    /// A report folder that cannot be written is refused before anything
    /// is measured, not after minutes of measuring.
    @Test func benchRefusesAnOutputFolderItCannotWriteBeforeMeasuring() throws {
        let r = try CLI.run(["kernels", "--suites", "requantize", "--seq-lens", "16", "--threads", "1", "--min-time", "0.01",
                             "--allow-debug", "--out", "/dev/null/reports"], executable: CLI.bench)
        #expect(r.status == 1)
        #expect(r.stderr == "Error: --out /dev/null/reports: cannot write the reports there (Not a directory); pass another folder or '-'\n",
                "\(r.stderr)")
    }

    /// A report that cannot be written at the end (a file-size limit fails
    /// the write as a full disk does) has been shown first, and the run
    /// fails with one line naming the file.
    @Test func benchShowsTheReportItCannotWrite() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tern-bench-out-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["-c", "ulimit -f 1; exec \"$0\" \"$@\"", CLI.bench.path, "kernels", "--suites", "requantize", "--seq-lens", "16",
                             "--threads", "1", "--min-time", "0.01", "--allow-debug", "--out", dir.path],
                            executable: URL(fileURLWithPath: "/bin/sh"))
        #expect(r.status == 1)
        #expect(r.stdout.contains("| requantize_scalar_ref |"), "\(r.stdout)")
        let last = r.stderr.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last == "Error: cannot write \(dir.path)/bench.json: File too large", "\(r.stderr)")
    }

    /// Any other file bench cannot write (here a baseline) is one line naming it, not Foundation's dump.
    @Test func benchNamesAFileItCannotWrite() throws {
        let r = try CLI.run(["gate", "--record", "/dev/null/baseline.json", "--suites", "requantize", "--seq-lens", "16", "--threads", "1",
                             "--min-time", "0.01", "--allow-debug", "--out", "-"], executable: CLI.bench)
        #expect(r.status != 0)
        let last = r.stderr.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.hasPrefix("Error: cannot write /dev/null/baseline.json: ") && !r.stderr.contains("NSCocoaErrorDomain"), "\(r.stderr)")
    }

    @Test func benchReportsAFullDisk() throws {
        let r = try Self.runIntoFullDisk(["kernels", "--list", "--suites", "dense"], executable: CLI.bench)
        #expect(r.status != 0)
        #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.contains(Self.oneLine), "\(r.stderr)")
    }
}
