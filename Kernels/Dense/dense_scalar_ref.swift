/// Dense layer reference: `[T, K] x [K, N] -> [T, N]`, one multiply at a time,
/// written for obviousness. Contract: QuantizationContract.swift.
public enum DenseScalarRef {
    /// Keeps `[K, N]` as given.
    public static func pack(_ layer: DenseWeights) -> DensePacked {
        let buffer = AlignedBuffer(count: layer.weights.count)
        layer.weights.withUnsafeBytes { buffer.pointer.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        return DensePacked(variantID: "dense_scalar_ref", layer: layer, weights: buffer, bias: layer.bias)
    }

    public static func run(_ p: DensePacked, _ x: UnsafePointer<Int8>, rows: Int, _ out: UnsafeMutablePointer<Int8>) {
        let w = p.weights.pointer.assumingMemoryBound(to: Int8.self)
        let k = p.inputs, n = p.outputs
        let r = p.requantization
        for t in 0..<rows {
            for j in 0..<n {
                var acc = p.bias[j]
                for i in 0..<k {
                    acc += (Int32(x[t * k + i]) - p.inputZeroPoint) * Int32(w[i * n + j])
                }
                out[t * n + j] = requantizeReference(acc, multiplier: r.multipliers[j], shift: r.shifts[j],
                                                     zeroPoint: r.zeroPoints[j], lower: r.lowerBounds[j],
                                                     upper: r.upperBounds[j])
            }
        }
    }
}
