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
                        @inline(__always) func step(_ b: Int, _ z: SIMD16<Int32>, _ f: SIMD16<Int32>, _ og: SIMD16<Int32>) {
                            let c = (f &* state[b] &+ (one &- f) &* z &+ half) &>> fifteen
                            state[b] = c
                            // h goes where z was: the row requantizeSwiftSIMD reads.
                            zv[b] = (og &* c &+ half) &>> fifteen
                        }
                        let whole = s / 16
                        forEachQRNNStep(p, gates, rows: rows, length: length, direction: direction, out) { g, o in
                            // Whole blocks take their gates from the tables straight into
                            // vectors; a partial last block, from the arrays.
                            for b in 0..<whole {
                                let j = 16 &* b
                                step(b, gateLookup16(zt.baseAddress!, g + j), gateLookup16(ft.baseAddress!, g + (s &+ j)),
                                     gateLookup16(ot.baseAddress!, g + (2 &* s &+ j)))
                            }
                            if whole < blocks {
                                gatherGates(g, s, from: 16 * whole, zt, ft, ot, zRaw, fRaw, oRaw)
                                step(whole, zv[whole], fv[whole], ov[whole])
                            }
                            requantizeSwiftSIMD(hRow, rows: 1, channels: s, rq, o)
                        }
                    }
                }
            }
        }
    }
}
