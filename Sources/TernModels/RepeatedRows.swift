import Foundation

/// The projection rows of one text that repeat an earlier row, and how the
/// per-row layers the projection feeds skip them.
///
/// A token's projected row is a function of the token alone, and the layers
/// that read the projection (PRADO's values and keys, pQRNN's bottleneck) map
/// each row on its own: a repeated token's outputs are a copy of its first
/// occurrence's. So those layers run on the text's distinct rows only, and
/// `expand` copies their outputs to the repeats. The result is bit-exact: the
/// same integer arithmetic on the same rows. Natural text repeats tokens
/// ("the", "a", punctuation): the bench's sample texts have about 20 % of
/// their rows repeated at T 128, none at T 16.
///
/// Cost: a 64-bit key of each row's first 32 bytes, a probe of an open
/// addressing table, and a full comparison of the rows whose keys match.
/// A row whose probe chain runs past `maxProbes` counts as distinct (always
/// correct), so no input makes the search quadratic.
struct RepeatedRows {
    /// Bytes per row (the projection's feature size).
    let width: Int
    // Arena offsets: the distinct rows [maxRows, width] int8 (used once a row
    // repeats), each row's distinct index [maxRows] Int32, each row's key
    // [maxRows] UInt64, and the table [2 * maxRows rounded up to a power of 2] Int32.
    let distinct: Int, index: Int, keys: Int, table: Int
    static let maxProbes = 16

    init(maxRows: Int, width: Int, arena: inout ArenaLayout) {
        self.width = width
        distinct = arena.take(maxRows * width)
        index = arena.take(maxRows * 4)
        keys = arena.take(maxRows * 8)
        table = arena.take(Self.tableSize(maxRows) * 4)
    }

    /// The smallest power of two at least twice `rows` (half full at most).
    static func tableSize(_ rows: Int) -> Int { max(16, 1 << (Int.bitWidth - (2 * rows - 1).leadingZeroBitCount)) }

    /// The rows to run the per-row layers on, `ws.distinctRows` of them: `x`
    /// itself when no row of `[rows, width]` repeats (or the workspace does
    /// not skip repeats), else the distinct rows in order of first
    /// occurrence, copied into the workspace. Records each row's distinct
    /// index for `expand`.
    func collapse(_ ws: EngineWorkspace, _ x: UnsafePointer<Int8>, rows: Int) -> UnsafePointer<Int8> {
        guard ws.skipsRepeatedRows else {
            ws.distinctRows = rows
            return x
        }
        let size = Self.tableSize(rows), mask = size - 1
        let slots = UnsafeMutableRawPointer(ws.pointer(table)).assumingMemoryBound(to: Int32.self)
        let rowIndex = UnsafeMutableRawPointer(ws.pointer(index)).assumingMemoryBound(to: Int32.self)
        let rowKey = UnsafeMutableRawPointer(ws.pointer(keys)).assumingMemoryBound(to: UInt64.self)
        let distinct = ws.pointer(self.distinct)
        slots.update(repeating: -1, count: size)
        var count = 0, copying = false
        var i = 0
        while i < rows {
            let row = x + i * width
            let key = Self.key(UnsafeRawPointer(row), width)
            rowKey[i] = key
            var slot = Int(truncatingIfNeeded: key >> 40) & mask
            var first = -1, probes = 0
            while probes < Self.maxProbes {
                let j = Int(slots[slot])
                if j < 0 { slots[slot] = Int32(i); break }
                if rowKey[j] == key && memcmp(x + j * width, row, width) == 0 { first = j; break }
                slot = (slot + 1) & mask
                probes += 1
            }
            if first >= 0 {
                rowIndex[i] = rowIndex[first]
                if !copying {
                    // The first repeat: rows 0..<i are all distinct so far.
                    distinct.update(from: x, count: i * width)
                    copying = true
                }
            } else {
                rowIndex[i] = Int32(count)
                if copying { (distinct + count * width).update(from: row, count: width) }
                count += 1
            }
            i += 1
        }
        ws.distinctRows = count
        return copying ? UnsafePointer(distinct) : x
    }

    /// Spreads a layer's outputs over every row: `out` holds the distinct
    /// rows' outputs (`w` bytes each, rows 0..<ws.distinctRows of `collapse`);
    /// afterwards row i holds its distinct row's. In place, last row first:
    /// a row's distinct index is never above the row, so every source is
    /// read before it is overwritten. Nothing to do when no row repeated.
    func expand(_ ws: EngineWorkspace, _ out: UnsafeMutablePointer<Int8>, width w: Int, rows: Int) {
        guard ws.distinctRows < rows else { return }
        let rowIndex = UnsafeMutableRawPointer(ws.pointer(index)).assumingMemoryBound(to: Int32.self)
        var i = rows - 1
        while i >= 0 {
            let s = Int(rowIndex[i])
            if s != i { (out + i * w).update(from: out + s * w, count: w) }
            i -= 1
        }
    }

    /// A 64-bit key of a row's first 32 bytes (fewer when the row is
    /// shorter): projection rows of different tokens differ there in all
    /// but a vanishing share of pairs, and equal keys are compared in full.
    /// One multiply: the key only spreads rows over the table (its top bits
    /// pick the slot), so it need not be a strong hash.
    @inline(__always)
    static func key(_ row: UnsafeRawPointer, _ width: Int) -> UInt64 {
        var h: UInt64 = 0
        if width >= 32 {
            h = row.loadUnaligned(fromByteOffset: 0, as: UInt64.self)
                ^ row.loadUnaligned(fromByteOffset: 8, as: UInt64.self).rotated(by: 16)
                ^ row.loadUnaligned(fromByteOffset: 16, as: UInt64.self).rotated(by: 32)
                ^ row.loadUnaligned(fromByteOffset: 24, as: UInt64.self).rotated(by: 48)
        } else {
            for i in 0..<width { h = (h << 8 | h >> 56) ^ UInt64(row.load(fromByteOffset: i, as: UInt8.self)) }
        }
        return (h ^ (h >> 29)) &* 0xBF58_476D_1CE4_E5B9
    }
}

private extension UInt64 {
    @inline(__always) func rotated(by n: UInt64) -> UInt64 { self << n | self >> (64 - n) }
}
