import Foundation

/// An environment variable the engines read holds a value they cannot use.
public struct EnvironmentError: Error, Equatable, CustomStringConvertible {
    public let description: String
}

/// Limits every engine applies.
public enum EngineLimits {
    /// The most memory one inference's workspace may take: 256 MiB, or
    /// `TERN_MAX_WORKSPACE_MB` MiB. Real models need well under 1 MiB (a
    /// PRADO at 128 tokens about 100 KiB); the configuration's limits alone
    /// (8192 tokens, widths to 4096) would allow gigabytes per workspace,
    /// and a server makes one per thread.
    public static func workspaceCap() throws -> Int {
        let variable = "TERN_MAX_WORKSPACE_MB"
        guard let text = ProcessInfo.processInfo.environment[variable], !text.isEmpty else { return 256 << 20 }
        guard let mib = Int(text), (1...(1 << 20)).contains(mib) else {
            throw EnvironmentError(description: "\(variable)=\(text.prefix(40)) is not a whole number of MiB in 1...1048576")
        }
        return mib << 20
    }

    /// A split stage hands each thread at least this many multiply-adds,
    /// or it runs on the calling thread alone (`splitThreads`). The engines
    /// split PRADO's values+keys (2 tasks) and its heads (one task each),
    /// pQRNN's bottleneck (two halves of the rows) and each pQRNN layer's
    /// two directions (gates and fo-pooling; the pooling's work is not
    /// counted, so pQRNN splits a little later than it could).
    ///
    /// Measured (AMD EPYC family 25 model 17, 2 vCPUs, `bench kernels
    /// --suites model_prado,model_pqrnn --seq-lens 1,2,4,8,16,32,64
    /// --threads 1,2 --only avx512vnni --min-time 0.3`, one text, every
    /// stage forced to split): PRADO civil_comments at T = 1, 2, 4 ran at
    /// 0.78x, 0.78x, 0.67x of one thread (values+keys 131 k multiply-adds
    /// per thread at T = 4, the heads 82 k), at T = 8 at 1.33x (262 k and
    /// 164 k); pQRNN F512 B128 S128 gained from T = 1 on (1.47x; its layers
    /// 147 k and 295 k per thread). A warm fork-join costs about 1.1 us
    /// (`bench kernels --suites threadpool`). With 160 k: PRADO 1.00x at
    /// T = 1 and 4, 1.12x at 6, 1.37x at 8, 1.44-1.56x at 16-256; pQRNN 2
    /// layers 1.38x at T = 1, 1.71-1.81x at 4-256 (Sources/TernModels/README.md).
    public static let minMACsPerThread = 160_000

    /// Threads a stage of `tasks` independent tasks totalling `macs`
    /// multiply-adds runs on, given a pool of `poolThreads`: 1 (the caller
    /// alone) unless each of the threads it would use gets at least
    /// `minMACs` of the work. Splitting never changes the result (each task
    /// writes its own outputs), only where it runs.
    public static func splitThreads(macs: Int, tasks: Int, poolThreads: Int, minMACs: Int = minMACsPerThread) -> Int {
        let n = min(tasks, poolThreads)
        guard n > 1 else { return 1 }
        return macs / n >= minMACs ? n : 1
    }
}
