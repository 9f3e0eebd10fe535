// Built with -target-cpu cascadelake: call only after KernelDispatch allows .avx512vnni.
#if X86Intrinsics && arch(x86_64)
import _Builtin_intrinsics.intel

/// AVX-512 VNNI dense layer: `[T, K] x [K, N] -> [T, N]` int8 with int32
/// accumulation and requantization.
///
/// `vpdpbusd` multiplies unsigned by signed bytes, 4 per int32 lane. The input
/// is read as u8 = x + 128 (an XOR with 0x80); the pack step folds the
/// correction -(zx + 128) * sum_k w[k, n] into the bias.
///
/// - Panels: up to 128 rows (about 32 KiB of u8 input) are flipped to u8 once
///   per call, into scratch; every channel block then reads them.
/// - Register tile: 8 rows x 32 channels, 16 ZMM accumulators. Each k step
///   loads 2 weight vectors (32 channels x 4 k) and broadcasts 8 input quads:
///   16 `vpdpbusd` for 10 loads, no spills (zmm0-31: 16 accumulators, 2
///   weights, broadcasts, the epilogue's temporaries and constants).
/// - Channel blocks outside the row tiles, so one block's weights (32 x K
///   bytes) stay in L1 while the panel's tiles read them.
/// - Parked epilogue: a finished tile's 16 accumulators are stored raw to
///   scratch and requantized during the next tile's k loop, one group of 16
///   outputs after every K/64 k steps (`requantizeStore16AVX512`: about 23
///   vector instructions, of which the two multiplies and the store take
///   cycles from `vpdpbusd`), so the epilogue shares the cycles of the
///   `vpdpbusd` stream instead of stopping it. The last tile of a call is
///   requantized at the end. The requantization constants come prepared
///   with the packed layer (`prepareRequantizationAVX512VNNI`), so a call
///   (16 rows at T 16) does not rebuild them.
///
/// - Parameters:
///   - w: packed `[ceil(N/32)][ceil(K/4)][32][4]` int8, zero-padded (`DensePacking.vnni(width: 32)`).
///   - bias: folded bias, `[ceil(N/32) * 32]`.
///   - requantization: `prepareRequantizationAVX512VNNI`'s constants, padded like `bias`.
///   - x: `[T, K]` int8; out: `[T, N]` int8 (only these bytes are written).
///   - scratch: `denseX86AVX512VNNIScratchBytes(k)` writable bytes, 64-byte aligned.
public func denseX86AVX512VNNI(_ w: UnsafeRawPointer, _ k: Int, _ n: Int, _ bias: UnsafePointer<Int32>,
                            _ requantization: UnsafeRawPointer,
                            _ x: UnsafePointer<Int8>, _ rows: Int, _ out: UnsafeMutablePointer<Int8>,
                            _ scratch: UnsafeMutableRawPointer) {
    denseVNNI(w, k, n, bias, requantization, InputRowsVNNI(x: x, stride: k, rowOffset: 0, edge: x, edgeRows: 0..<0),
              rows, out, scratch)
}

/// `denseX86AVX512VNNI` on input rows that need not be K apart: row i is
/// read at `x + (i + rowOffset) * stride`, except the rows in `edgeRows`,
/// read at `edge + (i - edgeRows.lowerBound) * K`. A convolution with
/// every tap on reads its im2col rows in place this way (stride C_in, the
/// rows that reach past the input built apart); see `DenseInputRows`.
public func denseX86AVX512VNNIRows(_ w: UnsafeRawPointer, _ k: Int, _ n: Int, _ bias: UnsafePointer<Int32>,
                                _ requantization: UnsafeRawPointer,
                                _ x: UnsafePointer<Int8>, stride: Int, rowOffset: Int,
                                _ edge: UnsafePointer<Int8>, edgeRows: Range<Int>,
                                _ rows: Int, _ out: UnsafeMutablePointer<Int8>, _ scratch: UnsafeMutableRawPointer) {
    denseVNNI(w, k, n, bias, requantization,
              InputRowsVNNI(x: x, stride: stride, rowOffset: rowOffset, edge: edge, edgeRows: edgeRows), rows, out, scratch)
}

