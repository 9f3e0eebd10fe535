/// QRNN fo-pooling reference: float32 state, one channel at a time, as the
/// reference op computes it. Shapes and contract as `QRNNPooling`.
///
/// - Parameters:
///   - gates: `[T, 3S]` int8 (z, f, o); out: `[T, S]` int8.
///   - length: steps 0..<length are real; later steps are padding.
public func qrnnPoolScalarRef(_ p: QRNNPooling, _ gates: UnsafePointer<Int8>, rows: Int, length: Int,
                              direction: QRNNDirection, _ out: UnsafeMutablePointer<Int8>) {
    let s = p.channels
    var c = [Float](repeating: 0, count: s)
    let steps: [Int] = direction == .forward ? Array(0..<rows) : Array((0..<rows).reversed())
    for t in steps {
        if t >= length {
            for j in 0..<s { out[t * s + j] = Int8(p.output.zeroPoint) }
            continue
        }
        for j in 0..<s {
            let z = p.zTable[Int(gates[t * 3 * s + j]) + 128]
            let f = p.fTable[Int(gates[t * 3 * s + s + j]) + 128]
            let o = p.oTable[Int(gates[t * 3 * s + 2 * s + j]) + 128]
            c[j] = f * c[j] + (1 - f) * z
            out[t * s + j] = p.quantizeOutput(o * c[j])
        }
    }
}
