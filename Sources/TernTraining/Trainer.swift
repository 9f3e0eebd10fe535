import Foundation
import TernKernels
import TernModels

/// Hyper-parameters of a training run (the reference's recipe where it has one).
public struct TrainingOptions: Codable, Sendable {
    public var epochs = 10
    public var batchSize = 32
    public var learningRate: Float = 1e-3
    /// Staircase decay: the rate is multiplied by `decayRate` every `decaySteps` steps.
    public var decayRate: Float = 0.7
    public var decaySteps = 2000
    public var l2: Float = 1e-5
    public var dropout: Float = 0.5
    /// Projection distortion (augmentation) during training.
    public var distortion: Float = 0.25
    public var seed: UInt64 = 1
    public var threads = 1
    /// Share of train held out as dev when the data set has no dev.tsv.
    public var devFraction = 0.1
    /// Stop after this many epochs without a better dev metric.
    public var patience = 3
    /// Texts the int8 export calibrates its activation ranges on.
    public var calibrationTexts = 2000
    /// Weigh each single-label example's loss by N / (C * count of its
    /// class): unbalanced tasks (offensive language) then train for macro-F1.
    public var balanceClasses = false
    /// Quantization-aware training from this epoch on (1: from the start;
    /// nil: off): forward and backward see the weights on their int8 grid,
    /// Adam updates the float weights (straight-through), dev is measured on
    /// the grid, and the kept parameters are the grid's: early stopping
    /// forgets the epochs before it, so the kept model is trained on the grid.
    public var qatFromEpoch: Int? = nil
    /// pQRNN's zoneout probability (nil: none); optional so that metrics
    /// files written before it existed still decode.
    public var zoneout: Float? = nil
    /// With `qatFromEpoch`, the activations train on their int8 grid too,
    /// their ranges tracked (`ActivationRangeTracker`) and exported; nil or
    /// false: the weights only (as runs before this option trained).
    public var qatActivations: Bool? = nil
    /// Batch normalization after every layer, before its activation
    /// (PRADO, pQRNN), on the batch's statistics in training, folded into
    /// the layers at export; nil or false: none.
    public var batchNorm: Bool? = nil
    /// The float products of the convolutions and the attention and
    /// classifier layers (PRADO, pQRNN); nil: the project's loops, as every
    /// run before this option.
    public var floatProducts: FloatProducts? = nil
    /// Transfer (PRADO, pQRNN): the float32 model file whose layers start
    /// the run instead of a random initialization; nil: random, as every
    /// run before this option.
    public var initFrom: String? = nil
    /// With `initFrom`: layers initialized at random anyway (the classifier
    /// is whenever the label sets differ).
    public var reinitialize: [String]? = nil
    /// Layers whose parameters training leaves as they start (with
    /// `initFrom`: as the file has them).
    public var freeze: [String]? = nil
    /// Knowledge distillation from teachers (single-label data sets); nil: none.
    public var distillation: DistillationOptions? = nil

    public init() {}

    /// Each example of a batch gets its own worker with batch norm (the
    /// examples meet at every normalized layer), else each thread one.
    var workerCount: Int { batchNorm == true ? max(1, batchSize) : max(1, threads) }

    func quantizesWeights(inEpoch epoch: Int) -> Bool { qatFromEpoch.map { epoch >= $0 } ?? false }
    func quantizesActivations(inEpoch epoch: Int) -> Bool { qatActivations == true && quantizesWeights(inEpoch: epoch) }
}

/// One epoch's figures, for the log and the metrics JSON.
public struct EpochLog: Codable, Sendable, Equatable {
    public var epoch: Int
    public var steps: Int
    public var trainLoss: Double
    public var devMetric: Double
    public var examplesPerSecond: Double
    public var seconds: Double
}

/// Trains a network on a data set: minibatches split across threads (each
/// thread its own gradient buffer, summed in a fixed order, so a seed gives
/// the same model for the same thread count; with batch norm each example
/// has its own worker and the model is the same for any thread count), Adam,
/// dev evaluation after every epoch, early stopping on the dev metric (the
/// best parameters are kept).
public final class Trainer<Network: TrainableNetwork> {
    public let network: Network
    public let options: TrainingOptions
    public private(set) var parameters: [Float]
    public private(set) var optimizer: AdamOptimizer
    public private(set) var log: [EpochLog] = []
    let pool: ThreadPool?
    /// The current epoch trains on the weights' int8 grid (options.qatFromEpoch).
    var quantizingWeights = false
    /// The current epoch trains on the activations' int8 grid (options.qatActivations).
    var quantizingActivations = false
    /// The activations' moving ranges, and those of the best parameters (what the export uses).
    public private(set) var activationRanges = ActivationRangeTracker()
    public private(set) var bestActivationRanges = ActivationRangeTracker()
    /// Batch norm's moving statistics, and those of the best parameters (what the export folds).
    public private(set) var normStatistics = BatchNormStatistics()
    public private(set) var bestNormStatistics = BatchNormStatistics()

