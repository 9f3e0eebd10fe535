import ArgumentParser
import TernKernels

/// The projection's options as every command takes them (`tern project`,
/// `tern train`, `bench projection`): one declaration, one help text, one
/// mapping to `ProjectionOptions`. Defaults are `ProjectionOptions()`'s.
public struct ProjectionArguments: ParsableArguments {
    @Option(help: "Projection features F per token, 1...4096.") public var featureSize = 512
    @Option(help: "Allowed characters (lowercase); empty keeps all.") public var vocabulary = ""
    @Flag(help: "Make every code point a token instead of splitting on spaces.") public var noSplitOnSpace = false
    @Option(help: "At most N tokens (-1: no limit); the last holds the rest of the text.") public var maxSplits = -1
    @Flag(help: "Add a <BOS> row before the tokens.") public var bos = false
    @Flag(help: "Add an <EOS> row after the tokens.") public var eos = false
    @Option(help: "Word novelty feature at F-1: 1...7 bits (0: off).") public var wordNoveltyBits = 0
    @Option(help: "Document size feature at F-2: 1...16 levels (0: off).") public var docSizeLevels = 0
    @Flag(help: "Cut characters or patterns repeated 3+ times to 2 copies.") public var normalizeRepetition = false
    @Option(help: "ASCII characters to split around.") public var tokenSeparators = ""
    @Flag(help: "Drop characters that are neither letters nor space.") public var excludeNonAlphaSpace = false
    @Option(help: "How bytes >= 0x80 are loaded: signed (x86 reference, default) or unsigned (ARM).")
    public var byteSign: ByteSign = .signed

    public init() {}

    /// The options these arguments name (checked when a `ProjectionPlan` is made of them).
    public var options: ProjectionOptions {
        var options = ProjectionOptions()
        options.featureSize = featureSize
        options.vocabulary = vocabulary
        options.splitOnSpace = !noSplitOnSpace
        options.maxSplits = maxSplits
        options.addBOS = bos
        options.addEOS = eos
        options.wordNoveltyBits = wordNoveltyBits
        options.docSizeLevels = docSizeLevels
        options.normalizeRepetition = normalizeRepetition
        options.tokenSeparators = tokenSeparators
        options.excludeNonAlphaSpace = excludeNonAlphaSpace
        options.byteSign = byteSign
        return options
    }
}

extension ByteSign: ExpressibleByArgument {}
