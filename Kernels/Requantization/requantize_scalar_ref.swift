/// Requantizes int32 accumulators to int8, one value at a time: the oracle.
///
/// Shapes: `acc` and `out` are `[T, N]` row-major; the parameters are per
/// channel `[N]`. Contract: `requantizeReference` (QuantizationContract.swift).
public func requantizeScalarRef(_ acc: UnsafePointer<Int32>, rows: Int, channels: Int,
                                _ p: RequantizationPointers, _ out: UnsafeMutablePointer<Int8>) {
    for t in 0..<rows {
        for n in 0..<channels {
            out[t * channels + n] = requantizeReference(
                acc[t * channels + n], multiplier: p.multipliers[n], shift: p.shifts[n],
                zeroPoint: p.zeroPoints[n], lower: p.lowerBounds[n], upper: p.upperBounds[n])
        }
    }
}

/// Borrowed pointers to a `Requantization`'s arrays, for kernels.
public struct RequantizationPointers {
    public let multipliers: UnsafePointer<Int32>
    public let shifts: UnsafePointer<Int32>
    public let zeroPoints: UnsafePointer<Int32>
    public let lowerBounds: UnsafePointer<Int32>
    public let upperBounds: UnsafePointer<Int32>
}

extension Requantization {
    /// Calls `body` with pointers to the arrays, valid only inside it.
    public func withPointers<R>(_ body: (RequantizationPointers) throws -> R) rethrows -> R {
        try multipliers.withUnsafeBufferPointer { m in
            try shifts.withUnsafeBufferPointer { s in
                try zeroPoints.withUnsafeBufferPointer { z in
                    try lowerBounds.withUnsafeBufferPointer { lo in
                        try upperBounds.withUnsafeBufferPointer { hi in
                            try body(RequantizationPointers(
                                multipliers: m.baseAddress!, shifts: s.baseAddress!, zeroPoints: z.baseAddress!,
                                lowerBounds: lo.baseAddress!, upperBounds: hi.baseAddress!))
                        }
                    }
                }
            }
        }
    }
}
