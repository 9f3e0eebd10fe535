import Foundation
import TernModels

/// Classification metrics of scores against labels.
///
/// Single-label: the predicted class is the highest score; accuracy,
/// macro-F1 (the mean over classes of per-class F1), per-class precision and
/// recall, the confusion matrix (rows: true class, columns: predicted), and
/// for two classes the ROC-AUC of the second class's score (ties count one
/// half). Multi-label: a label is predicted when its score is at least 0.5;
/// accuracy is the share of exact matches, F1 per label.
public struct Metrics: Codable, Sendable, Equatable {
    public var examples: Int
    public var accuracy: Double
    public var macroF1: Double
    public var rocAUC: Double?
    public var precision: [Double]
    public var recall: [Double]
    public var f1: [Double]
    public var confusion: [[Int]]?

    public init(scores: [[Float]], labels: [[Int]], classes: Int, multiLabel: Bool) {
        precondition(scores.count == labels.count, "one score vector per example")
        examples = scores.count
        var tp = [Int](repeating: 0, count: classes), fp = tp, fn = tp
        var correct = 0
        if multiLabel {
            for (s, l) in zip(scores, labels) {
                let predicted = Set((0..<classes).filter { s[$0] >= 0.5 }), truth = Set(l)
                if predicted == truth { correct += 1 }
                for c in 0..<classes {
                    switch (predicted.contains(c), truth.contains(c)) {
                    case (true, true): tp[c] += 1
                    case (true, false): fp[c] += 1
                    case (false, true): fn[c] += 1
                    default: break
                    }
                }
            }
            confusion = nil
        } else {
            var matrix = [[Int]](repeating: [Int](repeating: 0, count: classes), count: classes)
            for (s, l) in zip(scores, labels) {
                let p = bestIndex(s)
                matrix[l[0]][p] += 1
                if p == l[0] { correct += 1; tp[p] += 1 } else { fp[p] += 1; fn[l[0]] += 1 }
            }
            confusion = matrix
        }
        accuracy = examples == 0 ? 0 : Double(correct) / Double(examples)
        func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : Double(a) / Double(b) }
        precision = (0..<classes).map { ratio(tp[$0], tp[$0] + fp[$0]) }
        recall = (0..<classes).map { ratio(tp[$0], tp[$0] + fn[$0]) }
        let p = precision, r = recall
        f1 = (0..<classes).map { p[$0] + r[$0] == 0 ? 0 : 2 * p[$0] * r[$0] / (p[$0] + r[$0]) }
        macroF1 = f1.reduce(0, +) / Double(max(1, classes))
        if classes == 2 && !multiLabel {
            rocAUC = Metrics.rocAUC(scores.map { Double($0[1]) }, positive: labels.map { $0[0] == 1 })
        } else {
            rocAUC = nil
        }
    }

    /// The probability that a random positive scores above a random
    /// negative (Mann-Whitney U over ranks, ties averaged); nil without both.
    static func rocAUC(_ scores: [Double], positive: [Bool]) -> Double? {
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var ranks = [Double](repeating: 0, count: scores.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && scores[order[j + 1]] == scores[order[i]] { j += 1 }
            let rank = Double(i + j) / 2 + 1
            for k in i...j { ranks[order[k]] = rank }
            i = j + 1
        }
        let positives = positive.filter { $0 }.count, negatives = positive.count - positives
        guard positives > 0, negatives > 0 else { return nil }
        let sum = zip(ranks, positive).reduce(0.0) { $0 + ($1.1 ? $1.0 : 0) }
        return (sum - Double(positives) * Double(positives + 1) / 2) / (Double(positives) * Double(negatives))
    }

    /// The metric training selects on: macro-F1 for the offensive-language
    /// task's style (unbalanced classes), else accuracy.
    public func selected(_ name: MetricName) -> Double {
        switch name {
        case .accuracy: return accuracy
        case .macroF1: return macroF1
        case .rocAUC: return rocAUC ?? accuracy
        }
    }
}

public enum MetricName: String, Codable, Sendable, CaseIterable { case accuracy, macroF1 = "macro-f1", rocAUC = "roc-auc" }
