import Foundation
import TernModels
import Testing
@testable import TernFuzzing

/// The fuzz targets' seeds, kept corpus (Corpus/TARGET: the minimized set
/// of inputs with all the coverage the fuzzer reached) and findings
/// (Findings/TARGET: every input that once broke a check, named after the
/// fix) replayed through the very functions the fuzzer drives
/// (scripts/fuzz), so a finding stays fixed.
/// (Two of these tests once raced on a temporary folder the loader seeds
/// shared, in the ASan pass of .ci/run; FuzzModels.seedFiles now makes a
/// folder per call, and `seedFilesMayBeMadeAtOnce` holds it to that.)
struct FuzzCorpusTests {
    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let corpus = here.appendingPathComponent("Corpus")

    static func files(_ target: FuzzTarget, in kind: String = "Corpus") -> [URL] {
        let folder = here.appendingPathComponent(kind).appendingPathComponent(target.rawValue)
        return ((try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? [])
            .filter { !$0.lastPathComponent.hasPrefix(".") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    @Test func seedFilesMayBeMadeAtOnce() async throws {
        let made = try await withThrowingTaskGroup(of: [Data].self) { group in
            for _ in 0..<8 { group.addTask { try FuzzModels.seedFiles().map(\.bytes) } }
            return try await group.reduce(into: [[Data]]()) { $0.append($1) }
        }
        #expect(made.count == 8 && made.allSatisfy { $0 == made[0] && $0.count == 7 })
    }

    @Test(arguments: FuzzTarget.allCases) func seedsPassTheirChecks(target: FuzzTarget) throws {
        for seed in try target.seeds() {
            #expect(target.run(seed.bytes) == nil, "\(target.rawValue) seed \(seed.name)")
        }
    }

    @Test(arguments: FuzzTarget.allCases) func keptCorpusPassesItsChecks(target: FuzzTarget) throws {
        let files = Self.files(target)
        #expect(!files.isEmpty, "no corpus for \(target.rawValue) in \(Self.corpus.path)")
        for file in files {
            let failure = target.run(try Data(contentsOf: file))
            #expect(failure == nil, "\(target.rawValue)/\(file.lastPathComponent): \(failure ?? "")")
        }
    }

    @Test(arguments: FuzzTarget.allCases) func fixedFindingsStayFixed(target: FuzzTarget) throws {
        for file in Self.files(target, in: "Findings") {
            let failure = target.run(try Data(contentsOf: file))
            #expect(failure == nil, "\(target.rawValue) finding \(file.lastPathComponent): \(failure ?? "")")
        }
    }

    /// The loader seeds load (so mutations start from files that reach the
    /// engine), and every prefix of one is refused with an error: the fuzz
    /// target's own check (nil) passes for a clean load and for a refusal
    /// alike, so the refusal is asserted on the loader itself.
    @Test func loaderSeedsLoadAndTheirPrefixesAreRefused() throws {
        let seeds = try FuzzTarget.modelLoader.seeds()
        #expect(seeds.count == 7)
        for seed in seeds {
            #expect(FuzzTarget.modelLoader.run(seed.bytes) == nil)
            _ = try ModelFile.load(try SafeTensorsFile(bytes: seed.bytes))
            for cut in stride(from: 0, to: seed.bytes.count, by: max(1, seed.bytes.count / 64)) {
                let prefix = Data(seed.bytes.prefix(cut))
                #expect(FuzzTarget.modelLoader.run(prefix) == nil)
                #expect(throws: (any Error).self, "\(seed.name) cut at \(cut) of \(seed.bytes.count) bytes loaded") {
                    _ = try ModelFile.load(try SafeTensorsFile(bytes: prefix))
                }
            }
        }
    }
}
