/// Input rows of a dense layer that are not laid out `[T, K]`: row i starts
/// at `base + (i + rowOffset) * stride`, except the rows in `edgeRows`,
/// which start at `edge + (i - edgeRows.lowerBound) * K`.
///
/// A 1D convolution with every tap on is a dense layer over im2col rows of
/// K = width * C_in bytes, and im2col row t is the `width` input rows from
/// its first tap on, which lie one after the other in `[T, C_in]`: so it
/// can be read in place with stride C_in instead of copied. Only the rows
/// whose taps reach past the input (causal: the first width - 1, anticausal:
/// the last) are built apart, with the zero point as padding
/// (`Conv1DWeights.inPlaceRows`). For a range of output rows, row i is
/// im2col row `range.lowerBound + i` and `edgeRows` counts from the range's
/// start: the part of those edge rows inside the range, possibly none.
public struct DenseInputRows {
    public let base: UnsafePointer<Int8>
    public let stride: Int
    /// Added to i before the stride; the rows it would move before `base` are edge rows.
    public let rowOffset: Int
    public let edge: UnsafePointer<Int8>
    public let edgeRows: Range<Int>

    public init(base: UnsafePointer<Int8>, stride: Int, rowOffset: Int, edge: UnsafePointer<Int8>, edgeRows: Range<Int>) {
        self.base = base
        self.stride = stride
        self.rowOffset = rowOffset
        self.edge = edge
        self.edgeRows = edgeRows
    }
}
