#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which way a QRNN direction runs through time.
public enum QRNNDirection: String, Sendable, CaseIterable {
    /// t = 0, 1, ..., T-1.
    case forward
    /// t = T-1, ..., 0.
    case backward
}

/// How the gates arrive.
public enum QRNNGateInput: String, Sendable, CaseIterable {
    /// Pre-activations: z goes through tanh, f and o through sigmoid.
    case preActivation
    /// Already activated values (z in [-1, 1], f and o in [0, 1]).
    case activated
}

/// The parameters of QRNN fo-pooling for S channels:
/// `c_t = f_t * c_{t-1} + (1 - f_t) * z_t`, `h_t = o_t * c_t`, `c_{-1} = 0`.
///
/// Shapes: gates `[T, 3S]` int8, each row z (S) then f (S) then o (S), each
/// with its own quantization; output h `[T, S]` int8 in `output`'s
/// quantization. Steps t >= length are padding: the state passes through
/// them unchanged (f = 1, no contribution) and their output is h = 0.
///
/// Each gate's activation is an exact 256-entry table: the function evaluated
/// in float at each int8 value. The float-state variants keep c in float32,
/// as the reference op does, and quantize h by rounding half away from zero.
/// The Q15 variant keeps c in int32 Q15; its added error is stated in
/// Kernels/README.md.
public struct QRNNPooling: Sendable {
    public let channels: Int
    public let z: AffineQuantization
    public let f: AffineQuantization
    public let o: AffineQuantization
    public let gateInput: QRNNGateInput
    public let output: AffineQuantization

    /// Activated gate value per int8 input, index q + 128.
    public let zTable: [Float]
    public let fTable: [Float]
    public let oTable: [Float]
    /// 1 / output scale: h * inverse is rounded.
    public let inverseOutputScale: Float
    /// zTable, fTable and oTable back to back.
    let allTables: [Float]
    /// `allTables` as byte planes for byte-permute lookups: per gate (z, f,
    /// o), byte k of every entry in plane k, 4 x 256 bytes.
    let floatTableBytes: [UInt8]
    /// z, f, o scales then zero points: activated gates are dequantized, not looked up.
    let linearParameters: [Float]

    /// int16 tables for 16-bit lanes: z in Q14 (1.0 = 16384), 1 - f and o in
    /// Q15 (1.0 saturates to 32767); zTable, gTable, oTable back to back.
    public let int16Tables: [Int16]
    /// `int16Tables` as two byte planes for byte-permute lookups: the 768
    /// low bytes (z, 1 - f, o), then the 768 high bytes.
    public let int16TableBytes: [UInt8]
    /// h (Q14) -> int8: mulhrs by `int16OutputMultiplier`, then a rounding
    /// shift right by `int16OutputShift`; nil when the output scale is too
    /// small for 16-bit lanes (inverse scale over 16383).
    public let int16OutputMultiplier: Int16?
    public let int16OutputShift: Int

    /// Q15 tables (1.0 = 32768) and the int32 Q15 h -> int8 requantization.
    public let zQ15: [Int32]
    public let fQ15: [Int32]
    public let oQ15: [Int32]
    public let outputQ15: Requantization

