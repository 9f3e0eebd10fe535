/// The projection's scalar reference, written for obviousness: arrays of
/// bytes, one code point and one byte at a time, exactly as the reference op
/// (SequenceStringProjection) reads. It is the oracle every variant is tested
/// against, not a fast path.
public enum ProjectionScalarRef {
    /// Projects UTF-8 `text` into `workspace.features`, `[T, F]` int8 in
    /// {-1, 0, +1} (T counts the BOS and EOS rows).
    ///
    /// - Throws: `ProjectionError.emptyInput` when the text has no tokens and
    ///   neither BOS nor EOS is on.
    public static func project(_ text: UnsafeRawBufferPointer, plan: ProjectionPlan,
                               workspace ws: ProjectionWorkspace) throws {
        let o = plan.options
        let tokens = self.tokens(text, plan: plan)
        let bos = o.addBOS ? 1 : 0
        let eos = o.addEOS ? 1 : 0
        if tokens.isEmpty && bos + eos == 0 { throw ProjectionError.emptyInput }
        let rows = bos + tokens.count + eos
        ws.reset(rows: rows, plan: plan)
        ws.tokenCount = tokens.count
        let f = plan.featureSize
        let docSize = ProjectionExtras.docSizeValue(tokenCount: tokens.count, levels: o.docSizeLevels)
        ws.docSizeValue = docSize
        var seen: [UInt64: Int] = [:]

        for row in 0..<rows {
            let j = row - bos
            let word: [UInt8]
            if j < 0 {
                word = Array("<BOS>".utf8)
            } else if j < tokens.count {
                word = hashedWord(tokens[j], plan: plan, distorter: &ws.distorter)
            } else {
                word = Array("<EOS>".utf8)
            }
            let words = hashWords(word, count: plan.hashWordCount, byteSign: o.byteSign)
            for k in 0..<f {
                let code = (words[k / 32] >> UInt64(2 * (k % 32))) & 3
                ws.features[row * f + k] = ternaryOfCode[Int(code)]
            }
            if o.wordNoveltyBits != 0 {
                let count = seen[words[0], default: 0]
                seen[words[0]] = count + 1
                let v = ProjectionExtras.noveltyValue(count: count, bits: o.wordNoveltyBits)
                ws.noveltyValues[row] = v
                ws.features[row * f + f - 1] = ProjectionExtras.int8(v)
            }
            if o.docSizeLevels != 0 {
                ws.features[row * f + f - 2] = ProjectionExtras.int8(docSize)
            }
        }
    }

    /// The reference's 2-bit code to ternary table: 0 -> 0, 1 -> +1, 2 -> -1, 3 -> 0.
    public static let ternaryOfCode: [Int8] = [0, 1, -1, 0]

    /// The raw tokens of a text (before lowercasing), after the normalizer.
    static func tokens(_ text: UnsafeRawBufferPointer, plan: ProjectionPlan) -> [[UInt8]] {
        var bytes = [UInt8](text)
        if plan.needsNormalizer { bytes = ProjectionNormalizer.normalize(bytes, plan: plan) }
        return plan.options.splitOnSpace
            ? splitOnSpace(bytes, maxTokens: plan.options.maxSplits)
            : splitPerCodePoint(bytes, maxTokens: plan.options.maxSplits)
    }

