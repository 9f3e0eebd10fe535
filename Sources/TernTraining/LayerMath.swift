import COpenBLAS
import TernKernels
import TernModels

// Float32 forward and backward passes of the layers training needs, on raw
// pointers so the inner loops (over output channels, contiguous) vectorize.
// Shapes as `LayerShape`: weights [k, K, N] tap-major, bias [N], x [T, K],
// y [T, N]; steps outside 0..<T read as zero.

/// y = conv(x) + b (a dense layer is width 1), by the project's loops (zero inputs skipped).
func loopConvForward(_ s: LayerShape, _ w: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ x: UnsafePointer<Float>,
                 rows: Int, _ y: UnsafeMutablePointer<Float>) {
    let n = s.outputs, k = s.inputs
    for t in 0..<rows {
        let yt = y + t * n
        yt.update(from: b, count: n)
        for j in 0..<s.width where s.taps[j] {
            let src = s.padding == .causal ? t - (s.width - 1) + j : t + j
            guard src >= 0 && src < rows else { continue }
            let xs = x + src * k
            for c in 0..<k {
                let v = xs[c]
                if v == 0 { continue }
                let wr = w + (j * k + c) * n
                for o in 0..<n { yt[o] += v * wr[o] }
            }
        }
    }
}

/// Accumulates dW += x^T dy per tap, db += sum_t dy, and (when given) dx += dy W^T, by the project's loops.
func loopConvBackward(_ s: LayerShape, _ w: UnsafePointer<Float>, _ x: UnsafePointer<Float>, rows: Int,
                  _ dy: UnsafePointer<Float>, _ dw: UnsafeMutablePointer<Float>, _ db: UnsafeMutablePointer<Float>,
                  _ dx: UnsafeMutablePointer<Float>?) {
    let n = s.outputs, k = s.inputs
    for t in 0..<rows {
        let g = dy + t * n
        for o in 0..<n { db[o] += g[o] }
        for j in 0..<s.width where s.taps[j] {
            let src = s.padding == .causal ? t - (s.width - 1) + j : t + j
            guard src >= 0 && src < rows else { continue }
            let xs = x + src * k
            for c in 0..<k {
                let wr = w + (j * k + c) * n, dwr = dw + (j * k + c) * n
                let v = xs[c]
                if v != 0 { for o in 0..<n { dwr[o] += v * g[o] } }
                if let dx {
                    var sum: Float = 0
                    for o in 0..<n { sum += wr[o] * g[o] }
                    dx[src * k + c] += sum
                }
            }
        }
    }
}

/// y = x W + b for ternary x (the projection): adds and subtracts rows of W.
func ternaryDenseForward(_ s: LayerShape, _ w: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ x: UnsafePointer<Int8>,
                         rows: Int, _ y: UnsafeMutablePointer<Float>) {
    let n = s.outputs, k = s.inputs
    for t in 0..<rows {
        let yt = y + t * n, xs = x + t * k
        yt.update(from: b, count: n)
        for c in 0..<k {
            let v = xs[c]
            if v == 0 { continue }
            let wr = w + c * n
            if v > 0 { for o in 0..<n { yt[o] += wr[o] } } else { for o in 0..<n { yt[o] -= wr[o] } }
        }
    }
}

/// dW += x^T dy, db += sum_t dy for ternary x (no dx: the projection has no parameters).
func ternaryDenseBackward(_ s: LayerShape, _ x: UnsafePointer<Int8>, rows: Int, _ dy: UnsafePointer<Float>,
                          _ dw: UnsafeMutablePointer<Float>, _ db: UnsafeMutablePointer<Float>) {
    let n = s.outputs, k = s.inputs
    for t in 0..<rows {
        let g = dy + t * n, xs = x + t * k
        for o in 0..<n { db[o] += g[o] }
        for c in 0..<k {
            let v = xs[c]
            if v == 0 { continue }
            let dwr = dw + c * n
            if v > 0 { for o in 0..<n { dwr[o] += g[o] } } else { for o in 0..<n { dwr[o] -= g[o] } }
        }
    }
}

/// Inverted dropout's factor for one value: 0 with probability `dropout`,
/// else 1 / (1 - dropout), from 24 random bits.
@inline(__always)
func dropoutFactor(_ dropout: Float, rng: inout SplitMix64) -> Float {
    let keep = 1 - dropout
    return Float(rng.next() >> 40) < keep * Float(1 << 24) ? 1 / keep : 0
}

/// ReLU, then inverted dropout (`dropoutFactor`) when training; `mask`
/// keeps the combined factor for the backward pass. With fake quantization
/// on, the ReLU's output is put on point `name`'s int8 grid between the two
/// (where the engine quantizes it; dropout exists only in training), and
/// values the grid clips get no gradient.
func reluDropout(_ y: UnsafeMutablePointer<Float>, _ mask: UnsafeMutablePointer<Float>, count: Int, dropout: Float,
                 train: Bool, rng: inout SplitMix64, quantizer: ActivationQuantizer, name: String) {
    let quantized = quantizer.fakeQuantize(name, y, count: count, relu: true, pass: mask)
    for i in 0..<count {
        var m: Float = y[i] > 0 ? 1 : 0
        if train && dropout > 0 && m != 0 { m = dropoutFactor(dropout, rng: &rng) }
        y[i] *= m
        // A clipped value keeps its clamped forward value but passes no gradient.
        mask[i] = quantized ? m * mask[i] : m
    }
}

