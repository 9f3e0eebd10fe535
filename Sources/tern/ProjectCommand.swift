import ArgumentParser
import Foundation
import TernArguments
import TernKernels

struct Project: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Project text into ternary features, as PRADO and pQRNN see it.",
        discussion: """
            TEXT '-' reads the raw bytes of standard input. --format text prints a line per row: \
            the token (a backslash, tab, line feed or carriage return in it written \\\\, \\t, \\n, \\r), \
            a tab, its F values. --format json prints one object: \
            `features` holds one array of F values per row (BOS / EOS rows included), `tokens` \
            the tokens as hashed.
            """)

    enum Form: String, ExpressibleByArgument, CaseIterable { case int8, uint8, float }

    @Argument(help: "The text to project ('-' reads standard input).")
    var text: String

    @OptionGroup(title: "Projection") var projection: ProjectionArguments
    @Option(help: "Output form: int8 ternary, the TFLite uint8 form, or the TF float form.") var form: Form = .int8
    @Option(help: "Output format.") var format: OutputFormat = .text
    @Option(help: "Projection variant id (default: the fastest this machine runs).") var variant: String?

    func run() throws {
        let plan = try ProjectionPlan(projection.options)

        let chosen: ProjectionVariant
        if let variant {
            guard let v = ProjectionVariants.variant(id: variant) else {
                throw ValidationError("unknown variant '\(variant)'; known: \(ProjectionVariants.all.map(\.id).joined(separator: ", "))")
            }
            guard KernelDispatch.allows(v.isa) else {
                throw ValidationError("variant '\(variant)' needs \(v.isa), this machine runs at most \(KernelDispatch.active)")
            }
            chosen = v
        } else {
            chosen = ProjectionVariants.best
        }

        let bytes: [UInt8] = text == "-" ? try readStandardInput(limit: 256 << 20) : Array(text.utf8)
        let ws = ProjectionWorkspace()
        try bytes.withUnsafeBytes { try chosen.project($0, plan: plan, workspace: ws) }
        let tokens = bytes.withUnsafeBytes { ProjectionScalarRef.hashedTokens($0, plan: plan) }

        let f = plan.featureSize
        let rows: [[String]]
        switch form {
        case .int8:
            rows = (0..<ws.rows).map { r in ws.features[(r * f)..<(r * f + f)].map { String($0) } }
        case .uint8:
            let u = ProjectionForms.uint8(ws, plan: plan)
            rows = (0..<ws.rows).map { r in u[(r * f)..<(r * f + f)].map { String($0) } }
        case .float:
            let x = ProjectionForms.float(ws, plan: plan)
            rows = (0..<ws.rows).map { r in x[(r * f)..<(r * f + f)].map { "\($0)" } }
        }

        switch format {
        case .text:
            var out = ""
            for (r, row) in rows.enumerated() {
                out += Self.escaped(tokens[r]) + "\t" + row.joined(separator: " ") + "\n"
            }
            try emit(out)
        case .json:
            // Numbers are written as JSON numbers, so the array is built by hand.
            let features = "[" + rows.map { "[" + $0.joined(separator: ",") + "]" }.joined(separator: ",") + "]"
            let meta = try jsonString([
                "variant": chosen.id, "form": form.rawValue, "byte_sign": projection.byteSign.rawValue,
            ])
            let tokenJSON = try jsonString(tokens)
            let body = "{\"feature_size\":\(f),\"rows\":\(ws.rows),\"token_count\":\(ws.tokenCount),"
                + "\"tokens\":\(tokenJSON),\"features\":\(features),\"meta\":\(meta)}"
            try emit(body)
        }
    }
}

extension Project {
    /// A token on one field of one line: only spaces split tokens, so one
    /// may hold tabs and line breaks.
    static func escaped(_ token: String) -> String {
        let escapes: [UInt8: UInt8] = [0x5C: 0x5C, 0x09: 0x74, 0x0A: 0x6E, 0x0D: 0x72]   // \\ \t \n \r
        guard token.utf8.contains(where: { escapes[$0] != nil }) else { return token }
        var out: [UInt8] = []
        for byte in token.utf8 {
            if let letter = escapes[byte] { out += [0x5C, letter] } else { out.append(byte) }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

struct SGNNProject: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sgnn-project",
        abstract: "Project text with SGNN's FarmHash character n-gram projection.")

    @Argument(help: "The texts to project.") var texts: [String]
    @Option(help: "Comma-separated int32 hash seeds; their count is the projection size.") var seeds: String
    @Option(help: "Largest character n-gram order.") var ngramOrder = 3
    @Option(help: "Output format.") var format: OutputFormat = .text

    func run() throws {
        let parsed = try seeds.split(separator: ",").map { s -> Int32 in
            guard let v = Int32(s.trimmingCharacters(in: .whitespaces)) else { throw ValidationError("seed '\(s)' is not an int32") }
            return v
        }
        let projection = try SGNNProjection(seeds: parsed, ngramOrder: ngramOrder)
        let vectors = try texts.map { try projection.project($0) }
        switch format {
        case .json:
            try emit(try jsonString(["features": vectors]))
        case .text:
            try emit(vectors.map { $0.map { String(format: "%.6f", $0) }.joined(separator: " ") }.joined(separator: "\n"))
        }
    }
}

struct ISA: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the CPU, the ISA levels this build and machine support, and the kernel variants in use.")

    func run() throws {
        let cpu = CPUFeatures.host
        var out = "cpu: \(cpu.brand.isEmpty ? cpu.vendor : cpu.brand)\n"
        out += "features: \(cpu.names.joined(separator: " "))\n"
        out += "detected: \(KernelDispatch.detected)  active: \(KernelDispatch.active)"
        out += "  (\(KernelDispatch.environmentVariable) caps it)\n"
        out += "levels:\n"
        for level in ISALevel.allCases {
            let state: String
            if let arch = level.architecture, arch != cpu.architecture {
                state = "skipped (\(arch == .arm64 ? "arm64" : "x86-64") only)"
            } else if !level.isCompiledIn {
                state = "skipped (not in this build: needs the \(level.architecture == .arm64 ? "ARMIntrinsics" : "X86Intrinsics") trait)"
            } else if !level.isSupported(by: cpu) {
                state = "skipped (this CPU lacks it)"
            } else if !KernelDispatch.allows(level) {
                state = "skipped (\(KernelDispatch.environmentVariable)=\(KernelDispatch.active))"
            } else {
                state = "runs"
            }
            out += "  " + level.description.padding(toLength: 14, withPad: " ", startingAt: 0) + state + "\n"
        }
        out += "projection variants:\n"
        for v in ProjectionVariants.all {
            let state = KernelDispatch.allows(v.isa) ? "runs" : "skipped (needs \(v.isa))"
            out += "  \(v.id)\t\(v.isa)\t\(state)\n"
        }
        try emit(out)
    }
}
