/// Writes one row of F int8 ternary features from a token's hash words.
///
/// - Parameters:
///   - words: `2 * ceil(F / 64)` hash words; feature k is the 2-bit code at
///     bit `2 * (k % 32)` of word `k / 32`, mapped 0 -> 0, 1 -> +1, 2 -> -1, 3 -> 0.
///   - featureSize: F, 1...4096.
///   - row: F writable bytes; nothing past them is written.
public typealias ProjectionRowExpander = @Sendable (
    _ words: UnsafePointer<UInt64>, _ featureSize: Int, _ row: UnsafeMutablePointer<Int8>) -> Void

/// The tokenizer and hash the fast variants share. Variants differ only in
/// how they expand hash words into features.
///
/// Why it is fast: tokens are byte ranges, never arrays; a token of at most
/// eight ASCII bytes (most words) is lowercased in one register (SWAR) and
/// hashed straight from it; the rows are done in blocks of `blockRows`: first
/// every row's first two hash words, then the serial chain that extends them
/// to `2 * ceil(F / 64)` words for four rows at once (one row's chain is a
/// run of dependent multiplies; four independent ones fill the multiplier),
/// then the expansion, with the block's words still in L1.
enum ProjectionFastPath {
    /// Rows per block: 64 rows of 16 words (F = 512) are 8 KB.
    static let blockRows = 64

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
        let (tokenCount, storedTokens, longest) = split(text, plan: plan, limit: max(1, ws.tokenLimit), into: &scratch)
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
        if scratch.hashWords.count < blockRows * wordCount {
            scratch.hashWords = [UInt64](repeating: 0, count: blockRows * wordCount)
        }
        // Lowercasing grows a code point by at most half (2 bytes -> 3); the
        // padding lets the hash load 8 bytes past a token's end.
        if scratch.wordBytes.count < 2 * longest + 16 {
            scratch.wordBytes = [UInt8](repeating: 0, count: 2 * longest + 16)
        }
        let distorting = ws.distorter.isActive
        // A token of at most 8 ASCII bytes is lowercased in a register when
        // the ASCII map is plain lowercasing and 8 bytes can be read from its start.
        let swar = plan.asciiIsPlainLowercase && !distorting
        let textCount = text.count
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
        var wordBytes = scratch.wordBytes
        scratch.wordBytes = []
        defer { scratch.wordBytes = wordBytes }
        let bounds = scratch.tokenBounds
        let ascii = plan.asciiMap

