import Foundation

/// A tensor's element type in a safetensors file.
public enum TensorDType: String, Sendable, CaseIterable, Codable {
    case int8 = "I8", uint8 = "U8", int16 = "I16", int32 = "I32", float32 = "F32"

    public var byteSize: Int {
        switch self {
        case .int8, .uint8: return 1
        case .int16: return 2
        case .int32, .float32: return 4
        }
    }
}

/// One tensor's entry in the header: its type, shape and byte range in the data section.
public struct TensorInfo: Sendable, Equatable {
    public let name: String
    public let dtype: TensorDType
    public let shape: [Int]
    /// Byte range within the data section (after the header).
    public let range: Range<Int>

    public var elementCount: Int { shape.reduce(1, *) }
}

/// Why a model file was refused. Every case names what was wrong and where.
public enum ModelFileError: Error, Equatable, CustomStringConvertible {
    case tooShort(bytes: Int)
    case headerLengthOutOfRange(declared: UInt64, fileBytes: Int)
    case headerNotJSON(String)
    case headerNotAnObject
    case metadataInvalid(String)
    case tensorEntryInvalid(name: String, reason: String)
    case unsupportedDType(name: String, dtype: String)
    case shapeInvalid(name: String, reason: String)
    case offsetsInvalid(name: String, reason: String)
    case overlapping(String, String)
    case unusedData(bytes: Int)
    case missingTensor(String)
    case wrongTensor(name: String, reason: String)
    /// A pipe or device given as the model ran past `SafeTensorsFile.maxStreamBytes`.
    case streamTooLong(limit: Int)

    public var description: String {
        switch self {
        case .tooShort(let n): return "model file is \(n) bytes: too short for the 8-byte header length"
        case .headerLengthOutOfRange(let d, let f):
            return "header length \(d) does not fit in the file (\(f) bytes; the header must end inside it)"
        case .headerNotJSON(let why): return "header is not valid JSON: \(why)"
        case .headerNotAnObject: return "header is not a JSON object of tensor entries"
        case .metadataInvalid(let why): return "__metadata__ is invalid: \(why)"
        case .tensorEntryInvalid(let n, let why): return "tensor '\(n)': \(why)"
        case .unsupportedDType(let n, let d): return "tensor '\(n)': dtype '\(d)' is not one of I8, U8, I16, I32, F32"
        case .shapeInvalid(let n, let why): return "tensor '\(n)': shape \(why)"
        case .offsetsInvalid(let n, let why): return "tensor '\(n)': data_offsets \(why)"
        case .overlapping(let a, let b): return "tensors '\(a)' and '\(b)' overlap in the data section"
        case .unusedData(let n): return "the data section has \(n) bytes no tensor uses"
        case .missingTensor(let n): return "tensor '\(n)' is missing"
        case .wrongTensor(let n, let why): return "tensor '\(n)': \(why)"
        case .streamTooLong(let limit): return "read \(limit >> 20) MiB from a pipe or device without its end: not a model file"
        }
    }
}

/// A safetensors file (an 8-byte little-endian header length, a JSON header
/// of tensor entries and string metadata, then the raw little-endian data),
/// checked before anything in it is trusted: header length against the file
/// size, every entry's dtype, shape and offsets, element counts without
/// overflow, offsets in bounds, no overlaps, no unused bytes. Nothing is
/// allocated from a size the file declares until it has been checked
/// against the file's real size.
public struct SafeTensorsFile: Sendable {
    public let metadata: [String: String]
    public let tensors: [String: TensorInfo]
    /// The data section.
    public let data: Data
    /// Bytes of the whole file: header length, header and data.
    public let byteCount: Int

    /// Largest header accepted: a model header is kilobytes.
    public static let maxHeaderBytes = 16 << 20

    /// Largest model read from a pipe or device (`--model <(curl ...)`),
    /// whose size is not known ahead; `/dev/zero` ends here.
    public static let maxStreamBytes = 256 << 20

