import Testing
import TernTestSupport
@testable import TernKernels

func randomAttention(_ rng: inout SplitMix64) throws -> AttentionPooling {
    try AttentionPooling(
        logits: AffineQuantization(scale: Float(0.02 + 0.1 * rng.unit()), zeroPoint: Int32(rng.below(256)) - 128),
        values: AffineQuantization(scale: Float(0.01 + 0.05 * rng.unit()), zeroPoint: Int32(rng.below(256)) - 128),
        output: AffineQuantization(scale: Float(0.01 + 0.05 * rng.unit()), zeroPoint: Int32(rng.below(41)) - 20))
}

@Suite struct AttentionTests {
    enum Form: String, CaseIterable, Sendable { case perChannel, scalarLogit }

    func run(_ v: AttentionVariant, _ form: Form, _ p: AttentionPooling, _ logits: [Int8], _ values: [Int8],
             length: Int, channels: Int) -> GuardedBuffer<Int8> {
        var out = GuardedBuffer<Int8>(count: channels)
        logits.withUnsafeBufferPointer { l in
            values.withUnsafeBufferPointer { vv in
                out.withPointer {
                    switch form {
                    case .perChannel: v.perChannel(p, logits: l.baseAddress!, values: vv.baseAddress!, length: length, channels: channels, $0)
                    case .scalarLogit: v.scalarLogit(p, logits: l.baseAddress!, values: vv.baseAddress!, length: length, channels: channels, $0)
                    }
                }
            }
        }
        return out
    }

    @Test(arguments: AttentionVariants.available.filter { !$0.isReference }, Form.allCases)
    func variantEqualsReference(_ v: AttentionVariant, _ form: Form) throws {
        var rng = SplitMix64(seed: 51)
        for (t, c) in [(1, 1), (2, 7), (5, 16), (17, 17), (67, 64), (128, 128), (9, 130), (300, 48)] {
            let p = try randomAttention(&rng)
            let logits = rng.int8s(form == .perChannel ? t * c : t)
            let values = rng.int8s(t * c)
            let length = 1 + rng.below(t)
            let expected = run(AttentionVariants.reference, form, p, logits, values, length: length, channels: c)
            let actual = run(v, form, p, logits, values, length: length, channels: c)
            #expect(actual.values == expected.values, "T \(t) C \(c) length \(length)")
            #expect(actual.guardsIntact)
        }
    }

    @Test(arguments: Form.allCases)
    func referenceIsWithinOneLSBOfFloatSoftmax(_ form: Form) throws {
        var rng = SplitMix64(seed: 52)
        let p = try randomAttention(&rng)
        let (t, c) = (40, 24)
        let logits = rng.int8s(form == .perChannel ? t * c : t)
        let values = rng.int8s(t * c)
        let got = run(AttentionVariants.reference, form, p, logits, values, length: 30, channels: c).values
        for j in 0..<c {
            let ls = (0..<30).map { Double(p.logits.dequantize(logits[form == .perChannel ? $0 * c + j : $0])) }
            let m = ls.max()!
            let w = ls.map { Foundation_exp($0 - m) }
            let sum = w.reduce(0, +)
            let pooled = (0..<30).reduce(0.0) { $0 + w[$1] / sum * Double(p.values.dequantize(values[$1 * c + j])) }
            let oracle = max(-128, min(127, (pooled / Double(p.output.scale)).rounded(.toNearestOrAwayFromZero) + Double(p.output.zeroPoint)))
            #expect(abs(Double(got[j]) - oracle) <= 1, "channel \(j)")
        }
    }

    /// Logits at -128 and 127 reach both ends of the exp table (index 0 and
    /// 255), which a variant computing max - q in bytes must not wrap wrong.
    @Test(arguments: AttentionVariants.available.filter { !$0.isReference })
    func perChannelIndicesSpanTheWholeTable(_ v: AttentionVariant) throws {
        var rng = SplitMix64(seed: 54)
        let p = try randomAttention(&rng)
        for (t, c) in [(3, 8), (40, 64), (9, 20)] {
            var logits = [Int8](repeating: -128, count: t * c)
            for j in 0..<c where j % 3 != 2 { logits[(j % t) * c + j] = j % 3 == 0 ? 127 : -127 }
            for i in stride(from: 0, to: t * c, by: 5) where logits[i] == -128 { logits[i] = Int8(truncatingIfNeeded: i * 37) }
            let values = rng.int8s(t * c)
            let expected = run(AttentionVariants.reference, .perChannel, p, logits, values, length: t, channels: c)
            #expect(run(v, .perChannel, p, logits, values, length: t, channels: c).values == expected.values, "T \(t) C \(c)")
        }
    }

    @Test func maskedStepsAreExcluded() throws {
        var rng = SplitMix64(seed: 53)
        let p = try randomAttention(&rng)
        let logits = rng.int8s(10 * 8), values = rng.int8s(10 * 8)
        for v in AttentionVariants.available {
            var changed = logits, changedValues = values
            for i in (6 * 8)..<(10 * 8) { changed[i] = 127; changedValues[i] = -128 }
            #expect(run(v, .perChannel, p, logits, values, length: 6, channels: 8).values
                    == run(v, .perChannel, p, changed, changedValues, length: 6, channels: 8).values)
        }
    }
}

#if canImport(Glibc)
import Glibc
func Foundation_exp(_ x: Double) -> Double { Glibc.exp(x) }
#endif
