#if X86Intrinsics && arch(x86_64)
import TernKernelsAVX2
import TernKernelsAVX512
import TernKernelsAVX512VBMI
#endif

/// One QRNN fo-pooling variant. `maxDifference` is the written tolerance
/// against the float reference, in int8 steps: 0 for the float-state
/// variants (bit-identical), the measured bound for the Q15 state.
public struct QRNNPoolVariant: Sendable, CustomStringConvertible {
    public typealias Kernel = @Sendable (QRNNPooling, UnsafePointer<Int8>, Int, Int, QRNNDirection, UnsafeMutablePointer<Int8>) -> Void
    public let id: String
    public let isa: ISALevel
    public let maxDifference: Int
    /// An extension the CPU must have beyond `isa`, if any.
    public let requires: ISAExtension?
    let kernel: Kernel

    init(id: String, isa: ISALevel, maxDifference: Int, requires: ISAExtension? = nil, kernel: @escaping Kernel) {
        self.id = id
        self.isa = isa
        self.maxDifference = maxDifference
        self.requires = requires
        self.kernel = kernel
    }

    public var description: String { id }
    public var isReference: Bool { id == QRNNPoolVariants.reference.id }

    /// Pools `rows` steps of gates `[T, 3S]` into h `[T, S]`; steps from
    /// `length` on are padding. Allocates nothing on the heap for S <= 4096.
    public func run(_ p: QRNNPooling, _ gates: UnsafePointer<Int8>, rows: Int, length: Int,
                    direction: QRNNDirection, _ out: UnsafeMutablePointer<Int8>) {
        kernel(p, gates, rows, min(length, rows), direction, out)
    }
}

/// The registry of QRNN fo-pooling variants; the reference first.
public enum QRNNPoolVariants {
    public static let reference = QRNNPoolVariant(id: "qrnn_pool_scalar_ref", isa: .portable, maxDifference: 0, kernel: qrnnPoolScalarRef)

    public static let all: [QRNNPoolVariant] = {
        var list = [
            reference,
            QRNNPoolVariant(id: "qrnn_pool_swift_simd", isa: .portable, maxDifference: 0, kernel: qrnnPoolSwiftSIMD),
            QRNNPoolVariant(id: "qrnn_pool_q15_swift_simd", isa: .portable, maxDifference: 1, kernel: qrnnPoolQ15SwiftSIMD),
        ]
        #if X86Intrinsics && arch(x86_64)
        // AVX2 has no table lookup: per channel it keeps c and the step's z, f, o values (looked up by scalar loads).
        list.append(floatState(id: "qrnn_pool_x86_avx2", isa: .avx2, stateFloatsPerChannel: 4, qrnnPoolX86AVX2))
        list.append(floatState(id: "qrnn_pool_x86_avx512", isa: .avx512vnni, stateFloatsPerChannel: 1, qrnnPoolX86AVX512))
        list.append(floatBytePlanes(id: "qrnn_pool_x86_avx512vbmi", isa: .avx512vnni, requires: .avx512vbmi, qrnnPoolX86AVX512VBMI))
        list.append(fixedPointState(id: "qrnn_pool_q14_x86_avx512", isa: .avx512vnni, qrnnPoolQ14X86AVX512))
        list.append(fixedPointBytePlanes(id: "qrnn_pool_q14_x86_avx512vbmi", isa: .avx512vnni, requires: .avx512vbmi,
                                         qrnnPoolQ14X86AVX512VBMI))
        #endif
        #if arch(arm64)
        list.append(floatState(id: "qrnn_pool_arm_neon", isa: .neon, stateFloatsPerChannel: 1, qrnnPoolARMNEON))
        list.append(fixedPointState(id: "qrnn_pool_q14_arm_neon", isa: .neon, qrnnPoolQ14ARMNEON))
        #endif
        return list
    }()

    /// The native shape of the float-state kernels (x86 or arm64): the z, f,
    /// o tables back to back, the activated gates' scales and zero points
    /// (nil for pre-activations), channels, inverse output scale, output zero
    /// point, gates, rows, length, backward, state scratch, out.
    typealias FloatStateKernel = @Sendable (UnsafePointer<Float>, UnsafePointer<Float>?, Int, Float, Int32, UnsafePointer<Int8>, Int, Int,
                                            Bool, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Int8>) -> Void

