// swift-tools-version: 6.1
// The libFuzzer executables of Tern's fuzz targets (Sources/TernFuzzing).
// A package of its own because every module of a fuzz build is compiled
// with -sanitize=fuzzer,address and the executables have no main of their
// own (libFuzzer's): build and run them with scripts/fuzz.
import PackageDescription

let targets = ["model_loader", "projection", "predict_input", "tsv", "checkpoint", "bench_report",
               "dense", "conv1d", "requantize", "activation_lut", "qrnn_pool", "attention"]

let package = Package(
    name: "TernFuzz",
    dependencies: [.package(name: "Tern", path: "..")],
    targets: targets.map { name in
        .executableTarget(
            name: "fuzz_\(name)",
            dependencies: [.product(name: "TernFuzzing", package: "Tern")],
            path: "Sources/fuzz_\(name)",
            swiftSettings: [.unsafeFlags(["-parse-as-library"])])
    }
)
