/// Attention pooling with Swift SIMD: 16 channels per vector, t in order, so
/// each channel's float sums are the reference's. The per-channel form looks
/// its exp values up with scalar loads (generic SIMD has no gather), indexed
/// by one byte subtract per 16 channels.
/// Shapes and contract as `AttentionPooling`.
public enum AttentionSwiftSIMD {
    public static func perChannel(_ p: AttentionPooling, logits: UnsafePointer<Int8>, values: UnsafePointer<Int8>,
                                  length: Int, channels c: Int, _ out: UnsafeMutablePointer<Int8>) {
        let zero = SIMD16<Float>(repeating: Float(p.values.zeroPoint))
        p.expTable.withUnsafeBufferPointer { table in
            var j = 0
            while j &+ 16 <= c {
                var m = SIMD16<Int8>(repeating: -128)
                for t in 0..<length { m = pointwiseMax(m, loadBytes16(logits + (t &* c &+ j), 16)) }
                var numerator = SIMD16<Float>(), denominator = SIMD16<Float>()
                for t in 0..<length {
                    // max - q is in 0...255: the byte difference, read unsigned.
                    let words = unsafeBitCast(m &- loadBytes16(logits + (t &* c &+ j), 16), to: SIMD2<UInt64>.self)
                    let e = tableLookup16(table.baseAddress!, words[0], words[1])
                    numerator += e * (exactFloat(load16(values + (t &* c &+ j), 16)) - zero)
                    denominator += e
                }
                for i in 0..<16 { out[j + i] = p.quantize(numerator[i], denominator[i]) }
                j &+= 16
            }
            while j < c {
                let count = min(16, c - j)
                var m = SIMD16<Int32>(repeating: Int32.min)
                for t in 0..<length { m = pointwiseMax(m, load16(logits + t * c + j, count)) }
                var numerator = SIMD16<Float>(), denominator = SIMD16<Float>()
                for t in 0..<length {
                    let d = m &- load16(logits + t * c + j, count)
                    var e = SIMD16<Float>()
                    for i in 0..<16 { e[i] = table[Int(d[i]) & 255] }
                    numerator += e * (exactFloat(load16(values + t * c + j, count)) - zero)
                    denominator += e
                }
                for i in 0..<count { out[j + i] = p.quantize(numerator[i], denominator[i]) }
                j += 16
            }
        }
    }

    public static func scalarLogit(_ p: AttentionPooling, logits: UnsafePointer<Int8>, values: UnsafePointer<Int8>,
                                   length: Int, channels d: Int, _ out: UnsafeMutablePointer<Int8>) {
        var m = Int32.min
        for t in 0..<length { m = max(m, Int32(logits[t])) }
        let zero = SIMD16<Float>(repeating: Float(p.values.zeroPoint))
        var j = 0
        while j < d {
            let count = min(16, d - j)
            var numerator = SIMD16<Float>(), denominator = SIMD16<Float>()
            for t in 0..<length {
                let e = SIMD16<Float>(repeating: p.expTable[Int(m - Int32(logits[t]))])
                numerator += e * (exactFloat(load16(values + t * d + j, count)) - zero)
                denominator += e
            }
            for i in 0..<count { out[j + i] = p.quantize(numerator[i], denominator[i]) }
            j += 16
        }
    }

    /// Up to 16 int8 widened to int32; lanes past `count` read as 0.
    @inline(__always)
    static func load16(_ p: UnsafePointer<Int8>, _ count: Int) -> SIMD16<Int32> {
        if count == 16 { return SIMD16<Int32>(truncatingIfNeeded: UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Int8>.self)) }
        var v = SIMD16<Int32>()
        for i in 0..<count { v[i] = Int32(p[i]) }
        return v
    }
}
