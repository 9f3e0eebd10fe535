import ArgumentParser

/// A run that cannot go on for a reason outside its options (a file that
/// cannot be read, a binary that fails): one line on standard error and
/// exit status 1, without the usage text a `ValidationError` (a wrong
/// option) prints.
struct BenchFailure: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
