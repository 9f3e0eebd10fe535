import CGperftools
import Foundation
import Synchronization

/// Heap accounting through tcmalloc's allocation hooks: bytes and calls
/// allocated, bytes live, and the peak, process-wide. The hooks run inside
/// every malloc and free, so they only touch atomics.
///
/// Inside `countingOnlyThisThread`, the calling thread reads a tally of its
/// own allocations instead (every other thread still reads the
/// process-wide one, which keeps counting everything).
public enum HeapCounter {
    /// One set of counters: what the hooks add to and the readers read.
    final class Tally: Sendable {
        let allocatedBytes = Atomic<Int>(0)
        let allocations = Atomic<Int>(0)
        let liveBytes = Atomic<Int>(0)
        let peakLiveBytes = Atomic<Int>(0)
        let liveAtReset = Atomic<Int>(0)

        @inline(__always) func allocated(_ size: Int) {
            allocatedBytes.add(size, ordering: .relaxed)
            allocations.add(1, ordering: .relaxed)
            let live = liveBytes.add(size, ordering: .relaxed).newValue
            var peak = peakLiveBytes.load(ordering: .relaxed)
            while live > peak {
                let (exchanged, original) = peakLiveBytes.compareExchange(expected: peak, desired: live, ordering: .relaxed)
                if exchanged { break }
                peak = original
            }
        }

        @inline(__always) func freed(_ size: Int) { liveBytes.subtract(size, ordering: .relaxed) }

        func snapshot() -> Snapshot {
            Snapshot(allocatedBytes: allocatedBytes.load(ordering: .relaxed), allocations: allocations.load(ordering: .relaxed),
                     liveBytes: liveBytes.load(ordering: .relaxed))
        }

        func resetPeak() {
            let live = liveBytes.load(ordering: .relaxed)
            liveAtReset.store(live, ordering: .relaxed)
            peakLiveBytes.store(live, ordering: .relaxed)
        }

        var peakSinceReset: Int { max(0, peakLiveBytes.load(ordering: .relaxed) - liveAtReset.load(ordering: .relaxed)) }
    }

    /// Every thread's allocations.
    static let all = Tally()
    /// The allocations of the thread inside `countingOnlyThisThread` (0: none).
    static let scoped = Tally()
    static let scopedThread = Atomic<UInt>(0)
    static let installed = Atomic<Bool>(false)

    @inline(__always) static func currentThread() -> UInt {
        #if canImport(Glibc)
        UInt(pthread_self())
        #else
        UInt(bitPattern: pthread_self())
        #endif
    }

    @inline(__always) static func inScope() -> Bool {
        let thread = scopedThread.load(ordering: .relaxed)
        return thread != 0 && thread == currentThread()
    }

    /// The tally the calling thread reads.
    static var mine: Tally { inScope() ? scoped : all }

    /// Installs the hooks once.
    public static func install() {
        guard !installed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        // The tallies are lazily made globals: made inside a hook, their
        // allocation would re-enter the hook and wait on its own once-lock.
        _ = (all, scoped, scopedThread.load(ordering: .relaxed))
        _ = MallocHook_AddNewHook { _, size in
            HeapCounter.all.allocated(size)
            if HeapCounter.inScope() { HeapCounter.scoped.allocated(size) }
        }
        _ = MallocHook_AddDeleteHook { pointer in
            guard let pointer else { return }
            let size = MallocExtension_GetAllocatedSize(pointer)
            HeapCounter.all.freed(size)
            if HeapCounter.inScope() { HeapCounter.scoped.freed(size) }
        }
    }

    /// Whether the hooks see this process's allocations: tcmalloc must be the
    /// allocator (under AddressSanitizer its malloc replaces tcmalloc's and
    /// the counters stay still). Probed once.
    public static let isCounting: Bool = {
        install()
        let before = all.allocatedBytes.load(ordering: .relaxed)
        let probe = UnsafeMutableRawPointer.allocate(byteCount: 4096, alignment: 16)
        blackHole(probe)
        probe.deallocate()
        return all.allocatedBytes.load(ordering: .relaxed) >= before + 4096
    }()

