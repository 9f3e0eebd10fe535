import Foundation
import Testing
@testable import TernKernels

/// The naming grid: a variant's id is its file's name and, read as words,
/// its entry point's name (`dense_x86_avx512vnni` lives in
/// `Dense/dense_x86_avx512vnni.swift` and is `denseX86AVX512VNNI`;
/// `dense_scalar_ref` is the enum `DenseScalarRef`). One id, one file, one
/// symbol, so a reader goes from a bench row to the code mechanically.
@Suite struct NamingGridTests {
    static let kernels = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Kernels")

    /// Files named like a variant but outside any registry, and why.
    static let outsideRegistries: Set<String> = [
        "sgnn_projection_ref",   // SGNN's own projection (`SGNNProjection`): one implementation, no variants
    ]

    /// Every id of every registry, on any architecture (the catalogues
    /// list arm64 variants on x86 and the reverse).
    static var registeredIDs: Set<String> {
        var ids = Set(DenseVariants.catalogue.map(\.id) + ProjectionVariants.catalogue.map(\.id) + AttentionVariants.catalogue.map(\.id)
                      + QRNNPoolVariants.catalogue.map(\.id) + RequantizeVariants.catalogue.map(\.id)
                      + ActivationLUTVariants.catalogue.map(\.id))
        ids.insert(Conv1DVariants.reference.id)
        return ids
    }

    /// Variant files: lower-case names with an underscore (registries,
    /// contracts and helpers are CamelCase), outside Probes/ (the peak
    /// probes are the bench's, not variants).
    static func variantFiles() throws -> [String: URL] {
        var files: [String: URL] = [:]
        for folder in try FileManager.default.contentsOfDirectory(atPath: kernels.path) where folder != "Probes" {
            let dir = kernels.appendingPathComponent(folder)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            where name.hasSuffix(".swift") && name.first!.isLowercase && name.contains("_") {
                files[String(name.dropLast(".swift".count))] = dir.appendingPathComponent(name)
            }
        }
        return files
    }

    @Test func everyRegisteredVariantHasItsFile() throws {
        let files = try Self.variantFiles()
        #expect(files.count >= 30, "found \(files.count) variant files under \(Self.kernels.path)")
        for id in Self.registeredIDs where !id.hasPrefix("conv1d_") || id == Conv1DVariants.reference.id {
            #expect(files[id] != nil, "\(id) has no file \(id).swift")
        }
        for id in files.keys where !Self.outsideRegistries.contains(id) {
            #expect(Self.registeredIDs.contains(id), "\(id).swift is in no registry")
        }
    }

    @Test func everyVariantFileDeclaresTheSymbolItsIDNames() throws {
        for (id, url) in try Self.variantFiles() where !Self.outsideRegistries.contains(id) {
            let symbol = id.replacingOccurrences(of: "_", with: "").lowercased()
            let source = try String(contentsOf: url, encoding: .utf8)
            let declared = source.split(separator: "\n").compactMap { line -> String? in
                let words = line.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
                guard let i = words.firstIndex(where: { $0 == "func" || $0 == "enum" }), i + 1 < words.count,
                      words.prefix(i).allSatisfy({ $0 == "public" || $0 == "static" }) else { return nil }
                return words[i + 1].lowercased()
            }
            #expect(declared.contains(symbol), "\(id).swift declares none of \(symbol) (case aside): \(declared)")
        }
    }
}
