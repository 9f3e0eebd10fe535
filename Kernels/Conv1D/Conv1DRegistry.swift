/// One 1D-convolution variant. The fast variants are im2col (copy the rows
/// each output step reads, `[T, taps * C_in]`) followed by a dense variant:
/// the copy moves T * taps * C_in bytes, the product does C_out times as many
/// multiply-adds, and every dense improvement carries over. On a dense
/// variant that reads `DenseInputRows`, a layer with every tap on skips the
/// copy but for its edge rows (`Conv1DWeights.inPlaceRows`); a width-1 layer
/// skips it on every variant (its im2col rows are its input rows).
public struct Conv1DVariant: Sendable, CustomStringConvertible {
    public let id: String
    public let isa: ISALevel
    /// The dense variant an im2col twin runs its product on (nil for the direct reference).
    public let dense: DenseVariant?
    public let pack: @Sendable (Conv1DWeights) throws -> Conv1DPacked
    /// (packed, x, input rows, output rows to compute, out at the first of them, scratch)
    let kernel: @Sendable (Conv1DPacked, UnsafePointer<Int8>, Int, Range<Int>, UnsafeMutablePointer<Int8>,
                           UnsafeMutablePointer<Int8>?) -> Void

    public var description: String { id }
    public var isReference: Bool { id == Conv1DVariants.reference.id }

    /// Runs the convolution on `rows` steps. `scratch` holds at least
    /// `packed.scratchBytes(rows:)` bytes (nil allocates a temporary).
    public func run(_ packed: Conv1DPacked, _ x: UnsafePointer<Int8>, rows: Int, _ out: UnsafeMutablePointer<Int8>,
                    scratch: UnsafeMutablePointer<Int8>? = nil) {
        run(packed, x, rows: rows, outputRows: 0..<rows, out, scratch: scratch)
    }

    /// Runs the convolution of a `rows`-step input `[rows, C_in]` for the
    /// output steps `outputRows` only: `out` points at the first of them and
    /// receives `[outputRows.count, C_out]`, the same bytes `run` writes
    /// there. Threads that split a convolution by rows each call this on
    /// their own range, with their own `scratch` of at least
    /// `packed.scratchBytes(rows: outputRows.count)` bytes (nil allocates a
    /// temporary): the rows are read in place where `run` reads them so, and
    /// only the range's own im2col rows are built otherwise.
    ///
    /// - Precondition: `outputRows` lies within `0..<rows`.
    public func run(_ packed: Conv1DPacked, _ x: UnsafePointer<Int8>, rows: Int, outputRows: Range<Int>,
                    _ out: UnsafeMutablePointer<Int8>, scratch: UnsafeMutablePointer<Int8>? = nil) {
        precondition(packed.variantID == id, "layer packed for \(packed.variantID), run with \(id)")
        precondition(outputRows.lowerBound >= 0 && outputRows.upperBound <= rows, "output rows \(outputRows) outside 0..<\(rows)")
        guard !outputRows.isEmpty else { return }
        kernel(packed, x, rows, outputRows, out, scratch)
    }

    static func im2col(_ dense: DenseVariant) -> Conv1DVariant {
        let id = Conv1DVariants.twinID(ofDense: dense.id)
        return Conv1DVariant(id: id, isa: dense.isa, dense: dense, pack: { layer in
            Conv1DPacked(variantID: id, layer: layer, dense: dense.pack(try layer.asDense()))
        }, kernel: { p, x, rows, range, out, scratch in
            let n = range.count
            if p.layer.width == 1 {
                // im2col row t is input row t: a dense layer on the input itself.
                dense.run(p.dense!, x + range.lowerBound * p.layer.inputs, rows: n, out)
            } else if let scratch, dense.readsRowsInPlace,
               let input = p.layer.inPlaceRows(x, rows: rows, outputRows: range, edge: scratch) {
                dense.run(p.dense!, input, rows: n, out)
            } else if let scratch {
                conv1dIm2col(p.layer, x, rows: rows, building: range, scratch)
                dense.run(p.dense!, scratch, rows: n, out)
            } else {
                withUnsafeTemporaryAllocation(of: Int8.self, capacity: max(p.scratchBytes(rows: n), 1)) { cols in
                    conv1dIm2col(p.layer, x, rows: rows, building: range, cols.baseAddress!)
                    dense.run(p.dense!, cols.baseAddress!, rows: n, out)
                }
            }
        })
    }
}

/// The registry of 1D-convolution variants; the reference first.
public enum Conv1DVariants {
    public static let reference = Conv1DVariant(
        id: "conv1d_scalar_ref", isa: .portable, dense: nil,
        pack: { Conv1DPacked(variantID: "conv1d_scalar_ref", layer: $0, dense: nil) },
        kernel: { p, x, rows, range, out, _ in Conv1DScalarRef.run(p.layer, x, rows: rows, outputRows: range, out) })

    public static let all: [Conv1DVariant] = [reference] + DenseVariants.all
        .filter { !$0.isReference && !$0.ternaryOnly }
        .map(Conv1DVariant.im2col)

    public static var available: [Conv1DVariant] { all.filter { KernelDispatch.allows($0.isa) } }

    /// The id of the im2col twin of a dense variant (`dense_arm_neon` -> `conv1d_arm_neon`).
    public static func twinID(ofDense id: String) -> String { "conv1d_" + VariantTag.flavour(of: id) }

    /// The tags `all` holds for a dense registry's tags: the reference, then
    /// the twin of every general dense variant but the reference.
    public static func tags(forDense dense: [VariantTag]) -> [VariantTag] {
        [VariantTag(id: reference.id, isa: reference.isa)] + dense
            .filter { !$0.ternaryOnly && $0.id != DenseVariants.reference.id }
            .map { VariantTag(id: twinID(ofDense: $0.id), isa: $0.isa) }
    }

    public static var best: Conv1DVariant { available.max { $0.isa < $1.isa } ?? reference }
}