/// Where `denseVNNI` reads input row i (see `denseX86AVX512VNNIRows`).
struct InputRowsVNNI {
    let x: UnsafePointer<Int8>, stride: Int, rowOffset: Int
    let edge: UnsafePointer<Int8>, edgeRows: Range<Int>

    @inline(__always) func row(_ i: Int, width k: Int) -> UnsafePointer<Int8> {
        edgeRows.contains(i) ? edge + (i - edgeRows.lowerBound) * k : x + (i + rowOffset) * stride
    }
}

@inline(__always)
func denseVNNI(_ w: UnsafeRawPointer, _ k: Int, _ n: Int, _ bias: UnsafePointer<Int32>,
               _ requantization: UnsafeRawPointer,
               _ x: InputRowsVNNI, _ rows: Int, _ out: UnsafeMutablePointer<Int8>,
               _ scratch: UnsafeMutableRawPointer) {
    let k4 = (k + 3) / 4
    let kp = 4 * k4
    let blocks = (n + 31) / 32
    let panel = denseVNNIPanelRows(kp)
    let spread = max(1, k4 / 16)   // k steps per parked group: the 16 groups spread over the k loop
    let flip = _mm512_set1_epi8(-128)
    let parked = scratch   // the previous tile's accumulators
    let xu = parked + 1024
    var pendingOut: UnsafeMutablePointer<Int8>? = nil
    var pendingRows = 0, pendingChannels = 0
    var pendingParams = requantization
    var p0 = 0
    while p0 < rows {
        let pr = min(panel, rows - p0)
        // The panel's rows as u8 = x + 128, K padded to a multiple of 4 (pads meet zero weights).
        for r in 0..<pr {
            let src = UnsafeRawPointer(x.row(p0 + r, width: k))
            let dst = xu + r * kp
            var i = 0
            while i < kp {
                let count = min(64, k - i)
                let mask: __mmask64 = count >= 64 ? ~0 : (count <= 0 ? 0 : (UInt64(1) << UInt64(count)) &- 1)
                let v = _mm512_xor_si512(_mm512_maskz_loadu_epi8(mask, src + i), flip)
                let storeCount = min(64, kp - i)
                let storeMask: __mmask64 = storeCount >= 64 ? ~0 : (UInt64(1) << UInt64(storeCount)) &- 1
                _mm512_mask_storeu_epi8(dst + i, storeMask, v)
                i += 64
            }
        }
        for b in 0..<blocks {
            let c0 = b * 32
            let bp = requantization + 2 * b * preparedRequantizationBytes
            let b0 = _mm512_loadu_si512(bias + c0 + 0)
            let b1 = _mm512_loadu_si512(bias + c0 + 16)
            let wb = w + b * k4 * 128
            var t0 = 0
            while t0 < pr {
                let mr = min(8, pr - t0)
                let x0 = UnsafeRawPointer(xu + t0 * kp)
                let x1 = mr > 1 ? x0 + 1 * kp : x0
                let x2 = mr > 2 ? x0 + 2 * kp : x0
                let x3 = mr > 3 ? x0 + 3 * kp : x0
                let x4 = mr > 4 ? x0 + 4 * kp : x0
                let x5 = mr > 5 ? x0 + 5 * kp : x0
                let x6 = mr > 6 ? x0 + 6 * kp : x0
                let x7 = mr > 7 ? x0 + 7 * kp : x0
                var a0_0 = b0, a0_1 = b1
                var a1_0 = b0, a1_1 = b1
                var a2_0 = b0, a2_1 = b1
                var a3_0 = b0, a3_1 = b1
                var a4_0 = b0, a4_1 = b1
                var a5_0 = b0, a5_1 = b1
                var a6_0 = b0, a6_1 = b1
                var a7_0 = b0, a7_1 = b1
                var wp = wb
                var o = 0
                // One k step: 4 input bytes of each of the 8 rows against 32
                // channels' 4 weights, 16 `vpdpbusd` (inlined: the
                // accumulators stay in zmm registers).
                @inline(__always) func kStep() {
                    let w0 = _mm512_loadu_si512(wp + 0)
                    let w1 = _mm512_loadu_si512(wp + 64)
                    let v0 = _mm512_set1_epi32(x0.loadUnaligned(fromByteOffset: o, as: Int32.self))
                    a0_0 = _mm512_dpbusd_epi32(a0_0, v0, w0); a0_1 = _mm512_dpbusd_epi32(a0_1, v0, w1)
                    let v1 = _mm512_set1_epi32(x1.loadUnaligned(fromByteOffset: o, as: Int32.self))
                    a1_0 = _mm512_dpbusd_epi32(a1_0, v1, w0); a1_1 = _mm512_dpbusd_epi32(a1_1, v1, w1)
                    let v2 = _mm512_set1_epi32(x2.loadUnaligned(fromByteOffset: o, as: Int32.self))
                    a2_0 = _mm512_dpbusd_epi32(a2_0, v2, w0); a2_1 = _mm512_dpbusd_epi32(a2_1, v2, w1)
                    let v3 = _mm512_set1_epi32(x3.loadUnaligned(fromByteOffset: o, as: Int32.self))
                    a3_0 = _mm512_dpbusd_epi32(a3_0, v3, w0); a3_1 = _mm512_dpbusd_epi32(a3_1, v3, w1)
                    let v4 = _mm512_set1_epi32(x4.loadUnaligned(fromByteOffset: o, as: Int32.self))
                    a4_0 = _mm512_dpbusd_epi32(a4_0, v4, w0); a4_1 = _mm512_dpbusd_epi32(a4_1, v4, w1)
                    let v5 = _mm512_set1_epi32(x5.loadUnaligned(fromByteOffset: o, as: Int32.self))
                    a5_0 = _mm512_dpbusd_epi32(a5_0, v5, w0); a5_1 = _mm512_dpbusd_epi32(a5_1, v5, w1)
                    let v6 = _mm512_set1_epi32(x6.loadUnaligned(fromByteOffset: o, as: Int32.self))
                    a6_0 = _mm512_dpbusd_epi32(a6_0, v6, w0); a6_1 = _mm512_dpbusd_epi32(a6_1, v6, w1)
                    let v7 = _mm512_set1_epi32(x7.loadUnaligned(fromByteOffset: o, as: Int32.self))
                    a7_0 = _mm512_dpbusd_epi32(a7_0, v7, w0); a7_1 = _mm512_dpbusd_epi32(a7_1, v7, w1)
                }
                if let po = pendingOut {
                    // The parked tile, one group of 16 outputs after every `spread` k steps.
                    var g = 0
                    while g < 16 && o < kp {
                        var s = 0
                        repeat {
                            kStep()
                            wp += 128
                            o += 4
                            s += 1
                        } while s < spread && o < kp
                        unparkGroup(parked, g, pendingRows, pendingParams, po, n, pendingChannels)
                        g += 1
                    }
                    while g < 16 {
                        unparkGroup(parked, g, pendingRows, pendingParams, po, n, pendingChannels)
                        g += 1
                    }
                }
                while o < kp {
                    kStep()
                    wp += 128
                    o += 4
                }
                let orow = out + (p0 + t0) * n + c0
                let nc = n - c0
                _mm512_storeu_si512(parked + 0, a0_0)
                _mm512_storeu_si512(parked + 64, a0_1)
                _mm512_storeu_si512(parked + 128, a1_0)
                _mm512_storeu_si512(parked + 192, a1_1)
                _mm512_storeu_si512(parked + 256, a2_0)
                _mm512_storeu_si512(parked + 320, a2_1)
                _mm512_storeu_si512(parked + 384, a3_0)
                _mm512_storeu_si512(parked + 448, a3_1)
                _mm512_storeu_si512(parked + 512, a4_0)
                _mm512_storeu_si512(parked + 576, a4_1)
                _mm512_storeu_si512(parked + 640, a5_0)
                _mm512_storeu_si512(parked + 704, a5_1)
                _mm512_storeu_si512(parked + 768, a6_0)
                _mm512_storeu_si512(parked + 832, a6_1)
                _mm512_storeu_si512(parked + 896, a7_0)
                _mm512_storeu_si512(parked + 960, a7_1)
                pendingOut = orow
                pendingRows = mr
                pendingChannels = nc
                pendingParams = bp
                t0 += 8
            }
        }
        p0 += pr
    }
    if let po = pendingOut {
        for g in 0..<16 {
            unparkGroup(parked, g, pendingRows, pendingParams, po, n, pendingChannels)
        }
    }
}

