import Foundation

/// Whole reads of what a user names as a file, pipes and devices included
/// (`--model <(curl ...)`, `--data /dev/stdin`): the file system knows no
/// size for those, and Foundation's `Data(contentsOf:)` refuses them as if
/// permission were denied.
public enum FileReading {
    /// The bytes of a regular file (read with `options`), or of a pipe or
    /// device to its end; nil when a pipe or device runs past `streamLimit`
    /// bytes first (`/dev/zero` has no end). An empty regular file is
    /// answered here: Foundation's readers leak a 4 KB buffer on one, which
    /// LeakSanitizer reports.
    public static func contents(of url: URL, streamLimit: Int, options: Data.ReadingOptions = []) throws -> Data? {
        var status = stat()
        if stat(url.path, &status) == 0 {
            let kind = status.st_mode & S_IFMT
            if kind == S_IFREG && status.st_size == 0 { return Data() }
            if kind != S_IFREG && kind != S_IFDIR { return try readStream(url, limit: streamLimit) }
        }
        return try Data(contentsOf: url, options: options)
    }

    private static func readStream(_ url: URL, limit: Int) throws -> Data? {
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
