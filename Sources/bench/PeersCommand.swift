import ArgumentParser
import Foundation
import TernBenchKit
import TernLab
import TernModels

struct Peers: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export the layers Tern is compared on with ONNX Runtime and LiteRT, with Tern's outputs and times (scripts/peers/run runs the peers).",
        discussion: """
            Writes DIR/manifest.json (shapes, scales, zero points, Tern's per-variant times at one and two threads) \
            and the tensors (int8 inputs and weights, int32 bias, Tern's reference output) that scripts/peers/ \
            builds the peers' graphs from and checks their outputs against.
            """)

    @OptionGroup var common: CommonOptions
    @Option(help: "Folder for the manifest and tensors.") var export: String
    @Option(help: "PRADO or pQRNN int8 model files compared after the projection (comma-separated).")
    var models = "Results/trained/prado-sst2.safetensors,Results/trained/pqrnn-sst2.safetensors"
    @Option(help: "Tokens of the projected sample texts the models run on (comma-separated).") var lengths = "16,64,128"

    func run() throws {
        try common.checkBuild()
        let modelURLs = models.split(separator: ",").map { URL(fileURLWithPath: String($0)) }
        for url in modelURLs where !FileManager.default.fileExists(atPath: url.path) {
            throw BenchFailure("no model file at \(url.path) (run from the package folder, or pass --models)")
        }
        let result = try PeerCases.export(to: URL(fileURLWithPath: export), models: modelURLs,
                                          lengths: try parseList(lengths, name: "length", range: 1...8192),
                                          policy: common.policy, command: commandLine, progress: progress)
        let inexact = result.tern.filter { !$0.withinTolerance } + result.models.flatMap(\.inputs).flatMap(\.tern).filter { !$0.exact }
        for t in inexact { progress("\(t.caseID) \(t.variant): output differs from the reference by \(t.maxDifference), beyond its tolerance \(t.tolerance)") }
        print("exported \(result.cases.count) cases and \(result.tern.count) Tern timings to \(export)")
        if !inexact.isEmpty { throw ExitCode(1) }
    }
}
