import Foundation
import TernKernels
import TernTestSupport

/// The fuzzer's bytes as parameters: each read takes the next bytes (zero
/// once they run out), so every input, however short, is a complete case.
struct FuzzBytes {
    let bytes: UnsafeRawBufferPointer
    var offset = 0

    mutating func byte() -> UInt8 {
        defer { offset += 1 }
        return offset < bytes.count ? bytes[offset] : 0
    }
    mutating func int8() -> Int8 { Int8(bitPattern: byte()) }
    /// A value in `range`, from one byte (two when the range is wider than 256).
    mutating func int(in range: ClosedRange<Int>) -> Int {
        let span = range.upperBound - range.lowerBound + 1
        let raw = span > 256 ? Int(byte()) | Int(byte()) << 8 : Int(byte())
        return range.lowerBound + raw % span
    }
    mutating func int32() -> Int32 { Int32(bitPattern: UInt32(byte()) | UInt32(byte()) << 8 | UInt32(byte()) << 16 | UInt32(byte()) << 24) }
    /// `n` int8 values: the remaining bytes, then a deterministic fill so long
    /// tensors are not all zeros.
    mutating func int8s(_ n: Int) -> [Int8] {
        (0..<n).map { i in offset < bytes.count ? int8() : Int8(truncatingIfNeeded: i &* 37 &+ 11) }
    }
    /// A scale over many octaves (the contract's range, extremes included).
    mutating func scale() -> Float { Float(0x1p-12) * Float(1 + Int(byte())) * powf(2, Float(Int(byte() % 24)) - 8) }
    mutating func quantization() throws -> AffineQuantization {
        try AffineQuantization(scale: scale(), zeroPoint: Int32(int8()))
    }
}

/// Differential targets, one per kernel family: shapes, values and
/// quantization parameters from the bytes; every variant this CPU runs must
/// equal the scalar reference (within the variant's written tolerance where
/// it has one) and write nothing outside its output. Invalid parameters
/// (the contract refuses them) are not a finding.
enum KernelDifferential {
    /// A variant's output against the reference's: nil when equal within
    /// `tolerance` steps and written only where it should be.
    static func compare(_ id: String, _ got: GuardedBuffer<Int8>, _ expected: GuardedBuffer<Int8>, tolerance: Int, _ what: String) -> String? {
        guard got.guardsIntact else { return "\(id) wrote outside its output, \(what)" }
        let (g, e) = (got.values, expected.values)
        for i in 0..<got.count where abs(Int(g[i]) - Int(e[i])) > tolerance {
            return "\(id) differs from the reference at \(i) (\(g[i]) vs \(e[i])), \(what)"
        }
        return nil
    }

    static func requantization(_ b: inout FuzzBytes, channels: Int) throws -> Requantization {
        var multipliers: [Double] = [], zeros: [Int32] = [], lower: [Int32] = [], upper: [Int32] = []
        for _ in 0..<channels {
            multipliers.append(Double(0x1p-31) * Double(1 + Int(b.byte())) * pow(2, Double(b.byte() % 34)))
            let z = Int32(b.int8())
            zeros.append(z)
            let relu = b.byte() & 1 == 1
            lower.append(relu ? z : -128)
            upper.append(127)
        }
        return try Requantization(realMultipliers: multipliers, outputZeroPoints: zeros, lower: lower, upper: upper)
    }

    static func denseLayer(_ b: inout FuzzBytes, k: Int, n: Int) throws -> DenseWeights {
        let zx = Int32(b.int8())
        let weights = b.int8s(k * n)
        let bias = (0..<n).map { _ in b.int32() >> 3 }   // |bias| < 2^30, the contract's bound
        return try DenseWeights(inputs: k, outputs: n, weights: weights, bias: bias, inputZeroPoint: zx,
                                requantization: try requantization(&b, channels: n))
    }

