/// `PredictionOutput.texts(fromLines:)` for a stream: bytes arrive in chunks
/// of any size and each complete line comes out as soon as its "\n" does,
/// so memory is the longest line, not the input (`tern predict` on a
/// million lines). A line over `maxLineBytes` is reported as
/// `.tooLong(bytes:)` and skipped to its end, never held; every other line
/// is the text `texts(fromLines:)` gives for it, in the same order (a byte
/// order mark before the first line left out).
public struct LineSplitter {
    public enum Line: Equatable {
        case text(String)
        /// The line had more than `maxLineBytes` bytes (how many, counted to its end).
        case tooLong(bytes: Int)
    }

    public let maxLineBytes: Int
    private var pending: [UInt8] = []
    /// Bytes held for the line in progress (at most `maxLineBytes` + 1).
    public var bufferedBytes: Int { pending.count }
    /// Bytes of the current line once it passed the limit (nil while it is within it).
    private var overLimit: Int?
    /// No line taken yet: the next may start with a byte order mark.
    private var firstLine = true

    public init(maxLineBytes: Int) {
        precondition(maxLineBytes >= 1)
        self.maxLineBytes = maxLineBytes
    }

    /// Splits `chunk`, calling `emit` for every line it completes.
    public mutating func feed(_ chunk: UnsafeRawBufferPointer, _ emit: (Line) throws -> Void) rethrows {
        var start = 0
        while start < chunk.count {
            let end = chunk[start...].firstIndex(of: 0x0A)
            let piece = UnsafeRawBufferPointer(rebasing: chunk[start..<(end ?? chunk.count)])
            append(piece)
            guard let end else { return }
            try emit(takeLine())
            start = end + 1
        }
    }

    /// The last line, when the input did not end with "\n".
    public mutating func finish(_ emit: (Line) throws -> Void) rethrows {
        if !pending.isEmpty || overLimit != nil { try emit(takeLine()) }
    }

    private mutating func append(_ piece: UnsafeRawBufferPointer) {
        if let seen = overLimit {
            overLimit = seen + piece.count
        } else if pending.count + piece.count > maxLineBytes + 1 {   // + 1: a "\r" that will be dropped
            overLimit = pending.count + piece.count
            pending = []
        } else {
            pending.append(contentsOf: piece)
        }
    }

    private mutating func takeLine() -> Line {
        defer {
            pending.removeAll(keepingCapacity: pending.capacity <= 1 << 20)
            overLimit = nil
            firstLine = false
        }
        if let bytes = overLimit { return .tooLong(bytes: bytes) }
        var body = pending.last == 0x0D ? pending.dropLast() : pending[...]
        if body.count > maxLineBytes { return .tooLong(bytes: body.count) }
        // The limit counts the mark's bytes, the text leaves them out (as `texts(fromLines:)`).
        if firstLine { body = PredictionOutput.withoutByteOrderMark(body) }
        return .text(String(decoding: body, as: UTF8.self))
    }
}
