// scripts/model-arm only: a stand-in for Kernels/Threading/KernelScratch.swift,
// whose per-thread buffers need pthread keys (no libc in an Embedded Swift
// compile). Same API, so the portable variants compile unchanged for the
// model; their hot loops never touch it. Not linked into anything.
public enum KernelScratch {
    public enum Slot: Int { case denseInput = 0, denseAccumulators, poolState, attentionSums }

    @inline(__always)
    public static func withBuffer<T, R>(_ slot: Slot, of type: T.Type, capacity: Int,
                                        _ body: (UnsafeMutableBufferPointer<T>) -> R) -> R {
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(1, capacity) * MemoryLayout<T>.stride, alignment: 64)
        defer { raw.deallocate() }
        return body(UnsafeMutableBufferPointer(start: raw.bindMemory(to: T.self, capacity: capacity), count: capacity))
    }
}
