import Foundation
import Testing
@testable import TernTraining

/// Distillation's loss against its formula: the gradient is the loss's
/// derivative (checked numerically), no soft weight is plain cross-entropy,
/// an unlabeled text learns from the soft targets alone.
@Suite struct DistillationTests {
    static func loss(_ z: [Float], _ example: Example, _ options: DistillationOptions) -> (loss: Float, gradient: [Float]) {
        var logits = z, d = [Float](repeating: 0, count: z.count)
        let loss = logits.withUnsafeMutableBufferPointer { l in
            d.withUnsafeMutableBufferPointer { Distillation.lossGradient(l, example: example, options: options, $0.baseAddress!) }
        }
        return (loss, d)
    }

    @Test func theGradientIsTheLossDerivative() {
        let z: [Float] = [0.3, -1.2, 2.0, 0.5]
        for unlabeled in [false, true] {
            var example = Example(labels: [1], text: "x", unlabeled: unlabeled)
            example.softTargets = Distillation.softmax([1.0, -0.5, 0.2, 0.9].map { $0 / 3 })
            let options = DistillationOptions(teachers: [], temperature: 3, softWeight: 0.4)
            let (_, gradient) = Self.loss(z, example, options)
            for i in z.indices {
                var up = z, down = z
                up[i] += 1e-2
                down[i] -= 1e-2
                let numeric = (Self.loss(up, example, options).loss - Self.loss(down, example, options).loss) / 2e-2
                #expect(abs(numeric - gradient[i]) < 2e-3, "unlabeled \(unlabeled) logit \(i): \(numeric) vs \(gradient[i])")
            }
        }
    }

    @Test func noSoftWeightIsCrossEntropyAndUnlabeledIsSoftAlone() {
        let z: [Float] = [0.3, -1.2, 2.0]
        var example = Example(labels: [2], text: "x")
        example.softTargets = [0.2, 0.3, 0.5]
        var plain = z, d = [Float](repeating: 0, count: 3)
        let crossEntropy = plain.withUnsafeMutableBufferPointer { l in d.withUnsafeMutableBufferPointer { lossGradient(l, labels: [2], multiLabel: false, $0.baseAddress!) } }
        let hard = Self.loss(z, example, DistillationOptions(teachers: [], temperature: 2, softWeight: 0))
        #expect(abs(hard.loss - crossEntropy) < 1e-6 && zip(hard.gradient, d).allSatisfy { abs($0 - $1) < 1e-6 })
        // Soft targets equal to the student's own tempered softmax: no soft gradient.
        var unlabeled = Example(labels: [0], text: "x", unlabeled: true)
        unlabeled.softTargets = Distillation.softmax(z.map { $0 / 2 })
        let soft = Self.loss(z, unlabeled, DistillationOptions(teachers: [], temperature: 2, softWeight: 0.1))
        #expect(soft.gradient.allSatisfy { abs($0) < 1e-6 } && abs(soft.loss) < 1e-5, "\(soft)")
    }

    /// Soft targets do not depend on the thread count, including counts that
    /// leave the last threads no examples (6 examples on 16 threads), and an
    /// unlabeled text takes the teachers' choice as its label.
    @Test func softTargetsAreTheSameOnAnyThreadCount() {
        let teachers: [Distillation.Teacher] = [{ [Float($0.count), 1] }, { [1, Float($0.count % 3)] }]
        var examples = (0..<5).map { Example(labels: [0], text: String(repeating: "w", count: $0 + 1)) }
        examples.append(Example(labels: [0], text: "wwwwwww", unlabeled: true))
        let options = DistillationOptions(teachers: [], temperature: 2, softWeight: 0.5)
        let one = Distillation.withSoftTargets(examples, teachers: teachers, options: options, threads: 1)
        for threads in [2, 4, 7, 16] {
            let many = Distillation.withSoftTargets(examples, teachers: teachers, options: options, threads: threads)
            #expect(many.map(\.softTargets) == one.map(\.softTargets), "\(threads) threads")
        }
        #expect(one.allSatisfy { $0.softTargets?.count == 2 })
        // Mean logits of "wwwwwww" (7 letters): [(7 + 1) / 2, (1 + 1) / 2] = [4, 1]: the first class.
        #expect(one.last?.labels == [0] && one.last!.softTargets![0] > one.last!.softTargets![1])
    }

    @Test func unlabeledTextsSplitAtLineFeedsAloneAndSkipJudgedTexts() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tern-unlabeled-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data("a review\u{0085}with a next-line inside\n\n   \na test text\r\nanother\n".utf8).write(to: url)
        let (examples, dropped) = try Distillation.unlabeledExamples(url.path, excluding: ["a test text"])
        #expect(examples.map(\.text) == ["a review\u{0085}with a next-line inside", "another"] && dropped == 1)
        #expect(examples.allSatisfy { $0.unlabeled })
        #expect(throws: Distillation.Failure.self) { _ = try Distillation.unlabeledExamples(url.path + ".none", excluding: []) }
        // A byte order mark before a judged first line: still excluded, not kept as another text.
        try Data([0xEF, 0xBB, 0xBF] + Array("a test text\nanother\n".utf8)).write(to: url)
        let marked = try Distillation.unlabeledExamples(url.path, excluding: ["a test text"])
        #expect(marked.examples.map(\.text) == ["another"] && marked.dropped == 1)
    }

    /// A logits table teacher: its logits for a text as written, read as the
    /// data sets are (LF alone, CR dropped, a tab inside the text kept); it
    /// must cover every text distilled on and name the data set's labels.
    @Test func aLogitsTableServesAsTeacher() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tern-teacher-\(UUID().uuidString).tsv")
        defer { try? FileManager.default.removeItem(at: url) }
        func write(_ s: String) throws { try Data(s.utf8).write(to: url) }
        try write("#labels\tneg,pos\r\n-0.1,-2.3\ta film\u{0085}about\ttabs\n\n-3,-0.05\tfine\n-3,-0.05\tfine\n")
        let teachers = try Distillation.teachers([url.path], labels: ["neg", "pos"], texts: ["a film\u{0085}about\ttabs", "fine"])
        #expect(try teachers[0]("a film\u{0085}about\ttabs") == [-0.1, -2.3] && teachers[0]("fine") == [-3, -0.05])
        func failure(_ labels: [String], _ texts: [String]) -> String {
            do { _ = try Distillation.teachers([url.path], labels: labels, texts: texts); return "" } catch { return "\(error)" }
        }
        #expect(failure(["pos", "neg"], ["fine"]).contains("has labels neg,pos, the data set pos,neg"))
        #expect(failure(["neg", "pos"], ["fine", "unseen", "also unseen"]).contains("no logits for 2 of the 3 texts"))
        for (bad, needle) in [("-1,2\tx\n", "first line must be #labels"), ("#labels\tneg,pos\n-1\tx\n", ":2: expected 2 finite logits"),
                              ("#labels\tneg,pos\n-1,nan\tx\n", ":2: expected 2 finite logits"), ("#labels\tneg,pos\nno tab\n", ":2: expected logits<TAB>text"),
                              ("#labels\tneg,pos\n1,2\tx\n1,3\tx\n", ":3: the text is listed before with other logits"), ("", "holds no #labels line")] {
            try write(bad)
            #expect(failure(["neg", "pos"], []).contains(needle), "\(bad): \(failure(["neg", "pos"], []))")
        }
    }
}