    static func dense(_ bytes: UnsafeRawBufferPointer) -> String? {
        var b = FuzzBytes(bytes: bytes)
        let t = b.int(in: 1...40), k = b.int(in: 1...600), n = b.int(in: 1...140)
        guard let layer = try? denseLayer(&b, k: k, n: n) else { return nil }
        let x = b.int8s(t * k)
        let reference = DenseVariants.reference
        var expected = GuardedBuffer<Int8>(count: t * n)
        expected.withPointer { reference.run(reference.pack(layer), x, rows: t, $0) }
        for variant in DenseVariants.available where !variant.isReference && !variant.ternaryOnly {
            var got = GuardedBuffer<Int8>(count: t * n)
            got.withPointer { variant.run(variant.pack(layer), x, rows: t, $0) }
            if let broken = compare(variant.id, got, expected, tolerance: 0, "T \(t) K \(k) N \(n)") { return broken }
        }
        // The ternary variants' inputs: x in {-1, 0, +1}, zero point 0.
        let ternary = x.map { Int8($0 % 2) }
        guard let layer0 = try? DenseWeights(inputs: k, outputs: n, weights: layer.weights, bias: layer.bias, inputZeroPoint: 0,
                                             requantization: layer.requantization) else { return nil }
        var expected0 = GuardedBuffer<Int8>(count: t * n)
        expected0.withPointer { reference.run(reference.pack(layer0), ternary, rows: t, $0) }
        for variant in DenseVariants.available where variant.ternaryOnly {
            var got = GuardedBuffer<Int8>(count: t * n)
            got.withPointer { variant.run(variant.pack(layer0), ternary, rows: t, $0) }
            if let broken = compare(variant.id, got, expected0, tolerance: 0, "ternary T \(t) K \(k) N \(n)") { return broken }
        }
        return nil
    }

    static func conv1d(_ bytes: UnsafeRawBufferPointer) -> String? {
        var b = FuzzBytes(bytes: bytes)
        let t = b.int(in: 1...40), cin = b.int(in: 1...120), cout = b.int(in: 1...100), width = b.int(in: 1...5)
        let padding: Conv1DPadding = b.byte() & 1 == 0 ? .causal : .anticausal
        var taps = (0..<width).map { _ in b.byte() % 4 != 0 }
        if !taps.contains(true) { taps[0] = true }
        let zx = Int32(b.int8())
        let weights = b.int8s(width * cin * cout)
        let bias = (0..<cout).map { _ in b.int32() >> 3 }
        guard let requant = try? requantization(&b, channels: cout),
              let layer = try? Conv1DWeights(inputs: cin, outputs: cout, width: width, taps: taps, padding: padding, weights: weights,
                                             bias: bias, inputZeroPoint: zx, requantization: requant) else { return nil }
        let x = b.int8s(t * cin)
        let what = "T \(t) Cin \(cin) Cout \(cout) k \(width) taps \(taps) \(padding)"
        let reference = Conv1DVariants.reference
        guard let packedReference = try? reference.pack(layer) else { return nil }
        var expected = GuardedBuffer<Int8>(count: t * cout)
        expected.withPointer { reference.run(packedReference, x, rows: t, $0) }
        // A range of output rows too, as threads that split the layer run
        // it: its rows of the whole run, within a scratch of its own size.
        // Its ends come from the input's first and last bytes, so the bytes
        // before them keep the meaning the kept corpus was found with.
        let first = Int(UInt8(bitPattern: x[0])) % (t + 1), last = Int(UInt8(bitPattern: x[x.count - 1])) % (t + 1)
        let range = min(first, last)..<max(first, last)
        let expectedRange = Array(expected.values[(range.lowerBound * cout)..<(range.upperBound * cout)])
        for variant in Conv1DVariants.available {
            guard let packed = try? variant.pack(layer) else { return "\(variant.id) refused what the reference packed, \(what)" }
            if !variant.isReference {
                var got = GuardedBuffer<Int8>(count: t * cout)
                got.withPointer { variant.run(packed, x, rows: t, $0) }
                if let broken = compare(variant.id, got, expected, tolerance: 0, what) { return broken }
            }
            var part = GuardedBuffer<Int8>(count: range.count * cout)
            var scratch = GuardedBuffer<Int8>(count: packed.scratchBytes(rows: range.count))
            part.withPointer { o in scratch.withPointer { variant.run(packed, x, rows: t, outputRows: range, o, scratch: $0) } }
            guard part.guardsIntact && scratch.guardsIntact else { return "\(variant.id) wrote outside its range or scratch, rows \(range), \(what)" }
            if part.values != expectedRange { return "\(variant.id) differs on output rows \(range), \(what)" }
        }
        return nil
    }

    static func requantize(_ bytes: UnsafeRawBufferPointer) -> String? {
        var b = FuzzBytes(bytes: bytes)
        let rows = b.int(in: 1...8), channels = b.int(in: 1...200)
        guard let r = try? requantization(&b, channels: channels) else { return nil }
        let special: [Int32] = [.min, .max, 0, 1, -1, 1 << 30, -(1 << 30)]
        let acc = (0..<(rows * channels)).map { _ in b.byte() < 32 ? special[Int(b.byte()) % special.count] : b.int32() }
        let reference = RequantizeVariants.reference
        var expected = GuardedBuffer<Int8>(count: rows * channels)
        r.withPointers { p in expected.withPointer { reference.run(acc, rows, channels, p, $0) } }
        for variant in RequantizeVariants.available where !variant.isReference {
            var got = GuardedBuffer<Int8>(count: rows * channels)
            r.withPointers { p in got.withPointer { variant.run(acc, rows, channels, p, $0) } }
            if let broken = compare(variant.id, got, expected, tolerance: 0, "rows \(rows) channels \(channels)") {
                return broken
            }
        }
        return nil
    }

