/// An output buffer with guard elements on both sides: a kernel that writes
/// outside its `[count]` elements changes a guard, and the tests and the
/// fuzz differentials that check kernels see it. Package access: for the
/// package's tests and fuzz targets, not for users of the kernels.
package struct GuardedBuffer<T: FixedWidthInteger> {
    package static var guardCount: Int { 64 }
    package static var guardValue: T { T(truncatingIfNeeded: 0x5A) }
    package var storage: [T]
    package let count: Int

    package init(count: Int) {
        self.count = count
        storage = [T](repeating: GuardedBuffer.guardValue, count: count + 2 * GuardedBuffer.guardCount)
    }

    /// `body` gets the first of the `count` elements.
    package mutating func withPointer<R>(_ body: (UnsafeMutablePointer<T>) throws -> R) rethrows -> R {
        try storage.withUnsafeMutableBufferPointer { try body($0.baseAddress! + GuardedBuffer.guardCount) }
    }

    package var values: [T] { Array(storage[GuardedBuffer.guardCount..<(GuardedBuffer.guardCount + count)]) }

    package var guardsIntact: Bool {
        storage[..<GuardedBuffer.guardCount].allSatisfy { $0 == GuardedBuffer.guardValue }
            && storage[(GuardedBuffer.guardCount + count)...].allSatisfy { $0 == GuardedBuffer.guardValue }
    }
}