/// How the trainer multiplies float matrices: the convolutions, attention
/// and classifier layers (the ternary-input layers always add and subtract
/// rows). Both give the same products up to float rounding; a run is
/// deterministic with either, and the choice is part of its options.
public enum FloatProducts: String, Codable, Sendable, CaseIterable {
    /// The project's loops: zero inputs (half of a ReLU's outputs) are skipped.
    case loops
    /// OpenBLAS's sgemm, one call per tap, on one thread (the trainer's
    /// threads split the batch; see `FloatProducts.configureOpenBLAS`).
    case openblas

    /// OpenBLAS runs each call on the calling thread: the trainer already
    /// keeps every core busy, and one thread makes each product's rounding the same every run.
    public static let configureOpenBLAS: Void = { openblas_set_num_threads(1) }()

    /// y `[T, N]` = conv(x `[T, K]`) + b, weights `[k, K, N]` tap-major (`LayerShape`'s padding and taps).
    public func convForward(_ s: LayerShape, _ w: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ x: UnsafePointer<Float>,
                            rows: Int, _ y: UnsafeMutablePointer<Float>) {
        switch self {
        case .loops: loopConvForward(s, w, b, x, rows: rows, y)
        case .openblas: blasConvForward(s, w, b, x, rows: rows, y)
        }
    }

    /// Accumulates dW += x^T dy per tap, db += sum_t dy and (when given) dx += dy W^T.
    public func convBackward(_ s: LayerShape, _ w: UnsafePointer<Float>, _ x: UnsafePointer<Float>, rows: Int,
                             _ dy: UnsafePointer<Float>, _ dw: UnsafeMutablePointer<Float>, _ db: UnsafeMutablePointer<Float>,
                             _ dx: UnsafeMutablePointer<Float>?) {
        switch self {
        case .loops: loopConvBackward(s, w, x, rows: rows, dy, dw, db, dx)
        case .openblas: blasConvBackward(s, w, x, rows: rows, dy, dw, db, dx)
        }
    }
}

/// The output rows tap `j` reaches inside the input, and how far its input rows are shifted.
@inline(__always)
func tapRows(_ s: LayerShape, tap j: Int, rows: Int) -> (outputs: Range<Int>, shift: Int) {
    let shift = s.padding == .causal ? j - (s.width - 1) : j
    let first = max(0, -shift), end = min(rows, rows - shift)
    return (first..<max(first, end), shift)
}

/// `loopConvForward` as one sgemm per tap: y[t0..<t1] += x[t0+shift..<t1+shift] W_j.
func blasConvForward(_ s: LayerShape, _ w: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ x: UnsafePointer<Float>,
                     rows: Int, _ y: UnsafeMutablePointer<Float>) {
    _ = FloatProducts.configureOpenBLAS
    let n = s.outputs, k = s.inputs
    for t in 0..<rows { (y + t * n).update(from: b, count: n) }
    for j in 0..<s.width where s.taps[j] {
        let (out, shift) = tapRows(s, tap: j, rows: rows)
        guard !out.isEmpty else { continue }
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(out.count), Int32(n), Int32(k), 1,
                    x + (out.lowerBound + shift) * k, Int32(k), w + j * k * n, Int32(n), 1, y + out.lowerBound * n, Int32(n))
    }
}

/// `loopConvBackward` as sgemm calls per tap: dW_j += x_shifted^T dy, dx_shifted += dy W_j^T.
func blasConvBackward(_ s: LayerShape, _ w: UnsafePointer<Float>, _ x: UnsafePointer<Float>, rows: Int,
                      _ dy: UnsafePointer<Float>, _ dw: UnsafeMutablePointer<Float>, _ db: UnsafeMutablePointer<Float>,
                      _ dx: UnsafeMutablePointer<Float>?) {
    _ = FloatProducts.configureOpenBLAS
    let n = s.outputs, k = s.inputs
    for t in 0..<rows { for o in 0..<n { db[o] += dy[t * n + o] } }
    for j in 0..<s.width where s.taps[j] {
        let (out, shift) = tapRows(s, tap: j, rows: rows)
        guard !out.isEmpty else { continue }
        let m = Int32(out.count), xs = x + (out.lowerBound + shift) * k, g = dy + out.lowerBound * n
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(k), Int32(n), m, 1, xs, Int32(k), g, Int32(n), 1,
                    dw + j * k * n, Int32(n))
        if let dx {
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, Int32(k), Int32(n), 1, g, Int32(n), w + j * k * n, Int32(n), 1,
                        dx + (out.lowerBound + shift) * k, Int32(k))
        }
    }
}