    /// Runs `body` with the calling thread reading a tally of its own
    /// allocations and frees (`snapshot`, `resetPeak`, `peakSinceReset`).
    /// The bench never needs it (it runs alone, and its threaded cases
    /// allocate on pool threads that must count); a test process does: its
    /// other suites run in parallel, and their allocations would land in the
    /// figures. Other threads keep reading the process-wide tally. One such
    /// scope at a time.
    public static func countingOnlyThisThread<R>(_ body: () throws -> R) rethrows -> R {
        install()
        let previous = scopedThread.exchange(currentThread(), ordering: .acquiringAndReleasing)
        precondition(previous == 0, "HeapCounter.countingOnlyThisThread: another thread's scope is open")
        defer { scopedThread.store(0, ordering: .releasing) }
        return try body()
    }

    public struct Snapshot: Sendable {
        public var allocatedBytes: Int
        public var allocations: Int
        public var liveBytes: Int
    }

    public static func snapshot() -> Snapshot { mine.snapshot() }

    /// Starts a new peak from the bytes live now.
    public static func resetPeak() { mine.resetPeak() }

    /// The most bytes live at once since `resetPeak()`, above those live at
    /// the reset: what the measured work itself held. Never negative. (The
    /// live count itself is not an absolute figure: blocks allocated before
    /// the hooks were installed are subtracted when freed, so it can drift
    /// below zero, which is how a report once showed a negative peak.)
    public static var peakSinceReset: Int { mine.peakSinceReset }

    /// Resident set size of the process, from /proc/self/statm.
    public static var residentBytes: Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// tcmalloc's own view of the heap (bytes handed out to the program).
    public static var tcmallocAllocatedBytes: Int {
        var value = 0
        _ = "generic.current_allocated_bytes".withCString { MallocExtension_GetNumericProperty($0, &value) }
        return value
    }
}

/// gperftools' CPU and heap profilers around a block of work.
public enum Profiler {
    public enum Kind: String, CaseIterable, Sendable { case cpu, heap }

    /// Runs `body` under the profiler, writes the profile to `path`, and
    /// returns the top functions (demangled) from `google-pprof --text`.
    public static func profile(_ kind: Kind, path: String, binary: String, _ body: () -> Void) -> String {
        switch kind {
        case .cpu:
            _ = ProfilerStart(path)
            body()
            ProfilerStop()
        case .heap:
            HeapProfilerStart(path)
            body()
            HeapProfilerDump("end")
            HeapProfilerStop()
        }
        let profileFile = kind == .cpu ? path : newestHeapProfile(prefix: path) ?? path
        let options = kind == .cpu ? ["--text"] : ["--text", "--alloc_space"]
        return topFunctions(binary: binary, profile: profileFile, options: options)
    }

    static func newestHeapProfile(prefix: String) -> String? {
        let dir = (prefix as NSString).deletingLastPathComponent
        let base = (prefix as NSString).lastPathComponent
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.isEmpty ? "." : dir)) ?? []
        return files.filter { $0.hasPrefix(base) && $0.hasSuffix(".heap") }.sorted().last
            .map { (dir.isEmpty ? "" : dir + "/") + $0 }
    }

    static func topFunctions(binary: String, profile: String, options: [String]) -> String {
        let pprof = run("/usr/bin/env", ["google-pprof"] + options + [binary, profile])
        let demangled = run("/usr/bin/env", ["swift", "demangle", "--simplified"], input: pprof)
        return demangled.split(separator: "\n").prefix(25).joined(separator: "\n")
    }

    static func run(_ tool: String, _ args: [String], input: String? = nil) -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        let out = Pipe(), inPipe = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        if input != nil { p.standardInput = inPipe }
        do { try p.run() } catch { return "(\(args.first ?? tool) could not run: \(error))" }
        if let input {
            inPipe.fileHandleForWriting.write(Data(input.utf8))
            try? inPipe.fileHandleForWriting.close()
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
