import Foundation
import Testing
import Synchronization
@testable import TernModels

@Suite struct SafeTensorsTests {
    func sample() throws -> Data {
        var w = SafeTensorsWriter(metadata: ["architecture": "prado", "version": "1"])
        w.add("dense/weights", (0..<24).map { Int8($0 - 12) }, shape: [4, 6])
        w.add("dense/bias", [Int32(-5), 7, 1 << 20, -(1 << 20), 0, 3], shape: [6])
        w.add("scale", floats: [0.5, -1.25], shape: [2])
        return try w.bytes()
    }

    /// A file made of a header (as JSON text) and `dataBytes` zero bytes.
    func file(header: String, dataBytes: Int, declared: UInt64? = nil) -> Data {
        var out = Data()
        var length = (declared ?? UInt64(header.utf8.count)).littleEndian
        withUnsafeBytes(of: &length) { out.append(contentsOf: $0) }
        out.append(Data(header.utf8))
        out.append(Data(count: dataBytes))
        return out
    }

    @Test func roundTrip() throws {
        let f = try SafeTensorsFile(bytes: try sample())
        #expect(f.metadata == ["architecture": "prado", "version": "1"])
        #expect(try f.array("dense/weights", as: Int8.self, shape: [4, 6]) == (0..<24).map { Int8($0 - 12) })
        #expect(try f.array("dense/bias", as: Int32.self) == [-5, 7, 1 << 20, -(1 << 20), 0, 3])
        #expect(try f.floats("scale") == [0.5, -1.25])
        #expect(try sample().count % 8 == 0)
    }

    @Test func wrongReadsAreRefused() throws {
        let f = try SafeTensorsFile(bytes: try sample())
        #expect(throws: ModelFileError.missingTensor("nope")) { try f.floats("nope") }
        #expect(throws: ModelFileError.self) { try f.array("scale", as: Int8.self) }
        #expect(throws: ModelFileError.self) { try f.array("dense/weights", as: Int8.self, shape: [6, 4]) }
    }

    @Test func everyTruncationIsRefused() throws {
        let whole = try sample()
        for cut in 0..<whole.count {
            #expect(throws: ModelFileError.self, "cut at \(cut)") { try SafeTensorsFile(bytes: whole.prefix(cut)) }
        }
    }

