/// Portable QRNN fo-pooling, float32 state, 16 channels per step with Swift
/// SIMD. Activated gates are dequantized with the table's own operations;
/// pre-activations are looked up with scalar loads (generic SIMD has no
/// gather) that go straight into the vectors (`gateLookup16`). The state
/// update uses the reference's exact operations in the same order and the
/// rounding is exact (PortableSIMD.swift: SIMD `rounded(_:)` would run lane
/// by lane), so the output is bit-identical. Shapes and contract as
/// `qrnnPoolScalarRef`.
public func qrnnPoolSwiftSIMD(_ p: QRNNPooling, _ gates: UnsafePointer<Int8>, rows: Int, length: Int,
                              direction: QRNNDirection, _ out: UnsafeMutablePointer<Int8>) {
    let s = p.channels
    let blocks = (s + 15) / 16
    KernelScratch.withBuffer(.poolState, of: SIMD16<Float>.self, capacity: 4 * blocks) { buf in
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
                    let zero = SIMD16<Int32>(repeating: p.output.zeroPoint)
                    let linear = p.gateInput == .activated
                    @inline(__always) func dequantize(_ g: UnsafePointer<Int8>, _ q: AffineQuantization, _ low: Float,
                                                      _ dst: UnsafeMutablePointer<SIMD16<Float>>) {
                        let scale = SIMD16<Float>(repeating: q.scale), zp = SIMD16<Int32>(repeating: q.zeroPoint)
                        for b in 0..<blocks {
                            let v = SIMD16<Int32>(truncatingIfNeeded: loadBytes16(g + 16 * b, min(16, s - 16 * b)))
                            dst[b] = clampNoNaN(scale * exactFloat(v &- zp), low, 1)
                        }
                    }
                    // One block's step: the state update and h requantized into the output row.
                    @inline(__always) func step(_ b: Int, _ z: SIMD16<Float>, _ f: SIMD16<Float>, _ og: SIMD16<Float>,
                                                _ o: UnsafeMutablePointer<Int8>) {
                        let c = f * state[b] + (1 - f) * z
                        state[b] = c
                        let bytes = quantizeToInt8(og * c * inverse, zeroPoint: zero)
                        let count = min(16, s - 16 * b)
                        if count == 16 {
                            UnsafeMutableRawPointer(o + 16 * b).storeBytes(of: bytes, as: SIMD16<Int8>.self)
                        } else {
                            for i in 0..<count { o[16 * b + i] = bytes[i] }
                        }
                    }
                    let whole = s / 16
                    forEachQRNNStep(p, gates, rows: rows, length: length, direction: direction, out) { g, o in
                        if linear {
                            dequantize(g, p.z, -1, zv)
                            dequantize(g + s, p.f, 0, fv)
                            dequantize(g + 2 * s, p.o, 0, ov)
                            for b in 0..<blocks { step(b, zv[b], fv[b], ov[b], o) }
                            return
                        }
                        // Pre-activations: whole blocks take their gates from the
                        // tables straight into vectors; a partial last block, from the arrays.
                        for b in 0..<whole {
                            let j = 16 &* b
                            step(b, gateLookup16(zt.baseAddress!, g + j), gateLookup16(ft.baseAddress!, g + (s &+ j)),
                                 gateLookup16(ot.baseAddress!, g + (2 &* s &+ j)), o)
                        }
                        if whole < blocks {
                            gatherGates(g, s, from: 16 * whole, zt, ft, ot, zRaw, fRaw, oRaw)
                            step(whole, zv[whole], fv[whole], ov[whole], o)
                        }
                    }
                }
            }
        }
    }
}

