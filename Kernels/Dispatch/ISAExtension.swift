/// An instruction-set extension a few variants need beyond their level: the
/// level says which module holds the code and what TERN_ISA caps; the
/// extension is checked on the CPU too, because not every machine of the
/// level has it (Cascade Lake has AVX-512 VNNI but not VBMI; Ice Lake,
/// Sapphire Rapids and Zen 4 have both).
public enum ISAExtension: String, Sendable, CaseIterable, CustomStringConvertible {
    /// AVX-512 VBMI: byte permutes across the register (`vpermb`, `vpermt2b`).
    case avx512vbmi

    public var description: String { rawValue }

    /// Whether a CPU can run code that needs this extension.
    public func isSupported(by cpu: CPUFeatures) -> Bool {
        switch self {
        case .avx512vbmi: return cpu.architecture == .x86_64 && cpu.avx512vbmi
        }
    }

    /// Whether this process's CPU has it.
    public var isAvailable: Bool { isSupported(by: .host) }
}