    /// A bit-exact variant whose kernel takes the float-state native shape.
    static func floatState(id: String, isa: ISALevel, stateFloatsPerChannel: Int, _ kernel: @escaping FloatStateKernel) -> QRNNPoolVariant {
        QRNNPoolVariant(id: id, isa: isa, maxDifference: 0) { p, g, rows, length, d, out in
            p.withTables { tables, linear in
                KernelScratch.withBuffer(.poolState, of: Float.self, capacity: stateFloatsPerChannel * p.channels) { state in
                    kernel(tables, linear, p.channels, p.inverseOutputScale, p.output.zeroPoint, g, rows, length,
                           d == .backward, state.baseAddress!, out)
                }
            }
        }
    }

    /// The native shape of the exact kernels that look up byte planes
    /// (`QRNNPooling.floatTableBytes`, either gate form) and keep their state
    /// in registers: planes, channels, inverse output scale, output zero
    /// point, gates, rows, length, backward, out.
    typealias FloatBytePlanesKernel = @Sendable (UnsafePointer<UInt8>, Int, Float, Int32, UnsafePointer<Int8>, Int, Int, Bool,
                                                 UnsafeMutablePointer<Int8>) -> Void

    /// A bit-exact variant whose kernel takes the float byte-plane shape.
    static func floatBytePlanes(id: String, isa: ISALevel, requires: ISAExtension?,
                                _ kernel: @escaping FloatBytePlanesKernel) -> QRNNPoolVariant {
        QRNNPoolVariant(id: id, isa: isa, maxDifference: 0, requires: requires) { p, g, rows, length, d, out in
            p.floatTableBytes.withUnsafeBufferPointer { planes in
                kernel(planes.baseAddress!, p.channels, p.inverseOutputScale, p.output.zeroPoint, g, rows, length, d == .backward, out)
            }
        }
    }

    /// The native shape of the Q14 fixed-point kernels: the int16 tables
    /// (`QRNNPooling.int16Tables`), the output multiplier and shift, the
    /// output zero point, channels, gates, rows, length, backward, int16
    /// state scratch, out.
    typealias FixedPointStateKernel = @Sendable (UnsafePointer<Int16>, Int16, Int, Int32, Int, UnsafePointer<Int8>, Int, Int, Bool,
                                                 UnsafeMutablePointer<Int16>, UnsafeMutablePointer<Int8>) -> Void

    /// A 1-LSB variant whose kernel takes the Q14 native shape. An output
    /// scale too fine for the fixed-point state (`fixedPointFits`) takes the
    /// Q15 function's float path instead.
    static func fixedPointState(id: String, isa: ISALevel, _ kernel: @escaping FixedPointStateKernel) -> QRNNPoolVariant {
        fixedPoint(id: id, isa: isa, requires: nil) { p, multiplier, g, rows, length, d, out in
            p.int16Tables.withUnsafeBufferPointer { tables in
                KernelScratch.withBuffer(.poolState, of: Int16.self, capacity: p.channels) { state in
                    kernel(tables.baseAddress!, multiplier, p.int16OutputShift, p.output.zeroPoint, p.channels,
                           g, rows, length, d == .backward, state.baseAddress!, out)
                }
            }
        }
    }

    /// The native shape of the Q14 kernels that look up byte planes
    /// (`QRNNPooling.int16TableBytes`) and keep their state in registers:
    /// the fixed-point shape without the state scratch.
    typealias FixedPointBytePlanesKernel = @Sendable (UnsafePointer<UInt8>, Int16, Int, Int32, Int, UnsafePointer<Int8>, Int, Int, Bool,
                                                      UnsafeMutablePointer<Int8>) -> Void

