/// Dense layer for ternary input (the projection: x in {-1, 0, +1}, zero
/// point 0): no multiplications. Each row's +1 and -1 positions are listed
/// once, then every block of 16 channels adds or subtracts those weight rows;
/// the zeros (about half of a projection) cost nothing.
/// Weights packed `[ceil(N/16)][K][16]`; shapes and contract as the reference.
public enum DenseTernarySwiftAddSub {
    public static func pack(_ layer: DenseWeights) -> DensePacked {
        let simd = DenseSwiftSIMD.pack(layer)
        return DensePacked(variantID: "dense_ternary_swift_addsub", layer: layer, weights: simd.weights, bias: simd.bias)
    }

    /// - Precondition: every `x` is -1, 0 or +1 and the layer's input zero point is 0.
    public static func run(_ p: DensePacked, _ x: UnsafePointer<Int8>, rows: Int, _ out: UnsafeMutablePointer<Int8>) {
        let k = p.inputs, n = p.outputs
        let blocks = roundUp(n, 16) / 16
        let w = UnsafeRawPointer(p.weights.pointer)
        KernelScratch.withBuffer(.denseAccumulators, of: Int32.self, capacity: 2 * k + blocks * 16) { scratch in
            let plus = scratch.baseAddress!
            let minus = plus + k
            let accRow = minus + k
            p.bias.withUnsafeBufferPointer { bias in
                p.requantization.withPointers { rq in
                    for t in 0..<rows {
                        let xr = x + t * k
                        var np = 0, nm = 0
                        for i in 0..<k {
                            let v = xr[i]
                            if v > 0 { plus[np] = Int32(i); np += 1 } else if v < 0 { minus[nm] = Int32(i); nm += 1 }
                        }
                        for b in 0..<blocks {
                            let wb = w + b * k * 16
                            var acc = UnsafeRawPointer(bias.baseAddress! + b * 16).loadUnaligned(as: SIMD16<Int32>.self)
                            var sub = SIMD16<Int16>()
                            var add = SIMD16<Int16>()
                            // int16 partial sums: 256 rows of |w| <= 127 cannot overflow.
                            var i = 0
                            while i < np {
                                let end = min(np, i + 256)
                                while i < end {
                                    add &+= SIMD16<Int16>(truncatingIfNeeded: wb.loadUnaligned(fromByteOffset: Int(plus[i]) * 16, as: SIMD16<Int8>.self))
                                    i += 1
                                }
                                acc &+= SIMD16<Int32>(truncatingIfNeeded: add)
                                add = SIMD16<Int16>()
                            }
                            i = 0
                            while i < nm {
                                let end = min(nm, i + 256)
                                while i < end {
                                    sub &+= SIMD16<Int16>(truncatingIfNeeded: wb.loadUnaligned(fromByteOffset: Int(minus[i]) * 16, as: SIMD16<Int8>.self))
                                    i += 1
                                }
                                acc &-= SIMD16<Int32>(truncatingIfNeeded: sub)
                                sub = SIMD16<Int16>()
                            }
                            UnsafeMutableRawPointer(accRow + b * 16).storeBytes(of: acc, as: SIMD16<Int32>.self)
                        }
                        requantizeSwiftSIMD(accRow, rows: 1, channels: n, rq, out + t * n)
                    }
                }
            }
        }
    }
}
