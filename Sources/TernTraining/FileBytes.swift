import Foundation
import TernModels

/// A whole file's bytes, for the readers of user files (data sets, unlabeled
/// texts, logits tables, checkpoints). An empty file is answered here:
/// Foundation's readers (`Data(contentsOf:)`, `FileManager.contents(atPath:)`)
/// leak a 4 KB buffer on one, which LeakSanitizer reports.
func fileBytes(_ url: URL) throws -> Data {
    if FileReading.isStream(url) {
        guard let bytes = try FileReading.readStream(url, limit: maxStreamBytes) else {
            throw DatasetError.streamTooLong(url.path, limit: maxStreamBytes)
        }
        return bytes
    }
    let size = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber
    if size?.intValue == 0 { return Data() }
    return try Data(contentsOf: url)
}

/// Largest data set, text or checkpoint file read from a pipe or device
/// (`--data /dev/stdin`), whose size is not known ahead.
let maxStreamBytes = 1 << 30
