import Foundation
import Testing
@testable import TernModels

/// The streamed line reader of `tern predict` against the whole-input one
/// (`PredictionOutput.texts(fromLines:)`, which the predict fuzz target
/// drives): the same texts for any chunking, memory bounded by the longest
/// line, and over-long lines reported and skipped.
@Suite struct LineSplitterTests {
    static func split(_ bytes: [UInt8], chunks: [Int], max: Int = 1 << 20) -> (lines: [LineSplitter.Line], peak: Int) {
        var s = LineSplitter(maxLineBytes: max)
        var lines: [LineSplitter.Line] = []
        var peak = 0, start = 0, c = 0
        bytes.withUnsafeBytes { raw in
            while start < raw.count {
                let n = Swift.max(1, Swift.min(chunks[c % chunks.count], raw.count - start))
                c += 1
                s.feed(UnsafeRawBufferPointer(rebasing: raw[start..<(start + n)])) { lines.append($0) }
                peak = Swift.max(peak, s.bufferedBytes)
                start += n
            }
        }
        s.finish { lines.append($0) }
        return (lines, peak)
    }

    @Test func sameTextsAsTheWholeInputReaderForAnyChunking() {
        let cases: [[UInt8]] = [[], Array("\n".utf8), Array("a".utf8), Array("a\n".utf8), Array("a\n\n".utf8), Array("\r\n\r\n".utf8),
                                Array("one\r\ntwo\nthree".utf8), Array("x\r".utf8), [0xFF, 0x0A, 0xE2, 0x82, 0x0A, 0xAC],
                                Array("héllo\twörld 🙂\r\n\n  \nlast\r".utf8),
                                [0xEF, 0xBB, 0xBF] + Array("great\r\n".utf8) + [0xEF, 0xBB, 0xBF] + Array("kept\n".utf8), [0xEF, 0xBB]]
        var rng = SystemRandomNumberGenerator()
        var random: [[UInt8]] = []
        for _ in 0..<200 {
            random.append((0..<Int.random(in: 0...300, using: &rng)).map { _ in [0x0A, 0x0D, 0x61, 0xC3, 0xA9, 0xFF][Int.random(in: 0..<6, using: &rng)] })
        }
        for bytes in cases + random {
            let expected = PredictionOutput.texts(fromLines: bytes).map { LineSplitter.Line.text($0) }
            for chunks in [[1], [2], [3, 1, 7], [64], [1 << 16]] {
                #expect(Self.split(bytes, chunks: chunks).lines == expected, "\(bytes) in chunks of \(chunks)")
            }
        }
    }

    /// A byte order mark before the first line is left out of its text
    /// (the first token would hash differently); one further on is text.
    @Test func aByteOrderMarkBeforeTheFirstLineIsNotText() {
        let bytes = [0xEF, 0xBB, 0xBF] + Array("great cast\n".utf8) + [0xEF, 0xBB, 0xBF] + Array("x\n".utf8)
        #expect(PredictionOutput.texts(fromLines: bytes) == ["great cast", "\u{FEFF}x"])
        #expect(Self.split(bytes, chunks: [1]).lines == [.text("great cast"), .text("\u{FEFF}x")])
    }

    /// 4 MB of 200-byte lines in 64 KiB reads (61 reads, most ending
    /// mid-line): at most one line is ever held.
    @Test func memoryIsTheLongestLineNotTheInput() {
        let line = Array(repeating: UInt8(ascii: "w"), count: 199) + [0x0A]
        let bytes = Array([[UInt8]](repeating: line, count: 20_000).joined())
        let (lines, peak) = Self.split(bytes, chunks: [1 << 16])
        #expect(lines.count == 20_000)
        #expect(peak <= 200, "held \(peak) bytes")
    }

    @Test func anOverlongLineIsReportedAndSkippedNotHeld() {
        let bytes = Array("short\n".utf8) + [UInt8](repeating: 0x61, count: 5000) + Array("\nafter\nexactly10!\r\n".utf8)
        for chunks in [[1], [7], [1 << 16]] {
            let (lines, peak) = Self.split(bytes, chunks: chunks, max: 10)
            #expect(lines == [.text("short"), .tooLong(bytes: 5000), .text("after"), .text("exactly10!")], "\(chunks)")
            #expect(peak <= 11)
        }
    }
}
