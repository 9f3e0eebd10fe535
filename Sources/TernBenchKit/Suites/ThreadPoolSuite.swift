import Dispatch
import Foundation
import TernKernels
#if canImport(Glibc)
import Glibc
#endif

// Bench suites: threads. Registered in `BenchSuites.kernelSuites`.
extension BenchSuites {
    /// The cost of one empty fork-join: Tern's pool warm (workers spinning;
    /// with a closure, and with a C function and context as the engines
    /// call it) and cold (parked: the case sleeps past the spin before each
    /// call), and Dispatch's concurrentPerform. The "reference" is a plain loop.
    static let threadPool = BenchSuite(name: "threadpool", summary: "fork-join cost: warm and cold pool, Dispatch") { ctx in
        var out: [BenchCase] = []
        for n in ctx.threads where n > 1 {
            guard let pool = ctx.pools[n] else { continue }
            let cold = ThreadPool(threads: n, spinMicroseconds: 20)
            out.append(BenchCase(family: "forkjoin", variant: "forkjoin_inline_ref", isa: "portable", isReference: true,
                                 shape: "empty tasks", seqLen: 0, threads: n, macs: 0, bytes: 0, bound: .memory) {
                for i in 0..<n { blackHole(i) }
            })
            out.append(BenchCase(family: "forkjoin", variant: "forkjoin_pool_warm", isa: "portable", isReference: false,
                                 shape: "empty tasks", seqLen: 0, threads: n, macs: 0, bytes: 0, bound: .memory) {
                pool.parallelFor(n) { blackHole($0) }
            })
            // The engines' form: a C function and a context pointer, no closure to retain.
            out.append(BenchCase(family: "forkjoin", variant: "forkjoin_pool_warm_function", isa: "portable", isReference: false,
                                 shape: "empty tasks", seqLen: 0, threads: n, macs: 0, bytes: 0, bound: .memory) {
                pool.parallelFor(n, context: nil) { _, i in blackHole(i) }
            })
            var coldCase = BenchCase(family: "forkjoin", variant: "forkjoin_pool_cold", isa: "portable", isReference: false,
                                     shape: "empty tasks", seqLen: 0, threads: n, macs: 0, bytes: 0, bound: .memory) {
                cold.parallelFor(n) { blackHole($0) }
            }
            // Sleep past the spin, untimed: every timed call finds the workers parked.
            coldCase.prepare = { usleep(300) }
            out.append(coldCase)
            out.append(BenchCase(family: "forkjoin", variant: "forkjoin_dispatch_concurrent_perform", isa: "portable",
                                 isReference: false, shape: "empty tasks", seqLen: 0, threads: n, macs: 0, bytes: 0,
                                 bound: .memory) {
                DispatchQueue.concurrentPerform(iterations: n) { blackHole($0) }
            })
        }
        return out
    }
}