    /// A 1-LSB variant whose kernel takes the byte-plane shape.
    static func fixedPointBytePlanes(id: String, isa: ISALevel, requires: ISAExtension?,
                                     _ kernel: @escaping FixedPointBytePlanesKernel) -> QRNNPoolVariant {
        fixedPoint(id: id, isa: isa, requires: requires) { p, multiplier, g, rows, length, d, out in
            p.int16TableBytes.withUnsafeBufferPointer { planes in
                kernel(planes.baseAddress!, multiplier, p.int16OutputShift, p.output.zeroPoint, p.channels,
                       g, rows, length, d == .backward, out)
            }
        }
    }

    /// A 1-LSB variant: `body` gets the output multiplier when the output
    /// scale suits the Q14 state (`fixedPointFits`); other scales take the
    /// Q15 function's float path.
    static func fixedPoint(id: String, isa: ISALevel, requires: ISAExtension?,
                           _ body: @escaping @Sendable (QRNNPooling, Int16, UnsafePointer<Int8>, Int, Int, QRNNDirection,
                                                        UnsafeMutablePointer<Int8>) -> Void) -> QRNNPoolVariant {
        QRNNPoolVariant(id: id, isa: isa, maxDifference: 1, requires: requires) { p, g, rows, length, d, out in
            guard p.fixedPointFits, let multiplier = p.int16OutputMultiplier else {
                return qrnnPoolQ15SwiftSIMD(p, g, rows: rows, length: length, direction: d, out)
            }
            body(p, multiplier, g, rows, length, d, out)
        }
    }

    /// Every QRNN pooling variant of every architecture, in registry order,
    /// whether or not this build carries its code (as `DenseVariants.catalogue`):
    /// `all` is this list filtered to the levels the build compiles in.
    public static let catalogue: [VariantTag] = [
        VariantTag(id: "qrnn_pool_scalar_ref", isa: .portable),
        VariantTag(id: "qrnn_pool_swift_simd", isa: .portable),
        VariantTag(id: "qrnn_pool_q15_swift_simd", isa: .portable),
        VariantTag(id: "qrnn_pool_x86_avx2", isa: .avx2),
        VariantTag(id: "qrnn_pool_x86_avx512", isa: .avx512vnni),
        VariantTag(id: "qrnn_pool_x86_avx512vbmi", isa: .avx512vnni),
        VariantTag(id: "qrnn_pool_q14_x86_avx512", isa: .avx512vnni),
        VariantTag(id: "qrnn_pool_q14_x86_avx512vbmi", isa: .avx512vnni),
        VariantTag(id: "qrnn_pool_arm_neon", isa: .neon),
        VariantTag(id: "qrnn_pool_q14_arm_neon", isa: .neon),
    ]

    /// The catalogue's exact (float-state) variants: what the engine chooses among.
    public static let exactCatalogue: [VariantTag] = catalogue.filter {
        !["qrnn_pool_q15_swift_simd", "qrnn_pool_q14_x86_avx512", "qrnn_pool_q14_x86_avx512vbmi", "qrnn_pool_q14_arm_neon"].contains($0.id)
    }

    /// The variants this process may run: its level allows them and its CPU
    /// has the extension they need.
    public static var available: [QRNNPoolVariant] {
        all.filter { KernelDispatch.allows($0.isa) && ($0.requires?.isAvailable ?? true) }
    }

    /// The fastest available variant that matches the float reference
    /// exactly: the highest level, among equals the last registered (as
    /// `KernelSet.choice`).
    public static var best: QRNNPoolVariant {
        let exact = available.filter { $0.maxDifference == 0 }
        guard let top = exact.map(\.isa).max() else { return reference }
        return exact.last { $0.isa == top } ?? reference
    }
}

extension QRNNPooling {
    /// The three tables back to back (z, f, o), as the x86 kernels read them,
    /// and for activated gates their scales and zero points (else nil).
    func withTables<R>(_ body: (UnsafePointer<Float>, UnsafePointer<Float>?) -> R) -> R {
        allTables.withUnsafeBufferPointer { tables in
            guard gateInput == .activated else { return body(tables.baseAddress!, nil) }
            return linearParameters.withUnsafeBufferPointer { body(tables.baseAddress!, $0.baseAddress!) }
        }
    }
}
