/// Portable SIMD dense layer: 16 output channels per step with Swift's
/// generic SIMD types. Products are formed in int16 (|x| <= 128, |w| <= 127
/// fits), which SSE2 and NEON multiply natively, then widened into int32.
/// Operands are whole vectors: vector-with-scalar operators compile lane by lane.
/// Weights packed `[ceil(N/16)][K][16]`; shapes and contract as the reference.
public enum DenseSwiftSIMD {
    public static func pack(_ layer: DenseWeights) -> DensePacked {
        let blocks = roundUp(layer.outputs, 16) / 16
        let buffer = AlignedBuffer(count: blocks * layer.inputs * 16)
        let dst = buffer.pointer.assumingMemoryBound(to: Int8.self)
        for b in 0..<blocks {
            for k in 0..<layer.inputs {
                for lane in 0..<16 where b * 16 + lane < layer.outputs {
                    dst[(b * layer.inputs + k) * 16 + lane] = layer.weights[k * layer.outputs + b * 16 + lane]
                }
            }
        }
        var bias = layer.foldedBias(offset: layer.inputZeroPoint)
        bias += [Int32](repeating: 0, count: blocks * 16 - layer.outputs)
        return DensePacked(variantID: "dense_swift_simd", layer: layer, weights: buffer, bias: bias)
    }

    public static func run(_ p: DensePacked, _ x: UnsafePointer<Int8>, rows: Int, _ out: UnsafeMutablePointer<Int8>) {
        let k = p.inputs, n = p.outputs
        let blocks = roundUp(n, 16) / 16
        let w = UnsafeRawPointer(p.weights.pointer)
        KernelScratch.withBuffer(.denseAccumulators, of: Int32.self, capacity: blocks * 16) { accRow in
            p.bias.withUnsafeBufferPointer { bias in
                p.requantization.withPointers { rq in
                    for t in 0..<rows {
                        let xr = x + t * k
                        for b in 0..<blocks {
                            var acc0 = UnsafeRawPointer(bias.baseAddress! + b * 16).loadUnaligned(as: SIMD16<Int32>.self)
                            var acc1 = SIMD16<Int32>()
                            let wb = w + b * k * 16
                            var i = 0
                            // Two independent chains hide the add latency.
                            while i + 1 < k {
                                let w0 = SIMD16<Int16>(truncatingIfNeeded: wb.loadUnaligned(fromByteOffset: i * 16, as: SIMD16<Int8>.self))
                                let w1 = SIMD16<Int16>(truncatingIfNeeded: wb.loadUnaligned(fromByteOffset: i * 16 + 16, as: SIMD16<Int8>.self))
                                acc0 &+= SIMD16<Int32>(truncatingIfNeeded: w0 &* SIMD16<Int16>(repeating: Int16(xr[i])))
                                acc1 &+= SIMD16<Int32>(truncatingIfNeeded: w1 &* SIMD16<Int16>(repeating: Int16(xr[i + 1])))
                                i += 2
                            }
                            if i < k {
                                let w0 = SIMD16<Int16>(truncatingIfNeeded: wb.loadUnaligned(fromByteOffset: i * 16, as: SIMD16<Int8>.self))
                                acc0 &+= SIMD16<Int32>(truncatingIfNeeded: w0 &* SIMD16<Int16>(repeating: Int16(xr[i])))
                            }
                            UnsafeMutableRawPointer(accRow.baseAddress! + b * 16).storeBytes(of: acc0 &+ acc1, as: SIMD16<Int32>.self)
                        }
                        requantizeSwiftSIMD(accRow.baseAddress!, rows: 1, channels: n, rq, out + t * n)
                    }
                }
            }
        }
    }
}
