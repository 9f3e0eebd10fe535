/// SGNN's projection (the reference op SgnnProjection): one float vector per
/// text from a bag of character n-grams.
///
/// Text is lowercased (Unicode full lowercase mapping; the reference's ICU
/// case folding differs only for a few characters such as U+00DF) and split on
/// Unicode whitespace; each token becomes `^token$`, and for n = 1...N its
/// character n-grams are hashed: `sig = Fingerprint64(ngram) % B`. For seed s,
/// `v = |sig * s| % B`, less B when over B / 2; the output for s is the mean of
/// v over the order's n-grams divided by B / 2, in about [-1, 1]. Seeds are
/// split by order: with P = size / (N (N + 1) / 2), order i (0-based) uses
/// seeds [i (i + 1) / 2 * P, (i + 1) (i + 2) / 2 * P), the last order up to the end.
public struct SGNNProjection: Sendable {
    public let seeds: [Int32]
    public let ngramOrder: Int
    public let buckets: Int64
    /// Seed index ranges per n-gram order (0-based order i covers n = i + 1).
    public let partitions: [Range<Int>]

    public enum Error: Swift.Error, Equatable, CustomStringConvertible {
        case ngramOrderOutOfRange(Int)
        case tooFewSeeds(seeds: Int, ngramOrder: Int)
        case bucketsOutOfRange(Int64)
        case emptyInput

        public var description: String {
            switch self {
            case .ngramOrderOutOfRange(let n): return "n-gram order \(n) is out of range: use 1...16"
            case .tooFewSeeds(let s, let n):
                return "\(s) seeds are too few for n-grams up to \(n): need at least \(n * (n + 1) / 2)"
            case .bucketsOutOfRange(let b): return "bucket count \(b) is out of range: use 2...\(Int32.max)"
            case .emptyInput: return "the text has no tokens to take n-grams from"
            }
        }
    }

    public init(seeds: [Int32], ngramOrder: Int, buckets: Int64 = 0x7FFF_FFFF) throws {
        guard (1...16).contains(ngramOrder) else { throw Error.ngramOrderOutOfRange(ngramOrder) }
        let triangle = ngramOrder * (ngramOrder + 1) / 2
        guard seeds.count >= triangle else { throw Error.tooFewSeeds(seeds: seeds.count, ngramOrder: ngramOrder) }
        // sig < B and |seed| <= 2^31, so sig * seed stays inside Int64.
        guard (2...Int64(Int32.max)).contains(buckets) else { throw Error.bucketsOutOfRange(buckets) }
        let p = seeds.count / triangle
        var bounds = (0..<ngramOrder).map { i in i * (i + 1) / 2 * p }
        bounds.append(seeds.count)
        self.seeds = seeds
        self.ngramOrder = ngramOrder
        self.buckets = buckets
        self.partitions = (0..<ngramOrder).map { bounds[$0]..<bounds[$0 + 1] }
    }

    /// The character n-grams of order n, as UTF-8 bytes, of a text's tokens.
    public static func ngrams(_ text: String, order n: Int) -> [[UInt8]] {
        var out: [[UInt8]] = []
        let tokens = text.lowercased().unicodeScalars.split { $0.properties.isWhitespace }
        for token in tokens {
            let chars: [Unicode.Scalar] = ["^"] + Array(token) + ["$"]
            guard chars.count >= n else { continue }
            for start in 0...(chars.count - n) {
                var bytes: [UInt8] = []
                for c in chars[start..<(start + n)] { bytes += Array(String(c).utf8) }
                out.append(bytes)
            }
        }
        return out
    }

    /// Projects n-grams with the given seeds: the reference op's kernel.
    public static func project(ngrams: [[UInt8]], seeds: ArraySlice<Int32>, buckets: Int64) -> [Float] {
        let signatures = ngrams.map { Int64(FarmHash.fingerprint64($0) % UInt64(buckets)) }
        let half = buckets / 2
        return seeds.map { seed in
            var sum = 0.0
            for sig in signatures {
                var v = abs(sig * Int64(seed)) % buckets
                if v > half { v -= buckets }
                sum += Double(v)
            }
            return Float(sum / Double(half) / Double(signatures.count))
        }
    }

    /// The projection of one text: `[seeds.count]` floats.
    public func project(_ text: String) throws -> [Float] {
        var out: [Float] = []
        out.reserveCapacity(seeds.count)
        for order in 1...ngramOrder {
            let grams = SGNNProjection.ngrams(text, order: order)
            if grams.isEmpty {
                guard order > 1 else { throw Error.emptyInput }
                // Every token yields n-grams up to its length + 2; a text of
                // short tokens has none of a high order: those seeds read 0.
                out += [Float](repeating: 0, count: partitions[order - 1].count)
                continue
            }
            out += SGNNProjection.project(ngrams: grams, seeds: seeds[partitions[order - 1]], buckets: buckets)
        }
        return out
    }