    /// Reads a regular file (mapped when safe), or a pipe or device whole,
    /// up to `maxStreamBytes`.
    public init(contentsOf url: URL) throws {
        try self.init(bytes: try Self.bytes(contentsOf: url))
    }

    /// A model file's bytes, unchecked: a regular file mapped when safe, a
    /// pipe or device up to `maxStreamBytes` (past it `streamTooLong`).
    public static func bytes(contentsOf url: URL) throws -> Data {
        guard let bytes = try FileReading.contents(of: url, streamLimit: maxStreamBytes, options: .mappedIfSafe) else {
            throw ModelFileError.streamTooLong(limit: maxStreamBytes)
        }
        return bytes
    }

    public init(bytes: Data) throws {
        guard bytes.count >= 8 else { throw ModelFileError.tooShort(bytes: bytes.count) }
        let declared = bytes.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << UInt64(8 * $1.offset) }
        guard declared >= 2, declared <= UInt64(bytes.count - 8), declared <= UInt64(SafeTensorsFile.maxHeaderBytes) else {
            throw ModelFileError.headerLengthOutOfRange(declared: declared, fileBytes: bytes.count)
        }
        let headerEnd = 8 + Int(declared)
        let headerBytes = bytes[bytes.startIndex + 8 ..< bytes.startIndex + headerEnd]
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(headerBytes), options: [])
        } catch {
            throw ModelFileError.headerNotJSON(String(describing: error).prefix(200).description)
        }
        guard let entries = object as? [String: Any] else { throw ModelFileError.headerNotAnObject }
        let data = bytes.suffix(from: bytes.startIndex + headerEnd)
        var metadata: [String: String] = [:]
        var tensors: [String: TensorInfo] = [:]
        for (name, value) in entries {
            if name == "__metadata__" {
                guard let map = value as? [String: Any] else { throw ModelFileError.metadataInvalid("not an object") }
                for (k, v) in map {
                    guard let s = v as? String else { throw ModelFileError.metadataInvalid("value of '\(k)' is not a string") }
                    metadata[k] = s
                }
                continue
            }
            tensors[name] = try SafeTensorsFile.parseEntry(name: name, value, dataBytes: data.count)
        }
        // Offsets: sorted, no overlaps, and every data byte used (the format's rule).
        let sorted = tensors.values.sorted { ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound) }
        var end = 0
        var previous: String? = nil
        for t in sorted {
            if t.range.lowerBound < end, let previous { throw ModelFileError.overlapping(previous, t.name) }
            if t.range.lowerBound > end { throw ModelFileError.unusedData(bytes: t.range.lowerBound - end) }
            end = max(end, t.range.upperBound)
            previous = t.name
        }
        if end != data.count { throw ModelFileError.unusedData(bytes: data.count - end) }
        self.metadata = metadata
        self.tensors = tensors
        self.data = Data(data)
        byteCount = bytes.count
    }

    static func parseEntry(name: String, _ value: Any, dataBytes: Int) throws -> TensorInfo {
        guard let entry = value as? [String: Any] else {
            throw ModelFileError.tensorEntryInvalid(name: name, reason: "entry is not an object")
        }
        guard let dtypeName = entry["dtype"] as? String else {
            throw ModelFileError.tensorEntryInvalid(name: name, reason: "no string 'dtype'")
        }
        guard let dtype = TensorDType(rawValue: dtypeName) else { throw ModelFileError.unsupportedDType(name: name, dtype: dtypeName) }
        guard let shapeValues = entry["shape"] as? [Any] else {
            throw ModelFileError.shapeInvalid(name: name, reason: "is missing or not an array")
        }
        guard shapeValues.count <= 8 else { throw ModelFileError.shapeInvalid(name: name, reason: "has \(shapeValues.count) dimensions (at most 8)") }
        var shape: [Int] = []
        var count = 1
        for v in shapeValues {
            guard let n = SafeTensorsFile.integer(v), n >= 0 else {
                throw ModelFileError.shapeInvalid(name: name, reason: "holds \(v), not a non-negative integer")
            }
            let (product, overflow) = count.multipliedReportingOverflow(by: n)
            guard !overflow, product <= dataBytes else {
                throw ModelFileError.shapeInvalid(name: name, reason: "\(shapeValues) has more elements than the file has bytes")
            }
            count = product
            shape.append(n)
        }
        guard let offsets = entry["data_offsets"] as? [Any], offsets.count == 2,
              let begin = SafeTensorsFile.integer(offsets[0]), let end = SafeTensorsFile.integer(offsets[1]) else {
            throw ModelFileError.offsetsInvalid(name: name, reason: "are missing or not two integers")
        }
        guard begin >= 0, begin <= end, end <= dataBytes else {
            throw ModelFileError.offsetsInvalid(name: name, reason: "[\(begin), \(end)] are not inside the \(dataBytes)-byte data section")
        }
        guard end - begin == count * dtype.byteSize else {
            throw ModelFileError.offsetsInvalid(name: name, reason: "cover \(end - begin) bytes, shape \(shape) of \(dtype.rawValue) needs \(count * dtype.byteSize)")
        }
        return TensorInfo(name: name, dtype: dtype, shape: shape, range: begin..<end)
    }

    /// JSON numbers arrive as NSNumber; only integers are accepted (not
    /// booleans, whose type code is "c", nor numbers with a fraction or an
    /// exponent, which arrive as doubles).
    static func integer(_ v: Any) -> Int? {
        guard let n = v as? NSNumber else { return nil }
        let code = String(cString: n.objCType)
        guard ["i", "q", "l", "s", "I", "Q", "L", "S"].contains(code) else { return nil }
        return n.int64Value > Int64(Int.max) || n.int64Value < Int64(Int.min) ? nil : Int(n.int64Value)
    }

    // MARK: reading tensors

    /// The tensor's elements, after checking its dtype and, when given, its shape.
    public func array<T: FixedWidthInteger>(_ name: String, as type: T.Type, shape expected: [Int]? = nil) throws -> [T] {
        let info = try lookup(name, expected)
        let wanted: TensorDType
        switch T.self {
        case is Int8.Type: wanted = .int8
        case is UInt8.Type: wanted = .uint8
        case is Int16.Type: wanted = .int16
        case is Int32.Type: wanted = .int32
        default: throw ModelFileError.wrongTensor(name: name, reason: "no integer reader for \(T.self)")
        }
        guard info.dtype == wanted else {
            throw ModelFileError.wrongTensor(name: name, reason: "is \(info.dtype.rawValue), expected \(wanted.rawValue)")
        }
        return elements(info, as: T.self)
    }

    public func floats(_ name: String, shape expected: [Int]? = nil) throws -> [Float] {
        let info = try lookup(name, expected)
        guard info.dtype == .float32 else {
            throw ModelFileError.wrongTensor(name: name, reason: "is \(info.dtype.rawValue), expected F32")
        }
        let values = elements(info, as: UInt32.self).map { Float(bitPattern: $0) }
        // No model has a use for NaN or infinity; they would only surface later as garbage scores.
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw ModelFileError.wrongTensor(name: name, reason: "holds \(values[bad]) at element \(bad)")
        }
        return values
    }

    func lookup(_ name: String, _ expected: [Int]?) throws -> TensorInfo {
        guard let info = tensors[name] else { throw ModelFileError.missingTensor(name) }
        if let expected, expected != info.shape {
            throw ModelFileError.wrongTensor(name: name, reason: "shape \(info.shape), expected \(expected)")
        }
        return info
    }

    func elements<T: FixedWidthInteger>(_ info: TensorInfo, as: T.Type) -> [T] {
        let n = info.elementCount
        return data.withUnsafeBytes { raw in
            (0..<n).map { i in T(littleEndian: raw.loadUnaligned(fromByteOffset: info.range.lowerBound + i * MemoryLayout<T>.size, as: T.self)) }
        }
    }
}

