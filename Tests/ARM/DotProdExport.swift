// Compiled by scripts/test-arm into the TernKernelsNEONDotProd module, with its
// flags. Embedded Swift serializes every function body into the module, so a
// driver that imported the module would inline denseARMDotProd into code built for
// the baseline and fail to select `sdot` (`-disable-cmo`, which keeps the
// modules apart in the SwiftPM build, does not stop that here). The driver
// reaches the kernel through this C symbol instead (`@_extern(c)`), so the body
// is compiled here only.
@_cdecl("tern_arm_dense_dotprod")
public func ternARMDenseDotProd(_ w: UnsafeRawPointer, _ k: Int, _ n: Int, _ bias: UnsafePointer<Int32>,
                                _ mult: UnsafePointer<Int32>, _ shift: UnsafePointer<Int32>, _ zero: UnsafePointer<Int32>,
                                _ lo: UnsafePointer<Int32>, _ hi: UnsafePointer<Int32>,
                                _ x: UnsafePointer<Int8>, _ rows: Int, _ out: UnsafeMutablePointer<Int8>,
                                _ scratch: UnsafeMutableRawPointer) {
    denseARMDotProd(w, k, n, bias, mult, shift, zero, lo, hi, x, rows, out, scratch)
}

@_cdecl("tern_arm_dense_dotprod_scratch_bytes")
public func ternARMDenseDotProdScratchBytes(_ k: Int) -> Int { denseARMDotProdScratchBytes(k) }

@_cdecl("tern_arm_probe_sdot")
public func ternARMProbeSDot(_ iterations: Int, _ a: Int8, _ b: Int8) -> Int32 { probeSDotPeak(iterations, a, b) }
