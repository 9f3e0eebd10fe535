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
    public static let reference = RequantizeVariant(id: "requantize_scalar_ref", isa: .portable, run: requantizeScalarRef)

    public static let all: [RequantizeVariant] = {
        var list = [
            reference,
            RequantizeVariant(id: "requantize_swift_simd", isa: .portable, run: requantizeSwiftSIMD),
        ]
        #if X86Intrinsics && arch(x86_64)
        list.append(native(id: "requantize_x86_avx2", isa: .avx2, requantizeX86AVX2))
        list.append(native(id: "requantize_x86_avx512", isa: .avx512vnni, requantizeX86AVX512))
        #endif
        #if arch(arm64)
        list.append(native(id: "requantize_arm_neon", isa: .neon, requantizeARMNEON))
        #endif
        return list
    }()

    /// The native shape (an ISA module cannot see `RequantizationPointers`):
    /// accumulators, rows, channels, then the five parameter arrays, then out.
    typealias NativeKernel = @Sendable (UnsafePointer<Int32>, Int, Int, UnsafePointer<Int32>, UnsafePointer<Int32>, UnsafePointer<Int32>,
                                        UnsafePointer<Int32>, UnsafePointer<Int32>, UnsafeMutablePointer<Int8>) -> Void

    /// A variant whose kernel (x86 or arm64) takes the native shape.
    static func native(id: String, isa: ISALevel, _ kernel: @escaping NativeKernel) -> RequantizeVariant {
        RequantizeVariant(id: id, isa: isa) { a, t, n, p, o in
            kernel(a, t, n, p.multipliers, p.shifts, p.zeroPoints, p.lowerBounds, p.upperBounds, o)
        }
    }

    /// Every requantization variant of every architecture, in registry order,
    /// whether or not this build carries its code (as `DenseVariants.catalogue`):
    /// `all` is this list filtered to the levels the build compiles in.
    public static let catalogue: [VariantTag] = [
        VariantTag(id: "requantize_scalar_ref", isa: .portable),
        VariantTag(id: "requantize_swift_simd", isa: .portable),
        VariantTag(id: "requantize_x86_avx2", isa: .avx2),
        VariantTag(id: "requantize_x86_avx512", isa: .avx512vnni),
        VariantTag(id: "requantize_arm_neon", isa: .neon),
    ]

    public static var available: [RequantizeVariant] { all.filter { KernelDispatch.allows($0.isa) } }

    /// The variant the dispatcher would pick: the highest ISA level available.
    public static var best: RequantizeVariant { available.filter { !$0.isReference }.max { $0.isa < $1.isa } ?? reference }
}
