/// Attention pooling reference, both forms, one channel at a time.
/// Shapes and contract as `AttentionPooling`; `length` >= 1 steps count.
public enum AttentionScalarRef {
    /// PRADO: logits and values `[T, C]`, out `[C]`.
    public static func perChannel(_ p: AttentionPooling, logits: UnsafePointer<Int8>, values: UnsafePointer<Int8>,
                                  length: Int, channels c: Int, _ out: UnsafeMutablePointer<Int8>) {
        for j in 0..<c {
            var m = Int32.min
            for t in 0..<length { m = max(m, Int32(logits[t * c + j])) }
            var numerator: Float = 0, denominator: Float = 0
            for t in 0..<length {
                let e = p.expTable[Int(m - Int32(logits[t * c + j]))]
                numerator += e * Float(Int32(values[t * c + j]) - p.values.zeroPoint)
                denominator += e
            }
            out[j] = p.quantize(numerator, denominator)
        }
    }

    /// pQRNN: logits `[T]`, values `[T, D]`, out `[D]`.
    public static func scalarLogit(_ p: AttentionPooling, logits: UnsafePointer<Int8>, values: UnsafePointer<Int8>,
                                   length: Int, channels d: Int, _ out: UnsafeMutablePointer<Int8>) {
        var m = Int32.min
        for t in 0..<length { m = max(m, Int32(logits[t])) }
        for j in 0..<d {
            var numerator: Float = 0, denominator: Float = 0
            for t in 0..<length {
                let e = p.expTable[Int(m - Int32(logits[t]))]
                numerator += e * Float(Int32(values[t * d + j]) - p.values.zeroPoint)
                denominator += e
            }
            out[j] = p.quantize(numerator, denominator)
        }
    }
}
