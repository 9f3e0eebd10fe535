// Compiled by scripts/test-arm into the TernKernelsNEONI8MM module, with its
// flags. Embedded Swift serializes every function body into the module, so a
// driver that imported the module would inline denseARMI8MM into code built for
// the baseline and fail to select `smmla` (`-disable-cmo`, which keeps the
// modules apart in the SwiftPM build, does not stop that here). The driver
// reaches the kernel through this C symbol instead (`@_extern(c)`), so the body
// is compiled here only.
@_cdecl("tern_arm_dense_i8mm")
public func ternARMDenseI8MM(_ w: UnsafeRawPointer, _ k: Int, _ n: Int, _ bias: UnsafePointer<Int32>,
                                _ mult: UnsafePointer<Int32>, _ shift: UnsafePointer<Int32>, _ zero: UnsafePointer<Int32>,
                                _ lo: UnsafePointer<Int32>, _ hi: UnsafePointer<Int32>,
                                _ x: UnsafePointer<Int8>, _ rows: Int, _ out: UnsafeMutablePointer<Int8>,
                                _ scratch: UnsafeMutableRawPointer) {
    denseARMI8MM(w, k, n, bias, mult, shift, zero, lo, hi, x, rows, out, scratch)
}

@_cdecl("tern_arm_dense_i8mm_scratch_bytes")
public func ternARMDenseI8MMScratchBytes(_ k: Int) -> Int { denseARMI8MMScratchBytes(k) }

@_cdecl("tern_arm_probe_smmla")
public func ternARMProbeSMMLA(_ iterations: Int, _ a: Int8, _ b: Int8) -> Int32 { probeSMMLAPeak(iterations, a, b) }
