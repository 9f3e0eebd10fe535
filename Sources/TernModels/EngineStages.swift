/// One timed stage of an inference: its name (`TextClassifier.stageNames`)
/// and its multiply-adds, those run once per projection row and those run
/// once per text.
struct EngineStage {
    let name: String
    let macsPerRow: Int
    let macsPerText: Int
    /// Its layers read the ternary projection.
    var readsProjection = false
}

/// An engine's stages in the order they are timed, each described once:
/// the index `add` returns is the one its code times into.
struct EngineStages {
    private(set) var list: [EngineStage] = [EngineStage(name: "projection", macsPerRow: 0, macsPerText: 0)]
    /// Multiply-adds per step of each weight layer, by name.
    let layerMACs: [String: Int]

    init(layerMACs: [String: Int]) { self.layerMACs = layerMACs }

    /// Appends a stage running the layers `perRow` once per row and
    /// `perText` once per text; returns its index in
    /// `EngineWorkspace.stageNanoseconds`.
    mutating func add(_ name: String, perRow: [String] = [], perText: [String] = [], readsProjection: Bool = false) -> Int {
        let stage = EngineStage(name: name, macsPerRow: perRow.reduce(0) { $0 + layerMACs[$1]! },
                                macsPerText: perText.reduce(0) { $0 + layerMACs[$1]! }, readsProjection: readsProjection)
        list.append(stage)
        macsPerRow += stage.macsPerRow
        macsPerText += stage.macsPerText
        return list.count - 1
    }

    var names: [String] { list.map(\.name) }
    var readsProjection: [Bool] { list.map(\.readsProjection) }

    /// Multiply-adds per row of the stages `indices` together (what a split
    /// of them hands the pool, per row).
    func macsPerRow(_ indices: [Int]) -> Int { indices.reduce(0) { $0 + list[$1].macsPerRow } }

    /// Multiply-adds of each stage on `rows` rows.
    func macs(rows: Int) -> [Int] { list.map { $0.macsPerRow * rows + $0.macsPerText } }

    /// Multiply-adds of the whole inference on `rows` rows (no allocation:
    /// the engines ask it on every text, to decide whether to split).
    func totalMACs(rows: Int) -> Int { macsPerRow * rows + macsPerText }
    private var macsPerRow = 0, macsPerText = 0
}