    public init(channels: Int, z: AffineQuantization, f: AffineQuantization, o: AffineQuantization,
                gateInput: QRNNGateInput, output: AffineQuantization) throws(QuantizationError) {
        guard channels >= 1 else { throw QuantizationError.shapeMismatch("QRNN pooling needs at least one channel") }
        self.channels = channels
        self.z = z
        self.f = f
        self.o = o
        self.gateInput = gateInput
        self.output = output
        func table(_ q: AffineQuantization, _ activation: (Float) -> Float) -> [Float] {
            (-128...127).map { v in
                let real = q.dequantize(Int8(v))
                return gateInput == .preActivation ? activation(real) : real
            }
        }
        zTable = table(z) { tanhf($0) }.map { max(-1, min(1, $0)) }
        fTable = table(f) { 1 / (1 + expf(-$0)) }.map { max(0, min(1, $0)) }
        oTable = table(o) { 1 / (1 + expf(-$0)) }.map { max(0, min(1, $0)) }
        inverseOutputScale = 1 / output.scale
        allTables = zTable + fTable + oTable
        let tables = allTables
        floatTableBytes = (0..<3).flatMap { gate in
            (0..<4).flatMap { k in tables[gate * 256 ..< gate * 256 + 256].map { UInt8(truncatingIfNeeded: $0.bitPattern >> (8 * k)) } }
        }
        linearParameters = [z.scale, f.scale, o.scale, Float(z.zeroPoint), Float(f.zeroPoint), Float(o.zeroPoint)]
        func q15(_ t: [Float]) -> [Int32] { t.map { Int32(($0 * 32768).rounded(.toNearestOrAwayFromZero)) } }
        func q(_ t: [Float], _ one: Float, _ low: Float, _ high: Float) -> [Int16] {
            t.map { Int16(max(low, min(high, ($0 * one).rounded(.toNearestOrAwayFromZero)))) }
        }
        int16Tables = q(zTable, 16384, -16384, 16384) + q(fTable.map { 1 - $0 }, 32768, 0, 32767) + q(oTable, 32768, 0, 32767)
        int16TableBytes = int16Tables.map { UInt8(truncatingIfNeeded: $0) } + int16Tables.map { UInt8(truncatingIfNeeded: $0 >> 8) }
        // mulhrs(h, K) = round(h K / 2^15) = (h / 2^14) * inverse * 2^j for K = inverse * 2^(1 + j).
        let inverse = Double(1 / output.scale)
        var j = 0
        while inverse * pow(2, Double(j + 2)) <= 32767 && j < 14 { j += 1 }
        if inverse * 2 <= 32767 {
            int16OutputMultiplier = Int16((inverse * pow(2, Double(1 + j))).rounded())
            int16OutputShift = j
        } else {
            int16OutputMultiplier = nil
            int16OutputShift = 0
        }
        zQ15 = q15(zTable)
        fQ15 = q15(fTable)
        oQ15 = q15(oTable)
        // One entry per channel, so the row requantizes with the SIMD kernel.
        outputQ15 = try Requantization(realMultipliers: [Double](repeating: 1 / (32768 * Double(output.scale)), count: channels),
                                       outputZeroPoints: [Int32](repeating: output.zeroPoint, count: channels),
                                       lower: [Int32](repeating: -128, count: channels),
                                       upper: [Int32](repeating: 127, count: channels))
    }

    /// Whether the fixed-point variants (Q15 int32, Q14 int16 state) keep
    /// within their 1-step tolerance: only when one output step spans at
    /// least 32 Q15 state steps (output scale >= 2^-10). Their rounding error
    /// grows with the sequence and the forget gate (measured up to a few
    /// state steps); on a finer output scale it shows as several output
    /// steps (the qrnn_pool fuzz target found 3 at scale 2^-20), so those
    /// scales take the exact float path. The engines' h range (1/127) is far
    /// inside.
    public var fixedPointFits: Bool { inverseOutputScale <= 1024 }

    /// Quantizes h as every float variant must: multiply by the inverse
    /// scale, round half away from zero, add the zero point, clamp.
    @inline(__always)
    public func quantizeOutput(_ h: Float) -> Int8 {
        let v = max(-1000, min(1000, h * inverseOutputScale))
        let r = v.rounded(.toNearestOrAwayFromZero) + Float(output.zeroPoint)
        return Int8(max(-128, min(127, r)))
    }
}

/// Walks the steps of one direction for the portable variants: `body` gets
/// each real step's gate row `[3S]` and output row `[S]`; padded steps
/// (t >= length) get h = 0, the output zero point, and keep the state.
@inline(__always)
func forEachQRNNStep(_ p: QRNNPooling, _ gates: UnsafePointer<Int8>, rows: Int, length: Int, direction: QRNNDirection,
                     _ out: UnsafeMutablePointer<Int8>,
                     _ body: (_ gates: UnsafePointer<Int8>, _ out: UnsafeMutablePointer<Int8>) -> Void) {
    let s = p.channels
    for step in 0..<rows {
        let t = direction == .forward ? step : rows - 1 - step
        if t >= length {
            (out + t * s).update(repeating: Int8(p.output.zeroPoint), count: s)
        } else {
            body(gates + t * 3 * s, out + t * s)
        }
    }
}

/// Looks the gate values of channels `first..<S` of each of z, f, o up in
/// their 256-entry tables.
@inline(__always)
func gatherGates<T>(_ g: UnsafePointer<Int8>, _ s: Int, from first: Int,
                    _ zt: UnsafeBufferPointer<T>, _ ft: UnsafeBufferPointer<T>, _ ot: UnsafeBufferPointer<T>,
                    _ z: UnsafeMutablePointer<T>, _ f: UnsafeMutablePointer<T>, _ o: UnsafeMutablePointer<T>) {
    for j in first..<s {
        z[j] = zt[Int(g[j]) + 128]
        f[j] = ft[Int(g[s + j]) + 128]
        o[j] = ot[Int(g[2 * s + j]) + 128]
    }
}
