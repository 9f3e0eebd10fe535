import Foundation
import TernModels

/// A whole file's bytes, for the readers of user files (data sets, unlabeled
/// texts, logits tables, checkpoints): `FileReading`'s, pipes included (an
/// empty file is answered there, without Foundation's leak on one).
func fileBytes(_ url: URL) throws -> Data {
    guard let bytes = try FileReading.contents(of: url, streamLimit: maxStreamBytes) else {
        throw DatasetError.streamTooLong(url.path, limit: maxStreamBytes)
    }
    return bytes
}

/// Largest data set, text or checkpoint file read from a pipe or device
/// (`--data /dev/stdin`), whose size is not known ahead.
let maxStreamBytes = 1 << 30
