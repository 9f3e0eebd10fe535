/// Portable variant: the shared fast tokenizer and hash, and a 256-entry
/// table that turns each hash byte (four 2-bit codes) into four int8
/// features with one 32-bit store.
enum ProjectionSwiftLUT {
    /// Entry b packs the features of the four codes in byte b, lowest first.
    static let table: [UInt32] = (0..<256).map { b -> UInt32 in
        var packed: UInt32 = 0
        for k in 0..<4 {
            let t = ProjectionScalarRef.ternaryOfCode[(b >> (2 * k)) & 3]
            packed |= UInt32(UInt8(bitPattern: t)) << UInt32(8 * k)
        }
        return packed
    }

    static let expand: ProjectionRowExpander = { words, featureSize, row in
        let bytes = UnsafeRawPointer(words).assumingMemoryBound(to: UInt8.self)
        table.withUnsafeBufferPointer { table in
            let raw = UnsafeMutableRawPointer(row)
            let quads = featureSize >> 2
            for q in 0..<quads {
                raw.storeBytes(of: table[Int(bytes[q])].littleEndian, toByteOffset: 4 * q, as: UInt32.self)
            }
            // The hash words are little-endian on every target Tern builds for.
            var k = quads << 2
            while k < featureSize {
                let code = (words[k >> 5] >> UInt64(2 * (k & 31))) & 3
                row[k] = ProjectionScalarRef.ternaryOfCode[Int(code)]
                k += 1
            }
        }
    }
}
