// Built with -target-cpu haswell: call only after KernelDispatch allows .avx2.
#if X86Intrinsics && arch(x86_64)
import _Builtin_intrinsics.intel

/// QRNN fo-pooling, float32 state, 8 channels per YMM. AVX2 has no table
/// lookup for 256 floats short of `vgatherdps` (whose intrinsic Swift cannot
/// import: its scale is a macro argument), so the gate values are scalar
/// loads gathered into a register (`lookup8`); the update and rounding then
/// match the reference bit for bit.
///
/// - Parameters:
///   - tables: z, f, o tables, 256 floats each, back to back (index q + 128).
///   - linear: for activated gates, (z, f, o scales, then zero points): the
///     gate values are then computed as the table's clamped dequantization.
///   - gates: `[T, 3S]` int8; out `[T, S]` int8; `scratch`: 4 * S floats.
public func qrnnPoolX86AVX2(_ tables: UnsafePointer<Float>, _ linear: UnsafePointer<Float>?, _ channels: Int,
                         _ inverseScale: Float, _ zeroPoint: Int32,
                         _ gates: UnsafePointer<Int8>, _ rows: Int, _ length: Int, _ backward: Bool,
                         _ scratch: UnsafeMutablePointer<Float>, _ out: UnsafeMutablePointer<Int8>) {
    let s = channels
    let state = scratch, zs = scratch + s, fs = zs + s, os = fs + s
    state.update(repeating: 0, count: s)
    let one = _mm256_set1_ps(1)
    let inverse = _mm256_set1_ps(inverseScale)
    let lowClamp = _mm256_set1_ps(-1000), highClamp = _mm256_set1_ps(1000)
    let half = _mm256_set1_ps(0.5)
    let absMask = _mm256_set1_epi32(0x7FFF_FFFF)
    let zero = _mm256_set1_epi32(zeroPoint)
    for step in 0..<rows {
        let t = backward ? rows - 1 - step : step
        let o = out + t * s
        if t >= length {
            o.update(repeating: Int8(truncatingIfNeeded: zeroPoint), count: s)
            continue
        }
        let g = gates + t * 3 * s
        if let linear {
            // Same operations as the table entries: clamp(scale * Float(q - zero)).
            @inline(__always) func dequantize(_ gate: Int, _ dst: UnsafeMutablePointer<Float>, _ low: Float) {
                let scale = _mm256_set1_ps(linear[gate]), zp = _mm256_set1_epi32(Int32(linear[3 + gate]))
                var j = 0
                while j + 8 <= s {
                    let bytes = _mm_loadl_epi64(UnsafeRawPointer(g + gate * s + j).assumingMemoryBound(to: __m128i.self))
                    let centered = _mm256_cvtepi32_ps(_mm256_sub_epi32(_mm256_cvtepi8_epi32(bytes), zp))
                    let real = _mm256_max_ps(_mm256_min_ps(_mm256_mul_ps(scale, centered), one), _mm256_set1_ps(low))
                    _mm256_storeu_ps(dst + j, real)
                    j += 8
                }
                while j < s {
                    dst[j] = max(low, min(1, linear[gate] * Float(Int32(g[gate * s + j]) - Int32(linear[3 + gate]))))
                    j += 1
                }
            }
            dequantize(0, zs, -1)
            dequantize(1, fs, 0)
            dequantize(2, os, 0)
        } else {
            // Only the channels past the last full block: full blocks look
            // their gates up into registers below.
            for j in (s - s % 8)..<s {
                zs[j] = tables[Int(g[j]) + 128]
                fs[j] = tables[256 + Int(g[s + j]) + 128]
                os[j] = tables[512 + Int(g[2 * s + j]) + 128]
            }
        }
        var j = 0
        while j < s {
            let count = min(8, s - j)
            // A partial block uses masked loads, so no lane reads past the arrays.
            let f: __m256, z: __m256, og: __m256, previous: __m256
            if count == 8 {
                if linear == nil {
                    z = lookup8(tables, g + j); f = lookup8(tables + 256, g + s + j); og = lookup8(tables + 512, g + 2 * s + j)
                } else {
                    f = _mm256_loadu_ps(fs + j); z = _mm256_loadu_ps(zs + j); og = _mm256_loadu_ps(os + j)
                }
                previous = _mm256_loadu_ps(state + j)
            } else {
                let m = _mm256_cmpgt_epi32(_mm256_set1_epi32(Int32(count)), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7))
                f = _mm256_maskload_ps(fs + j, m); z = _mm256_maskload_ps(zs + j, m); og = _mm256_maskload_ps(os + j, m)
                previous = _mm256_maskload_ps(state + j, m)
            }
            let c = _mm256_add_ps(_mm256_mul_ps(f, previous), _mm256_mul_ps(_mm256_sub_ps(one, f), z))
            let v = _mm256_min_ps(_mm256_max_ps(_mm256_mul_ps(_mm256_mul_ps(og, c), inverse), lowClamp), highClamp)
            var q = _mm256_cvttps_epi32(v)
            let fraction = _mm256_sub_ps(v, _mm256_cvtepi32_ps(q))
            let magnitude = _mm256_and_si256(_mm256_castps_si256(fraction), absMask)
            let adjust = _mm256_xor_si256(_mm256_srai_epi32(_mm256_castps_si256(_mm256_sub_ps(_mm256_castsi256_ps(magnitude), half)), 31),
                                          _mm256_set1_epi32(-1))
            let direction = _mm256_or_si256(_mm256_srai_epi32(_mm256_castps_si256(v), 31), _mm256_set1_epi32(1))
            q = _mm256_add_epi32(q, _mm256_and_si256(adjust, direction))
            q = _mm256_min_epi32(_mm256_max_epi32(_mm256_add_epi32(q, zero), _mm256_set1_epi32(-128)), _mm256_set1_epi32(127))
            let bytes = narrow16AVX2(q, q)
            if count == 8 {
                _mm256_storeu_ps(state + j, c)
                _mm_storel_epi64(UnsafeMutableRawPointer(o + j).assumingMemoryBound(to: __m128i.self), bytes)
            } else {
                withUnsafeTemporaryAllocation(of: Float.self, capacity: 8 + 16) { lanes in
                    let floats = lanes.baseAddress!
                    _mm256_storeu_ps(floats, c)
                    (state + j).update(from: floats, count: count)
                    let raw = UnsafeMutableRawPointer(floats + 8)
                    _mm_storeu_si128(raw.assumingMemoryBound(to: __m128i.self), bytes)
                    (o + j).update(from: raw.assumingMemoryBound(to: Int8.self), count: count)
                }
            }
            j += 8
        }
    }
}

/// The 256-entry table's entries for eight int8 gates (index q + 128), built
/// in a register. Writing them to an array and loading it back, as this
/// kernel did, stalls store forwarding (8 scalar stores, one wide load).
@inline(__always)
private func lookup8(_ table: UnsafePointer<Float>, _ gates: UnsafePointer<Int8>) -> __m256 {
    // q + 128 is q's byte with its top bit flipped.
    let w = UnsafeRawPointer(gates).loadUnaligned(as: UInt64.self) ^ 0x8080_8080_8080_8080
    @inline(__always) func at(_ lane: UInt64) -> Float { table[Int(truncatingIfNeeded: (w &>> (8 &* lane)) & 0xFF)] }
    return _mm256_set_ps(at(7), at(6), at(5), at(4), at(3), at(2), at(1), at(0))
}
#endif
