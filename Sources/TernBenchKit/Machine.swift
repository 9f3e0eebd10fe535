import Foundation
import TernKernels

/// What the numbers were measured on.
public struct MachineInfo: Codable, Sendable {
    public var cpu: String
    public var vendor: String
    public var features: [String]
    public var isaDetected: String
    public var isaActive: String
    public var cores: Int
    public var memoryGiB: Double
    public var gitCommit: String
    public var date: String
    public var build: String
    public var swiftVersion: String
    /// The CPU's family and model numbers (x86: CPUID's, as /proc/cpuinfo
    /// gives them; arm64: implementer and part). Absent in reports written
    /// before they were recorded.
    public var cpuFamily: String?
    public var cpuModel: String?

    /// What a committed baseline is keyed by: vendor, family, model and the
    /// ISA level the kernels ran at. Ratios against the scalar reference are
    /// comparable only between machines with the same key.
    public var cpuKey: String {
        let parts = [vendor, "family" + (cpuFamily ?? "unknown"), "model" + (cpuModel ?? "unknown"), isaActive]
        return parts.map { String($0.map { $0.isLetter || $0.isNumber ? $0 : "_" }) }.joined(separator: "-")
    }

    public static func current() -> MachineInfo {
        let cpu = CPUFeatures.host
        #if DEBUG
        let build = "debug"
        #else
        let build = "release"
        #endif
        return MachineInfo(
            cpu: cpu.brand.isEmpty ? cpu.vendor : cpu.brand,
            vendor: cpu.vendor,
            features: cpu.names,
            isaDetected: KernelDispatch.detected.description,
            isaActive: KernelDispatch.active.description,
            cores: ProcessInfo.processInfo.activeProcessorCount,
            memoryGiB: Double(ProcessInfo.processInfo.physicalMemory) / Double(1 << 30),
            gitCommit: gitCommit(),
            date: ISO8601DateFormatter().string(from: Date()),
            build: build,
            swiftVersion: swiftVersion(),
            cpuFamily: cpuInfoField(["cpu family", "CPU implementer"]),
            cpuModel: cpuInfoField(["model", "CPU part"]))
    }

    /// The first value of one of these /proc/cpuinfo fields (nil elsewhere).
    static func cpuInfoField(_ names: [String]) -> String? {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let key = parts[0].trimmingCharacters(in: .whitespaces)
            if names.contains(key) { return parts[1].trimmingCharacters(in: .whitespaces) }
        }
        return nil
    }

    static func swiftVersion() -> String {
        let text = Profiler.run("/usr/bin/env", ["swift", "--version"])
        return text.split(separator: "\n").first.map(String.init) ?? "unknown"
    }

    static func gitCommit() -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git", "describe", "--always", "--dirty"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return "unknown" }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { return "unknown" }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public var summary: String {
        "\(cpu) | ISA \(isaActive) (detected \(isaDetected)) | \(cores) cores | \(String(format: "%.0f", memoryGiB)) GiB | "
            + "\(build) build | \(swiftVersion) | commit \(gitCommit) | \(date)"
    }
}
