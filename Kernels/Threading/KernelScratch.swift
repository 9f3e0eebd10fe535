#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Per-thread scratch memory for kernels that need a working copy of their
/// input (the x86 dense kernels widen or flip a tile's rows). Each thread owns
/// its buffers, grown on first use and then reused, so a kernel call in steady
/// state allocates nothing and threads never share scratch.
///
/// One user per slot at a time on a thread: a kernel takes its slot for the
/// duration of one call and calls nothing that takes the same slot.
public enum KernelScratch {
    /// Slots in use: the dense kernels' input tiles and accumulator rows,
    /// the QRNN pooling state, the attention sums.
    public enum Slot: Int, CaseIterable { case denseInput = 0, denseAccumulators, poolState, attentionSums }

    /// Raw storage, not arrays: `pointer` runs on every kernel call, and
    /// array properties of a class cost an exclusivity check and bounds
    /// checks there (2.5 % of a PRADO text at T 16 on Zen 4, gperftools).
    final class Buffers {
        let pointers = UnsafeMutablePointer<UnsafeMutableRawPointer?>.allocate(capacity: Slot.allCases.count)
        let capacities = UnsafeMutablePointer<Int>.allocate(capacity: Slot.allCases.count)
        init() {
            pointers.initialize(repeating: nil, count: Slot.allCases.count)
            capacities.initialize(repeating: 0, count: Slot.allCases.count)
        }
        deinit {
            for i in 0..<Slot.allCases.count { pointers[i]?.deallocate() }
            pointers.deallocate()
            capacities.deallocate()
        }
    }

    static let key: pthread_key_t = {
        var key = pthread_key_t()
        let created = pthread_key_create(&key) { raw in
            guard let raw else { return }
            Unmanaged<Buffers>.fromOpaque(raw).release()
        }
        precondition(created == 0, "cannot create the kernel scratch key: error \(created)")
        return key
    }()

    /// At least `bytes` bytes, 64-byte aligned, valid until this thread asks
    /// for the same slot again with a larger size.
    public static func pointer(_ slot: Slot, bytes: Int) -> UnsafeMutableRawPointer {
        let buffers: Buffers
        if let raw = pthread_getspecific(key) {
            buffers = Unmanaged<Buffers>.fromOpaque(raw).takeUnretainedValue()
        } else {
            buffers = Buffers()
            pthread_setspecific(key, Unmanaged.passRetained(buffers).toOpaque())
        }
        let i = slot.rawValue
        if let p = buffers.pointers[i], buffers.capacities[i] >= bytes { return p }
        buffers.pointers[i]?.deallocate()
        let capacity = max(bytes, 4096)
        let p = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 64)
        buffers.pointers[i] = p
        buffers.capacities[i] = capacity
        return p
    }

    /// `capacity` values of a trivial type `T` in `slot`, for the duration of
    /// `body`: the heap-free replacement of `withUnsafeTemporaryAllocation`,
    /// which falls back to the heap above 1 KiB or when not inlined.
    @inline(__always)
    public static func withBuffer<T, R>(_ slot: Slot, of type: T.Type, capacity: Int,
                                        _ body: (UnsafeMutableBufferPointer<T>) throws -> R) rethrows -> R {
        precondition(_isPOD(T.self) && MemoryLayout<T>.alignment <= 64, "scratch holds trivial values aligned to 64 bytes at most")
        let raw = pointer(slot, bytes: max(1, capacity) * MemoryLayout<T>.stride)
        return try body(UnsafeMutableBufferPointer(start: raw.bindMemory(to: T.self, capacity: capacity), count: capacity))
    }
}
