/// Portable QRNN fo-pooling, float32 state, 16 channels per step with Swift
/// SIMD. The table lookups stay scalar (generic SIMD has no gather); the
/// state update uses the reference's exact operations in the same order, so
/// the output is bit-identical. Shapes and contract as `qrnnPoolScalarRef`.
public func qrnnPoolSwiftSIMD(_ p: QRNNPooling, _ gates: UnsafePointer<Int8>, rows: Int, length: Int,
                              direction: QRNNDirection, _ out: UnsafeMutablePointer<Int8>) {
    let s = p.channels
    let blocks = (s + 15) / 16
    withUnsafeTemporaryAllocation(of: SIMD16<Float>.self, capacity: 4 * blocks) { buf in
        let state = buf.baseAddress!
        let zv = state + blocks, fv = zv + blocks, ov = fv + blocks
        state.initialize(repeating: SIMD16(), count: 4 * blocks)
        p.zTable.withUnsafeBufferPointer { zt in
            p.fTable.withUnsafeBufferPointer { ft in
                p.oTable.withUnsafeBufferPointer { ot in
                    let zRaw = UnsafeMutableRawPointer(zv).assumingMemoryBound(to: Float.self)
                    let fRaw = UnsafeMutableRawPointer(fv).assumingMemoryBound(to: Float.self)
                    let oRaw = UnsafeMutableRawPointer(ov).assumingMemoryBound(to: Float.self)
                    let inverse = SIMD16<Float>(repeating: p.inverseOutputScale)
                    let zero = SIMD16<Float>(repeating: Float(p.output.zeroPoint))
                    for step in 0..<rows {
                        let t = direction == .forward ? step : rows - 1 - step
                        let o = out + t * s
                        if t >= length {
                            o.update(repeating: Int8(p.output.zeroPoint), count: s)
                            continue
                        }
                        let g = gates + t * 3 * s
                        for j in 0..<s {
                            zRaw[j] = zt[Int(g[j]) + 128]
                            fRaw[j] = ft[Int(g[s + j]) + 128]
                            oRaw[j] = ot[Int(g[2 * s + j]) + 128]
                        }
                        for b in 0..<blocks {
                            let f = fv[b]
                            let c = f * state[b] + (1 - f) * zv[b]
                            state[b] = c
                            var v = ov[b] * c * inverse
                            v = v.clamped(lowerBound: SIMD16(repeating: -1000), upperBound: SIMD16(repeating: 1000))
                            let q = (v.rounded(.toNearestOrAwayFromZero) + zero)
                                .clamped(lowerBound: SIMD16(repeating: -128), upperBound: SIMD16(repeating: 127))
                            let bytes = SIMD16<Int8>(truncatingIfNeeded: SIMD16<Int32>(q))
                            let count = min(16, s - 16 * b)
                            if count == 16 {
                                UnsafeMutableRawPointer(o + 16 * b).storeBytes(of: bytes, as: SIMD16<Int8>.self)
                            } else {
                                for i in 0..<count { o[16 * b + i] = bytes[i] }
                            }
                        }
                    }
                }
            }
        }
    }
}
