// Built with -target-cpu haswell: call only after KernelDispatch allows .avx2.
#if X86Intrinsics && arch(x86_64)
import _Builtin_intrinsics.intel

/// Peak probe of the AVX2 int8 path Tern uses (`vpmaddwd` + `vpaddd`, 16
/// multiply-adds per pair): 12 independent chains per round, in registers.
/// Each `vpmaddwd` reads its own accumulator, so none can be hoisted out of
/// the loop; 12 chains cover its latency at two per cycle.
public func probeMaddPeakAVX2(_ iterations: Int) -> Int32 {
    let w = _mm256_set1_epi16(1)
    var a0 = _mm256_set1_epi32(1), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0
    var a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0
    @inline(__always) func step(_ a: inout __m256i) { a = _mm256_add_epi32(a, _mm256_madd_epi16(a, w)) }
    for _ in 0..<iterations {
        step(&a0); step(&a1); step(&a2); step(&a3); step(&a4); step(&a5)
        step(&a6); step(&a7); step(&a8); step(&a9); step(&a10); step(&a11)
    }
    var s = _mm256_add_epi32(_mm256_add_epi32(_mm256_add_epi32(a0, a1), _mm256_add_epi32(a2, a3)),
                             _mm256_add_epi32(_mm256_add_epi32(a4, a5), _mm256_add_epi32(a6, a7)))
    s = _mm256_add_epi32(s, _mm256_add_epi32(_mm256_add_epi32(a8, a9), _mm256_add_epi32(a10, a11)))
    return withUnsafeTemporaryAllocation(of: Int32.self, capacity: 8) { lanes in
        _mm256_storeu_si256(UnsafeMutableRawPointer(lanes.baseAddress!).assumingMemoryBound(to: __m256i.self), s)
        return lanes.reduce(0, &+)
    }
}

/// Peak probe of the ternary-input AVX2 path (`dense_ternary_x86_avx2`:
/// `vpmaddubsw` + `vpaddw`, 32 multiply-adds per pair), shaped like
/// `probeMaddPeakAVX2`. The two stay apart on purpose: one loop taking the
/// step as a closure compiles the same in release, but at -Onone a closure
/// call a step made the probe 1.7x slower than the debug kernels it is the
/// peak of (dense shares of 116-136 %, which `aRealRunHasNoImpossibleFigure`
/// refuses).
public func probeTernaryPeakAVX2(_ iterations: Int) -> Int32 {
    let w = _mm256_set1_epi8(1)
    var a0 = _mm256_set1_epi16(1), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0
    var a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0
    @inline(__always) func step(_ a: inout __m256i) { a = _mm256_add_epi16(a, _mm256_maddubs_epi16(a, w)) }
    for _ in 0..<iterations {
        step(&a0); step(&a1); step(&a2); step(&a3); step(&a4); step(&a5)
        step(&a6); step(&a7); step(&a8); step(&a9); step(&a10); step(&a11)
    }
    var s = _mm256_add_epi16(_mm256_add_epi16(_mm256_add_epi16(a0, a1), _mm256_add_epi16(a2, a3)),
                             _mm256_add_epi16(_mm256_add_epi16(a4, a5), _mm256_add_epi16(a6, a7)))
    s = _mm256_add_epi16(s, _mm256_add_epi16(_mm256_add_epi16(a8, a9), _mm256_add_epi16(a10, a11)))
    return withUnsafeTemporaryAllocation(of: Int32.self, capacity: 8) { lanes in
        _mm256_storeu_si256(UnsafeMutableRawPointer(lanes.baseAddress!).assumingMemoryBound(to: __m256i.self), s)
        return lanes.reduce(0, &+)
    }
}
#endif
