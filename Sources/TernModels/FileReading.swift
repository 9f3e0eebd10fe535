import Foundation

/// Whole reads of what a user names as a file when it is a pipe or a device
/// (`--model <(curl ...)`, `--data /dev/stdin`): the file system knows no
/// size for it, and Foundation's `Data(contentsOf:)` refuses it as if
/// permission were denied.
public enum FileReading {
    /// True for something that exists and is neither a regular file nor a
    /// folder: a pipe, a socket, a device.
    public static func isStream(_ url: URL) -> Bool {
        var status = stat()
        guard stat(url.path, &status) == 0 else { return false }
        let kind = status.st_mode & S_IFMT
        return kind != S_IFREG && kind != S_IFDIR
    }

    /// Reads a pipe or device to its end; nil when it runs past `limit`
    /// bytes first (`/dev/zero` has no end).
    public static func readStream(_ url: URL, limit: Int) throws -> Data? {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var bytes = Data()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            bytes.append(chunk)
            if bytes.count > limit { return nil }
        }
        return bytes
    }
}