/// Builds safetensors files: tensors in the order added, the header padded
/// with spaces to a multiple of 8 bytes (as the reference writer does).
public struct SafeTensorsWriter {
    public var metadata: [String: String] = [:]
    private var entries: [(name: String, dtype: TensorDType, shape: [Int], bytes: Data)] = []

    public init(metadata: [String: String] = [:]) { self.metadata = metadata }

    public mutating func add<T: FixedWidthInteger>(_ name: String, _ values: [T], shape: [Int]) {
        let dtype: TensorDType
        switch T.self {
        case is Int8.Type: dtype = .int8
        case is UInt8.Type: dtype = .uint8
        case is Int16.Type: dtype = .int16
        default: dtype = .int32
        }
        precondition(values.count == shape.reduce(1, *), "tensor '\(name)': \(values.count) values for shape \(shape)")
        var data = Data(capacity: values.count * dtype.byteSize)
        for v in values { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0.prefix(dtype.byteSize)) } }
        entries.append((name, dtype, shape, data))
    }

    public mutating func add(_ name: String, floats values: [Float], shape: [Int]) {
        precondition(values.count == shape.reduce(1, *), "tensor '\(name)': \(values.count) values for shape \(shape)")
        var data = Data(capacity: values.count * 4)
        for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        entries.append((name, .float32, shape, data))
    }

    public func bytes() throws -> Data {
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var offset = 0
        for e in entries {
            header[e.name] = ["dtype": e.dtype.rawValue, "shape": e.shape, "data_offsets": [offset, offset + e.bytes.count]] as [String: Any]
            offset += e.bytes.count
        }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        while json.count % 8 != 0 { json.append(0x20) }
        var out = Data()
        var length = UInt64(json.count).littleEndian
        withUnsafeBytes(of: &length) { out.append(contentsOf: $0) }
        out.append(json)
        for e in entries { out.append(e.bytes) }
        return out
    }

    /// Writes atomically and durably (see `DurableFile`).
    public func write(to url: URL) throws {
        try DurableFile.write(try bytes(), to: url)
    }
}

