// Built with -target-cpu cascadelake: call only after KernelDispatch allows .avx512vnni.
#if X86Intrinsics && arch(x86_64)
import _Builtin_intrinsics.intel

/// Peak probe: `iterations` rounds of 12 independent `vpdpbusd zmm` chains,
/// 12 * 64 int8 multiply-adds per round, all in registers. Returns a value
/// that depends on every chain so none is removed.
public func probeVNNIPeakAVX512(_ iterations: Int) -> Int32 {
    let x = _mm512_set1_epi8(1), w = _mm512_set1_epi8(1)
    var a0 = _mm512_setzero_si512(), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0
    var a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0
    for _ in 0..<iterations {
        a0 = _mm512_dpbusd_epi32(a0, x, w); a1 = _mm512_dpbusd_epi32(a1, x, w); a2 = _mm512_dpbusd_epi32(a2, x, w)
        a3 = _mm512_dpbusd_epi32(a3, x, w); a4 = _mm512_dpbusd_epi32(a4, x, w); a5 = _mm512_dpbusd_epi32(a5, x, w)
        a6 = _mm512_dpbusd_epi32(a6, x, w); a7 = _mm512_dpbusd_epi32(a7, x, w); a8 = _mm512_dpbusd_epi32(a8, x, w)
        a9 = _mm512_dpbusd_epi32(a9, x, w); a10 = _mm512_dpbusd_epi32(a10, x, w); a11 = _mm512_dpbusd_epi32(a11, x, w)
    }
    var s = _mm512_add_epi32(_mm512_add_epi32(_mm512_add_epi32(a0, a1), _mm512_add_epi32(a2, a3)),
                             _mm512_add_epi32(_mm512_add_epi32(a4, a5), _mm512_add_epi32(a6, a7)))
    s = _mm512_add_epi32(s, _mm512_add_epi32(_mm512_add_epi32(a8, a9), _mm512_add_epi32(a10, a11)))
    return _mm512_reduce_add_epi32(s)
}

/// Read-bandwidth probe: sums `bytes` (a multiple of 256) of `buffer`,
/// `repeats` times, with 64-byte loads into four accumulators.
public func probeReadBandwidthAVX512(_ buffer: UnsafeRawPointer, _ bytes: Int, _ repeats: Int) -> Int32 {
    var s0 = _mm512_setzero_si512(), s1 = s0, s2 = s0, s3 = s0
    for _ in 0..<repeats {
        var i = 0
        while i < bytes {
            s0 = _mm512_add_epi32(s0, _mm512_loadu_si512(buffer + i))
            s1 = _mm512_add_epi32(s1, _mm512_loadu_si512(buffer + i + 64))
            s2 = _mm512_add_epi32(s2, _mm512_loadu_si512(buffer + i + 128))
            s3 = _mm512_add_epi32(s3, _mm512_loadu_si512(buffer + i + 192))
            i += 256
        }
    }
    return _mm512_reduce_add_epi32(_mm512_add_epi32(_mm512_add_epi32(s0, s1), _mm512_add_epi32(s2, s3)))
}
#endif
