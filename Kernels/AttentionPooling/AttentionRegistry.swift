#if X86Intrinsics && arch(x86_64)
import TernKernelsAVX2
import TernKernelsAVX512
import TernKernelsAVX512VBMI
#endif

/// One attention-pooling variant, with both forms. Shapes and contract as
/// `AttentionPooling`; results are bit-identical to the reference.
public struct AttentionVariant: Sendable, CustomStringConvertible {
    public typealias Kernel = @Sendable (AttentionPooling, UnsafePointer<Int8>, UnsafePointer<Int8>, Int, Int,
                                         UnsafeMutablePointer<Int8>) -> Void
    public let id: String
    public let isa: ISALevel
    /// An extension the CPU must have beyond `isa`, if any.
    public let requires: ISAExtension?
    let perChannelKernel: Kernel
    let scalarLogitKernel: Kernel

    init(id: String, isa: ISALevel, requires: ISAExtension? = nil, perChannelKernel: @escaping Kernel,
         scalarLogitKernel: @escaping Kernel) {
        self.id = id
        self.isa = isa
        self.requires = requires
        self.perChannelKernel = perChannelKernel
        self.scalarLogitKernel = scalarLogitKernel
    }

    public var description: String { id }
    public var isReference: Bool { id == AttentionVariants.reference.id }

    /// PRADO's form: logits and values `[T, C]`, out `[C]`; the first
    /// `length` (>= 1) steps count.
    public func perChannel(_ p: AttentionPooling, logits: UnsafePointer<Int8>, values: UnsafePointer<Int8>,
                           length: Int, channels: Int, _ out: UnsafeMutablePointer<Int8>) {
        precondition(length >= 1, "attention pooling needs at least one step")
        perChannelKernel(p, logits, values, length, channels, out)
    }

    /// pQRNN's form: logits `[T]`, values `[T, D]`, out `[D]`.
    public func scalarLogit(_ p: AttentionPooling, logits: UnsafePointer<Int8>, values: UnsafePointer<Int8>,
                            length: Int, channels: Int, _ out: UnsafeMutablePointer<Int8>) {
        precondition(length >= 1, "attention pooling needs at least one step")
        scalarLogitKernel(p, logits, values, length, channels, out)
    }
}

/// The registry of attention-pooling variants; the reference first.
public enum AttentionVariants {
    public static let reference = AttentionVariant(
        id: "attention_scalar_ref", isa: .portable,
        perChannelKernel: AttentionScalarRef.perChannel, scalarLogitKernel: AttentionScalarRef.scalarLogit)

    public static let all: [AttentionVariant] = {
        var list = [
            reference,
            AttentionVariant(
                id: "attention_swift_simd", isa: .portable,
                perChannelKernel: AttentionSwiftSIMD.perChannel, scalarLogitKernel: AttentionSwiftSIMD.scalarLogit),
        ]
        #if X86Intrinsics && arch(x86_64)
        list.append(AttentionVariant(id: "attention_x86_avx2", isa: .avx2,
                                     perChannelKernel: rounded(attentionX86AVX2, perChannel: true),
                                     scalarLogitKernel: rounded(attentionX86AVX2, perChannel: false)))
        list.append(AttentionVariant(id: "attention_x86_avx512", isa: .avx512vnni,
                                     perChannelKernel: rounded(attentionX86AVX512, perChannel: true),
                                     scalarLogitKernel: rounded(attentionX86AVX512, perChannel: false)))
        list.append(AttentionVariant(id: "attention_x86_avx512vbmi", isa: .avx512vnni, requires: .avx512vbmi,
                                     perChannelKernel: rounded(attentionX86AVX512VBMI, perChannel: true),
                                     scalarLogitKernel: rounded(attentionX86AVX512VBMI, perChannel: false)))
        #endif
        #if arch(arm64)
        list.append(AttentionVariant(id: "attention_arm_neon", isa: .neon,
                                     perChannelKernel: rounded(attentionARMNEON, perChannel: true),
                                     scalarLogitKernel: rounded(attentionARMNEON, perChannel: false)))
        #endif
        return list
    }()

    typealias Sums = @Sendable (UnsafePointer<Float>, Bool, UnsafePointer<Int8>, UnsafePointer<Int8>, Int, Int, Int32,
                                UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) -> Void

    /// A variant kernel from a native sums kernel (x86 or arm64): the kernel
    /// computes numerators and denominators, the rounding is the shared one.
    static func rounded(_ sums: @escaping Sums, perChannel: Bool) -> AttentionVariant.Kernel {
        { p, logits, values, length, channels, out in
            KernelScratch.withBuffer(.attentionSums, of: Float.self, capacity: 2 * channels) { buffer in
                let numerators = buffer.baseAddress!, denominators = numerators + channels
                p.expTable.withUnsafeBufferPointer { table in
                    sums(table.baseAddress!, perChannel, logits, values, length, channels, p.values.zeroPoint,
                         numerators, denominators)
                }
                if length > 0 {
                    p.quantize(numerators, denominators, count: channels, out)
                } else {
                    for j in 0..<channels { out[j] = p.quantize(numerators[j], denominators[j]) }
                }
            }
        }
    }

    /// Every attention variant of every architecture, in registry order,
    /// whether or not this build carries its code (as `DenseVariants.catalogue`):
    /// `all` is this list filtered to the levels the build compiles in.
    public static let catalogue: [VariantTag] = [
        VariantTag(id: "attention_scalar_ref", isa: .portable),
        VariantTag(id: "attention_swift_simd", isa: .portable),
        VariantTag(id: "attention_x86_avx2", isa: .avx2),
        VariantTag(id: "attention_x86_avx512", isa: .avx512vnni),
        VariantTag(id: "attention_x86_avx512vbmi", isa: .avx512vnni),
        VariantTag(id: "attention_arm_neon", isa: .neon),
    ]

    /// The variants this process may run: its level allows them and its CPU
    /// has the extension they need.
    public static var available: [AttentionVariant] {
        all.filter { KernelDispatch.allows($0.isa) && ($0.requires?.isAvailable ?? true) }
    }

    /// The highest available level, among equals the last registered (as
    /// `KernelSet.choice`).
    public static var best: AttentionVariant {
        guard let top = available.map(\.isa).max() else { return reference }
        return available.last { $0.isa == top } ?? reference
    }
}
