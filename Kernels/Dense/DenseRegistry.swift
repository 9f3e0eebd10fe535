#if X86Intrinsics && arch(x86_64)
import TernKernelsAVX2
import TernKernelsAVX512
#endif
#if ARMIntrinsics && arch(arm64)
import TernKernelsNEONDotProd
import TernKernelsNEONI8MM
#endif

/// One dense variant: a packer (its own weight layout) and a kernel.
///
/// Shapes: x `[T, K]` int8, out `[T, N]` int8; contract in
/// QuantizationContract.swift. A packed layer is immutable and may be shared
/// across threads; `run` allocates nothing on the heap.
public struct DenseVariant: Sendable, CustomStringConvertible {
    public let id: String
    public let isa: ISALevel
    /// True when the variant accepts only x in {-1, 0, +1} with zero point 0.
    public let ternaryOnly: Bool
    public let pack: @Sendable (DenseWeights) -> DensePacked
    let kernel: @Sendable (DensePacked, UnsafePointer<Int8>, Int, UnsafeMutablePointer<Int8>) -> Void
    /// The kernel on `DenseInputRows`, for the variants whose kernel reads
    /// each row once from where it is (nil: rows must be `[T, K]`).
    var rowsKernel: (@Sendable (DensePacked, DenseInputRows, Int, UnsafeMutablePointer<Int8>) -> Void)? = nil

    public var description: String { id }
    public var isReference: Bool { id == DenseVariants.reference.id }
    /// The id without the family: `x86_avx512vnni` for `dense_x86_avx512vnni`.
    /// Rows and twins built on this variant are named from it (`conv1d_…`,
    /// a model's `prado-sst2_…` bench row).
    public var flavour: String { VariantTag.flavour(of: id) }

    /// Runs the layer on `rows` input rows.
    /// - Precondition: `packed` came from this variant's `pack`.
    public func run(_ packed: DensePacked, _ x: UnsafePointer<Int8>, rows: Int, _ out: UnsafeMutablePointer<Int8>) {
        precondition(packed.variantID == id, "layer packed for \(packed.variantID), run with \(id)")
        kernel(packed, x, rows, out)
    }

    /// Whether `run(_:rows:_:_:)` on `DenseInputRows` is available.
    public var readsRowsInPlace: Bool { rowsKernel != nil }

    /// Runs the layer on `rows` input rows laid out as `x` says.
    /// - Precondition: `readsRowsInPlace`, and `packed` came from this variant's `pack`.
    public func run(_ packed: DensePacked, _ x: DenseInputRows, rows: Int, _ out: UnsafeMutablePointer<Int8>) {
        precondition(packed.variantID == id, "layer packed for \(packed.variantID), run with \(id)")
        guard let rowsKernel else { preconditionFailure("\(id) reads [T, K] rows only") }
        rowsKernel(packed, x, rows, out)
    }

    /// Whether this variant can run a layer (ternary variants need zero point 0).
    public func accepts(_ layer: DenseWeights) -> Bool { !ternaryOnly || layer.inputZeroPoint == 0 }

    /// Its id and level, without its code.
    public var tag: VariantTag { VariantTag(id: id, isa: isa, ternaryOnly: ternaryOnly) }
}

/// A variant's id and ISA level (and whether it is ternary-only): what a
/// choice among variants needs, without their code.
public struct VariantTag: Sendable, Equatable, CustomStringConvertible {
    public let id: String
    public let isa: ISALevel
    public let ternaryOnly: Bool

    public init(id: String, isa: ISALevel, ternaryOnly: Bool = false) {
        self.id = id
        self.isa = isa
        self.ternaryOnly = ternaryOnly
    }

    public var description: String { id }

    /// An id without its family prefix (everything up to the first "_").
    public static func flavour(of id: String) -> String { String(id[id.index(after: id.firstIndex(of: "_") ?? id.startIndex)...]) }
}

/// The registry of dense variants; the reference first.
public enum DenseVariants {
    public static let reference = DenseVariant(
        id: "dense_scalar_ref", isa: .portable, ternaryOnly: false, pack: DenseScalarRef.pack, kernel: DenseScalarRef.run)

