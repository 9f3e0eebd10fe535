// swift-tools-version: 6.1
import Foundation
import PackageDescription

// The x86 kernel variants live in modules compiled for a newer CPU than the
// rest of the package. The binary reaches them only after a CPUID check, so it
// still runs on any x86-64. `-disable-cmo` keeps their bodies out of the
// other modules: inlined into code built for the baseline CPU they would lose
// their target features (or fail to compile).
//
// The arm64 dot-product and i8mm variants are built the same way (after a
// HWCAP / sysctl check). `-march=armv8.2-a+...` names the extension and
// nothing newer: Neoverse V1 (Graviton 3) has i8mm but is ARMv8.4, so
// `armv8.6-a` would let the compiler use instructions it lacks. The `neon`
// variants need no flags (ARMv8.0 is every arm64 target's baseline) and live
// in TernKernels itself, where packages that depend on Tern by version get them.
//
// Target flags are per architecture: `-target-cpu haswell` for an arm64
// target, or `-march=armv8.2-a` for an x86-64 one, is a hard compiler error.
// A 6.1 manifest cannot condition a setting on the target architecture
// (BuildSettingCondition knows platforms, configuration and traits), and
// SwiftPM compiles every module of the root package even when no product
// depends on it. So each ISA module's flags are conditioned on its
// architecture's trait, every ISA file is guarded by `#if <trait> && arch(...)`
// (empty without its trait), and the default traits are those of the
// architecture the manifest is compiled for, which is the host's: a native
// build on x86-64 gets `X86Intrinsics` exactly as before, one on Apple silicon
// or arm64 Linux gets `ARMIntrinsics`. Cross-compiling names the target's
// trait: `--disable-default-traits --traits ARMIntrinsics` (or X86Intrinsics).
let x86Trait = "X86Intrinsics"
let armTrait = "ARMIntrinsics"
#if arch(x86_64)
let hostTraits: Set<String> = [x86Trait]
#elseif arch(arm64)
let hostTraits: Set<String> = [armTrait]
#else
let hostTraits: Set<String> = []
#endif
let avx2Flags = ["-target-cpu", "haswell", "-Xfrontend", "-disable-cmo"]
let avx512Flags = ["-target-cpu", "cascadelake", "-Xfrontend", "-disable-cmo"]
// Cascade Lake has VNNI but not VBMI: the byte-permute kernels get a module
// of their own, reached only when the CPU reports VBMI (ISAExtension).
let avx512VBMIFlags = ["-target-cpu", "cascadelake", "-Xcc", "-mavx512vbmi", "-Xfrontend", "-disable-cmo"]
let dotProdFlags = ["-Xcc", "-march=armv8.2-a+dotprod", "-Xfrontend", "-disable-cmo"]
let i8mmFlags = ["-Xcc", "-march=armv8.2-a+dotprod+i8mm", "-Xfrontend", "-disable-cmo"]

// One line per x86 variant file; the generic kernel module excludes them.
let avx2Sources = [
    "Projection/projection_x86_avx2.swift",
    "Requantization/requantize_x86_avx2.swift",
    "Dense/dense_x86_avx2.swift",
    "Dense/dense_ternary_x86_avx2.swift",
    "QRNNPool/qrnn_pool_x86_avx2.swift",
    "AttentionPooling/attention_x86_avx2.swift",
    "ActivationLUT/activation_lut_x86_avx2.swift",
    "Probes/probe_x86_avx2.swift",
]
let avx512Sources = [
    "Projection/projection_x86_avx512bw.swift",
    "Requantization/requantize_x86_avx512.swift",
    "Dense/dense_x86_avx512vnni.swift",
    "QRNNPool/qrnn_pool_x86_avx512.swift",
    "QRNNPool/qrnn_pool_q14_x86_avx512.swift",
    "AttentionPooling/attention_x86_avx512.swift",
    "ActivationLUT/activation_lut_x86_avx512bw.swift",
    "Probes/probe_x86_avx512vnni.swift",
]
let avx512VBMISources = [
    "QRNNPool/qrnn_pool_x86_avx512vbmi.swift",
    "QRNNPool/qrnn_pool_q14_x86_avx512vbmi.swift",
    "AttentionPooling/attention_x86_avx512vbmi.swift",
]
// One line per arm64 variant file that needs the dot-product or i8mm extension.
let dotProdSources = [
    "Dense/dense_arm_dotprod.swift",
    "Probes/probe_arm_dotprod.swift",
]
let i8mmSources = [
    "Dense/dense_arm_i8mm.swift",
    "Probes/probe_arm_i8mm.swift",
]
let isaSources = avx2Sources + avx512Sources + avx512VBMISources + dotProdSources + i8mmSources

