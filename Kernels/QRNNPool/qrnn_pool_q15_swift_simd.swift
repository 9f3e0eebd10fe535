/// QRNN fo-pooling with the state in int32 Q15 (1.0 = 32768) instead of
/// float: `c = (f c + (32768 - f) z + 2^14) >> 15`, `h = (o c + 2^14) >> 15`
/// (arithmetic shifts, so ties round up), then h requantized to int8 by the
/// contract (`QRNNPooling.outputQ15`). Integer-only, so it runs the same on
/// any CPU; it differs from the float reference by the error measured in
/// the tests and stated in Kernels/README.md, for output scales of at least
/// 2^-10 (`QRNNPooling.fixedPointFits`; finer ones run the float path).
/// Shapes as `qrnnPoolScalarRef`.
public func qrnnPoolQ15SwiftSIMD(_ p: QRNNPooling, _ gates: UnsafePointer<Int8>, rows: Int, length: Int,
                                 direction: QRNNDirection, _ out: UnsafeMutablePointer<Int8>) {
    // Finer output scales than Q15 can serve within one step: the exact float path.
    guard p.fixedPointFits else { return qrnnPoolSwiftSIMD(p, gates, rows: rows, length: length, direction: direction, out) }
    let s = p.channels
    let blocks = (s + 15) / 16
    KernelScratch.withBuffer(.poolState, of: SIMD16<Int32>.self, capacity: 4 * blocks) { buf in
        let state = buf.baseAddress!
        let zv = state + blocks, fv = zv + blocks, ov = fv + blocks
        state.initialize(repeating: SIMD16(), count: 4 * blocks)
        let hRow = UnsafeMutableRawPointer(zv).assumingMemoryBound(to: Int32.self)
        p.zQ15.withUnsafeBufferPointer { zt in
            p.fQ15.withUnsafeBufferPointer { ft in
                p.oQ15.withUnsafeBufferPointer { ot in
                    p.outputQ15.withPointers { rq in
                        let zRaw = UnsafeMutableRawPointer(zv).assumingMemoryBound(to: Int32.self)
                        let fRaw = UnsafeMutableRawPointer(fv).assumingMemoryBound(to: Int32.self)
                        let oRaw = UnsafeMutableRawPointer(ov).assumingMemoryBound(to: Int32.self)
                        let one = SIMD16<Int32>(repeating: 32768), half = SIMD16<Int32>(repeating: 16384)
                        let fifteen = SIMD16<Int32>(repeating: 15)
                        forEachQRNNStep(p, gates, rows: rows, length: length, direction: direction, out) { g, o in
                            gatherGates(g, s, zt, ft, ot, zRaw, fRaw, oRaw)
                            for b in 0..<blocks {
                                let f = fv[b]
                                let c = (f &* state[b] &+ (one &- f) &* zv[b] &+ half) &>> fifteen
                                state[b] = c
                                // h overwrites z, which this step no longer needs.
                                zv[b] = (ov[b] &* c &+ half) &>> fifteen
                            }
                            requantizeSwiftSIMD(hRow, rows: 1, channels: s, rq, o)
                        }
                    }
                }
            }
        }
    }
}