    @Test func hostileHeadersAreRefusedWithTheirReason() {
        let t = #""t":{"dtype":"I8","shape":[4],"data_offsets":[0,4]}"#
        let cases: [(Data, ModelFileError)] = [
            (file(header: "{\(t)}", dataBytes: 4, declared: 1 << 62), .headerLengthOutOfRange(declared: 1 << 62, fileBytes: 8 + 30 + 4)),
            (file(header: "not json", dataBytes: 0), .headerNotJSON("")),
            (file(header: "[1,2]", dataBytes: 0), .headerNotAnObject),
            (file(header: #"{"t":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}"#, dataBytes: 8), .unsupportedDType(name: "t", dtype: "F64")),
            (file(header: #"{"t":{"dtype":"I8","shape":[-1],"data_offsets":[0,4]}}"#, dataBytes: 4), .shapeInvalid(name: "t", reason: "")),
            (file(header: #"{"t":{"dtype":"I8","shape":[true],"data_offsets":[0,1]}}"#, dataBytes: 1), .shapeInvalid(name: "t", reason: "")),
            (file(header: #"{"t":{"dtype":"I32","shape":[4611686018427387904,4],"data_offsets":[0,4]}}"#, dataBytes: 4), .shapeInvalid(name: "t", reason: "")),
            (file(header: #"{"t":{"dtype":"I8","shape":[4],"data_offsets":[0,5]}}"#, dataBytes: 4), .offsetsInvalid(name: "t", reason: "")),
            (file(header: #"{"t":{"dtype":"I8","shape":[4],"data_offsets":[2,6]}}"#, dataBytes: 6), .unusedData(bytes: 2)),
            (file(header: #"{"t":{"dtype":"I8","shape":[3],"data_offsets":[0,4]}}"#, dataBytes: 4), .offsetsInvalid(name: "t", reason: "")),
            (file(header: #"{"a":{"dtype":"I8","shape":[4],"data_offsets":[0,4]},"b":{"dtype":"I8","shape":[2],"data_offsets":[2,4]}}"#, dataBytes: 4), .overlapping("a", "b")),
            (file(header: "{\(t)}", dataBytes: 9), .unusedData(bytes: 5)),
            (file(header: #"{"__metadata__":{"a":1}}"#, dataBytes: 0), .metadataInvalid("")),
            (file(header: #"{"t":[1,2]}"#, dataBytes: 0), .tensorEntryInvalid(name: "t", reason: "")),
        ]
        for (bytes, expected) in cases {
            do {
                _ = try SafeTensorsFile(bytes: bytes)
                Issue.record("accepted: \(expected)")
            } catch let error as ModelFileError {
                // The same kind of error; the message names the problem.
                #expect(sameCase(error, expected), "\(error) vs \(expected)")
                #expect(!error.description.isEmpty)
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }

    func sameCase(_ a: ModelFileError, _ b: ModelFileError) -> Bool {
        // The enum case's name: Mirror labels the payload with it.
        func tag(_ e: ModelFileError) -> String { Mirror(reflecting: e).children.first?.label ?? "\(e)" }
        return tag(a) == tag(b)
    }
}

@Suite struct SafeTensorsInteropTests {
    @Test func readsWhatPythonSafetensorsWrites() throws {
        let url = try #require(Bundle.module.url(forResource: "python", withExtension: "safetensors", subdirectory: "Fixtures"))
        let f = try SafeTensorsFile(contentsOf: url)
        #expect(f.metadata == ["architecture": "pqrnn", "labels": "neg,pos"])
        #expect(try f.array("w", as: Int8.self, shape: [3, 4]) == (-6..<6).map { Int8($0) })
        #expect(try f.array("b", as: Int32.self, shape: [3]) == [-70000, 3, 1 << 30])
        #expect(try f.floats("s", shape: [2]) == [0.25, -2.5])
    }

    /// Python reads what the writer writes: a reader written from the
    /// safetensors format's definition (an 8-byte little-endian header
    /// length, a JSON header of dtype / shape / data_offsets, then the raw
    /// little-endian tensors, offsets contiguous and in order) with Python's
    /// standard library only, so the test needs no package.
    @Test func writesWhatPythonReads() throws {
        var w = SafeTensorsWriter(metadata: ["architecture": "pqrnn", "labels": "neg,pos"])
        w.add("b", [Int32(-70000), 3, 1 << 30], shape: [3])
        w.add("s", floats: [0.25, -2.5], shape: [2])
        w.add("w", (-6..<6).map { Int8($0) }, shape: [3, 4])
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tern-py-\(UUID().uuidString).safetensors")
        try w.bytes().write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let reader = """
            import json, struct, sys
            data = open(sys.argv[1], "rb").read()
            (n,) = struct.unpack("<Q", data[:8])
            header = json.loads(data[8:8 + n])
            body = data[8 + n:]
            formats = {"I8": "b", "I32": "i", "F32": "f"}
            out, end = {"__metadata__": header.pop("__metadata__", {})}, 0
            for name, t in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"][0]):
                start, stop = t["data_offsets"]
                assert start == end, (name, start, end)
                count = 1
                for d in t["shape"]: count *= d
                size = struct.calcsize("<" + formats[t["dtype"]])
                assert stop - start == count * size, name
                out[name] = {"shape": t["shape"], "values": list(struct.unpack("<%d%s" % (count, formats[t["dtype"]]), body[start:stop]))}
                end = stop
            assert end == len(body), "bytes after the last tensor"
            print(json.dumps(out, sort_keys=True))
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", reader, url.path]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "python3 could not read the file (scripts/setup installs python3)")
        let read = try #require(try JSONSerialization.jsonObject(with: output) as? [String: Any])
        #expect(read["__metadata__"] as? [String: String] == ["architecture": "pqrnn", "labels": "neg,pos"])
        func tensor(_ name: String) -> (shape: [Int], values: [Double])? {
            guard let t = read[name] as? [String: Any], let shape = t["shape"] as? [Int], let values = t["values"] as? [Double] else { return nil }
            return (shape, values)
        }
        #expect(tensor("w")?.shape == [3, 4] && tensor("w")?.values == (-6..<6).map { Double($0) })
        #expect(tensor("b")?.shape == [3] && tensor("b")?.values == [-70000, 3, Double(1 << 30)])
        #expect(tensor("s")?.shape == [2] && tensor("s")?.values == [0.25, -2.5])
    }
}

/// DurableFile.write from several threads to one path at once (a model and
/// a checkpoint written by two runs, or two tests): every write succeeds, the
/// file ends as one writer's whole bytes, and no temporary file is left.
@Suite struct DurableFileTests {
    @Test func concurrentWritesOfOneFileEachLandWhole() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tern-durable-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("m.safetensors")
        let contents = (0..<8).map { Data(repeating: UInt8($0), count: 256 << 10) }
        let failures = Mutex([String]())
        DispatchQueue.concurrentPerform(iterations: 8 * 4) { i in
            do { try DurableFile.write(contents[i % 8], to: url) } catch { failures.withLock { $0.append("\(error)") } }
        }
        #expect(failures.withLock { $0 }.isEmpty)
        let final = try Data(contentsOf: url)
        #expect(contents.contains(final), "the file is a mix of writers, or truncated (\(final.count) bytes)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["m.safetensors"])
    }
}