    public static let all: [DenseVariant] = {
        var list = [
            reference,
            DenseVariant(id: "dense_swift_simd", isa: .portable, ternaryOnly: false, pack: DenseSwiftSIMD.pack, kernel: DenseSwiftSIMD.run),
            DenseVariant(id: "dense_ternary_swift_addsub", isa: .portable, ternaryOnly: true, pack: DenseTernarySwiftAddSub.pack,
                         kernel: DenseTernarySwiftAddSub.run),
        ]
        #if X86Intrinsics && arch(x86_64)
        list.append(native(id: "dense_x86_avx2", isa: .avx2, pack: DensePacking.pairs16, kernel: denseX86AVX2,
                           scratch: denseX86AVX2ScratchBytes))
        list.append(native(id: "dense_ternary_x86_avx2", isa: .avx2, ternaryOnly: true, pack: DensePacking.quads(width: 16, readsInputPlus: 1),
                           kernel: denseTernaryX86AVX2, scratch: denseTernaryX86AVX2ScratchBytes))
        var vnni = DenseVariant(id: "dense_x86_avx512vnni", isa: .avx512vnni, ternaryOnly: false, pack: { layer in
            let id = "dense_x86_avx512vnni"
            let (packed, padded) = DensePacking.vnni(width: 32)(layer, id)
            // The requantization constants, prepared once per layer (AVX-512
            // code: only on a CPU that has it; elsewhere the kernel never runs).
            let constants = AlignedBuffer(count: denseX86AVX512VNNIRequantizationBytes(packed.outputs))
            if KernelDispatch.detected.runs(.avx512vnni) {
                padded.withPointers { rq in
                    prepareRequantizationAVX512VNNI(constants.pointer, packed.outputs, rq.multipliers, rq.shifts, rq.zeroPoints,
                                                    rq.lowerBounds, rq.upperBounds)
                }
            }
            return DensePacked(copying: packed, requantization: padded, kernelConstants: constants)
        }, kernel: { p, x, rows, out in
            p.withVNNIArguments { w, k, n, bias, constants, buffer in
                denseX86AVX512VNNI(w, k, n, bias, constants, x, rows, out, buffer)
            }
        })
        vnni.rowsKernel = { p, x, rows, out in
            p.withVNNIArguments { w, k, n, bias, constants, buffer in
                denseX86AVX512VNNIRows(w, k, n, bias, constants, x.base, stride: x.stride, rowOffset: x.rowOffset,
                                       x.edge, edgeRows: x.edgeRows, rows, out, buffer)
            }
        }
        list.append(vnni)
        #endif
        #if arch(arm64)
        list.append(native(id: "dense_arm_neon", isa: .neon, pack: DensePacking.arm(group: 4), kernel: denseARMNEON,
                           scratch: denseARMNEONScratchBytes))
        #endif
        #if ARMIntrinsics && arch(arm64)
        list.append(native(id: "dense_arm_dotprod", isa: .neonDotProd, pack: DensePacking.arm(group: 4), kernel: denseARMDotProd,
                           scratch: denseARMDotProdScratchBytes))
        list.append(native(id: "dense_arm_i8mm", isa: .neonI8MM, pack: DensePacking.arm(group: 8), kernel: denseARMI8MM,
                           scratch: denseARMI8MMScratchBytes))
        #endif
        return list
    }()

    public static var available: [DenseVariant] { all.filter { KernelDispatch.allows($0.isa) } }

    public static func variant(id: String) -> DenseVariant? { all.first { $0.id == id } }

    /// Every dense variant of every architecture, in registry order, whether
    /// or not this build carries its code: `all` is this list filtered to the
    /// levels the build compiles in (`DenseTests` checks it on every host), so
    /// choices that depend only on ids and levels (the engine's kernel set)
    /// can be tested for arm64 levels on an x86 host and the reverse.
    public static let catalogue: [VariantTag] = [
        VariantTag(id: "dense_scalar_ref", isa: .portable),
        VariantTag(id: "dense_swift_simd", isa: .portable),
        VariantTag(id: "dense_ternary_swift_addsub", isa: .portable, ternaryOnly: true),
        VariantTag(id: "dense_x86_avx2", isa: .avx2),
        VariantTag(id: "dense_ternary_x86_avx2", isa: .avx2, ternaryOnly: true),
        VariantTag(id: "dense_x86_avx512vnni", isa: .avx512vnni),
        VariantTag(id: "dense_arm_neon", isa: .neon),
        VariantTag(id: "dense_arm_dotprod", isa: .neonDotProd),
        VariantTag(id: "dense_arm_i8mm", isa: .neonI8MM),
    ]

    /// The general (not ternary-only) variant of the highest level `level`
    /// runs; among equals the last registered (the registry lists its
    /// reference first, so at the portable level the Swift SIMD variant,
    /// 4.5-5x the reference, wins). A pure function of the level and the
    /// tags: `best` is this over `all` at `KernelDispatch.active`.
    public static func bestID(level: ISALevel, among tags: [VariantTag]) -> String {
        let allowed = tags.filter { !$0.ternaryOnly && level.runs($0.isa) }
        guard let top = allowed.map(\.isa).max() else { return reference.id }
        return allowed.last { $0.isa == top }?.id ?? reference.id
    }

