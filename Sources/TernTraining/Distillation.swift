import Foundation
import TernKernels
import TernModels

/// Knowledge distillation: teachers (float32 models, or tables of logits
/// computed elsewhere: `LogitsTable`) give every training text soft
/// targets, the student learns from a mix of them and the hard labels;
/// unlabeled texts train on the soft targets alone.
///
/// Loss per example, logits z, teacher logits t averaged over the teachers,
/// temperature T, soft weight a:
/// `(1 - a) CE(softmax(z), y) + a T^2 KL(softmax(t / T) || softmax(z / T))`,
/// whose gradient with respect to z is
/// `(1 - a) (softmax(z) - y) + a T (softmax(z / T) - softmax(t / T))`
/// (Hinton, Vinyals, Dean 2015). Unlabeled texts have a = 1.
public struct DistillationOptions: Codable, Sendable, Equatable {
    /// The teachers' model files (float32: the NAME.f32.safetensors twins
    /// tern train writes) or logits tables (`.tsv`, `Distillation.LogitsTable`);
    /// their logits are averaged.
    public var teachers: [String]
    public var temperature: Float
    /// a, the soft targets' share of the loss of a labeled text.
    public var softWeight: Float
    /// A file of unlabeled texts (one per line) the teachers label.
    public var unlabeled: String?

    public init(teachers: [String], temperature: Float, softWeight: Float, unlabeled: String? = nil) {
        self.teachers = teachers
        self.temperature = temperature
        self.softWeight = softWeight
        self.unlabeled = unlabeled
    }
}

public enum Distillation {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    /// One teacher's logits of a text.
    typealias Teacher = @Sendable (String) throws -> [Float]

    /// Loads the teachers and checks each has the data set's labels, in
    /// order. A path ending in `.tsv` is a `LogitsTable`, which must hold
    /// every one of `texts` (the texts distilled on).
    static func teachers(_ paths: [String], labels: [String], texts: [String]) throws -> [Teacher] {
        try paths.map { path in
            if path.hasSuffix(".tsv") {
                let table = try LogitsTable(contentsOf: path)
                guard table.labels == labels else {
                    throw Failure("--teacher \(path) has labels \(table.labels.joined(separator: ",")), the data set \(labels.joined(separator: ","))")
                }
                let missing = texts.filter { table.logits[$0] == nil }
                if let first = missing.first {
                    throw Failure("--teacher \(path) has no logits for \(missing.count) of the \(texts.count) texts distilled on "
                                  + "(the first: \"\(first.prefix(60))\")")
                }
                return { text in
                    guard let z = table.logits[text] else { throw Failure("--teacher \(path) has no logits for a text") }
                    return z
                }
            }
            let model: any ClassifierModel
            do { model = try ModelFile.load(contentsOf: URL(fileURLWithPath: path)) } catch { throw Failure("--teacher \(path): \(error)") }
            guard model.labels == labels else {
                throw Failure("--teacher \(path) has labels \(model.labels.joined(separator: ",")), the data set \(labels.joined(separator: ","))")
            }
            switch model {
            case let m as FloatModel<PRADOConfig>: return { try m.logits($0) }
            case let m as FloatModel<PQRNNConfig>: return { try m.logits($0) }
            case let m as SGNNFloatModel: return { try m.logits($0) }
            default:
                throw Failure("--teacher \(path) is a \(model.format) model; give float32 models (the NAME.f32.safetensors twins tern train writes)")
            }
        }
    }