    /// The projection of UTF-8 `text` into `workspace.output` (`[seeds.count]`),
    /// identical to `project(_:)`, without heap allocation once the workspace
    /// is warm: tokens are scanned in place (whitespace and lowercasing per
    /// scalar, as `String.lowercased()` maps them), each `^token$` is built
    /// once in a reused buffer with its scalar offsets, n-grams are hashed in
    /// place, and for the default B = 2^31 - 1 the modulo is a Mersenne
    /// fold; sums are exact in Int64 (the reference's Double sums of
    /// integers are exact too). Invalid UTF-8 runs the reference (which
    /// decodes it with replacement characters).
    public func project(_ text: UnsafeRawBufferPointer, into ws: SGNNProjectionWorkspace) throws {
        if ws.output.count != seeds.count { ws.output = [Float](repeating: 0, count: seeds.count) }
        let bytes = text.bindMemory(to: UInt8.self)
        let n = bytes.count
        if let base = bytes.baseAddress {
            var i = 0
            while i < n {
                let (scalar, length) = UTF8Decoding.decode(base, i, n)
                guard scalar != nil else {
                    let decoded = String(decoding: bytes, as: UTF8.self)
                    let result = try project(decoded)
                    for k in result.indices { ws.output[k] = result[k] }
                    ws.tokenCount = decoded.lowercased().unicodeScalars.split { $0.properties.isWhitespace }.count
                    return
                }
                i += length
            }
        }
        var gram = ws.gram, starts = ws.starts, signatures = ws.signatures, output = ws.output
        ws.gram = []; ws.starts = []; ws.signatures = []; ws.output = []
        defer { ws.gram = gram; ws.starts = starts; ws.signatures = signatures; ws.output = output }
        let mersenne = buckets == 0x7FFF_FFFF
        let half = buckets / 2
        @inline(__always) func isWhitespace(_ v: UInt32) -> Bool {
            v < 0x80 ? Self.isASCIIWhitespace(UInt8(v)) : Unicode.Scalar(v)!.properties.isWhitespace
        }
        var tokens = 0
        defer { ws.tokenCount = tokens }
        for order in 1...ngramOrder {
            signatures.removeAll(keepingCapacity: true)
            var i = 0
            while i < n {
                let (first, firstLength) = UTF8Decoding.decode(bytes.baseAddress!, i, n)
                if isWhitespace(first!) { i += firstLength; continue }
                if order == 1 { tokens += 1 }
                gram.removeAll(keepingCapacity: true)
                starts.removeAll(keepingCapacity: true)
                starts.append(0)
                gram.append(0x5E)
                while i < n {
                    let (v, length) = UTF8Decoding.decode(bytes.baseAddress!, i, n)
                    if isWhitespace(v!) { break }
                    starts.append(gram.count)
                    if v! < 0x80 {
                        let b = UInt8(v!)
                        gram.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
                    } else {
                        // Small strings (a mapping is at most three scalars) live inline: no allocation.
                        for scalar in Unicode.Scalar(v!)!.properties.lowercaseMapping.unicodeScalars {
                            gram.append(contentsOf: UTF8.encode(scalar)!)
                            starts.append(gram.count)
                        }
                        starts.removeLast()
                    }
                    i += length
                }
                starts.append(gram.count)
                gram.append(0x24)
                starts.append(gram.count)
                // starts[k] is where scalar k of ^token$ begins; the last entry is the end.
                let scalars = starts.count - 1
                if scalars >= order {
                    gram.withUnsafeBufferPointer { g in
                        for start in 0...(scalars - order) {
                            let from = starts[start], to = starts[start + order]
                            signatures.append(Int64(FarmHash.fingerprint64(g.baseAddress! + from, to - from) % UInt64(buckets)))
                        }
                    }
                }
            }
            let range = partitions[order - 1]
            if signatures.isEmpty {
                guard order > 1 else { throw Error.emptyInput }
                for k in range { output[k] = 0 }
                continue
            }
            signatures.withUnsafeBufferPointer { sig in
                for k in range {
                    let seed = Int64(seeds[k])
                    var sum: Int64 = 0
                    for s in sig {
                        let x = abs(s &* seed)
                        var v: Int64
                        if mersenne {
                            v = (x & 0x7FFF_FFFF) &+ (x >> 31)
                            v = (v & 0x7FFF_FFFF) &+ (v >> 31)
                            if v >= 0x7FFF_FFFF { v -= 0x7FFF_FFFF }
                        } else {
                            v = x % buckets
                        }
                        if v > half { v -= buckets }
                        sum &+= v
                    }
                    output[k] = Float(Double(sum) / Double(half) / Double(sig.count))
                }
            }
        }
    }

    @inline(__always) static func isASCIIWhitespace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }
}

/// Reusable buffers of `SGNNProjection.project(_:into:)`.
public final class SGNNProjectionWorkspace {
    /// The last projection, `[seeds]`.
    public internal(set) var output: [Float] = []
    /// The whitespace-separated tokens of the last text.
    public internal(set) var tokenCount = 0
    var gram: [UInt8] = []
    var starts: [Int] = []
    var signatures: [Int64] = []

    public init() {}
}