    /// Splits on the ASCII space, skipping empty tokens. With a limit N the
    /// N-th token is the rest of the text, spaces and all, as the reference's
    /// `SplitBySpace` leaves it.
    static func splitOnSpace(_ bytes: [UInt8], maxTokens: Int) -> [[UInt8]] {
        var tokens: [[UInt8]] = []
        var start = 0
        while start < bytes.count && bytes[start] == 0x20 { start += 1 }
        var current: [UInt8] = []
        var i = start
        while i < bytes.count {
            if maxTokens != -1 && tokens.count == maxTokens - 1 {
                // The last allowed token: everything that is left.
                current = Array(bytes[i...])
                break
            }
            if bytes[i] == 0x20 {
                if !current.isEmpty { tokens.append(current) }
                current = []
            } else {
                current.append(bytes[i])
            }
            i += 1
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    /// One token per code point (or per byte of broken UTF-8), spaces included.
    static func splitPerCodePoint(_ bytes: [UInt8], maxTokens: Int) -> [[UInt8]] {
        var tokens: [[UInt8]] = []
        bytes.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress else { return }
            var i = 0
            while i < buf.count {
                if maxTokens != -1 && tokens.count == maxTokens { break }
                let n = UTF8Decoding.decode(base, i, buf.count).length
                tokens.append(Array(buf[i..<(i + n)]))
                i += n
            }
        }
        return tokens
    }

    /// The bytes a token hashes as: each valid code point lowercased and
    /// filtered, broken UTF-8 and U+FFFD dropped, then distorted; `<null>`
    /// when nothing is left.
    static func hashedWord(_ token: [UInt8], plan: ProjectionPlan,
                           distorter: inout ProjectionDistorter) -> [UInt8] {
        var scalars: [UInt32] = []
        token.withUnsafeBufferPointer { buf in
            var i = 0
            while i < buf.count {
                let (scalar, n) = UTF8Decoding.decode(buf.baseAddress!, i, buf.count)
                i += n
                guard let scalar, scalar != UTF8Decoding.replacementCharacter else { continue }
                let lower = UnicodeCase.simpleLowercaseDirect(scalar)
                if plan.options.excludeNonAlphaSpace && !UnicodeCase.isAlphabeticDirect(lower) && lower != 0x20 {
                    continue
                }
                if let vocabulary = plan.vocabularySet, !vocabulary.contains(lower) { continue }
                scalars.append(lower)
            }
        }
        distorter.distort(&scalars)
        var word: [UInt8] = []
        for s in scalars { UTF8Decoding.encode(s, into: &word) }
        return word.isEmpty ? Array("<null>".utf8) : word
    }

    static let kMul: UInt64 = 0xc6a4_a793_5bd1_e995
    static let kMul2: UInt64 = 0x9e37_79b9_7f4a_7835

    static func shiftMix(_ v: UInt64) -> UInt64 { v ^ (v >> 47) }

    /// Loads up to 8 bytes from the last down to the first, `v = v << 8 | b`,
    /// with `b` sign- or zero-extended as `byteSign` says.
    static func load(_ bytes: ArraySlice<UInt8>, byteSign: ByteSign) -> UInt64 {
        var v: UInt64 = 0
        for b in bytes.reversed() {
            let extended: UInt64 = byteSign == .signed ? UInt64(bitPattern: Int64(Int8(bitPattern: b))) : UInt64(b)
            v = (v << 8) | extended
        }
        return v
    }

    /// The reference's seedless 128-bit murmur hash and its extension to
    /// `count` 64-bit words (two per 64 features).
    public static func hashWords(_ word: [UInt8], count: Int, byteSign: ByteSign) -> [UInt64] {
        var h = UInt64(word.count) &* kMul
        var h2: UInt64 = 0
        let aligned = word.count & ~7
        var p = 0
        while p < aligned {
            let d = load(word[p..<(p + 8)], byteSign: byteSign)
            h ^= shiftMix(d &* kMul) &* kMul
            h = h &* kMul
            h2 ^= h
            p += 8
        }
        if word.count & 7 != 0 {
            h ^= load(word[aligned...], byteSign: byteSign)
            h = h &* kMul
            h2 ^= h
        }
        h = shiftMix(h) &* kMul
        h2 ^= h
        h = shiftMix(h)
        h2 = shiftMix(h2 &* kMul2) &* kMul2

        var words = [h, h2]
        while words.count < count {
            let lo = words[words.count - 2], hi = words[words.count - 1]
            let t = shiftMix(lo) &* kMul
            let newHi = shiftMix(t)
            let newLo = shiftMix((hi ^ t) &* kMul2) &* kMul2
            words += [newLo, newHi]
        }
        return words
    }

    /// The tokens as they are hashed (after the normalizer, lowercasing,
    /// filters; BOS / EOS included), for display. No distortion.
    public static func hashedTokens(_ text: UnsafeRawBufferPointer, plan: ProjectionPlan) -> [String] {
        var noDistortion = ProjectionDistorter(probability: 0, seed: 0)
        var out: [String] = plan.options.addBOS ? ["<BOS>"] : []
        for token in tokens(text, plan: plan) {
            out.append(String(decoding: hashedWord(token, plan: plan, distorter: &noDistortion), as: UTF8.self))
        }
        if plan.options.addEOS { out.append("<EOS>") }
        return out
    }
}
