/// Weight layouts of the x86 and arm64 dense variants (plain Swift: packing runs once
/// per layer, off the hot path).
enum DensePacking {
    /// Benign requantization for padded channels (their outputs are never stored).
    static func padded(_ r: Requantization, to channels: Int) -> Requantization {
        let extra = channels - r.channels
        guard extra > 0 else { return r }
        let pad = try! Requantization(realMultipliers: [Double](repeating: 0.5, count: extra),
                                      outputZeroPoints: [Int32](repeating: 0, count: extra),
                                      lower: [Int32](repeating: -128, count: extra),
                                      upper: [Int32](repeating: 127, count: extra))
        return Requantization.concatenate([r, pad])
    }

    /// `[ceil(N/W)][ceil(K/4)][W][4]` int8 for `vpdpbusd` (W channels a
    /// block, a multiple of 16); bias folded with zx + 128 because the kernel
    /// reads x as u8 = x + 128. Bias and requantization padded to whole blocks.
    static func vnni(width: Int) -> @Sendable (DenseWeights, String) -> (DensePacked, Requantization) {
        quads(width: width, readsInputPlus: 128)
    }

    /// `[ceil(N/W)][ceil(K/4)][W][4]` int8 for kernels that read x as
    /// u8 = x + `offset` (`vpdpbusd`, `vpmaddubsw`): bias folded with
    /// zx + offset. Bias and requantization padded to whole blocks.
    static func quads(width: Int, readsInputPlus offset: Int32) -> @Sendable (DenseWeights, String) -> (DensePacked, Requantization) {
        { layer, id in
            let k4 = (layer.inputs + 3) / 4
            let blocks = roundUp(layer.outputs, width) / width
            let buffer = AlignedBuffer(count: blocks * k4 * width * 4)
            let dst = buffer.pointer.assumingMemoryBound(to: Int8.self)
            for k in 0..<layer.inputs {
                for n in 0..<layer.outputs {
                    dst[((n / width * k4 + k / 4) * width + n % width) * 4 + k % 4] = layer.weights[k * layer.outputs + n]
                }
            }
            var bias = layer.foldedBias(offset: layer.inputZeroPoint + offset)
            bias += [Int32](repeating: 0, count: blocks * width - layer.outputs)
            return (DensePacked(variantID: id, layer: layer, weights: buffer, bias: bias),
                    padded(layer.requantization, to: blocks * width))
        }
    }

    /// `[ceil(N/16)][ceil(K/2)][16][2]` int16 for `vpmaddwd`; bias folded with zx.
    static func pairs16(_ layer: DenseWeights, id: String) -> (DensePacked, Requantization) {
        let k2 = (layer.inputs + 1) / 2
        let blocks = roundUp(layer.outputs, 16) / 16
        let buffer = AlignedBuffer(count: blocks * k2 * 64)
        let dst = buffer.pointer.assumingMemoryBound(to: Int16.self)
        for k in 0..<layer.inputs {
            for n in 0..<layer.outputs {
                dst[((n / 16 * k2 + k / 2) * 16 + n % 16) * 2 + k % 2] = Int16(layer.weights[k * layer.outputs + n])
            }
        }
        var bias = layer.foldedBias(offset: layer.inputZeroPoint)
        bias += [Int32](repeating: 0, count: roundUp(layer.outputs, 64) - layer.outputs)
        return (DensePacked(variantID: id, layer: layer, weights: buffer, bias: bias),
                padded(layer.requantization, to: roundUp(layer.outputs, 64)))
    }

    /// `[ceil(N/16)][ceil(K/G)][16][G]` int8, zero-padded, for the arm64
    /// variants: G = 4 for `dense_arm_neon` (`smull` of 2 channels x 4 k) and
    /// `dense_arm_dotprod` (`sdot`: 4 channels x 4 k per register), G = 8 for
    /// `dense_arm_i8mm` (`smmla` reads channels 2p and 2p + 1, 8 k each, as
    /// the two columns of its 8x2 operand). All three read x as signed int8,
    /// so the bias is folded with zx alone. Bias and requantization padded to
    /// a multiple of 16 channels (padded channels are computed, never stored).
    static func arm(group: Int) -> @Sendable (DenseWeights, String) -> (DensePacked, Requantization) {
        { layer, id in
            let groups = (layer.inputs + group - 1) / group
            let blocks = roundUp(layer.outputs, 16) / 16
            let buffer = AlignedBuffer(count: blocks * groups * 16 * group)
            let dst = buffer.pointer.assumingMemoryBound(to: Int8.self)
            for k in 0..<layer.inputs {
                for n in 0..<layer.outputs {
                    dst[((n / 16 * groups + k / group) * 16 + n % 16) * group + k % group] = layer.weights[k * layer.outputs + n]
                }
            }
            var bias = layer.foldedBias(offset: layer.inputZeroPoint)
            bias += [Int32](repeating: 0, count: blocks * 16 - layer.outputs)
            return (DensePacked(variantID: id, layer: layer, weights: buffer, bias: bias),
                    padded(layer.requantization, to: blocks * 16))
        }
    }
}