    static func activationLUT(_ bytes: UnsafeRawBufferPointer) -> String? {
        var b = FuzzBytes(bytes: bytes)
        let count = b.int(in: 0...700)
        guard let table = try? ActivationTable(entries: b.int8s(256)) else { return nil }
        let x = b.int8s(count)
        let reference = ActivationLUTVariants.reference
        var expected = GuardedBuffer<Int8>(count: count)
        expected.withPointer { reference.run(table, x, count: count, $0) }
        for variant in ActivationLUTVariants.available where !variant.isReference {
            var got = GuardedBuffer<Int8>(count: count)
            got.withPointer { variant.run(table, x, count: count, $0) }
            if let broken = compare(variant.id, got, expected, tolerance: 0, "count \(count)") { return broken }
        }
        return nil
    }

    static func qrnnPool(_ bytes: UnsafeRawBufferPointer) -> String? {
        var b = FuzzBytes(bytes: bytes)
        let rows = b.int(in: 1...40), channels = b.int(in: 1...150), length = b.int(in: 0...40)
        let gateInput: QRNNGateInput = b.byte() & 1 == 0 ? .preActivation : .activated
        let direction: QRNNDirection = b.byte() & 1 == 0 ? .forward : .backward
        guard let z = try? b.quantization(), let f = try? b.quantization(), let o = try? b.quantization(),
              let output = try? b.quantization(),
              let pooling = try? QRNNPooling(channels: channels, z: z, f: f, o: o, gateInput: gateInput, output: output) else { return nil }
        let gates = b.int8s(rows * 3 * channels)
        let what = "T \(rows) S \(channels) length \(length) \(gateInput) \(direction)"
        let reference = QRNNPoolVariants.reference
        var expected = GuardedBuffer<Int8>(count: rows * channels)
        expected.withPointer {
            reference.run(pooling, gates, rows: rows, length: length, direction: direction, $0)
        }
        for variant in QRNNPoolVariants.available where !variant.isReference {
            var got = GuardedBuffer<Int8>(count: rows * channels)
            got.withPointer {
                variant.run(pooling, gates, rows: rows, length: length, direction: direction, $0)
            }
            if let broken = compare(variant.id, got, expected, tolerance: variant.maxDifference, what) {
                return broken
            }
        }
        return nil
    }

    static func attention(_ bytes: UnsafeRawBufferPointer) -> String? {
        var b = FuzzBytes(bytes: bytes)
        let length = b.int(in: 1...60), channels = b.int(in: 1...150)
        guard let logitsQ = try? b.quantization(), let valuesQ = try? b.quantization(), let outputQ = try? b.quantization() else { return nil }
        let pooling = AttentionPooling(logits: logitsQ, values: valuesQ, output: outputQ)
        let logits = b.int8s(length * channels), values = b.int8s(length * channels)
        let what = "T \(length) C \(channels)"
        let reference = AttentionVariants.reference
        var expected = GuardedBuffer<Int8>(count: channels), expectedScalar = GuardedBuffer<Int8>(count: channels)
        expected.withPointer {
            reference.perChannel(pooling, logits: logits, values: values, length: length, channels: channels, $0)
        }
        expectedScalar.withPointer {
            reference.scalarLogit(pooling, logits: logits, values: values, length: length, channels: channels, $0)
        }
        for variant in AttentionVariants.available where !variant.isReference {
            var got = GuardedBuffer<Int8>(count: channels), gotScalar = GuardedBuffer<Int8>(count: channels)
            got.withPointer {
                variant.perChannel(pooling, logits: logits, values: values, length: length, channels: channels, $0)
            }
            gotScalar.withPointer {
                variant.scalarLogit(pooling, logits: logits, values: values, length: length, channels: channels, $0)
            }
            if let broken = compare(variant.id, got, expected, tolerance: 0, "per channel, " + what) { return broken }
            if let broken = compare(variant.id, gotScalar, expectedScalar, tolerance: 0, "scalar logit, " + what) {
                return broken
            }
        }
        return nil
    }
}
