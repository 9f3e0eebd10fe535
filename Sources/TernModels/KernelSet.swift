import TernKernels

/// The kernels an engine runs: one variant per family. Every exact set
/// gives bit-identical int8 logits (the kernels are each bit-exact against
/// their references), so a set is a speed choice, never an accuracy one.
public struct KernelSet: Sendable, CustomStringConvertible {
    public var projection: ProjectionVariant
    public var dense: DenseVariant
    /// The dense variant of the layers the ternary projection feeds (PRADO's
    /// values and keys, pQRNN's bottleneck): a ternary-only variant where one
    /// runs at `dense`'s level or above (`DenseVariants.ternaryID`), else `dense`.
    public var ternaryDense: DenseVariant
    public var conv: Conv1DVariant
    public var pool: QRNNPoolVariant
    public var attention: AttentionVariant

    public init(projection: ProjectionVariant, dense: DenseVariant, ternaryDense: DenseVariant? = nil, conv: Conv1DVariant,
                pool: QRNNPoolVariant, attention: AttentionVariant) {
        self.projection = projection
        self.dense = dense
        self.ternaryDense = ternaryDense ?? dense
        self.conv = conv
        self.pool = pool
        self.attention = attention
    }

    public var description: String { choiceIDs.description }

    /// The dense variants it runs: `dense_ternary_x86_avx2 + dense_x86_avx2`,
    /// or the one id where the layers the projection feeds use the general variant.
    public var denseIDs: String { choiceIDs.denseIDs }

    /// Its ids, one per family.
    public var choiceIDs: Choice {
        Choice(projection: projection.id, dense: dense.id, ternaryDense: ternaryDense.id, conv: conv.id, pool: pool.id,
               attention: attention.id)
    }

    /// The scalar references of every family.
    public static let reference = KernelSet(projection: ProjectionVariants.reference, dense: DenseVariants.reference,
                                            conv: Conv1DVariants.reference, pool: QRNNPoolVariants.reference,
                                            attention: AttentionVariants.reference)

    /// The fastest exact variants the dispatcher allows on this CPU: the
    /// variants `choice(level: KernelDispatch.active, registries: .available)` names.
    public static var best: KernelSet { forDense(DenseVariants.best, isa: KernelDispatch.active) }

    /// The set built around one general dense variant: its im2col
    /// convolution, and the fastest exact pooling and attention at that ISA level.
    public static func forDense(_ dense: DenseVariant, isa: ISALevel) -> KernelSet {
        let ids = choice(level: isa, dense: dense.id, registries: .available)
        return KernelSet(
            projection: ProjectionVariants.all.first { $0.id == ids.projection } ?? ProjectionVariants.reference,
            dense: dense,
            ternaryDense: DenseVariants.all.first { $0.id == ids.ternaryDense } ?? dense,
            conv: Conv1DVariants.all.first { $0.id == ids.conv } ?? Conv1DVariants.reference,
            pool: QRNNPoolVariants.all.first { $0.id == ids.pool } ?? QRNNPoolVariants.reference,
            attention: AttentionVariants.all.first { $0.id == ids.attention } ?? AttentionVariants.reference)
    }

    /// The ids of a kernel set, one per family (the ternary dense variant
    /// shown only where it is not the dense one).
    public struct Choice: Sendable, Equatable, CustomStringConvertible {
        public var projection, dense, ternaryDense, conv, pool, attention: String
        public var description: String { [projection, denseIDs, conv, pool, attention].joined(separator: " + ") }
        /// `ternaryDense + dense`, or the one id where they are the same.
        public var denseIDs: String { ternaryDense == dense ? dense : "\(ternaryDense) + \(dense)" }
    }

    /// The registries' ids and levels (exact pooling only), without their code.
    public struct Registries: Sendable {
        public var projection, dense, pool, attention: [VariantTag]

        public init(projection: [VariantTag], dense: [VariantTag], pool: [VariantTag], attention: [VariantTag]) {
            self.projection = projection
            self.dense = dense
            self.pool = pool
            self.attention = attention
        }

        /// The variants this build carries and the dispatcher allows in this process.
        public static var available: Registries {
            Registries(projection: ProjectionVariants.available.map { VariantTag(id: $0.id, isa: $0.isa) },
                       dense: DenseVariants.available.map(\.tag),
                       pool: QRNNPoolVariants.available.filter { $0.maxDifference == 0 }.map { VariantTag(id: $0.id, isa: $0.isa) },
                       attention: AttentionVariants.available.map { VariantTag(id: $0.id, isa: $0.isa) })
        }
    }

    /// The set a machine at `level` gets: the best general dense variant it
    /// runs (`DenseVariants.bestID`), then `choice(level:dense:registries:)`.
    /// A pure function of the level and the tags, so the choice for every
    /// arm64 level is tested on any host (`KernelSetDispatchTests`).
    public static func choice(level: ISALevel, registries: Registries) -> Choice {
        choice(level: level, dense: DenseVariants.bestID(level: level, among: registries.dense), registries: registries)
    }

    /// The set around the dense variant `dense`: its im2col twin (when
    /// registered, else the conv1d reference), and the
    /// highest level `level` runs of each other family, among equals the last
    /// registered (the registries list their scalar reference first).
    public static func choice(level: ISALevel, dense: String, registries: Registries) -> Choice {
        func top(_ tags: [VariantTag], _ fallback: String) -> String {
            let allowed = tags.filter { level.runs($0.isa) }
            guard let best = allowed.map(\.isa).max() else { return fallback }
            return allowed.last { $0.isa == best }?.id ?? fallback
        }
        let convID = Conv1DVariants.twinID(ofDense: dense)
        let conv = Conv1DVariants.tags(forDense: registries.dense).first { $0.id == convID }
        return Choice(projection: top(registries.projection, ProjectionVariants.reference.id),
                      dense: dense,
                      ternaryDense: DenseVariants.ternaryID(level: level, dense: dense, among: registries.dense),
                      conv: conv?.id ?? Conv1DVariants.reference.id,
                      pool: top(registries.pool, QRNNPoolVariants.reference.id),
                      attention: top(registries.attention, AttentionVariants.reference.id))
    }

    /// The all-reference set, then one set per available general dense
    /// variant (portable SIMD, AVX2, AVX-512), each with the fastest exact
    /// variants of the other families at its level: together they run every
    /// exact variant of every family at least once.
    public static var exactSets: [KernelSet] {
        var sets = [reference]
        for d in DenseVariants.available where !d.ternaryOnly && !d.isReference { sets.append(forDense(d, isa: d.isa)) }
        return sets
    }
}