        features.withUnsafeMutableBufferPointer { out in
        words.withUnsafeMutableBufferPointer { wordBuf in
        wordBytes.withUnsafeMutableBufferPointer { byteBuf in
        bounds.withUnsafeBufferPointer { bounds in
        ascii.withUnsafeBufferPointer { ascii in
            let w = wordBuf.baseAddress!
            let bytes = byteBuf.baseAddress!
            @inline(__always) func setFixed(_ row: UnsafeMutablePointer<UInt64>, _ fixed: [UInt64]) {
                row[0] = fixed[0]
                row[1] = fixed[1]
            }
            var first = 0
            while first < rows {
                let count = min(blockRows, rows - first)
                // 1. The first two hash words of every row.
                for r in 0..<count {
                    let row = w + r * wordCount
                    let j = first + r - bos
                    if j < 0 { setFixed(row, fixedWords.bos); continue }
                    if j >= storedTokens { setFixed(row, fixedWords.eos); continue }
                    let start = bounds[2 * j], end = bounds[2 * j + 1]
                    let length = end - start
                    if swar && length <= 8 && start + 8 <= textCount {
                        let d = loadMasked(base! + start, length)
                        if d & 0x8080_8080_8080_8080 == 0 {
                            (row[0], row[1]) = murmurSeedShort(lowercaseASCII(d), length)
                            continue
                        }
                    }
                    var n = normalizeToken(base!, start, end, ascii: ascii.baseAddress!, plan: plan, into: bytes)
                    if distorting {
                        // An emptied token still draws from the generator, as in the reference.
                        let distorted = distort(bytes, n, &distorter, scalars: &scratch.scalars)
                        n = distorted.count
                        if n == 0 { setFixed(row, fixedWords.null); continue }
                        // murmurSeed loads whole words only within n bytes: no padding needed.
                        distorted.withUnsafeBufferPointer {
                            (row[0], row[1]) = murmurSeed($0.baseAddress!, n, signed: signed)
                        }
                        continue
                    }
                    if n == 0 { setFixed(row, fixedWords.null); continue }
                    (row[0], row[1]) = murmurSeed(bytes, n, signed: signed)
                }
                // 2. The rest of each row's words (a no-op at F <= 64).
                extendWords(w, rows: count, count: wordCount)
                // 3. The features.
                for r in 0..<count {
                    let row = first + r
                    let rowPointer = out.baseAddress! + row * f
                    let rowWords = w + r * wordCount
                    expand(rowWords, f, rowPointer)
                    if noveltyBits != 0 {
                        let seen = scratch.novelty.countAndIncrement(rowWords[0])
                        let v = ProjectionExtras.noveltyValue(count: seen, bits: noveltyBits)
                        novelty[row] = v
                        rowPointer[f - 1] = ProjectionExtras.int8(v)
                    }
                    if o.docSizeLevels != 0 { rowPointer[f - 2] = docSizeInt8 }
                }
                first += count
            }
        }}}}}
    }

    /// Token byte ranges into `tokenBounds` (start, end pairs), with the
    /// reference's splitting rules (see `ProjectionScalarRef`); at most
    /// `limit` are stored. Returns the number of tokens in the text, the
    /// number stored and the longest stored token's byte count.
    private static func split(_ text: UnsafeRawBufferPointer, plan: ProjectionPlan, limit storeLimit: Int,
                              into s: inout FastScratch) -> (total: Int, stored: Int, longest: Int) {
        guard let base = text.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return (0, 0, 0) }
        let n = text.count
        let limit = plan.options.maxSplits
        let splitOnSpace = plan.options.splitOnSpace
        // Scanner state, kept across refills of the bounds buffer.
        var total = 0
        var longest = 0
        var i = 0
        var start = 0
        var scanning = true
        if splitOnSpace {
            while i < n && base[i] == 0x20 { i += 1 }
            start = i
        }
        // The token at this index is the rest of the text.
        let lastIndex = limit == -1 ? Int.max : limit - 1
        var atLastToken = splitOnSpace && lastIndex <= 0
        // Stores into the buffer until it is full; the caller grows it and comes back.
        while true {
            let full: Bool = s.tokenBounds.withUnsafeMutableBufferPointer { buf in
                let capacity = buf.count / 2
                let b = buf.baseAddress
                @inline(__always) func token(_ from: Int, _ to: Int) -> Bool {
                    if total < storeLimit {
                        if total == capacity { return false }
                        b![2 * total] = from
                        b![2 * total + 1] = to
                        longest = max(longest, to - from)
                    }
                    total += 1
                    return true
                }
                if splitOnSpace {
                    while scanning && !atLastToken {
                        let next = nextSpace(base, from: i, end: n)
                        if next == n { break }
                        if next > start && !token(start, next) { return true }
                        i = next + 1
                        start = i
                        if total == lastIndex { break }
                    }
                    scanning = false
                    atLastToken = true
                    if start < n && !token(start, n) { return true }
                    start = n
                } else {
                    while i < n {
                        if limit != -1 && total == limit { break }
                        let len = base[i] < 0x80 ? 1 : UTF8Decoding.decode(base, i, n).length
                        if !token(i, i + len) { return true }
                        i += len
                    }
                }
                return false
            }
            if !full { break }
            // Grow geometrically, from a size that fits most texts at once.
            s.tokenBounds.append(contentsOf: repeatElement(0, count: max(s.tokenBounds.count, 2 * 256)))
        }
        return (total, min(total, storeLimit), longest)
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

    /// Lowercases and filters the token `base[start..<end]` into `out`
    /// (room for `2 * (end - start)` bytes) and returns the byte count.
    @inline(__always)
    private static func normalizeToken(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int,
                                       ascii: UnsafePointer<UInt8>, plan: ProjectionPlan,
                                       into out: UnsafeMutablePointer<UInt8>) -> Int {
        var n = 0
        var i = start
        while i < end {
            let b = base[i]
            if b < 0x80 {
                // Stored either way; a dropped byte (0xFF) is overwritten by the next.
                let m = ascii[Int(b)]
                out[n] = m
                n &+= m != 0xFF ? 1 : 0
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
        return n
    }

    /// The distortion of a normalized token's `n` bytes, as UTF-8.
    private static func distort(_ p: UnsafePointer<UInt8>, _ n: Int, _ distorter: inout ProjectionDistorter,
                                scalars: inout [UInt32]) -> [UInt8] {
        scalars.removeAll(keepingCapacity: true)
        var i = 0
        while i < n {
            let (scalar, len) = UTF8Decoding.decode(p, i, n)
            scalars.append(scalar!)
            i += len
        }
        distorter.distort(&scalars)
        var bytes: [UInt8] = []
        for scalar in scalars { UTF8Decoding.encode(scalar, into: &bytes) }
        return bytes
    }

    /// The `count` (1...8) bytes at `p` in the low end of a word, little-endian;
    /// reads 8 bytes, so 8 must be readable.
    @inline(__always)
    static func loadMasked(_ p: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        let v = UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
        return count == 8 ? v : v & ((1 &<< UInt64(8 * count)) &- 1)
    }

    /// Lowercases the ASCII letters of 8 ASCII bytes (all below 0x80): a
    /// byte's high bit after adding 0x80 - 'A' says >= 'A', after adding
    /// 0x80 - '[' says > 'Z'; no sum carries into the next byte.
    @inline(__always)
    static func lowercaseASCII(_ x: UInt64) -> UInt64 {
        let atLeastA = x &+ 0x3F3F_3F3F_3F3F_3F3F
        let pastZ = x &+ 0x2525_2525_2525_2525
        let upper = (atLeastA ^ pastZ) & 0x8080_8080_8080_8080
        return x | (upper >> 2)
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

    static let kMul: UInt64 = 0xc6a4_a793_5bd1_e995
    static let kMul2: UInt64 = 0x9e37_79b9_7f4a_7835
    @inline(__always) static func shiftMix(_ v: UInt64) -> UInt64 { v ^ (v >> 47) }

    /// The reference's murmur hash of `n` bytes, extended to `count` words.
    @inline(__always)
    static func murmurWords(_ p: UnsafePointer<UInt8>, _ n: Int, signed: Bool, count: Int,
                            into words: UnsafeMutablePointer<UInt64>) {
        (words[0], words[1]) = murmurSeed(p, n, signed: signed)
        extendWords(words, rows: 1, count: count)
    }

    /// The first two hash words of `n` (>= 1) bytes.
    @inline(__always)
    static func murmurSeed(_ p: UnsafePointer<UInt8>, _ n: Int, signed: Bool) -> (UInt64, UInt64) {
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
        return finish(h, h2)
    }

    /// `murmurSeed` of `n` (1...8) bytes already loaded into `d`, all below
    /// 0x80 (so the byte sign does not matter).
    @inline(__always)
    static func murmurSeedShort(_ d: UInt64, _ n: Int) -> (UInt64, UInt64) {
        var h = UInt64(n) &* kMul
        h ^= n == 8 ? shiftMix(d &* kMul) &* kMul : d
        h = h &* kMul
        return finish(h, h)
    }

    @inline(__always)
    private static func finish(_ h0: UInt64, _ h20: UInt64) -> (UInt64, UInt64) {
        var h = h0, h2 = h20
        h = shiftMix(h) &* kMul
        h2 ^= h
        h = shiftMix(h)
        h2 = shiftMix(h2 &* kMul2) &* kMul2
        return (h, h2)
    }

    /// Extends each of `rows` rows of `count` words (`count` apart, the first
    /// two set) to all `count` words. Word k + 1 comes from word k - 2 and word
    /// k from words k - 1 and k - 2: one row is a serial chain of multiplies,
    /// so four rows go together to give the core independent work.
    @inline(__always)
    static func extendWords(_ words: UnsafeMutablePointer<UInt64>, rows: Int, count: Int) {
        guard count > 2 else { return }
        @inline(__always) func step(_ a: inout UInt64, _ b: inout UInt64) {
            let t = shiftMix(a) &* kMul
            a = shiftMix((b ^ t) &* kMul2) &* kMul2
            b = shiftMix(t)
        }
        var r = 0
        while r + 4 <= rows {
            let p0 = words + r * count, p1 = p0 + count, p2 = p1 + count, p3 = p2 + count
            var a0 = p0[0], b0 = p0[1], a1 = p1[0], b1 = p1[1]
            var a2 = p2[0], b2 = p2[1], a3 = p3[0], b3 = p3[1]
            var k = 2
            while k < count {
                step(&a0, &b0); step(&a1, &b1); step(&a2, &b2); step(&a3, &b3)
                p0[k] = a0; p0[k + 1] = b0
                p1[k] = a1; p1[k + 1] = b1
                p2[k] = a2; p2[k + 1] = b2
                p3[k] = a3; p3[k + 1] = b3
                k += 2
            }
            r += 4
        }
        while r < rows {
            let p = words + r * count
            var a = p[0], b = p[1]
            var k = 2
            while k < count {
                step(&a, &b)
                p[k] = a; p[k + 1] = b
                k += 2
            }
            r += 1
        }
    }
}