/// Whole-file writes that a crash cannot leave half done: the bytes go to a
/// temporary file in the same folder, are flushed to the disk, and the
/// temporary file is renamed over the target (rename is atomic within a file
/// system), then the folder is flushed so the new name survives a power cut.
/// A reader sees the old file or the new one, never a mix.
public enum DurableFile {
    public struct WriteError: Error, CustomStringConvertible {
        public let path: String
        public let step: String
        public let errno: Int32
        public var description: String { "cannot write \(path): \(step) failed (\(String(cString: strerror(errno))))" }
    }

    public static func write(_ data: Data, to url: URL) throws {
        let folder = url.deletingLastPathComponent().path
        // Unique per call, not only per process: two threads writing the same
        // file at once must not share (and truncate) one temporary file.
        let temporary = folder + "/.\(url.lastPathComponent).\(getpid()).\(String(UInt64.random(in: 0...UInt64.max), radix: 16)).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw WriteError(path: url.path, step: "creating \(temporary)", errno: errno) }
        var failure: WriteError?
        data.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = WriteError(path: url.path, step: "write", errno: errno)
                    return
                }
                done += n
            }
        }
        if failure == nil && fsync(fd) != 0 { failure = WriteError(path: url.path, step: "fsync", errno: errno) }
        close(fd)
        if failure == nil && rename(temporary, url.path) != 0 { failure = WriteError(path: url.path, step: "rename", errno: errno) }
        if let failure {
            unlink(temporary)
            throw failure
        }
        let folderFD = open(folder.isEmpty ? "." : folder, O_RDONLY | O_CLOEXEC)
        if folderFD >= 0 {
            _ = fsync(folderFD)
            close(folderFD)
        }
    }
}
