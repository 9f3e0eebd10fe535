#if X86Intrinsics && arch(x86_64)
import TernKernelsAVX2
import TernKernelsAVX512
#endif

/// One requantization variant: int32 `[T, N]` to int8 `[T, N]` under the contract.
public struct RequantizeVariant: Sendable, CustomStringConvertible {
    public typealias Kernel = @Sendable (UnsafePointer<Int32>, Int, Int, RequantizationPointers, UnsafeMutablePointer<Int8>) -> Void
    public let id: String
    public let isa: ISALevel
    public let run: Kernel
    public var description: String { id }
    public var isReference: Bool { id == RequantizeVariants.reference.id }
}

/// The registry of requantization variants; the reference first.
public enum RequantizeVariants {
    public static let reference = RequantizeVariant(id: "requantize_scalar_ref", isa: .portable) {
        requantizeScalarRef($0, rows: $1, channels: $2, $3, $4)
    }

    public static let all: [RequantizeVariant] = {
        var list = [
            reference,
            RequantizeVariant(id: "requantize_swift_simd", isa: .portable) { requantizeSwiftSIMD($0, rows: $1, channels: $2, $3, $4) },
        ]
        #if X86Intrinsics && arch(x86_64)
        list.append(RequantizeVariant(id: "requantize_x86_avx2", isa: .avx2) { a, t, n, p, o in
            requantizeAVX2(a, t, n, p.multipliers, p.shifts, p.zeroPoints, p.lowerBounds, p.upperBounds, o)
        })
        list.append(RequantizeVariant(id: "requantize_x86_avx512", isa: .avx512vnni) { a, t, n, p, o in
            requantizeAVX512(a, t, n, p.multipliers, p.shifts, p.zeroPoints, p.lowerBounds, p.upperBounds, o)
        })
        #endif
        #if arch(arm64)
        list.append(RequantizeVariant(id: "requantize_arm_neon", isa: .neon) { a, t, n, p, o in
            requantizeARMNEON(a, t, n, p.multipliers, p.shifts, p.zeroPoints, p.lowerBounds, p.upperBounds, o)
        })
        #endif
        return list
    }()

    public static var available: [RequantizeVariant] { all.filter { KernelDispatch.allows($0.isa) } }

    /// The variant the dispatcher would pick: the highest ISA level available.
    public static var best: RequantizeVariant { available.filter { !$0.isReference }.max { $0.isa < $1.isa } ?? reference }
}
