// Text handling every projection variant shares: UTF-8 decoding with the
// reference's error rule, simple lowercasing, and the optional normalizer.

/// UTF-8 decoding with the rule of the reference's libutf `chartorune`: a
/// malformed, overlong, surrogate or out-of-range sequence yields nothing and
/// consumes exactly one byte.
public enum UTF8Decoding {
    /// The scalar at `i` and its length in bytes; `scalar` is nil when the
    /// bytes there are not valid UTF-8 (then `length` is 1).
    @inline(__always)
    public static func decode(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> (scalar: UInt32?, length: Int) {
        let c = UInt32(p[i])
        if c < 0x80 { return (c, 1) }
        @inline(__always) func cont(_ k: Int) -> UInt32? {
            guard k < end else { return nil }
            let b = UInt32(p[k])
            return b & 0xC0 == 0x80 ? b & 0x3F : nil
        }
        if c < 0xC0 { return (nil, 1) }
        guard let c1 = cont(i + 1) else { return (nil, 1) }
        if c < 0xE0 {
            let v = ((c & 0x1F) << 6) | c1
            return v < 0x80 ? (nil, 1) : (v, 2)
        }
        guard let c2 = cont(i + 2) else { return (nil, 1) }
        if c < 0xF0 {
            let v = ((c & 0x0F) << 12) | (c1 << 6) | c2
            if v < 0x800 || (0xD800...0xDFFF).contains(v) { return (nil, 1) }
            return (v, 3)
        }
        guard let c3 = cont(i + 3) else { return (nil, 1) }
        if c < 0xF8 {
            let v = ((c & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3
            if v < 0x10000 || v > 0x10FFFF { return (nil, 1) }
            return (v, 4)
        }
        return (nil, 1)
    }

    /// Appends the UTF-8 encoding of a valid scalar.
    @inline(__always)
    public static func encode(_ v: UInt32, into out: inout [UInt8]) {
        switch v {
        case ..<0x80:
            out.append(UInt8(v))
        case ..<0x800:
            out.append(UInt8(0xC0 | (v >> 6)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        case ..<0x10000:
            out.append(UInt8(0xE0 | (v >> 12)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (v >> 18)))
            out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        }
    }

    /// The replacement character; the reference drops it like a decoding error.
    public static let replacementCharacter: UInt32 = 0xFFFD
}

/// Unicode simple (1:1) lowercasing and the alphabetic property.
public enum UnicodeCase {
    /// The simple lowercase mapping of a code point, computed from the
    /// standard library's Unicode data. The full mapping differs from the
    /// simple one only for U+0130, which lowercases to two scalars.
    public static func simpleLowercaseDirect(_ v: UInt32) -> UInt32 {
        if v < 0x80 { return (0x41...0x5A).contains(v) ? v + 0x20 : v }
        guard let scalar = Unicode.Scalar(v) else { return v }
        if v == 0x130 { return 0x69 }
        let mapped = scalar.properties.lowercaseMapping.unicodeScalars
        return mapped.count == 1 ? mapped.first!.value : v
    }

    public static func isAlphabeticDirect(_ v: UInt32) -> Bool {
        Unicode.Scalar(v)?.properties.isAlphabetic ?? false
    }

    /// Lowercase and alphabetic flag of the Basic Multilingual Plane, built on
    /// first use: the direct lookups allocate a String per call.
    private static let bmpTable: (lower: [UInt32], alpha: [UInt64]) = {
        var lower = [UInt32](repeating: 0, count: 0x10000)
        var alpha = [UInt64](repeating: 0, count: 0x10000 / 64)
        for v in 0..<UInt32(0x10000) {
            lower[Int(v)] = simpleLowercaseDirect(v)
            if isAlphabeticDirect(v) { alpha[Int(v >> 6)] |= 1 << UInt64(v & 63) }
        }
        return (lower, alpha)
    }()

    @inline(__always)
    public static func simpleLowercase(_ v: UInt32) -> UInt32 {
        if v < 0x80 { return (v &- 0x41) < 26 ? v | 0x20 : v }
        if v < 0x10000 { return bmpTable.lower[Int(v)] }
        return simpleLowercaseDirect(v)
    }

    @inline(__always)
    public static func isAlphabetic(_ v: UInt32) -> Bool {
        if v < 0x80 { return ((v | 0x20) &- 0x61) < 26 }
        if v < 0x10000 { return bmpTable.alpha[Int(v >> 6)] >> UInt64(v & 63) & 1 == 1 }
        return isAlphabeticDirect(v)
    }
}

/// The reference's optional text normalizer: repetition contraction, then a
/// space around each separator. It works on the whole text before splitting.
public enum ProjectionNormalizer {
    public static func normalize(_ text: [UInt8], plan: ProjectionPlan) -> [UInt8] {
        var out = text
        if plan.options.normalizeRepetition {
            for width in 1...3 { out = contract(out, patternLength: width) }
        }
        if !plan.options.tokenSeparators.isEmpty { out = spaceSeparators(out, map: plan.separatorMap) }
        return out
    }

    /// Characters as the reference splits them: valid code points, or single
    /// bytes where the UTF-8 is broken.
    static func characters(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var chars: [ArraySlice<UInt8>] = []
        bytes.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress else { return }
            var i = 0
            while i < buf.count {
                let n = UTF8Decoding.decode(base, i, buf.count).length
                chars.append(bytes[i..<(i + n)])
                i += n
            }
        }
        return chars
    }

    /// Keeps two copies of a pattern of `patternLength` characters repeated
    /// three or more times in a row. As in the reference, a pattern holding a
    /// space, or whose first character is an ASCII digit, is never contracted.
    static func contract(_ text: [UInt8], patternLength k: Int) -> [UInt8] {
        if text.count < 3 * k { return text }
        let chars = characters(text)
        func pattern(_ start: Int) -> [UInt8]? {
            guard start + k <= chars.count else { return nil }
            return Array(chars[start..<(start + k)].joined())
        }
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var i = 0
        while i < chars.count {
            var repeats = 0
            if let p = pattern(i), !p.contains(0x20), !(p[0] >= 0x30 && p[0] <= 0x39) {
                var j = i + k
                while let q = pattern(j), q == p { repeats += 1; j += k }
                if repeats >= 2 {
                    out += p
                    out += p
                    i += (repeats + 1) * k
                    continue
                }
            }
            out += chars[i]
            i += 1
        }
        return out
    }

    /// Puts a space before a separator unless the text already has one there,
    /// and after it unless a space follows or it is an apostrophe.
    static func spaceSeparators(_ text: [UInt8], map: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count * 2)
        for (i, c) in text.enumerated() {
            let isSeparator = c < 128 && map[Int(c)] != 0
            if isSeparator, i > 0, text[i - 1] != 0x20, out.last != 0x20 { out.append(0x20) }
            out.append(c)
            if isSeparator, i + 1 < text.count, text[i + 1] != 0x20, c != UInt8(ascii: "'") { out.append(0x20) }
        }
        return out
    }
}
