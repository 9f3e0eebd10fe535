import Testing
@testable import TernKernels

@Suite struct ProjectionHashTests {
    @Test(arguments: ProjectionVectors.murmur.indices)
    func murmurMatchesTheIndependentOracle(_ i: Int) {
        let (token, signed, unsigned) = ProjectionVectors.murmur[i]
        let bytes = Array(token.utf8)
        #expect(ProjectionScalarRef.hashWords(bytes, count: 4, byteSign: .signed) == signed)
        #expect(ProjectionScalarRef.hashWords(bytes, count: 4, byteSign: .unsigned) == unsigned)
        for sign in ByteSign.allCases {
            var words = [UInt64](repeating: 0, count: 4)
            bytes.withUnsafeBufferPointer { b in
                ProjectionFastPath.murmurWords(b.baseAddress!, b.count, signed: sign == .signed, count: 4, into: &words)
            }
            #expect(words == (sign == .signed ? signed : unsigned))
        }
    }

    @Test func byteSignMattersOnlyForNonASCII() {
        for word in ["hello", "<EOS>", "a", "abcdefghijklmnopq"] {
            let b = Array(word.utf8)
            #expect(ProjectionScalarRef.hashWords(b, count: 8, byteSign: .signed)
                    == ProjectionScalarRef.hashWords(b, count: 8, byteSign: .unsigned))
        }
        let b = Array("café".utf8)
        #expect(ProjectionScalarRef.hashWords(b, count: 2, byteSign: .signed)
                != ProjectionScalarRef.hashWords(b, count: 2, byteSign: .unsigned))
    }

    @Test func fastLoadEqualsByteByByteLoad() {
        var fuzzer = TextFuzzer(state: 3)
        for _ in 0..<5000 {
            let n = 1 + fuzzer.below(8)
            let bytes = (0..<n).map { _ in UInt8(fuzzer.below(256)) }
            for sign in ByteSign.allCases {
                let fast = bytes.withUnsafeBufferPointer { ProjectionFastPath.load($0.baseAddress!, n, signed: sign == .signed) }
                #expect(fast == ProjectionScalarRef.load(bytes[...], byteSign: sign))
            }
        }
    }

    @Test func farmhashMatchesGooglesImplementation() {
        for (n, expected) in ProjectionVectors.farmhash64.enumerated() {
            #expect(FarmHash.fingerprint64(ProjectionVectors.farmhashInput(n)) == expected, "length \(n)")
        }
    }

    @Test func lowercaseTableEqualsUnicodeData() {
        for v in UInt32(0)..<0x11_0000 where !(0xD800...0xDFFF).contains(v) {
            if UnicodeCase.simpleLowercase(v) != UnicodeCase.simpleLowercaseDirect(v)
                || UnicodeCase.isAlphabetic(v) != UnicodeCase.isAlphabeticDirect(v) {
                Issue.record("U+\(String(v, radix: 16))")
                return
            }
        }
        for v in UInt32(0)..<0x80 {
            let viaProperties = Unicode.Scalar(v)!.properties.lowercaseMapping.unicodeScalars.first!.value
            #expect(UnicodeCase.simpleLowercaseDirect(v) == viaProperties)
        }
    }

    /// The register lowercasing equals the byte table for every ASCII byte at every position.
    @Test func lowercasingEightBytesAtOnce() {
        for position in 0..<8 {
            for b in 0..<128 {
                let filler: UInt64 = 0x4D4D_4D4D_4D4D_4D4D  // "M" elsewhere: lowercased too
                let shift = UInt64(8 * position)
                let x = (filler & ~(0xFF << shift)) | (UInt64(b) << shift)
                let lowered = ProjectionFastPath.lowercaseASCII(x)
                let expected = (0x41...0x5A).contains(b) ? UInt64(b + 0x20) : UInt64(b)
                #expect((lowered >> shift) & 0xFF == expected, "byte \(b) at \(position)")
                #expect(lowered & ~(0xFF << shift) == 0x6D6D_6D6D_6D6D_6D6D & ~(0xFF << shift))
            }
        }
    }
}
