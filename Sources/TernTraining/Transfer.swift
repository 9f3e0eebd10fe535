import Foundation
import TernModels

/// Transfer (PRADO, pQRNN): a run that starts from another model's float
/// layers (`--init-from`), with layers re-initialized (`--reinit`) or left
/// as they start (`--freeze`).
public enum Transfer {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    /// The layers a run starts from: the source model's, but `random`'s for
    /// the layers named in `reinitialize` and for the classifier when the
    /// label sets differ. The source must be a float32 model of the same
    /// architecture and projection, every copied layer the same shape.
    static func initialLayers<C: ProjectionModelConfig>(from path: String, config: C, random: [String: FloatLayer],
                                                        reinitialize: [String]) throws -> [String: FloatLayer] {
        let loaded: any ClassifierModel
        do { loaded = try ModelFile.load(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw Failure("--init-from \(path): \(error)")
        }
        guard let source = loaded as? FloatModel<C> else {
            throw Failure("--init-from \(path) is a \(loaded.format) \(loaded.architecture.rawValue) model; give a float32 "
                          + "\(config.architecture.rawValue) model (the NAME.f32.safetensors twin tern train writes)")
        }
        guard source.config.projection == config.projection else {
            throw Failure("--init-from \(path) was trained on other projection options (feature size, BOS/EOS, novelty bits...) "
                          + "than this run's: its layers would read other features; give this run the same projection options")
        }
        let names = Set(config.layerShapes.map(\.name))
        if let unknown = reinitialize.first(where: { !names.contains($0) }) {
            throw Failure("--reinit \(unknown): no such layer (layers: \(config.layerShapes.map(\.name).joined(separator: ", ")))")
        }
        let fresh = Set(reinitialize).union(source.config.labels == config.labels ? [] : ["classifier"])
        var layers = random
        for shape in config.layerShapes where !fresh.contains(shape.name) {
            guard let layer = source.layers[shape.name], layer.shape == shape else {
                let theirs = source.layers[shape.name].map { dimensions($0.shape) } ?? "absent"
                throw Failure("--init-from \(path): layer \(shape.name) is \(theirs) there and \(dimensions(shape)) here; "
                              + "re-initialize it with --reinit \(shape.name), or give this run the source's sizes")
            }
            layers[shape.name] = layer
        }
        return layers
    }

    static func dimensions(_ s: LayerShape) -> String {
        (s.width == 1 ? "[\(s.inputs), \(s.outputs)]" : "[\(s.width), \(s.inputs), \(s.outputs)]") + (s.taps.contains(false) ? " (masked taps)" : "")
    }

    /// The flat ranges of the named layers' parameters (weights, bias, and
    /// batch norm's γ and β when the layout has them).
    static func frozenRanges(_ names: [String], layout: ParameterLayout) throws -> [Range<Int>] {
        try names.flatMap { name -> [Range<Int>] in
            guard let shape = layout.shapes.first(where: { $0.name == name }) else {
                throw Failure("--freeze \(name): no such layer (layers: \(layout.shapes.map(\.name).joined(separator: ", ")))")
            }
            let w = layout.weightOffsets[name]!, b = layout.biasOffsets[name]!
            var ranges = [w..<(w + shape.weightCount), b..<(b + shape.outputs)]
            if let g = layout.normOffsets[name] { ranges.append(g..<(g + 2 * shape.outputs)) }
            return ranges
        }
    }
}
