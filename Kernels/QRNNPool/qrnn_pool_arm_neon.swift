// ARMv8.0 Advanced SIMD, baseline on every arm64 target: this file is in
// TernKernels, built without target flags (packages that depend on Tern by
// version get it). Empty on other architectures.
#if arch(arm64)
import _Builtin_intrinsics.arm.neon

/// QRNN fo-pooling, float32 state, 8 channels per step (two 4-lane vectors),
/// bit-identical to `qrnnPoolScalarRef`:
/// - the gate values are the reference's: pre-activations are looked up in
///   its own tables (scalar loads: a 256-entry float table is 1 KiB, 16 times
///   what one 4-register `tbl` reaches); activated gates are the table's
///   clamped dequantization, computed with the table's operations
///   (`scvtf` of q - zero point is exact, one `fmul`, `fmin` 1, `fmax` low);
/// - the update is the reference's operations in its order, each rounded
///   once: `fmul` f c, `fsub` 1 - f, `fmul` by z, `fadd`; h = o c, v = h *
///   inverse scale, clamped to +-1000 (Swift never contracts these to
///   `fmla`, and AArch64 SIMD honours FPCR as scalar code does, so
///   subnormals behave alike);
/// - v rounds half away from zero with `fcvtas`, the ISA's own conversion in
///   that rounding mode (exact for |v| <= 1000, so adding the zero point in
///   int32 equals the reference's float add), then the clamp to int8.
/// The last 1-3 channels run the same operations in scalar code.
///
/// - Parameters:
///   - tables: z, f, o tables, 256 floats each, back to back (index q + 128).
///   - linear: for activated gates, (z, f, o scales, then zero points), as
///     the x86 kernels take them; nil for pre-activations.
///   - gates: `[T, 3S]` int8; out `[T, S]` int8; `state`: S floats of scratch.
public func qrnnPoolARMNEON(_ tables: UnsafePointer<Float>, _ linear: UnsafePointer<Float>?, _ channels: Int,
                            _ inverseScale: Float, _ zeroPoint: Int32,
                            _ gates: UnsafePointer<Int8>, _ rows: Int, _ length: Int, _ backward: Bool,
                            _ state: UnsafeMutablePointer<Float>, _ out: UnsafeMutablePointer<Int8>) {
    let s = channels
    state.update(repeating: 0, count: s)
    let zt = tables + 128, ft = tables + 384, ot = tables + 640
    let one = SIMD4<Float>(repeating: 1)
    let inverse = SIMD4<Float>(repeating: inverseScale)
    let low = SIMD4<Float>(repeating: -1000), high = SIMD4<Float>(repeating: 1000)
    let zero = SIMD4<Int32>(repeating: zeroPoint)
    let minOut = SIMD4<Int32>(repeating: -128), maxOut = SIMD4<Int32>(repeating: 127)
    // Activated gates: per gate its scale, zero point and lower clamp.
    let scales = linear.map { SIMD4<Float>($0[0], $0[1], $0[2], 0) } ?? SIMD4<Float>()
    let points = linear.map { SIMD4<Int32>(Int32($0[3]), Int32($0[4]), Int32($0[5]), 0) } ?? SIMD4<Int32>()
    let zScale = SIMD4<Float>(repeating: scales[0]), fScale = SIMD4<Float>(repeating: scales[1])
    let oScale = SIMD4<Float>(repeating: scales[2])
    let zZero = SIMD4<Int32>(repeating: points[0]), fZero = SIMD4<Int32>(repeating: points[1])
    let oZero = SIMD4<Int32>(repeating: points[2])
    let minusOne = SIMD4<Float>(repeating: -1), nothing = SIMD4<Float>()

    @inline(__always) func dequantize(_ q: SIMD4<Int32>, _ zp: SIMD4<Int32>, _ scale: SIMD4<Float>,
                                      _ floor: SIMD4<Float>) -> SIMD4<Float> {
        vmaxq_f32(vminq_f32(scale * vcvtq_f32_s32(q &- zp), one), floor)
    }
    @inline(__always) func lookup(_ table: UnsafePointer<Float>, _ g: UnsafePointer<Int8>) -> SIMD4<Float> {
        SIMD4(table[Int(g[0])], table[Int(g[1])], table[Int(g[2])], table[Int(g[3])])
    }
    /// The state update and the output of 4 channels: bytes in int32 lanes.
    @inline(__always) func update(_ z: SIMD4<Float>, _ f: SIMD4<Float>, _ o: SIMD4<Float>,
                                  _ c: UnsafeMutablePointer<Float>) -> SIMD4<Int32> {
        let previous = UnsafeRawPointer(c).loadUnaligned(as: SIMD4<Float>.self)
        let next = f * previous + (one - f) * z
        UnsafeMutableRawPointer(c).storeBytes(of: next, as: SIMD4<Float>.self)
        let v = vmaxq_f32(vminq_f32(o * next * inverse, high), low)
        return vminq_s32(vmaxq_s32(vcvtaq_s32_f32(v) &+ zero, minOut), maxOut)
    }

    for step in 0..<rows {
        let t = backward ? rows &- 1 &- step : step
        let o = out + t &* s
        if t >= length {
            o.update(repeating: Int8(truncatingIfNeeded: zeroPoint), count: s)
            continue
        }
        let g = gates + t &* 3 &* s
        var j = 0
        /// 8 channels from j: both updates, then 8 output bytes (j passed, not
        /// captured: a captured `var` would be boxed on the heap).
        @inline(__always) func step8(_ j: Int, _ z0: SIMD4<Float>, _ z1: SIMD4<Float>, _ f0: SIMD4<Float>, _ f1: SIMD4<Float>,
                                     _ o0: SIMD4<Float>, _ o1: SIMD4<Float>) {
            let y0 = update(z0, f0, o0, state + j)
            let y1 = update(z1, f1, o1, state + (j &+ 4))
            UnsafeMutableRawPointer(o + j).storeBytes(of: vmovn_s16(vmovn_high_s32(vmovn_s32(y0), y1)), as: SIMD8<Int8>.self)
        }
        // One loop per gate form (no branch inside).
        if linear != nil {
            @inline(__always) func widen(_ p: UnsafePointer<Int8>) -> (SIMD4<Int32>, SIMD4<Int32>) {
                let w = vmovl_s8(UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Int8>.self))
                return (vmovl_s16(w.lowHalf), vmovl_high_s16(w))
            }
            while j &+ 8 <= s {
                let (zq0, zq1) = widen(g + j), (fq0, fq1) = widen(g + (s &+ j)), (oq0, oq1) = widen(g + (2 &* s &+ j))
                step8(j, dequantize(zq0, zZero, zScale, minusOne), dequantize(zq1, zZero, zScale, minusOne),
                      dequantize(fq0, fZero, fScale, nothing), dequantize(fq1, fZero, fScale, nothing),
                      dequantize(oq0, oZero, oScale, nothing), dequantize(oq1, oZero, oScale, nothing))
                j &+= 8
            }
        } else {
            while j &+ 8 <= s {
                step8(j, lookup(zt, g + j), lookup(zt, g + (j &+ 4)), lookup(ft, g + (s &+ j)), lookup(ft, g + (s &+ j &+ 4)),
                      lookup(ot, g + (2 &* s &+ j)), lookup(ot, g + (2 &* s &+ j &+ 4)))
                j &+= 8
            }
        }
        if j &+ 4 <= s {
            let z: SIMD4<Float>, f: SIMD4<Float>, og: SIMD4<Float>
            if linear != nil {
                @inline(__always) func widen(_ p: UnsafePointer<Int8>) -> SIMD4<Int32> {
                    SIMD4(Int32(p[0]), Int32(p[1]), Int32(p[2]), Int32(p[3]))
                }
                z = dequantize(widen(g + j), zZero, zScale, minusOne)
                f = dequantize(widen(g + (s &+ j)), fZero, fScale, nothing)
                og = dequantize(widen(g + (2 &* s &+ j)), oZero, oScale, nothing)
            } else {
                z = lookup(zt, g + j); f = lookup(ft, g + (s &+ j)); og = lookup(ot, g + (2 &* s &+ j))
            }
            let y = update(z, f, og, state + j)
            for i in 0..<4 { o[j &+ i] = Int8(truncatingIfNeeded: y[i]) }
            j &+= 4
        }
        while j < s {
            // The reference's operations, one channel.
            let z: Float, f: Float, og: Float
            if let linear {
                @inline(__always) func value(_ gate: Int, _ floor: Float) -> Float {
                    let q = Int32(g[gate &* s &+ j])
                    return max(floor, min(1, linear[gate] * Float(q - Int32(linear[3 + gate]))))
                }
                z = value(0, -1); f = value(1, 0); og = value(2, 0)
            } else {
                z = zt[Int(g[j])]; f = ft[Int(g[s &+ j])]; og = ot[Int(g[2 &* s &+ j])]
            }
            let c = f * state[j] + (1 - f) * z
            state[j] = c
            let v = max(-1000, min(1000, og * c * inverseScale))
            let r = v.rounded(.toNearestOrAwayFromZero) + Float(zeroPoint)
            o[j] = Int8(max(-128, min(127, r)))
            j &+= 1
        }
    }
}
#endif