// Every other file under Kernels/ is excluded from an ISA module, so SwiftPM
// sees no unhandled files.
func allKernelFiles() -> [String] {
    let root = Context.packageDirectory + "/Kernels"
    guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
    var files: [String] = []
    while let path = walker.nextObject() as? String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue {
            files.append(path)
        }
    }
    return files
}
let kernelFiles = allKernelFiles()
func excluding(_ sources: [String]) -> [String] { kernelFiles.filter { !sources.contains($0) } }
let kernelDocs = kernelFiles.filter { !$0.hasSuffix(".swift") }

let package = Package(
    name: "Tern",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "TernKernels", targets: ["TernKernels"]),
        .library(name: "TernBenchKit", targets: ["TernBenchKit"]),
        .library(name: "TernLab", targets: ["TernLab"]),
        .library(name: "TernModels", targets: ["TernModels"]),
        .library(name: "TernTraining", targets: ["TernTraining"]),
        .library(name: "TernFuzzing", targets: ["TernFuzzing"]),
        .executable(name: "tern", targets: ["tern"]),
        .executable(name: "bench", targets: ["bench"]),
    ],
    traits: [
        .trait(
            name: x86Trait,
            description: "Build the AVX2 and AVX-512 kernel variants (unsafe -target-cpu flags; x86-64 only; default on x86-64 hosts)."),
        .trait(
            name: armTrait,
            description: "Build the arm64 dot-product and i8mm kernel variants (unsafe -march flags; arm64 only; default on arm64 hosts)."),
        .default(enabledTraits: hostTraits),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .target(name: "CTernCPU", path: "Sources/CTernCPU"),
        .systemLibrary(
            name: "CGperftools",
            path: "Sources/CGperftools",
            providers: [.apt(["libgoogle-perftools-dev"])]),
        .systemLibrary(
            name: "COpenBLAS",
            path: "Sources/COpenBLAS",
            providers: [.apt(["libopenblas-dev"])]),
        .target(
            name: "TernKernelsAVX2",
            path: "Kernels",
            exclude: excluding(avx2Sources),
            sources: avx2Sources,
            swiftSettings: [.unsafeFlags(avx2Flags, .when(traits: [x86Trait]))]),
        .target(
            name: "TernKernelsAVX512",
            path: "Kernels",
            exclude: excluding(avx512Sources),
            sources: avx512Sources,
            swiftSettings: [.unsafeFlags(avx512Flags, .when(traits: [x86Trait]))]),
        .target(
            name: "TernKernelsAVX512VBMI",
            dependencies: [.target(name: "TernKernelsAVX512", condition: .when(traits: [x86Trait]))],
            path: "Kernels",
            exclude: excluding(avx512VBMISources),
            sources: avx512VBMISources,
            swiftSettings: [.unsafeFlags(avx512VBMIFlags, .when(traits: [x86Trait]))]),
        .target(
            name: "TernKernelsNEONDotProd",
            path: "Kernels",
            exclude: excluding(dotProdSources),
            sources: dotProdSources,
            swiftSettings: [.unsafeFlags(dotProdFlags, .when(traits: [armTrait]))]),
        .target(
            name: "TernKernelsNEONI8MM",
            dependencies: [.target(name: "TernKernelsNEONDotProd", condition: .when(traits: [armTrait]))],
            path: "Kernels",
            exclude: excluding(i8mmSources),
            sources: i8mmSources,
            swiftSettings: [.unsafeFlags(i8mmFlags, .when(traits: [armTrait]))]),
        .target(
            name: "TernKernels",
            dependencies: [
                "CTernCPU",
                .target(name: "TernKernelsAVX2", condition: .when(traits: [x86Trait])),
                .target(name: "TernKernelsAVX512", condition: .when(traits: [x86Trait])),
                .target(name: "TernKernelsAVX512VBMI", condition: .when(traits: [x86Trait])),
                .target(name: "TernKernelsNEONDotProd", condition: .when(traits: [armTrait])),
                .target(name: "TernKernelsNEONI8MM", condition: .when(traits: [armTrait])),
            ],
            path: "Kernels",
            exclude: isaSources + kernelDocs),
        .target(
            name: "TernModels",
            dependencies: ["TernKernels"],
            path: "Sources/TernModels",
            exclude: ["README.md"]),
        .target(
            name: "TernTraining",
            dependencies: ["TernKernels", "TernModels", "COpenBLAS"],
            path: "Sources/TernTraining",
            exclude: ["README.md"]),
        // The lab: what measures the product, never used by it. TernBenchKit
        // is the bench's core (timing, reports, the gate, the machine's peak)
        // and the kernel micro-benchmarks, so it needs the kernels alone;
        // TernLab adds the models' suites, the accuracy sweep, the peers'
        // export and the soak, on the product's models and training.
        .target(
            name: "TernBenchKit",
            dependencies: ["TernKernels", "CTernCPU", "CGperftools"],
            path: "Sources/TernBenchKit"),
        .target(
            name: "TernLab",
            dependencies: ["TernBenchKit", "TernKernels", "TernModels", "TernTraining"],
            path: "Sources/TernLab"),
        // What the kernel tests and the fuzz differentials share (guarded output buffers).
        .target(name: "TernTestSupport", path: "Sources/TernTestSupport"),
        .target(
            name: "TernFuzzing",
            dependencies: ["TernKernels", "TernModels", "TernTraining", "TernBenchKit", "TernTestSupport"],
            path: "Sources/TernFuzzing"),
        // The command-line arguments `tern` and `bench` share.
        .target(
            name: "TernArguments",
            dependencies: ["TernKernels", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Sources/TernArguments"),
        .executableTarget(
            name: "tern",
            dependencies: [
                "TernKernels", "TernModels", "TernTraining", "TernArguments",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/tern"),
        .executableTarget(
            name: "bench",
            dependencies: [
                "TernBenchKit", "TernLab", "TernKernels", "TernModels", "TernTraining", "TernArguments",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/bench",
            exclude: ["README.md"]),
        .testTarget(
            name: "TernKernelsTests",
            dependencies: ["TernKernels", "TernTestSupport"],
            path: "Tests/TernKernelsTests"),
        .testTarget(
            name: "TernTrainingTests",
            dependencies: ["TernTraining"],
            path: "Tests/TernTrainingTests"),
        .testTarget(
            name: "TernModelsTests",
            dependencies: ["TernModels"],
            path: "Tests/TernModelsTests",
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "TernFuzzingTests",
            dependencies: ["TernFuzzing", "TernModels"],
            path: "Tests/TernFuzzingTests",
            exclude: ["Corpus", "Findings"]),
        .testTarget(
            name: "TernCLITests",
            dependencies: ["TernKernels", "TernModels", "TernTraining", "TernBenchKit", "TernLab", "tern"],
            path: "Tests/TernCLITests"),
    ]
)
