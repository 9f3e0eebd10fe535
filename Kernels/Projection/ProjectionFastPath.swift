/// Writes one row of F int8 ternary features from a token's hash words.
///
/// - Parameters:
///   - words: `2 * ceil(F / 64)` hash words; feature k is the 2-bit code at
///     bit `2 * (k % 32)` of word `k / 32`, mapped 0 -> 0, 1 -> +1, 2 -> -1, 3 -> 0.
///   - featureSize: F, 1...4096.
///   - row: F writable bytes; nothing past them is written.
public typealias ProjectionRowExpander = @Sendable (
    _ words: UnsafePointer<UInt64>, _ featureSize: Int, _ row: UnsafeMutablePointer<Int8>) -> Void

/// The tokenizer and hash the fast variants share: byte ranges instead of
/// arrays, an ASCII table for lowercasing and filtering, 8-byte loads for the
/// hash, and precomputed words for BOS, EOS and `<null>`. Variants differ in
/// how they expand hash words into features.
enum ProjectionFastPath {
    static func project(_ text: UnsafeRawBufferPointer, plan: ProjectionPlan, workspace ws: ProjectionWorkspace,
                        expand: ProjectionRowExpander) throws {
        if plan.needsNormalizer {
            let normalized = ProjectionNormalizer.normalize([UInt8](text), plan: plan)
            try normalized.withUnsafeBytes { try projectNormalized($0, plan: plan, workspace: ws, expand: expand) }
        } else {
            try projectNormalized(text, plan: plan, workspace: ws, expand: expand)
        }
    }

    private static func projectNormalized(_ text: UnsafeRawBufferPointer, plan: ProjectionPlan,
                                          workspace ws: ProjectionWorkspace, expand: ProjectionRowExpander) throws {
        // Work on locals moved out of the workspace: a class's stored arrays
        // cost an exclusivity check and a uniqueness check per access.
        var scratch = ws.scratch
        ws.scratch = FastScratch()
        defer { ws.scratch = scratch }
        let o = plan.options
        let tokenCount = split(text, plan: plan, limit: max(1, ws.tokenLimit), into: &scratch)
        let storedTokens = scratch.tokenStarts.count
        let bos = o.addBOS ? 1 : 0
        let eos = o.addEOS ? 1 : 0
        if tokenCount == 0 && bos + eos == 0 { throw ProjectionError.emptyInput }
        let rows = bos + storedTokens + eos
        ws.reset(rows: rows, plan: plan)
        ws.tokenCount = tokenCount
        let f = plan.featureSize
        let docSize = ProjectionExtras.docSizeValue(tokenCount: tokenCount, levels: o.docSizeLevels)
        ws.docSizeValue = docSize
        let docSizeInt8 = ProjectionExtras.int8(docSize)
        let noveltyBits = o.wordNoveltyBits
        if noveltyBits != 0 { scratch.novelty.start(capacityFor: rows) }
        let wordCount = plan.hashWordCount
        let signed = o.byteSign == .signed
        if scratch.hashWords.count < wordCount { scratch.hashWords = [UInt64](repeating: 0, count: wordCount) }
        // Nil only for empty text, which has no tokens to read.
        let base = text.baseAddress?.assumingMemoryBound(to: UInt8.self)

        var features = ws.features
        ws.features = []
        defer { ws.features = features }
        var novelty = ws.noveltyValues
        ws.noveltyValues = []
        defer { ws.noveltyValues = novelty }
        var distorter = ws.distorter
        defer { ws.distorter = distorter }
        let fixedWords = plan.fixedWords
        var words = scratch.hashWords
        scratch.hashWords = []
        defer { scratch.hashWords = words }

        features.withUnsafeMutableBufferPointer { out in
            words.withUnsafeMutableBufferPointer { wordBuf in
                let w = wordBuf.baseAddress!
                for row in 0..<rows {
                    let j = row - bos
                    var fixed: [UInt64]? = nil
                    if j < 0 {
                        fixed = fixedWords.bos
                    } else if j >= storedTokens {
                        fixed = fixedWords.eos
                    } else {
                        let n = normalizeToken(base!, scratch.tokenStarts[j], scratch.tokenEnds[j], plan: plan,
                                               scratch: &scratch, distorter: &distorter)
                        if n == 0 {
                            fixed = fixedWords.null
                        } else {
                            scratch.wordBytes.withUnsafeBufferPointer { word in
                                murmurWords(word.baseAddress!, n, signed: signed, count: wordCount, into: w)
                            }
                        }
                    }
                    if let fixed { for i in 0..<wordCount { w[i] = fixed[i] } }
                    let rowPointer = out.baseAddress! + row * f
                    expand(w, f, rowPointer)
                    if noveltyBits != 0 {
                        let count = scratch.novelty.countAndIncrement(w[0])
                        let v = ProjectionExtras.noveltyValue(count: count, bits: noveltyBits)
                        novelty[row] = v
                        rowPointer[f - 1] = ProjectionExtras.int8(v)
                    }
                    if o.docSizeLevels != 0 { rowPointer[f - 2] = docSizeInt8 }
                }
            }
        }
    }

