/// An output buffer with guard elements on both sides: a kernel that writes
/// outside its `[count]` elements changes a guard, and the tests and the
/// fuzz differentials that check kernels see it. In a module of its own, so
/// the kernels users link carry no test code.
public struct GuardedBuffer<T: FixedWidthInteger> {
    public static var guardCount: Int { 64 }
    public static var guardValue: T { T(truncatingIfNeeded: 0x5A) }
    public var storage: [T]
    public let count: Int

    public init(count: Int) {
        self.count = count
        storage = [T](repeating: GuardedBuffer.guardValue, count: count + 2 * GuardedBuffer.guardCount)
    }

    /// `body` gets the first of the `count` elements.
    public mutating func withPointer<R>(_ body: (UnsafeMutablePointer<T>) throws -> R) rethrows -> R {
        try storage.withUnsafeMutableBufferPointer { try body($0.baseAddress! + GuardedBuffer.guardCount) }
    }

    public var values: [T] { Array(storage[GuardedBuffer.guardCount..<(GuardedBuffer.guardCount + count)]) }

    public var guardsIntact: Bool {
        storage[..<GuardedBuffer.guardCount].allSatisfy { $0 == GuardedBuffer.guardValue }
            && storage[(GuardedBuffer.guardCount + count)...].allSatisfy { $0 == GuardedBuffer.guardValue }
    }
}
