import Foundation
import TernKernels

// Bench suites: projection. Registered in `BenchSuites.kernelSuites`.
extension BenchSuites {
    static let projection = BenchSuite(name: "projection", summary: "projection variants, texts of T tokens, batch across threads") { ctx in
        var out: [BenchCase] = []
        let words = SampleTexts.all.flatMap { $0.text.split(separator: " ") }
        let plan = try ProjectionPlan(ProjectionOptions(featureSize: 512))
        for t in ctx.seqLens {
            // A batch of 16 texts of exactly T tokens, cut from the sample texts.
            let texts: [[UInt8]] = (0..<16).map { b in
                Array((0..<t).map { words[(b * 997 + $0) % words.count] }.joined(separator: " ").utf8)
            }
            let bytes = texts.reduce(0) { $0 + $1.count }
            for v in ProjectionVariants.available {
                for n in ctx.threads where v.isReference ? n == 1 : true {
                    let workspaces = (0..<max(n, 1)).map { _ in ProjectionWorkspace() }
                    let run: () -> Void
                    if n > 1, let pool = ctx.pools[n] {
                        run = {
                            pool.parallelFor(n) { w in
                                var i = w
                                while i < texts.count {
                                    texts[i].withUnsafeBytes { try? v.project($0, plan: plan, workspace: workspaces[w]) }
                                    i += n
                                }
                            }
                        }
                    } else {
                        run = { for text in texts { text.withUnsafeBytes { try? v.project($0, plan: plan, workspace: workspaces[0]) } } }
                    }
                    out.append(BenchCase(family: "projection", variant: v.id, isa: v.isa.description, isReference: v.isReference,
                                         shape: "F=512", seqLen: t, threads: n, batch: 16, macs: 0, bytes: bytes + 16 * t * 512,
                                         bound: .memory, tokens: 16 * t, texts: 16, run: run))
                }
            }
        }
        return out
    }
}