    /// Token byte ranges into `tokenStarts` / `tokenEnds`, with the
    /// reference's splitting rules (see `ProjectionScalarRef`); at
    /// most `limit` are stored. Returns the number of tokens in the text.
    private static func split(_ text: UnsafeRawBufferPointer, plan: ProjectionPlan, limit storeLimit: Int,
                              into s: inout FastScratch) -> Int {
        s.tokenStarts.removeAll(keepingCapacity: true)
        s.tokenEnds.removeAll(keepingCapacity: true)
        var total = 0
        @inline(__always) func token(_ start: Int, _ end: Int) {
            if total < storeLimit {
                s.tokenStarts.append(start)
                s.tokenEnds.append(end)
            }
            total += 1
        }
        guard let base = text.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return 0 }
        let n = text.count
        let limit = plan.options.maxSplits
        if plan.options.splitOnSpace {
            var i = 0
            while i < n && base[i] == 0x20 { i += 1 }
            var start = i
            // The token at this index is the rest of the text.
            let lastIndex = limit == -1 ? Int.max : limit - 1
            if lastIndex > 0 {
                while true {
                    i = nextSpace(base, from: i, end: n)
                    if i == n { break }
                    if i > start { token(start, i) }
                    i += 1
                    start = i
                    if total == lastIndex { break }
                }
            }
            if start < n { token(start, n) }
        } else {
            var i = 0
            while i < n {
                if limit != -1 && total == limit { break }
                let len = base[i] < 0x80 ? 1 : UTF8Decoding.decode(base, i, n).length
                token(i, i + len)
                i += len
            }
        }
        return total
    }

    /// The index of the next ASCII space at or after `i`, or `end`: eight
    /// bytes at a time, a zero byte of `x ^ 0x20..20` marking a space.
    @inline(__always)
    static func nextSpace(_ base: UnsafePointer<UInt8>, from start: Int, end: Int) -> Int {
        var i = start
        while i + 8 <= end {
            let x = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) ^ 0x2020_2020_2020_2020
            let zero = (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
            // The lowest flagged byte is exact; only bytes above a zero may be flagged falsely.
            if zero != 0 { return i + zero.trailingZeroBitCount >> 3 }
            i += 8
        }
        while i < end && base[i] != 0x20 { i += 1 }
        return i
    }

    /// Lowercases and filters one token into `wordBytes`, applies the
    /// distortion, and returns the byte count.
    @inline(__always)
    private static func normalizeToken(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, plan: ProjectionPlan,
                                       scratch s: inout FastScratch, distorter: inout ProjectionDistorter) -> Int {
        // Lowercasing grows a code point by at most half (2 bytes -> 3).
        let needed = 2 * (end - start) + 16
        if s.wordBytes.count < needed { s.wordBytes = [UInt8](repeating: 0, count: needed) }
        var n = 0
        plan.asciiMap.withUnsafeBufferPointer { ascii in
            s.wordBytes.withUnsafeMutableBufferPointer { outBuf in
                let out = outBuf.baseAddress!
                var i = start
                while i < end {
                    let b = base[i]
                    if b < 0x80 {
                        let m = ascii[Int(b)]
                        if m != 0xFF { out[n] = m; n += 1 }
                        i += 1
                        continue
                    }
                    let (scalar, len) = UTF8Decoding.decode(base, i, end)
                    i += len
                    guard let scalar, scalar != UTF8Decoding.replacementCharacter else { continue }
                    let lower = UnicodeCase.simpleLowercase(scalar)
                    guard plan.keep(lowercased: lower) else { continue }
                    n += encode(lower, out + n)
                }
            }
        }
        // An emptied token still draws from the generator, as in the reference.
        if distorter.isActive {
            s.scalars.removeAll(keepingCapacity: true)
            s.wordBytes.withUnsafeBufferPointer { buf in
                var i = 0
                while i < n {
                    let (scalar, len) = UTF8Decoding.decode(buf.baseAddress!, i, n)
                    s.scalars.append(scalar!)
                    i += len
                }
            }
            distorter.distort(&s.scalars)
            var bytes: [UInt8] = []
            for scalar in s.scalars { UTF8Decoding.encode(scalar, into: &bytes) }
            n = bytes.count
            if s.wordBytes.count < n { s.wordBytes = [UInt8](repeating: 0, count: n + 16) }
            for k in 0..<n { s.wordBytes[k] = bytes[k] }
        }
        return n
    }

    @inline(__always)
    private static func encode(_ v: UInt32, _ out: UnsafeMutablePointer<UInt8>) -> Int {
        if v < 0x80 { out[0] = UInt8(v); return 1 }
        if v < 0x800 {
            out[0] = UInt8(0xC0 | (v >> 6)); out[1] = UInt8(0x80 | (v & 0x3F)); return 2
        }
        if v < 0x10000 {
            out[0] = UInt8(0xE0 | (v >> 12)); out[1] = UInt8(0x80 | ((v >> 6) & 0x3F))
            out[2] = UInt8(0x80 | (v & 0x3F)); return 3
        }
        out[0] = UInt8(0xF0 | (v >> 18)); out[1] = UInt8(0x80 | ((v >> 12) & 0x3F))
        out[2] = UInt8(0x80 | ((v >> 6) & 0x3F)); out[3] = UInt8(0x80 | (v & 0x3F)); return 4
    }

    /// Up to 8 little-endian bytes as the reference loads them. With signed
    /// bytes, a byte >= 0x80 at index i sets every bit from 8 * (i + 1) up, so
    /// the lowest such byte decides the mask.
    @inline(__always)
    static func load(_ p: UnsafePointer<UInt8>, _ count: Int, signed: Bool) -> UInt64 {
        var v: UInt64
        if count == 8 {
            v = UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
        } else {
            v = 0
            for k in 0..<count { v |= UInt64(p[k]) << UInt64(8 * k) }
        }
        if signed {
            let high = v & 0x8080_8080_8080_8080
            if high != 0 {
                let index = high.trailingZeroBitCount >> 3
                if index < 7 { v |= ~UInt64(0) << UInt64(8 * (index + 1)) }
            }
        }
        return v
    }

    /// The reference's murmur hash of `n` bytes, extended to `count` words.
    @inline(__always)
    static func murmurWords(_ p: UnsafePointer<UInt8>, _ n: Int, signed: Bool, count: Int,
                            into words: UnsafeMutablePointer<UInt64>) {
        let kMul: UInt64 = 0xc6a4_a793_5bd1_e995
        let kMul2: UInt64 = 0x9e37_79b9_7f4a_7835
        @inline(__always) func shiftMix(_ v: UInt64) -> UInt64 { v ^ (v >> 47) }
        var h = UInt64(n) &* kMul
        var h2: UInt64 = 0
        let aligned = n & ~7
        var i = 0
        while i < aligned {
            let d = load(p + i, 8, signed: signed)
            h ^= shiftMix(d &* kMul) &* kMul
            h = h &* kMul
            h2 ^= h
            i += 8
        }
        if n & 7 != 0 {
            h ^= load(p + aligned, n & 7, signed: signed)
            h = h &* kMul
            h2 ^= h
        }
        h = shiftMix(h) &* kMul
        h2 ^= h
        h = shiftMix(h)
        h2 = shiftMix(h2 &* kMul2) &* kMul2
        words[0] = h
        words[1] = h2
        var k = 2
        while k < count {
            let t = shiftMix(words[k - 2]) &* kMul
            words[k + 1] = shiftMix(t)
            words[k] = shiftMix((words[k - 1] ^ t) &* kMul2) &* kMul2
            k += 2
        }
    }
}

