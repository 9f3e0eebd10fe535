#if X86Intrinsics && arch(x86_64)
import TernKernelsAVX2
import TernKernelsAVX512
#endif

/// One QRNN fo-pooling variant. `maxDifference` is the written tolerance
/// against the float reference, in int8 steps: 0 for the float-state
/// variants (bit-identical), the measured bound for the Q15 state.
public struct QRNNPoolVariant: Sendable, CustomStringConvertible {
    public typealias Kernel = @Sendable (QRNNPooling, UnsafePointer<Int8>, Int, Int, QRNNDirection, UnsafeMutablePointer<Int8>) -> Void
    public let id: String
    public let isa: ISALevel
    public let maxDifference: Int
    let kernel: Kernel

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
    public static let reference = QRNNPoolVariant(id: "qrnn_pool_scalar_ref", isa: .portable, maxDifference: 0) {
        qrnnPoolScalarRef($0, $1, rows: $2, length: $3, direction: $4, $5)
    }

    public static let all: [QRNNPoolVariant] = {
        var list = [
            reference,
            QRNNPoolVariant(id: "qrnn_pool_swift_simd", isa: .portable, maxDifference: 0) {
                qrnnPoolSwiftSIMD($0, $1, rows: $2, length: $3, direction: $4, $5)
            },
            QRNNPoolVariant(id: "qrnn_pool_q15_swift_simd", isa: .portable, maxDifference: 1) {
                qrnnPoolQ15SwiftSIMD($0, $1, rows: $2, length: $3, direction: $4, $5)
            },
        ]
        #if X86Intrinsics && arch(x86_64)
        list.append(QRNNPoolVariant(id: "qrnn_pool_x86_avx2", isa: .avx2, maxDifference: 0) { p, g, rows, length, d, out in
            p.withTables { tables, linear in
                KernelScratch.withBuffer(.poolState, of: Float.self, capacity: 4 * p.channels) { scratch in
                    qrnnPoolAVX2(tables, linear, p.channels, p.inverseOutputScale, p.output.zeroPoint, g, rows, length,
                                 d == .backward, scratch.baseAddress!, out)
                }
            }
        })
        list.append(QRNNPoolVariant(id: "qrnn_pool_x86_avx512", isa: .avx512vnni, maxDifference: 0) { p, g, rows, length, d, out in
            p.withTables { tables, linear in
                KernelScratch.withBuffer(.poolState, of: Float.self, capacity: p.channels) { state in
                    qrnnPoolAVX512(tables, linear, p.channels, p.inverseOutputScale, p.output.zeroPoint, g, rows, length,
                                   d == .backward, state.baseAddress!, out)
                }
            }
        })
        list.append(QRNNPoolVariant(id: "qrnn_pool_q14_x86_avx512", isa: .avx512vnni, maxDifference: 1) { p, g, rows, length, d, out in
            // An output scale too fine for the fixed-point state: the Q15 function's float path takes it.
            guard p.fixedPointFits, let multiplier = p.int16OutputMultiplier else {
                return qrnnPoolQ15SwiftSIMD(p, g, rows: rows, length: length, direction: d, out)
            }
            p.int16Tables.withUnsafeBufferPointer { tables in
                KernelScratch.withBuffer(.poolState, of: Int16.self, capacity: p.channels) { state in
                    qrnnPoolQ14AVX512(tables.baseAddress!, multiplier, p.int16OutputShift, p.output.zeroPoint, p.channels,
                                      g, rows, length, d == .backward, state.baseAddress!, out)
                }
            }
        })
        #endif
        #if arch(arm64)
        list.append(QRNNPoolVariant(id: "qrnn_pool_arm_neon", isa: .neon, maxDifference: 0) { p, g, rows, length, d, out in
            p.withTables { tables, linear in
                KernelScratch.withBuffer(.poolState, of: Float.self, capacity: p.channels) { state in
                    qrnnPoolARMNEON(tables, linear, p.channels, p.inverseOutputScale, p.output.zeroPoint, g, rows, length,
                                    d == .backward, state.baseAddress!, out)
                }
            }
        })
        list.append(QRNNPoolVariant(id: "qrnn_pool_q14_arm_neon", isa: .neon, maxDifference: 1) { p, g, rows, length, d, out in
            // As qrnn_pool_q14_x86_avx512: output scales too fine for the fixed-point state take the float path.
            guard p.fixedPointFits, let multiplier = p.int16OutputMultiplier else {
                return qrnnPoolQ15SwiftSIMD(p, g, rows: rows, length: length, direction: d, out)
            }
            p.int16Tables.withUnsafeBufferPointer { tables in
                KernelScratch.withBuffer(.poolState, of: Int16.self, capacity: p.channels) { state in
                    qrnnPoolQ14ARMNEON(tables.baseAddress!, multiplier, p.int16OutputShift, p.output.zeroPoint, p.channels,
                                       g, rows, length, d == .backward, state.baseAddress!, out)
                }
            }
        })
        #endif
        return list
    }()

    /// Every QRNN pooling variant of every architecture, in registry order,
    /// whether or not this build carries its code (as `DenseVariants.catalogue`):
    /// `all` is this list filtered to the levels the build compiles in.
    public static let catalogue: [VariantTag] = [
        VariantTag(id: "qrnn_pool_scalar_ref", isa: .portable),
        VariantTag(id: "qrnn_pool_swift_simd", isa: .portable),
        VariantTag(id: "qrnn_pool_q15_swift_simd", isa: .portable),
        VariantTag(id: "qrnn_pool_x86_avx2", isa: .avx2),
        VariantTag(id: "qrnn_pool_x86_avx512", isa: .avx512vnni),
        VariantTag(id: "qrnn_pool_q14_x86_avx512", isa: .avx512vnni),
        VariantTag(id: "qrnn_pool_arm_neon", isa: .neon),
        VariantTag(id: "qrnn_pool_q14_arm_neon", isa: .neon),
    ]

    /// The catalogue's exact (float-state) variants: what the engine chooses among.
    public static let exactCatalogue: [VariantTag] = catalogue.filter {
        !["qrnn_pool_q15_swift_simd", "qrnn_pool_q14_x86_avx512", "qrnn_pool_q14_arm_neon"].contains($0.id)
    }

    public static var available: [QRNNPoolVariant] { all.filter { KernelDispatch.allows($0.isa) } }

    /// The fastest available variant that matches the float reference exactly.
    public static var best: QRNNPoolVariant {
        available.filter { $0.maxDifference == 0 }.max { $0.isa < $1.isa } ?? reference
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