    /// The ranges the int8 export must use: those the kept parameters were
    /// trained and chosen with; nil when they were not trained on the
    /// activations' grid (the export then calibrates).
    public var trainedActivationRanges: ActivationRanges? {
        bestActivationRanges.low.isEmpty ? nil : bestActivationRanges.ranges
    }

    /// Quantization-aware training with batch norm: the normalization is
    /// frozen on its moving statistics and folded into the layers, whose
    /// folded weights train on the grid the export gives them.
    var foldingNorm: Bool { network.layout.batchNorm && quantizingWeights }

    /// What forward passes see: the parameters, or with quantization-aware
    /// training their weights on the int8 grid (folded with batch norm's first).
    var effectiveParameters: [Float] {
        if foldingNorm { return network.layout.folded(parameters, statistics: normStatistics, quantize: true) }
        return quantizingWeights ? network.layout.weightQuantized(parameters) : parameters
    }

    /// The gradient with respect to the parameters from the one with respect to `effectiveParameters`.
    func parameterGradient(_ grad: [Float]) -> [Float] {
        foldingNorm ? network.layout.unfoldGradient(grad, values: parameters, statistics: normStatistics) : grad
    }

    /// Flat ranges of the parameters training leaves as they start, and those values.
    let frozen: [(range: Range<Int>, values: [Float])]

    public init(network: Network, initial: [Float], options: TrainingOptions, frozen: [Range<Int>] = []) {
        self.network = network
        self.options = options
        parameters = initial
        self.frozen = frozen.map { ($0, Array(initial[$0])) }
        optimizer = AdamOptimizer(count: initial.count, learningRate: options.learningRate, decayRate: options.decayRate,
                                  decaySteps: options.decaySteps, l2: options.l2)
        pool = options.threads > 1 ? ThreadPool(threads: options.threads) : nil
    }

    /// Per-thread state: feature extractor, network scratch, gradient, random numbers.
    final class Worker {
        let extractor: Network.Extractor
        let scratch: Network.Scratch
        var grad: [Float]
        var dlogits: [Float]
        var rng: SplitMix64
        var loss: Double = 0
        var seen = 0

        init(_ network: Network, seed: UInt64, distortion: Float) throws {
            extractor = try network.makeExtractor(seed: seed, distortion: distortion)
            scratch = network.makeScratch(maxRows: network.maxRows)
            grad = [Float](repeating: 0, count: network.layout.count)
            dlogits = [Float](repeating: 0, count: network.classes)
            rng = SplitMix64(seed: seed)
        }

        /// A random window start in 0...k, from the worker's generator (which dropout also draws from).
        func windowStart(_ k: Int) -> Int { Int(rng.next() % UInt64(k + 1)) }
    }

