import Synchronization
import Testing
@testable import TernKernels
#if canImport(Glibc)
import Glibc
#endif

@Suite struct ThreadPoolTests {
    final class Counts: @unchecked Sendable {
        var values: [Int]
        init(_ n: Int) { values = [Int](repeating: 0, count: n) }
    }

    @Test(arguments: [1, 2, 3, 4])
    func everyIndexRunsExactlyOnce(_ threads: Int) {
        let pool = ThreadPool(threads: threads, spinMicroseconds: 50)
        for n in [1, 2, 3, 7, 64, 1000] {
            for _ in 0..<50 {
                let counts = Counts(n)
                counts.values.withUnsafeMutableBufferPointer { buf in
                    let base = buf.baseAddress!
                    // Each index writes only its own slot.
                    pool.parallelFor(n) { i in base[i] += 1 }
                }
                #expect(counts.values.allSatisfy { $0 == 1 }, "threads \(threads) n \(n)")
            }
        }
    }

    @Test func workersThatParkWakeUpForTheNextJob() {
        let pool = ThreadPool(threads: 3, spinMicroseconds: 10)
        let total = Atomic<Int>(0)
        for round in 0..<5 {
            usleep(2_000)   // longer than the spin: the workers are parked
            pool.parallelFor(30) { i in total.add(i, ordering: .relaxed) }
            #expect(total.load(ordering: .relaxed) == (round + 1) * 435)
        }
    }

    @Test func poolsStartAndStopCleanly() {
        for _ in 0..<20 {
            let pool = ThreadPool(threads: 4)
            let hits = Atomic<Int>(0)
            pool.parallelFor(8) { _ in hits.add(1, ordering: .relaxed) }
            #expect(hits.load(ordering: .relaxed) == 8)
        }
        #expect(ThreadPool.availableCores >= 1)
    }
}
