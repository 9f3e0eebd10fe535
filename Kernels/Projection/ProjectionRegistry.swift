#if X86Intrinsics && arch(x86_64)
import TernKernelsAVX2
import TernKernelsAVX512
#endif

/// One projection variant: a stable id (used in tests, bench rows and
/// results), the ISA level it needs, and its entry point.
public struct ProjectionVariant: Sendable, CustomStringConvertible {
    public let id: String
    public let isa: ISALevel
    public let summary: String
    let run: @Sendable (UnsafeRawBufferPointer, ProjectionPlan, ProjectionWorkspace) throws -> Void

    public var description: String { id }
    public var isReference: Bool { id == ProjectionVariants.reference.id }

    /// Projects UTF-8 `text` into `workspace.features` (`[T, F]` int8 ternary).
    ///
    /// - Throws: `ProjectionError.emptyInput` when the text has no tokens and
    ///   neither BOS nor EOS is on.
    public func project(_ text: UnsafeRawBufferPointer, plan: ProjectionPlan, workspace: ProjectionWorkspace) throws {
        try run(text, plan, workspace)
    }

    public func project(_ text: String, plan: ProjectionPlan, workspace: ProjectionWorkspace) throws {
        var text = text
        try text.withUTF8 { try run(UnsafeRawBufferPointer($0), plan, workspace) }
    }

    static func fast(id: String, isa: ISALevel, summary: String, expand: @escaping ProjectionRowExpander) -> ProjectionVariant {
        ProjectionVariant(id: id, isa: isa, summary: summary) { text, plan, ws in
            try ProjectionFastPath.project(text, plan: plan, workspace: ws, expand: expand)
        }
    }
}

/// The registry of projection variants that tests and the bench iterate.
/// Adding a variant is one file and one line here.
public enum ProjectionVariants {
    public static let reference = ProjectionVariant(
        id: "projection_scalar_ref", isa: .portable,
        summary: "byte-by-byte reference (the oracle)", run: ProjectionScalarRef.project)

    /// Every variant compiled into this build, the reference first.
    public static let all: [ProjectionVariant] = {
        var list = [
            reference,
            .fast(id: "projection_swift_lut", isa: .portable,
                  summary: "fast tokenizer + 256-entry byte-to-4-features table", expand: ProjectionSwiftLUT.expand),
        ]
        #if X86Intrinsics && arch(x86_64)
        list.append(.fast(id: "projection_x86_avx2", isa: .avx2,
                          summary: "fast tokenizer + vpshufb/vpcmpeqb expansion", expand: projectionX86AVX2))
        list.append(.fast(id: "projection_x86_avx512bw", isa: .avx512vnni,
                          summary: "fast tokenizer + broadcast/vpshufb/min expansion", expand: projectionX86AVX512BW))
        #endif
        #if arch(arm64)
        list.append(.fast(id: "projection_arm_neon", isa: .neon,
                          summary: "fast tokenizer + tbl/ushl/tbl expansion", expand: projectionARMNEON))
        #endif
        return list
    }()

    /// Every projection variant of every architecture, in registry order,
    /// whether or not this build carries its code (as `DenseVariants.catalogue`):
    /// `all` is this list filtered to the levels the build compiles in.
    public static let catalogue: [VariantTag] = [
        VariantTag(id: "projection_scalar_ref", isa: .portable),
        VariantTag(id: "projection_swift_lut", isa: .portable),
        VariantTag(id: "projection_x86_avx2", isa: .avx2),
        VariantTag(id: "projection_x86_avx512bw", isa: .avx512vnni),
        VariantTag(id: "projection_arm_neon", isa: .neon),
    ]

    /// The variants this process may run (CPU, build and `TERN_ISA` allowing).
    public static var available: [ProjectionVariant] { all.filter { KernelDispatch.allows($0.isa) } }

    /// The fastest available variant: the highest ISA level, then the last listed.
    public static var best: ProjectionVariant {
        available.filter { !$0.isReference }.max { $0.isa < $1.isa } ?? reference
    }

    public static func variant(id: String) -> ProjectionVariant? { all.first { $0.id == id } }
}
