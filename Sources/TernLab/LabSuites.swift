import TernBenchKit

extension BenchSuites {
    /// Every suite `bench kernels` knows, in report order: the kernel
    /// families (`kernelSuites`), then the models on those kernels, the
    /// shipped models and training's float products.
    public static let all: [BenchSuite] = kernelSuites + [
        modelSGNN, modelPQRNN, modelPRADO, modelShipped, shippedLatency, trainingProducts,
    ]

    public static func named(_ name: String) -> BenchSuite? { all.first { $0.name == name } }
}
