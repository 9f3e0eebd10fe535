/// FarmHash's 64-bit fingerprint (`util::Fingerprint64`, the `farmhashna`
/// Hash64), which SGNN's projection hashes n-grams with. Stable across
/// platforms and releases: bytes are read little-endian and unsigned.
public enum FarmHash {
    static let k0: UInt64 = 0xc3a5_c85c_97cb_3127
    static let k1: UInt64 = 0xb492_b66f_be98_f273
    static let k2: UInt64 = 0x9ae1_6a3b_2f90_404f

    @inline(__always) static func rotate(_ v: UInt64, _ s: UInt64) -> UInt64 { s == 0 ? v : (v >> s) | (v << (64 - s)) }
    @inline(__always) static func shiftMix(_ v: UInt64) -> UInt64 { v ^ (v >> 47) }
    @inline(__always) static func fetch64(_ p: UnsafePointer<UInt8>, _ i: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self))
    }
    @inline(__always) static func fetch32(_ p: UnsafePointer<UInt8>, _ i: Int) -> UInt64 {
        UInt64(UInt32(littleEndian: UnsafeRawPointer(p + i).loadUnaligned(as: UInt32.self)))
    }

    @inline(__always) static func hashLen16(_ u: UInt64, _ v: UInt64, _ mul: UInt64) -> UInt64 {
        var a = (u ^ v) &* mul
        a ^= a >> 47
        var b = (v ^ a) &* mul
        b ^= b >> 47
        return b &* mul
    }

    static func hashLen0to16(_ s: UnsafePointer<UInt8>, _ len: Int) -> UInt64 {
        let n = UInt64(len)
        if len >= 8 {
            let mul = k2 &+ n &* 2
            let a = fetch64(s, 0) &+ k2
            let b = fetch64(s, len - 8)
            let c = rotate(b, 37) &* mul &+ a
            let d = (rotate(a, 25) &+ b) &* mul
            return hashLen16(c, d, mul)
        }
        if len >= 4 {
            let mul = k2 &+ n &* 2
            let a = fetch32(s, 0)
            return hashLen16(n &+ (a << 3), fetch32(s, len - 4), mul)
        }
        if len > 0 {
            let a = UInt32(s[0]), b = UInt32(s[len >> 1]), c = UInt32(s[len - 1])
            let y = a &+ (b << 8)
            let z = UInt32(len) &+ (c << 2)
            return shiftMix(UInt64(y) &* k2 ^ UInt64(z) &* k0) &* k2
        }
        return k2
    }

    static func hashLen17to32(_ s: UnsafePointer<UInt8>, _ len: Int) -> UInt64 {
        let mul = k2 &+ UInt64(len) &* 2
        let a = fetch64(s, 0) &* k1
        let b = fetch64(s, 8)
        let c = fetch64(s, len - 8) &* mul
        let d = fetch64(s, len - 16) &* k2
        return hashLen16(rotate(a &+ b, 43) &+ rotate(c, 30) &+ d, a &+ rotate(b &+ k2, 18) &+ c, mul)
    }

    static func hashLen33to64(_ s: UnsafePointer<UInt8>, _ len: Int) -> UInt64 {
        let mul = k2 &+ UInt64(len) &* 2
        let a = fetch64(s, 0) &* k2
        let b = fetch64(s, 8)
        let c = fetch64(s, len - 8) &* mul
        let d = fetch64(s, len - 16) &* k2
        let y = rotate(a &+ b, 43) &+ rotate(c, 30) &+ d
        let z = hashLen16(y, a &+ rotate(b &+ k2, 18) &+ c, mul)
        let e = fetch64(s, 16) &* mul
        let f = fetch64(s, 24)
        let g = (y &+ fetch64(s, len - 32)) &* mul
        let h = (z &+ fetch64(s, len - 24)) &* mul
        return hashLen16(rotate(e &+ f, 43) &+ rotate(g, 30) &+ h, e &+ rotate(f &+ a, 18) &+ g, mul)
    }

    @inline(__always)
    static func weakHashLen32WithSeeds(_ w: UInt64, _ x: UInt64, _ y: UInt64, _ z: UInt64,
                                       _ a0: UInt64, _ b0: UInt64) -> (UInt64, UInt64) {
        var a = a0 &+ w
        var b = rotate(b0 &+ a &+ z, 21)
        let c = a
        a = a &+ x
        a = a &+ y
        b = b &+ rotate(a, 44)
        return (a &+ z, b &+ c)
    }

    @inline(__always)
    static func weakHashLen32WithSeeds(_ s: UnsafePointer<UInt8>, _ i: Int, _ a: UInt64, _ b: UInt64) -> (UInt64, UInt64) {
        weakHashLen32WithSeeds(fetch64(s, i), fetch64(s, i + 8), fetch64(s, i + 16), fetch64(s, i + 24), a, b)
    }

    /// The fingerprint of `len` bytes at `s`.
    public static func fingerprint64(_ s: UnsafePointer<UInt8>, _ len: Int) -> UInt64 {
        if len <= 16 { return hashLen0to16(s, len) }
        if len <= 32 { return hashLen17to32(s, len) }
        if len <= 64 { return hashLen33to64(s, len) }

        let seed: UInt64 = 81
        var x = seed
        var y = seed &* k1 &+ 113
        var z = shiftMix(y &* k2 &+ 113) &* k2
        var v: (UInt64, UInt64) = (0, 0)
        var w: (UInt64, UInt64) = (0, 0)
        x = x &* k2 &+ fetch64(s, 0)
        let end = ((len - 1) / 64) * 64
        let last64 = end + ((len - 1) & 63) - 63
        var i = 0
        repeat {
            x = rotate(x &+ y &+ v.0 &+ fetch64(s, i + 8), 37) &* k1
            y = rotate(y &+ v.1 &+ fetch64(s, i + 48), 42) &* k1
            x ^= w.1
            y = y &+ v.0 &+ fetch64(s, i + 40)
            z = rotate(z &+ w.0, 33) &* k1
            v = weakHashLen32WithSeeds(s, i, v.1 &* k1, x &+ w.0)
            w = weakHashLen32WithSeeds(s, i + 32, z &+ w.1, y &+ fetch64(s, i + 16))
            swap(&z, &x)
            i += 64
        } while i != end
        let mul = k1 &+ ((z & 0xff) << 1)
        i = last64
        w.0 = w.0 &+ UInt64((len - 1) & 63)
        v.0 = v.0 &+ w.0
        w.0 = w.0 &+ v.0
        x = rotate(x &+ y &+ v.0 &+ fetch64(s, i + 8), 37) &* mul
        y = rotate(y &+ v.1 &+ fetch64(s, i + 48), 42) &* mul
        x ^= w.1 &* 9
        y = y &+ v.0 &* 9 &+ fetch64(s, i + 40)
        z = rotate(z &+ w.0, 33) &* mul
        v = weakHashLen32WithSeeds(s, i, v.1 &* mul, x &+ w.0)
        w = weakHashLen32WithSeeds(s, i + 32, z &+ w.1, y &+ fetch64(s, i + 16))
        swap(&z, &x)
        return hashLen16(hashLen16(v.0, w.0, mul) &+ shiftMix(y) &* k0 &+ z, hashLen16(v.1, w.1, mul) &+ x, mul)
    }

    public static func fingerprint64(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { fingerprint64($0) }
    }

    /// The fingerprint of any contiguous bytes (Data, arrays), empty ones included.
    public static func fingerprint64(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        // An empty buffer may have no storage; any valid pointer serves for length 0.
        guard let base = bytes.baseAddress else { return withUnsafePointer(to: 0 as UInt8) { fingerprint64($0, 0) } }
        return fingerprint64(base.assumingMemoryBound(to: UInt8.self), bytes.count)
    }
}
