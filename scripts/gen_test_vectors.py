#!/usr/bin/env python3
"""Independent oracles for the projection tests.

Prints Swift array literals for Tests/TernKernelsTests/ProjectionVectors.swift:
- FarmHash Fingerprint64 of byte strings of every length 0...200, computed by
  pyfarmhash (Google's C++ FarmHash behind a Python binding);
- the reference murmur hash words of non-ASCII tokens under both byte signs,
  computed by a separate Python implementation of ../shared/spec/projection.md.

Run: pip install pyfarmhash==0.5.1 && python3 scripts/gen_test_vectors.py
"""
import farmhash

M64 = (1 << 64) - 1
K_MUL = 0xC6A4A7935BD1E995
K_MUL2 = 0x9E3779B97F4A7835


def shift_mix(v):
    return v ^ (v >> 47)


def load(block, signed):
    val = 0
    for b in reversed(block):
        ext = (b | ~0xFF) & M64 if (signed and b >= 0x80) else b
        val = ((val << 8) | ext) & M64
    return val


def murmur_words(data, count, signed):
    h = (len(data) * K_MUL) & M64
    h2 = 0
    aligned = len(data) & ~7
    for p in range(0, aligned, 8):
        d = load(data[p:p + 8], signed)
        h ^= (shift_mix((d * K_MUL) & M64) * K_MUL) & M64
        h = (h * K_MUL) & M64
        h2 ^= h
    if len(data) & 7:
        h ^= load(data[aligned:], signed)
        h = (h * K_MUL) & M64
        h2 ^= h
    h = (shift_mix(h) * K_MUL) & M64
    h2 ^= h
    h = shift_mix(h)
    h2 = (shift_mix((h2 * K_MUL2) & M64) * K_MUL2) & M64
    words = [h, h2]
    while len(words) < count:
        lo, hi = words[-2], words[-1]
        t = (shift_mix(lo) * K_MUL) & M64
        words += [(shift_mix(((hi ^ t) * K_MUL2) & M64) * K_MUL2) & M64, shift_mix(t)]
    return words


def farmhash_bytes(n):
    return bytes((i * 37 + n * 11 + 5) & 0xFF for i in range(n))


print("// FarmHash Fingerprint64 of farmhashInput(n) for n = 0...200 (pyfarmhash 0.5.1).")
print("static let farmhash64: [UInt64] = [")
for n in range(201):
    print(f"    0x{farmhash.fingerprint64(farmhash_bytes(n)):016x},")
print("]")

tokens = ["café", "naïve-über-straße", "日本語", "😀x", "é", "ab\u00e9cdefghij", "\u00ff" * 9]
print("// Murmur words (count 4) of UTF-8 tokens: (token, signed, unsigned).")
print("static let murmur: [(String, [UInt64], [UInt64])] = [")
for t in tokens:
    b = t.encode("utf-8")
    s = ", ".join(f"0x{w:016x}" for w in murmur_words(b, 4, True))
    u = ", ".join(f"0x{w:016x}" for w in murmur_words(b, 4, False))
    print(f'    ("{t}", [{s}], [{u}]),')
print("]")