    /// Trains for `options.epochs` (or until early stopping); `report` sees every epoch and,
    /// with a step count, progress inside one. With a checkpoint plan the
    /// state is saved every `everySteps` steps and at each epoch's end;
    /// `resume` continues from such a checkpoint (the result is the same as
    /// an uninterrupted run's).
    public func train(_ train: [Example], dev: [Example], metric: ([Example], [[Float]]) -> Double,
                      checkpoint: CheckpointPlan? = nil, resume: TrainingCheckpoint? = nil,
                      report: (EpochLog?, _ step: Int, _ stepsPerEpoch: Int, _ loss: Double) -> Void) throws {
        let workerCount = options.workerCount
        var order = Array(train.indices)
        var best: Double? = nil, bestParameters = parameters, sinceBest = 0
        let stepsPerEpoch = (train.count + options.batchSize - 1) / options.batchSize
        var classWeights = [Float](repeating: 1, count: network.classes)
        if options.balanceClasses && !network.multiLabel {
            var counts = [Int](repeating: 0, count: network.classes)
            for e in train { counts[e.labels[0]] += 1 }
            classWeights = counts.map { $0 == 0 ? 1 : Float(train.count) / Float(network.classes * $0) }
        }
        var firstEpoch = 1, firstStep = 0
        var carried = (loss: 0.0, seen: 0, seconds: 0.0)
        if let resume {
            let s = resume.state
            guard resume.parameters.count == parameters.count, s.workerGenerators.count == workerCount,
                  s.nextStep <= stepsPerEpoch else {
                throw CheckpointError.malformed(checkpoint?.url.path ?? "checkpoint", reason: "its shapes do not fit this run")
            }
            parameters = resume.parameters
            bestParameters = resume.bestParameters
            optimizer.m = resume.adamM
            optimizer.v = resume.adamV
            optimizer.step = s.adamStep
            activationRanges = s.activationRanges ?? ActivationRangeTracker()
            normStatistics = s.normStatistics ?? BatchNormStatistics()
            bestNormStatistics = s.bestNormStatistics ?? BatchNormStatistics()
            bestActivationRanges = s.bestActivationRanges ?? ActivationRangeTracker()
            best = s.best
            sinceBest = s.sinceBest
            log = s.log
            if s.finished {
                parameters = bestParameters
                activationRanges = bestActivationRanges
                normStatistics = bestNormStatistics
                return
            }
            (firstEpoch, firstStep) = (s.epoch, s.nextStep)
            carried = (s.epochLoss, s.epochSeen, s.epochSeconds)
        }
        func shuffle(_ epoch: Int) {
            var generator = SplitMix64(seed: options.seed &+ UInt64(epoch) &* 0x9E37_79B9)
            for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, Int(generator.next() % UInt64(i + 1))) }
        }
        for epoch in 1..<firstEpoch { shuffle(epoch) }
        let lastEpoch = max(1, options.epochs)
        epochs: for epoch in firstEpoch...max(firstEpoch, lastEpoch) {
            shuffle(epoch)
            let workers = try (0..<workerCount).map {
                try Worker(network, seed: options.seed &* 1_000_003 &+ UInt64(epoch * 64 + $0), distortion: options.distortion)
            }
            var firstStepOfEpoch = 0
            var epochLoss = 0.0, epochSeen = 0, earlierSeconds = 0.0
            if epoch == firstEpoch, let resume, resume.state.nextStep > 0 {
                for (w, wi) in zip(workers, workers.indices) {
                    w.rng = SplitMix64(seed: resume.state.workerGenerators[wi])
                    w.extractor.distortionState = resume.state.workerDistortion[wi]
                }
                firstStepOfEpoch = firstStep
                (epochLoss, epochSeen, earlierSeconds) = carried
            }
            func save(epoch: Int, nextStep: Int, finished: Bool, seconds: Double) throws {
                guard let checkpoint else { return }
                let state = TrainingCheckpoint.State(
                    identity: checkpoint.identity, epoch: epoch, nextStep: nextStep, finished: finished, best: best,
                    sinceBest: sinceBest, log: log, adamStep: optimizer.step, epochLoss: nextStep == 0 ? 0 : epochLoss,
                    epochSeen: nextStep == 0 ? 0 : epochSeen, epochSeconds: nextStep == 0 ? 0 : seconds,
                    workerGenerators: workers.map { nextStep == 0 ? 0 : $0.rng.state },
                    workerDistortion: workers.map { $0.extractor.distortionState },
                    activationRanges: activationRanges.low.isEmpty ? nil : activationRanges,
                    bestActivationRanges: bestActivationRanges.low.isEmpty ? nil : bestActivationRanges,
                    normStatistics: normStatistics.mean.isEmpty ? nil : normStatistics,
                    bestNormStatistics: bestNormStatistics.mean.isEmpty ? nil : bestNormStatistics)
                try TrainingCheckpoint(state: state, parameters: parameters, bestParameters: bestParameters,
                                       adamM: optimizer.m, adamV: optimizer.v).write(to: checkpoint.url)
            }
            let start = monotonicNanoseconds()
            var elapsed: Double { earlierSeconds + Double(monotonicNanoseconds() - start) / 1e9 }
            quantizingWeights = options.quantizesWeights(inEpoch: epoch)
            quantizingActivations = options.quantizesActivations(inEpoch: epoch)
            if epoch > 1, epoch == options.qatFromEpoch, firstStepOfEpoch == 0 {
                // Quantization-aware training starts: only models trained on the grid compete from here,
                // so the kept model is one of them (and its ranges are the ones the export uses).
                best = nil
                sinceBest = 0
            }
            for step in firstStepOfEpoch..<stepsPerEpoch {
                let batch = Array(order[(step * options.batchSize)..<min(order.count, (step + 1) * options.batchSize)])
                let effective = effectiveParameters
                let barrier = accumulate(batch.map { train[$0] }, workers: workers, parameters: effective, classWeights: classWeights)
                let seen = workers.reduce(0) { $0 + $1.seen }
                if seen > 0 {
                    var grad = summedGradient(workers)
                    let scale = 1 / Float(seen)
                    for i in grad.indices { grad[i] *= scale }
                    optimizer.update(&parameters, parameterGradient(grad))
                    // Frozen layers go back to where they started (Adam's L2 term and momentum would move them).
                    for f in frozen { parameters.replaceSubrange(f.range, with: f.values) }
                    if let barrier { normStatistics.update(barrier.statistics) }
                    if quantizingActivations {
                        // Min and max do not depend on which worker saw which example: the ranges are deterministic.
                        var batch: [String: ObservedRange] = [:]
                        for w in workers { for (name, r) in w.scratch.activations.observed { batch[name, default: ObservedRange()].merge(r) } }
                        activationRanges.update(batch)
                    }
                    for w in workers {
                        w.grad.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
                        epochLoss += w.loss
                        epochSeen += w.seen
                        w.loss = 0
                        w.seen = 0
                    }
                }
                if step % 20 == 0 { report(nil, step, stepsPerEpoch, epochLoss / Double(max(1, epochSeen))) }
                if let checkpoint, (step + 1) % checkpoint.everySteps == 0, step + 1 < stepsPerEpoch {
                    try save(epoch: epoch, nextStep: step + 1, finished: false, seconds: elapsed)
                }
            }
            let seconds = elapsed
            let devMetric = metric(dev, try predict(dev.map(\.text)))
            let entry = EpochLog(epoch: epoch, steps: optimizer.step, trainLoss: epochLoss / Double(max(1, epochSeen)),
                                 devMetric: devMetric, examplesPerSecond: Double(epochSeen) / seconds, seconds: seconds)
            log.append(entry)
            report(entry, stepsPerEpoch, stepsPerEpoch, entry.trainLoss)
            var stop = epoch >= lastEpoch
            if best.map({ devMetric > $0 }) ?? true {
                best = devMetric
                // Grid weights are kept; with batch norm folding, the parameters themselves (the export refolds them onto the same grid).
                bestParameters = foldingNorm ? parameters : effectiveParameters
                bestActivationRanges = quantizingActivations ? activationRanges : ActivationRangeTracker()
                bestNormStatistics = normStatistics
                sinceBest = 0
            } else {
                sinceBest += 1
                if sinceBest >= options.patience { stop = true }
            }
            try save(epoch: epoch + 1, nextStep: 0, finished: stop, seconds: 0)
            if stop { break epochs }
        }
        // The kept parameters are already on the grid when they were chosen under quantization-aware training.
        parameters = bestParameters
        activationRanges = bestActivationRanges
        normStatistics = bestNormStatistics
        quantizingWeights = false
        quantizingActivations = false
    }

    /// One batch forward and backward in training mode: each worker's
    /// gradient, loss and count accumulate (example i on worker i mod
    /// workers). Returns the batch-norm meeting, which holds the batch
    /// statistics, when the network normalizes.
    func accumulate(_ examples: [Example], workers: [Worker], parameters effective: [Float],
                    classWeights: [Float]) -> BatchNormBarrier? {
        let workerCount = workers.count
        for w in workers { w.scratch.activations.begin(activationRanges, enabled: quantizingActivations, training: true) }
        let barrier = network.layout.batchNorm && !foldingNorm ? BatchNormBarrier(examples: examples.count, permits: options.threads) : nil
        for (wi, w) in workers.enumerated() { w.scratch.norm.mode = barrier.map { .batch($0, example: wi) } ?? .off }
        let run: (Int) -> Void = { [self] wi in
            let w = workers[wi]
            for bi in stride(from: wi, to: examples.count, by: workerCount) {
                let example = examples[bi]
                var ran = false
                // An example without tokens never meets the others: they stop waiting for it.
                defer { if !ran { barrier?.leave() } }
                w.extractor.withFeatures(example.text, training: true, windowStart: w.windowStart) { x, rows in
                    ran = true
                    effective.withUnsafeBufferPointer { p in
                        let logits = network.forward(p.baseAddress!, x, rows: rows, w.scratch, train: true, rng: &w.rng)
                        w.dlogits.withUnsafeMutableBufferPointer { d in
                            let weight = network.multiLabel ? 1 : classWeights[example.labels[0]]
                            if let distillation = options.distillation, example.softTargets != nil || example.unlabeled {
                                w.loss += Double(weight * Distillation.lossGradient(logits, example: example, options: distillation,
                                                                                    d.baseAddress!))
                            } else {
                                w.loss += Double(weight * lossGradient(logits, labels: example.labels, multiLabel: network.multiLabel,
                                                                       d.baseAddress!))
                            }
                            if weight != 1 { for i in 0..<d.count { d[i] *= weight } }
                            w.grad.withUnsafeMutableBufferPointer { g in
                                network.backward(p.baseAddress!, x, rows: rows, w.scratch, dlogits: d.baseAddress!, grad: g.baseAddress!)
                            }
                        }
                    }
                    w.seen += 1
                }
            }
        }
        if let barrier {
            runMeeting(examples.count, barrier, run)
        } else if let pool {
            pool.parallelFor(workerCount, run)
        } else {
            for wi in 0..<workerCount { run(wi) }
        }
        return barrier
    }

    /// The summed loss of `examples` and its gradient at `parameters`, in
    /// training mode on fresh workers (the gradient checks' entry: with
    /// batch norm the loss of one example depends on the whole batch). A
    /// batch-norm fold (quantization-aware training) is unfolded at the
    /// trainer's own parameters.
    func lossAndGradient(_ examples: [Example], parameters: [Float]) throws -> (loss: Double, gradient: [Float]) {
        let workers = try (0..<options.workerCount).map { try Worker(network, seed: UInt64($0), distortion: 0) }
        _ = accumulate(examples, workers: workers, parameters: parameters,
                       classWeights: [Float](repeating: 1, count: network.classes))
        return (workers.reduce(0) { $0 + $1.loss }, parameterGradient(summedGradient(workers)))
    }

    /// The workers' gradients added in worker order (the same sum every run).
    func summedGradient(_ workers: [Worker]) -> [Float] {
        var grad = workers[0].grad
        grad.withUnsafeMutableBufferPointer { g in
            for w in workers.dropFirst() {
                w.grad.withUnsafeBufferPointer { wg in for i in 0..<g.count { g[i] += wg[i] } }
            }
        }
        return grad
    }

    /// Float probabilities of the current parameters for each text (no
    /// dropout, the first rows); an empty text gets uniform scores.
    public func predict(_ texts: [String]) throws -> [[Float]] {
        let threads = max(1, options.threads)
        let workers = try (0..<threads).map { try Worker(network, seed: UInt64($0), distortion: 0) }
        var out = [[Float]](repeating: [], count: texts.count)
        let parameters = effectiveParameters
        for w in workers {
            w.scratch.activations.begin(activationRanges, enabled: quantizingActivations, training: false)
            w.scratch.norm.mode = network.layout.batchNorm && !foldingNorm ? .inference(normStatistics) : .off
        }
        out.withUnsafeMutableBufferPointer { results in
            let results = results
            let run: (Int) -> Void = { [self] wi in
                let w = workers[wi]
                for i in stride(from: wi, to: texts.count, by: threads) {
                    var scores = [Float](repeating: 1 / Float(network.classes), count: network.classes)
                    w.extractor.withFeatures(texts[i], training: false, windowStart: w.windowStart) { x, rows in
                        parameters.withUnsafeBufferPointer { p in
                            let logits = network.forward(p.baseAddress!, x, rows: rows, w.scratch, train: false, rng: &w.rng)
                            scores = probabilities(Array(logits), multiLabel: network.multiLabel)
                        }
                    }
                    results[i] = scores
                }
            }
            if let pool { pool.parallelFor(threads, run) } else { run(0) }
        }
        return out
    }
}

/// Runs `body(i)` for every example of a batch-normalized step, each on its
/// own thread (they wait for each other at every normalized layer, so they
/// must all be alive at once); `barrier`'s permits keep the computing ones to
/// the --threads count.
func runMeeting(_ count: Int, _ barrier: BatchNormBarrier, _ body: @escaping (Int) -> Void) {
    // The body touches only its own example's worker until the step ends (group.wait).
    struct Body: @unchecked Sendable { let run: (Int) -> Void }
    let shared = Body(run: body)
    let group = DispatchGroup()
    for i in 0..<count {
        group.enter()
        let thread = Thread {
            barrier.acquire()
            shared.run(i)
            barrier.release()
            group.leave()
        }
        thread.stackSize = 1 << 22
        thread.start()
    }
    group.wait()
}