    /// The examples with the teachers' soft targets at `options.temperature`
    /// (the mean of their logits, divided by T, through a softmax); an
    /// unlabeled example's hard label becomes the teachers' choice. Texts a
    /// teacher cannot read (no tokens) keep no soft targets. Spread over
    /// `threads` threads; the result does not depend on their number.
    static func withSoftTargets(_ examples: [Example], teachers: [Teacher], options: DistillationOptions, threads: Int) -> [Example] {
        // One slot per example, each written by exactly one thread: a shared
        // Swift array mutated from several threads would race on its buffer.
        struct Slots: @unchecked Sendable { let values: UnsafeMutableBufferPointer<[Float]?> }
        let slots = Slots(values: .allocate(capacity: examples.count))
        slots.values.initialize(repeating: nil)
        defer { slots.values.deinitialize().deallocate() }
        let temperature = options.temperature, parts = max(1, threads)
        let chunk = (examples.count + parts - 1) / parts
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            for i in min(examples.count, part * chunk)..<min(examples.count, (part + 1) * chunk) {
                guard let all = try? teachers.map({ try $0(examples[i].text) }), let first = all.first else { continue }
                var mean = [Float](repeating: 0, count: first.count)
                for logits in all { for j in mean.indices { mean[j] += logits[j] / Float(all.count) } }
                slots.values[i] = softmax(mean.map { $0 / temperature })
            }
        }
        return examples.enumerated().map { i, e in
            var e = e
            e.softTargets = slots.values[i]
            if e.unlabeled, let q = e.softTargets { e.labels = [q.indices.max { q[$0] < q[$1] }!] }
            return e
        }
    }

    /// A teacher computed elsewhere (a linear model, a large network, a
    /// labeling service): its logits per text, in a file.
    ///
    ///     #labels<TAB>L1,L2,...          the data set's labels, in its order
    ///     z1,z2,...<TAB>text             one line per text; any monotone score
    ///                                    whose softmax is the teacher's belief
    ///                                    (log-probabilities will do)
    ///
    /// Read by the data sets' own reader (`Dataset.readRows`: lines split at
    /// line feeds alone, a trailing CR dropped, blank lines skipped, the text
    /// everything after the first tab), so its texts are the training texts
    /// byte for byte. A text listed twice with different logits, a non-finite
    /// or missing logit, or a line without a tab is a one-line error naming
    /// the line.
    struct LogitsTable {
        let labels: [String]
        let logits: [String: [Float]]

        init(contentsOf path: String) throws {
            let rows: [(line: Int, labels: [String], text: String)]
            do {
                rows = try Dataset.readRows(URL(fileURLWithPath: path)).rows
            } catch DatasetError.malformedLine(let file, let line, _) {
                throw Failure("\(file):\(line): expected logits<TAB>text")
            } catch DatasetError.empty {
                throw Failure("--teacher \(path) holds no #labels line")
            } catch {
                throw Failure("--teacher \(path): \(error)")
            }
            let header = rows[0]
            guard header.labels == ["#labels"], !header.text.isEmpty else {
                throw Failure("\(path):\(header.line): the first line must be #labels<TAB>L1,L2,...")
            }
            let labels = header.text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            var logits: [String: [Float]] = [:]
            for row in rows.dropFirst() {
                let z = row.labels.map { Float($0) }
                guard z.count == labels.count, z.allSatisfy({ $0?.isFinite == true }) else {
                    throw Failure("\(path):\(row.line): expected \(labels.count) finite logits before the tab")
                }
                let values = z.map { $0! }
                if let before = logits.updateValue(values, forKey: row.text), before != values {
                    throw Failure("\(path):\(row.line): the text is listed before with other logits")
                }
            }
            self.labels = labels
            self.logits = logits
        }
    }

    /// The unlabeled texts of `path`, one per line (split at line feeds
    /// alone: a text may hold U+0085 or other Unicode line breaks), blank
    /// lines and texts equal to one of `excluded` (the test and dev texts)
    /// dropped. Returns the examples and how many were dropped as equal.
    public static func unlabeledExamples(_ path: String, excluding excluded: Set<String>) throws -> (examples: [Example], dropped: Int) {
        guard let data = try? fileBytes(URL(fileURLWithPath: path)) else { throw Failure("--unlabeled \(path): cannot read it") }
        var examples: [Example] = [], dropped = 0
        // A byte order mark is not text: left in, the first line would also escape the exclusion below.
        for line in PredictionOutput.withoutByteOrderMark(data).split(separator: 0x0A, omittingEmptySubsequences: true) {
            var text = String(decoding: line, as: UTF8.self)
            if text.hasSuffix("\r") { text.removeLast() }
            guard text.contains(where: { !$0.isWhitespace }) else { continue }
            if excluded.contains(text) { dropped += 1; continue }
            examples.append(Example(labels: [0], text: text, unlabeled: true))
        }
        guard !examples.isEmpty else { throw Failure("--unlabeled \(path) holds no text") }
        return (examples, dropped)
    }

    /// The loss of one example under distillation and its gradient with
    /// respect to the logits (into `dlogits`), as the type's formula says.
    static func lossGradient(_ logits: UnsafeMutableBufferPointer<Float>, example: Example, options: DistillationOptions,
                             _ dlogits: UnsafeMutablePointer<Float>) -> Float {
        let hardShare = example.unlabeled ? 0 : 1 - options.softWeight
        var loss = hardShare == 0 ? 0 : hardShare * TernTraining.lossGradient(logits, labels: example.labels, multiLabel: false, dlogits)
        for i in 0..<logits.count { dlogits[i] *= hardShare }
        guard let q = example.softTargets else { return loss }
        let softShare = example.unlabeled ? 1 : options.softWeight, t = options.temperature
        let p = softmax((0..<logits.count).map { logits[$0] / t })
        for i in 0..<logits.count {
            dlogits[i] += softShare * t * (p[i] - q[i])
            if q[i] > 0 { loss += softShare * t * t * q[i] * Foundation.log(q[i] / max(p[i], .leastNormalMagnitude)) }
        }
        return loss
    }

    static func softmax(_ z: [Float]) -> [Float] {
        let m = z.max() ?? 0
        let e = z.map { Foundation.exp($0 - m) }
        let sum = e.reduce(0, +)
        return e.map { $0 / sum }
    }
}
