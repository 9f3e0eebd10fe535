// Built with -target-cpu haswell: call only after KernelDispatch allows .avx2.
#if X86Intrinsics && arch(x86_64)
import _Builtin_intrinsics.intel

/// 12 independent chains of `step` per round, in registers, summed at the
/// end so that none is dead: the shape of the AVX2 peak probes. Each step
/// reads its own chain, so nothing can be hoisted out of the loop; 12 chains
/// cover a multiply's latency at two per cycle.
@inline(__always)
private func chainsAVX2(_ iterations: Int, _ step: (__m256i) -> __m256i) -> Int32 {
    var a0 = _mm256_set1_epi16(1), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0
    var a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0
    for _ in 0..<iterations {
        a0 = step(a0); a1 = step(a1); a2 = step(a2); a3 = step(a3); a4 = step(a4); a5 = step(a5)
        a6 = step(a6); a7 = step(a7); a8 = step(a8); a9 = step(a9); a10 = step(a10); a11 = step(a11)
    }
    var s = _mm256_add_epi32(_mm256_add_epi32(_mm256_add_epi32(a0, a1), _mm256_add_epi32(a2, a3)),
                             _mm256_add_epi32(_mm256_add_epi32(a4, a5), _mm256_add_epi32(a6, a7)))
    s = _mm256_add_epi32(s, _mm256_add_epi32(_mm256_add_epi32(a8, a9), _mm256_add_epi32(a10, a11)))
    return withUnsafeTemporaryAllocation(of: Int32.self, capacity: 8) { lanes in
        _mm256_storeu_si256(UnsafeMutableRawPointer(lanes.baseAddress!).assumingMemoryBound(to: __m256i.self), s)
        return lanes.reduce(0, &+)
    }
}

/// Peak probe of the AVX2 int8 path Tern uses on general int8 (`vpmaddwd` +
/// `vpaddd`, 16 multiply-adds per pair).
public func probeMaddPeakAVX2(_ iterations: Int) -> Int32 {
    let w = _mm256_set1_epi16(1)
    return chainsAVX2(iterations) { _mm256_add_epi32($0, _mm256_madd_epi16($0, w)) }
}

/// Peak probe of the ternary-input AVX2 path (`dense_ternary_x86_avx2`:
/// `vpmaddubsw` + `vpaddw`, 32 multiply-adds per pair).
public func probeTernaryPeakAVX2(_ iterations: Int) -> Int32 {
    let w = _mm256_set1_epi8(1)
    return chainsAVX2(iterations) { _mm256_add_epi16($0, _mm256_maddubs_epi16($0, w)) }
}
#endif
