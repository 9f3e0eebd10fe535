#if X86Intrinsics && arch(x86_64)
import TernKernelsAVX2
import TernKernelsAVX512
#endif

/// One table-activation variant: int8 `[count]` through a 256-entry table.
public struct ActivationLUTVariant: Sendable, CustomStringConvertible {
    public typealias Kernel = @Sendable (UnsafePointer<Int8>, UnsafePointer<Int8>, Int, UnsafeMutablePointer<Int8>) -> Void
    public let id: String
    public let isa: ISALevel
    let kernel: Kernel
    public var description: String { id }
    public var isReference: Bool { id == ActivationLUTVariants.reference.id }

    public func run(_ table: ActivationTable, _ x: UnsafePointer<Int8>, count: Int, _ out: UnsafeMutablePointer<Int8>) {
        table.entries.withUnsafeBufferPointer { kernel($0.baseAddress!, x, count, out) }
    }
}

/// The registry of table-activation variants; the reference first.
public enum ActivationLUTVariants {
    public static let reference = ActivationLUTVariant(id: "activation_lut_scalar_ref", isa: .portable, kernel: activationLUTScalarRef)

    public static let all: [ActivationLUTVariant] = {
        var list = [reference]
        #if X86Intrinsics && arch(x86_64)
        list.append(ActivationLUTVariant(id: "activation_lut_x86_avx2", isa: .avx2, kernel: activationLUTX86AVX2))
        list.append(ActivationLUTVariant(id: "activation_lut_x86_avx512bw", isa: .avx512vnni, kernel: activationLUTX86AVX512BW))
        #endif
        #if arch(arm64)
        list.append(ActivationLUTVariant(id: "activation_lut_arm_neon", isa: .neon, kernel: activationLUTARMNEON))
        #endif
        return list
    }()

    /// Every table-activation variant of every architecture, in registry
    /// order, whether or not this build carries its code (as
    /// `DenseVariants.catalogue`): `all` is this list filtered to the levels
    /// the build compiles in.
    public static let catalogue: [VariantTag] = [
        VariantTag(id: "activation_lut_scalar_ref", isa: .portable),
        VariantTag(id: "activation_lut_x86_avx2", isa: .avx2),
        VariantTag(id: "activation_lut_x86_avx512bw", isa: .avx512vnni),
        VariantTag(id: "activation_lut_arm_neon", isa: .neon),
    ]

    public static var available: [ActivationLUTVariant] { all.filter { KernelDispatch.allows($0.isa) } }

    /// The variant the dispatcher would pick: the highest ISA level available.
    public static var best: ActivationLUTVariant { available.filter { $0.id != reference.id }.max { $0.isa < $1.isa } ?? reference }
}
