import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small fork-join pool for splitting one inference across cores.
///
/// Dispatch's `concurrentPerform` wakes parked workers on every call, which
/// costs tens of microseconds: more than the work of a small layer. Here the
/// workers spin for `spinMicroseconds` after each job before they park, so
/// back-to-back jobs (the layers of one inference) start within a cache-line
/// transfer; a pool left idle longer pays one wake-up, like Dispatch.
///
/// `parallelFor(n)` runs `body(0..<n)` on the caller and the workers, each
/// index exactly once, and returns when all are done. Jobs must not call the
/// same pool recursively. One job at a time: concurrent callers are serialized.
public final class ThreadPool: @unchecked Sendable {
    /// Threads that run a job, the caller included.
    public let threadCount: Int
    public let spinMicroseconds: Int

    private let generation = Atomic<UInt64>(0)
    private let pendingWorkers = Atomic<Int>(0)
    private let nextIndex = Atomic<Int>(0)
    private let sleepers = Atomic<Int>(0)
    private let stopping = Atomic<Bool>(false)
    private var job: Job?
    private var jobCount = 0
    private var mutex = pthread_mutex_t()
    private var wake = pthread_cond_t()
    private var submitLock = pthread_mutex_t()
    private var workers: [pthread_t] = []

    /// - Parameters:
    ///   - threads: total threads including the caller (1 runs everything inline).
    ///   - spinMicroseconds: how long an idle worker spins before it parks.
    public init(threads: Int, spinMicroseconds: Int = 100) {
        threadCount = max(1, threads)
        self.spinMicroseconds = spinMicroseconds
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&wake, nil)
        pthread_mutex_init(&submitLock, nil)
        // Workers hold the pool unretained: deinit stops and joins them
        // before the memory goes away.
        let unretained = Unmanaged.passUnretained(self).toOpaque()
        for _ in 1..<threadCount {
            var thread = pthread_t()
            let started = pthread_create(&thread, nil, { raw in
                Unmanaged<ThreadPool>.fromOpaque(raw!).takeUnretainedValue().workerLoop()
                return nil
            }, unretained)
            precondition(started == 0, "cannot start a worker thread: error \(started)")
            workers.append(thread)
        }
    }

    deinit {
        stopping.store(true, ordering: .releasing)
        pthread_mutex_lock(&mutex)
        generation.add(1, ordering: .releasing)
        pthread_cond_broadcast(&wake)
        pthread_mutex_unlock(&mutex)
        for t in workers { pthread_join(t, nil) }
        pthread_cond_destroy(&wake)
        pthread_mutex_destroy(&mutex)
        pthread_mutex_destroy(&submitLock)
    }

    /// The number of cores this process may use.
    public static var availableCores: Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    /// A task function for `parallelFor(_:context:_:)`: it cannot capture,
    /// so nothing is boxed on the heap per call.
    public typealias TaskFunction = @convention(c) (_ context: UnsafeMutableRawPointer?, _ index: Int) -> Void

    /// Runs `body(i)` for every i in 0..<count across the pool. Allocates a
    /// few bytes per call (the closure's box); the engines use the
    /// context-pointer form below, which allocates nothing.
    public func parallelFor(_ count: Int, _ body: (Int) -> Void) {
        guard count > 0 else { return }
        guard threadCount > 1, count > 1 else {
            for i in 0..<count { body(i) }
            return
        }
        withoutActuallyEscaping(body) { body in submit(count, Job(closure: body, function: nil, context: nil)) }
    }

    /// Runs `function(context, i)` for every i in 0..<count across the pool,
    /// without a heap allocation.
    public func parallelFor(_ count: Int, context: UnsafeMutableRawPointer?, _ function: TaskFunction) {
        guard count > 0 else { return }
        guard threadCount > 1, count > 1 else {
            for i in 0..<count { function(context, i) }
            return
        }
        submit(count, Job(closure: nil, function: function, context: context))
    }

    private struct Job {
        var closure: ((Int) -> Void)?
        var function: TaskFunction?
        var context: UnsafeMutableRawPointer?

        @inline(__always) func run(_ i: Int) {
            if let function { function(context, i) } else { closure!(i) }
        }
    }

    private func submit(_ count: Int, _ newJob: Job) {
        pthread_mutex_lock(&submitLock)
        defer { pthread_mutex_unlock(&submitLock) }
        // Every worker is idle here (the previous job waited for all of
        // them), so the job fields can change without a race.
        job = newJob
        jobCount = count
        nextIndex.store(0, ordering: .relaxed)
        pendingWorkers.store(threadCount - 1, ordering: .relaxed)
        // Sequentially consistent with the sleepers count below and in
        // the worker: either the worker sees the new generation before it
        // waits, or this sees the worker counted as a sleeper and wakes it.
        generation.add(1, ordering: .sequentiallyConsistent)
        if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
            pthread_mutex_lock(&mutex)
            pthread_cond_broadcast(&wake)
            pthread_mutex_unlock(&mutex)
        }
        runTasks(newJob)
        // A worker just woken may sit on this thread's own core (the
        // scheduler's wake-affine placement): spinning here would hold that
        // core until the next tick (4 ms outliers measured). After a short
        // spin, yield so such a worker runs.
        var spins = 0
        while pendingWorkers.load(ordering: .acquiring) > 0 {
            spins += 1
            if spins > 2048 { sched_yield() } else { spinHint() }
        }
        job = nil
    }

    private func runTasks(_ job: Job) {
        while true {
            let i = nextIndex.add(1, ordering: .relaxed).oldValue
            if i >= jobCount { return }
            job.run(i)
        }
    }

    fileprivate func workerLoop() {
        // Generation 0 is the pool's state at creation: a job submitted before
        // this thread got here is still generation 1, and is not missed.
        var seen: UInt64 = 0
        while true {
            var current = generation.load(ordering: .acquiring)
            if current == seen {
                let deadline = monotonicNanoseconds() + UInt64(spinMicroseconds) * 1000
                var spins = 0
                while current == seen {
                    spinHint()
                    spins += 1
                    if spins & 255 == 0 && monotonicNanoseconds() > deadline {
                        pthread_mutex_lock(&mutex)
                        sleepers.add(1, ordering: .sequentiallyConsistent)
                        while generation.load(ordering: .sequentiallyConsistent) == seen {
                            pthread_cond_wait(&wake, &mutex)
                        }
                        sleepers.subtract(1, ordering: .relaxed)
                        pthread_mutex_unlock(&mutex)
                    }
                    current = generation.load(ordering: .acquiring)
                }
            }
            seen = current
            if stopping.load(ordering: .acquiring) { return }
            if let job { runTasks(job) }
            pendingWorkers.subtract(1, ordering: .releasing)
        }
    }
}

@inline(__always)
private func spinHint() {
    #if arch(x86_64) || arch(i386)
    // A few dependent no-ops keep the spin from hammering the cache line.
    var x = 0
    for i in 0..<8 { x &+= i }
    _blackHole(x)
    #endif
}

@inline(never) private func _blackHole(_ x: Int) {}
