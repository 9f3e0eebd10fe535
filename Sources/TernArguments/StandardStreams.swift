#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard output and standard error for `tern` and `bench`, with a failed
/// write surfaced instead of lost or fatal.
///
/// Foundation's `FileHandle.write(_:)` traps when a write fails (a full disk,
/// `> /dev/full`), and `print` drops the error and exits 0 with the output
/// lost. Here standard output is written with `write(2)` until every byte is
/// out, and a failure becomes a `WriteError` the command reports as its one
/// line. A closed pipe still ends the process by SIGPIPE, as `head` expects.
public enum StandardStreams {
    /// A write to standard output that failed, with the system's reason.
    public struct WriteError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Writes all of `text` to standard output, now (unbuffered).
    /// - Throws: `WriteError` ("cannot write standard output: No space left on device").
    public static func output(_ text: String) throws {
        var text = text
        try text.withUTF8 { bytes in
            if let failure = writeAll(1, bytes) {
                throw WriteError(description: "cannot write standard output: \(failure)")
            }
        }
    }

    /// Writes `text` to standard error, best effort: a message that cannot be
    /// written has nowhere left to be reported.
    public static func error(_ text: String) {
        var text = text
        text.withUTF8 { _ = writeAll(2, $0) }
    }

    /// Flushes the C library's output streams (`print` writes to its
    /// standard output) and throws if that fails. glibc keeps what a failed
    /// write could not place in the stream's buffer, so an earlier failure
    /// fails this flush again.
    public static func flushPrinted() throws {
        if fflush(nil) != 0 {
            throw WriteError(description: "cannot write standard output: \(String(cString: strerror(errno)))")
        }
    }

    /// Writes every byte to `descriptor`, retrying interrupted and partial
    /// writes; the reason it stopped, or nil when all went out.
    private static func writeAll(_ descriptor: Int32, _ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard var p = bytes.baseAddress else { return nil }
        var left = bytes.count
        while left > 0 {
            let n = write(descriptor, p, left)
            if n < 0 {
                if errno == EINTR { continue }
                return String(cString: strerror(errno))
            }
            p += n
            left -= n
        }
        return nil
    }
}
