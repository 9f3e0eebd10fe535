import Foundation

/// Limits every engine applies.
public enum EngineLimits {
    /// The most memory one inference's workspace may take: 256 MiB, or
    /// `TERN_MAX_WORKSPACE_MB` MiB. Real models need well under 1 MiB (a
    /// PRADO at 128 tokens about 100 KiB); the configuration's limits alone
    /// (8192 tokens, widths to 4096) would allow gigabytes per workspace,
    /// and a server makes one per thread.
    public static func workspaceCap() throws -> Int {
        let variable = "TERN_MAX_WORKSPACE_MB"
        guard let text = ProcessInfo.processInfo.environment[variable], !text.isEmpty else { return 256 << 20 }
        guard let mib = Int(text), (1...(1 << 20)).contains(mib) else {
            throw ModelFileError.metadataInvalid("\(variable)=\(text.prefix(40)) is not a whole number of MiB in 1...1048576")
        }
        return mib << 20
    }

    /// Below this many multiply-adds per text (about 10 us on one core) a
    /// fork-join costs more than it saves: measured, PRADO at T = 16 (1.3 M)
    /// ran at 0.85x on two threads; pQRNN at T = 16 (15 M) at 1.5x.
    public static let minMACsToSplit = 4_000_000
}