    /// The variant for layers fed by the projection beside the general
    /// variant `dense`: the ternary-only variant of the highest level `level`
    /// runs (among equals the last registered), when that level is at least
    /// `dense`'s; else `dense` itself. The reference keeps the reference.
    /// A pure function of the level and the tags, like `bestID`.
    public static func ternaryID(level: ISALevel, dense: String, among tags: [VariantTag]) -> String {
        guard dense != reference.id, let denseTag = tags.first(where: { $0.id == dense }) else { return dense }
        let allowed = tags.filter { $0.ternaryOnly && level.runs($0.isa) && $0.isa >= denseTag.isa }
        guard let top = allowed.map(\.isa).max() else { return dense }
        return allowed.last { $0.isa == top }?.id ?? dense
    }

    /// The fastest available general (not ternary-only) variant.
    public static var best: DenseVariant {
        variant(id: bestID(level: KernelDispatch.active, among: all.map(\.tag))) ?? reference
    }

    typealias NativeKernel = @Sendable (UnsafeRawPointer, Int, Int, UnsafePointer<Int32>, UnsafePointer<Int32>, UnsafePointer<Int32>,
                           UnsafePointer<Int32>, UnsafePointer<Int32>, UnsafePointer<Int32>,
                           UnsafePointer<Int8>, Int, UnsafeMutablePointer<Int8>, UnsafeMutableRawPointer) -> Void

    /// A variant whose kernel (x86 or arm64, in an ISA module or not) takes
    /// raw pointers and padded requantization.
    static func native(id: String, isa: ISALevel, ternaryOnly: Bool = false, pack: @escaping @Sendable (DenseWeights, String) -> (DensePacked, Requantization),
                       kernel: @escaping NativeKernel, scratch: @escaping @Sendable (Int) -> Int) -> DenseVariant {
        DenseVariant(id: id, isa: isa, ternaryOnly: ternaryOnly, pack: { layer in
            let (packed, padded) = pack(layer, id)
            return DensePacked(copying: packed, requantization: padded)
        }, kernel: { p, x, rows, out in
            p.withNativeArguments(scratch: scratch) { w, k, n, bias, mult, shift, zero, lo, hi, buffer in
                kernel(w, k, n, bias, mult, shift, zero, lo, hi, x, rows, out, buffer)
            }
        })
    }
}

extension DensePacked {
    #if X86Intrinsics && arch(x86_64)
    /// The AVX-512 VNNI kernel's arguments before its input: packed weights,
    /// K, N, bias, the prepared requantization (`kernelConstants`), scratch.
    @inline(__always)
    func withVNNIArguments(_ body: (UnsafeRawPointer, Int, Int, UnsafePointer<Int32>, UnsafeRawPointer, UnsafeMutableRawPointer) -> Void) {
        let buffer = KernelScratch.pointer(.denseInput, bytes: denseX86AVX512VNNIScratchBytes(inputs))
        bias.withUnsafeBufferPointer { bias in
            body(UnsafeRawPointer(weights.pointer), inputs, outputs, bias.baseAddress!, UnsafeRawPointer(kernelConstants!.pointer), buffer)
        }
    }
    #endif

    /// The raw arguments every native kernel takes before its input: packed
    /// weights, K, N, bias, the five requantization arrays, and this thread's
    /// scratch of `scratch(K)` bytes.
    @inline(__always)
    func withNativeArguments(scratch: (Int) -> Int,
                             _ body: (UnsafeRawPointer, Int, Int, UnsafePointer<Int32>, UnsafePointer<Int32>, UnsafePointer<Int32>,
                                      UnsafePointer<Int32>, UnsafePointer<Int32>, UnsafePointer<Int32>, UnsafeMutableRawPointer) -> Void) {
        let buffer = KernelScratch.pointer(.denseInput, bytes: scratch(inputs))
        bias.withUnsafeBufferPointer { bias in
            requantization.withPointers { rq in
                body(UnsafeRawPointer(weights.pointer), inputs, outputs, bias.baseAddress!,
                     rq.multipliers, rq.shifts, rq.zeroPoints, rq.lowerBounds, rq.upperBounds, buffer)
            }
        }
    }
}

extension DensePacked {
    /// The same packing with another (padded) requantization, and the variant's own constants.
    convenience init(copying p: DensePacked, requantization: Requantization, kernelConstants: AlignedBuffer? = nil) {
        self.init(variantID: p.variantID, inputs: p.inputs, outputs: p.outputs, weights: p.weights, bias: p.bias,
                  requantization: requantization, inputZeroPoint: p.inputZeroPoint, kernelConstants: kernelConstants)
    }
}