/// Group g (0..<16: row g / 2, channels 16 (g % 2) ..< +16) of a parked 8 x 32
/// tile, requantized and stored if the row and channels exist: `rows` rows,
/// `channels` channels left from `out` (row 0, the block's first channel).
@inline(__always)
func unparkGroup(_ parked: UnsafeMutableRawPointer, _ g: Int, _ rows: Int, _ params: UnsafeRawPointer,
                 _ out: UnsafeMutablePointer<Int8>, _ n: Int, _ channels: Int) {
    let r = g / 2, c = g % 2
    guard r < rows else { return }
    requantizeStore16AVX512(_mm512_loadu_si512(parked + 64 * g), params + c * preparedRequantizationBytes,
                            out + r * n + 16 * c, channels - 16 * c)
}

/// Rows of the u8 input panel for padded K `kp`: a multiple of 8, about 32 KiB,
/// 8 to 128 (measured: 16 KiB / 64 rows ran 0.2-1.4 points of peak slower, 8 KiB
/// slower again, 64 KiB / 256 rows 0.3-0.8 slower).
@inline(__always) func denseVNNIPanelRows(_ kp: Int) -> Int { max(8, min(128, 32768 / kp) / 8 * 8) }

/// Scratch bytes `denseX86AVX512VNNI` needs for K inputs: the parked tile,
/// the u8 panel.
public func denseX86AVX512VNNIScratchBytes(_ k: Int) -> Int {
    let kp = 4 * ((k + 3) / 4)
    return 1024 + denseVNNIPanelRows(kp) * kp + 64
}

/// Groups of 16 channels in N channels padded to 32 (the packed bias's width).
@inline(__always) func denseVNNIRequantizationGroups(_ n: Int) -> Int { (n + 31) / 32 * 2 }

/// Bytes of the prepared requantization of N channels padded to 32.
public func denseX86AVX512VNNIRequantizationBytes(_ n: Int) -> Int { denseVNNIRequantizationGroups(n) * preparedRequantizationBytes }

/// Prepares the requantization of N channels (padded to a multiple of 32,
/// like the packed bias) for `denseX86AVX512VNNI`, into
/// `denseX86AVX512VNNIRequantizationBytes(n)` bytes at `p`; once per packed layer.
public func prepareRequantizationAVX512VNNI(_ p: UnsafeMutableRawPointer, _ n: Int, _ mult: UnsafePointer<Int32>,
                                            _ shift: UnsafePointer<Int32>, _ zero: UnsafePointer<Int32>,
                                            _ lo: UnsafePointer<Int32>, _ hi: UnsafePointer<Int32>) {
    prepareRequantizationAVX512(p, denseVNNIRequantizationGroups(n), mult, shift, zero, lo, hi)
}
#endif
