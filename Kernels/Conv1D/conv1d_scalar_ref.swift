/// 1D convolution reference, direct and obvious: for every output step and
/// channel, the sum over active taps and input channels. Shapes and contract
/// as `Conv1DWeights`.
public enum Conv1DScalarRef {
    /// The output steps `outputRows` (default all) of a `rows`-step input;
    /// `out` points at the first of them.
    public static func run(_ layer: Conv1DWeights, _ x: UnsafePointer<Int8>, rows: Int, outputRows: Range<Int>? = nil,
                           _ out: UnsafeMutablePointer<Int8>) {
        let cin = layer.inputs, cout = layer.outputs
        let r = layer.requantization
        let steps = outputRows ?? 0..<rows
        precondition(steps.lowerBound >= 0 && steps.upperBound <= rows, "output rows outside the input's \(rows)")
        for t in steps {
            for n in 0..<cout {
                var acc = layer.bias[n]
                for j in 0..<layer.width where layer.taps[j] {
                    let s = layer.source(t, tap: j)
                    guard s >= 0 && s < rows else { continue }
                    for c in 0..<cin {
                        acc += (Int32(x[s * cin + c]) - layer.inputZeroPoint) * Int32(layer.weights[(j * cin + c) * cout + n])
                    }
                }
                out[(t - steps.lowerBound) * cout + n] = requantizeReference(acc, multiplier: r.multipliers[n], shift: r.shifts[n],
                                                        zeroPoint: r.zeroPoints[n], lower: r.lowerBounds[n],
                                                        upper: r.upperBounds[n])
            }
        }
    }
}

/// Builds the im2col rows of a convolution: row t is the concatenation of the
/// input rows its active taps read, the input zero point where a tap falls
/// outside 0..<T. Shapes: x `[T, C_in]`, cols `[T, taps * C_in]`.
@inline(__always)
public func conv1dIm2col(_ layer: Conv1DWeights, _ x: UnsafePointer<Int8>, rows: Int, _ cols: UnsafeMutablePointer<Int8>) {
    conv1dIm2col(layer, x, rows: rows, building: 0..<rows, cols)
}

/// The im2col rows `building` of a T-row input only (`cols` points at row
/// `building.lowerBound`): threads that split a convolution by rows each
/// build their own rows instead of waiting for one thread to build all.
@inline(__always)
public func conv1dIm2col(_ layer: Conv1DWeights, _ x: UnsafePointer<Int8>, rows: Int, building: Range<Int>,
                         _ cols: UnsafeMutablePointer<Int8>) {
    let cin = layer.inputs
    let taps = layer.activeTaps
    let rowBytes = taps.count * cin
    let pad = Int8(truncatingIfNeeded: layer.inputZeroPoint)
    for t in building {
        var dst = cols + (t - building.lowerBound) * rowBytes
        for j in taps {
            let s = layer.source(t, tap: j)
            if s >= 0 && s < rows {
                dst.update(from: x + s * cin, count: cin)
            } else {
                dst.update(repeating: pad, count: cin)
            }
            dst += cin
        }
    }
}

extension Conv1DWeights {
    /// The im2col rows read in place (`DenseInputRows`, stride C_in) when
    /// every tap is on; the rows whose taps reach past the input (causal:
    /// the first width - 1, anticausal: the last) are built into `edge`
    /// (at most (width - 1) * width * C_in bytes, and at most the range's
    /// rows' im2col bytes). Nil when a tap is off.
    ///
    /// - Parameter outputRows: the output steps to read rows for (default
    ///   all): row i of the result is im2col row `outputRows.lowerBound + i`,
    ///   and only the edge rows inside the range are built.
    public func inPlaceRows(_ x: UnsafePointer<Int8>, rows: Int, outputRows: Range<Int>? = nil,
                            edge: UnsafeMutablePointer<Int8>) -> DenseInputRows? {
        guard activeTaps.count == width else { return nil }
        let steps = outputRows ?? 0..<rows, first = steps.lowerBound
        let reach = min(width - 1, rows)
        let edgeSteps = (padding == .causal ? 0..<reach : (rows - reach)..<rows).clamped(to: steps)
        conv1dIm2col(self, x, rows: rows, building: edgeSteps, edge)
        return DenseInputRows(base: x, stride: inputs, rowOffset: source(first, tap: 0), edge: UnsafePointer(edge),
                              edgeRows: (edgeSteps.lowerBound - first)..<(edgeSteps.upperBound - first))
    }
}
