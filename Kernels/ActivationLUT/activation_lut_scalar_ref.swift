/// An int8 -> int8 activation as an exact 256-entry table: entry q + 128 is
/// the activation of the input's real value, requantized to the output.
public struct ActivationTable: Sendable, Equatable {
    public let entries: [Int8]

    public init(entries: [Int8]) throws(QuantizationError) {
        guard entries.count == 256 else {
            throw QuantizationError.shapeMismatch("an activation table has 256 entries, got \(entries.count)")
        }
        self.entries = entries
    }

    /// Tabulates `function` between two quantizations.
    public init(input: AffineQuantization, output: AffineQuantization, _ function: (Float) -> Float) {
        entries = (-128...127).map { output.quantize(function(input.dequantize(Int8($0)))) }
    }
}

/// Applies a table activation to `count` int8 values, one at a time: the oracle.
public func activationLUTScalarRef(_ table: UnsafePointer<Int8>, _ x: UnsafePointer<Int8>, _ count: Int,
                                   _ out: UnsafeMutablePointer<Int8>) {
    for i in 0..<count { out[i] = table[Int(x[i]) + 128] }
}
