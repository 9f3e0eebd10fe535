import Testing
@testable import TernKernels

@Suite struct DispatchTests {
    @Test func environmentCapsTheLevel() {
        #expect(KernelDispatch.resolve(requested: nil, detected: .avx512vnni) == .success(.avx512vnni))
        #expect(KernelDispatch.resolve(requested: "", detected: .avx2) == .success(.avx2))
        #expect(KernelDispatch.resolve(requested: "portable", detected: .avx512vnni) == .success(.portable))
        #expect(KernelDispatch.resolve(requested: "AVX2", detected: .avx512vnni) == .success(.avx2))
        #expect(KernelDispatch.resolve(requested: "avx512vnni", detected: .avx2)
                == .failure(.unsupported(requested: .avx512vnni, detected: .avx2)))
        #expect(KernelDispatch.resolve(requested: "sse9", detected: .avx2) == .failure(.unknownLevel("sse9")))
    }

    @Test func armLevelsParseAndStayInTheirArchitecture() {
        #expect(ISALevel(name: "neon") == .neon)
        #expect(ISALevel(name: "NEON_DotProd") == .neonDotProd)
        #expect(ISALevel(name: "neon_i8mm") == .neonI8MM)
        #expect(KernelDispatch.resolve(requested: "neon_dotprod", detected: .neonI8MM) == .success(.neonDotProd))
        #expect(KernelDispatch.resolve(requested: "portable", detected: .neon) == .success(.portable))
        #expect(KernelDispatch.resolve(requested: "neon_i8mm", detected: .neonDotProd)
                == .failure(.unsupported(requested: .neonI8MM, detected: .neonDotProd)))
        // A level of the other architecture is never within reach, whatever its rank.
        #expect(KernelDispatch.resolve(requested: "neon", detected: .avx512vnni)
                == .failure(.unsupported(requested: .neon, detected: .avx512vnni)))
        #expect(KernelDispatch.resolve(requested: "avx2", detected: .neonI8MM)
                == .failure(.unsupported(requested: .avx2, detected: .neonI8MM)))
        for machine in ISALevel.allCases {
            for required in ISALevel.allCases {
                let sameArch = required == .portable || required.architecture == machine.architecture
                #expect(machine.runs(required) == (sameArch && required <= machine), "\(machine) runs \(required)")
            }
        }
    }

    /// The level is a pure function of the detected features: every
    /// combination of the three arm64 extensions, on an arm64 CPU and (never
    /// an ARM level) on an x86-64 one, whatever host runs the test.
    @Test func armLevelIsAFunctionOfTheFeatures() {
        let everything: (ISALevel) -> Bool = { _ in true }
        for bits in 0..<8 {
            let arm = ARMFeatures(neon: bits & 1 != 0, dotProd: bits & 2 != 0, i8mm: bits & 4 != 0)
            let expected: ISALevel = !arm.neon ? .portable : !arm.dotProd ? .neon : !arm.i8mm ? .neonDotProd : .neonI8MM
            var cpu = CPUFeatures(vendor: "", brand: "", architecture: .arm64, arm: arm)
            // x86 bits on an arm64 CPU change nothing.
            cpu.avx2 = true; cpu.avx512vnni = true
            #expect(KernelDispatch.choose(for: cpu, compiledIn: everything) == expected, "\(arm)")
            #expect(KernelDispatch.choose(for: cpu, compiledIn: everything) == KernelDispatch.choose(for: cpu, compiledIn: everything))
            #expect(arm.highestLevel() == expected)
            // A build without the ARMIntrinsics modules stops at neon.
            #expect(KernelDispatch.choose(for: cpu, compiledIn: { $0 <= .neon }) == min(expected, .neon))
            for level in ISALevel.allCases where level.architecture == .x86_64 { #expect(!level.isSupported(by: cpu)) }
            let x86 = CPUFeatures(vendor: "", brand: "", architecture: .x86_64, arm: arm)
            #expect(KernelDispatch.choose(for: x86, compiledIn: everything) == .portable)
        }
        // Linux HWCAP words as qemu-aarch64 reports them for three CPU models.
        let asimd: UInt64 = 1 << 1, dp: UInt64 = 1 << 20, i8mm: UInt64 = 1 << 13
        #expect(ARMFeatures(hwcap: asimd, hwcap2: 0).highestLevel() == .neon)                    // cortex-a53
        #expect(ARMFeatures(hwcap: asimd | dp, hwcap2: 0).highestLevel() == .neonDotProd)        // neoverse-n1
        #expect(ARMFeatures(hwcap: asimd | dp, hwcap2: i8mm).highestLevel() == .neonI8MM)        // max
        #expect(ARMFeatures(hwcap: asimd, hwcap2: i8mm).highestLevel() == .neon)                 // i8mm alone is not enough
        #expect(ARMFeatures(hwcap: ~0, hwcap2: ~0) == ARMFeatures(neon: true, dotProd: true, i8mm: true))
    }

    @Test func anExtensionIsAFeatureOfItsArchitecture() {
        var cpu = CPUFeatures(vendor: "", brand: "", architecture: .x86_64)
        cpu.avx512vnni = true
        #expect(!ISAExtension.avx512vbmi.isSupported(by: cpu), "Cascade Lake: VNNI without VBMI")
        cpu.avx512vbmi = true
        #expect(ISAExtension.avx512vbmi.isSupported(by: cpu))
        var arm = CPUFeatures(vendor: "", brand: "", architecture: .arm64)
        arm.avx512vbmi = true
        #expect(!ISAExtension.avx512vbmi.isSupported(by: arm))
        #expect(ISAExtension.avx512vbmi.isAvailable == CPUFeatures.host.avx512vbmi)
        // A variant that needs an extension is available only where the CPU has it.
        for v in QRNNPoolVariants.all {
            let expected = KernelDispatch.allows(v.isa) && (v.requires?.isSupported(by: .host) ?? true)
            #expect(QRNNPoolVariants.available.contains { $0.id == v.id } == expected, "\(v)")
        }
    }

    @Test func detectionIsConsistent() {
        let cpu = CPUFeatures.host
        if cpu.hasCascadeLakeSet { #expect(cpu.hasHaswellSet && cpu.avx512vnni && cpu.avx512bw) }
        #expect(cpu.architecture == CPUArchitecture.host)
        #expect(KernelDispatch.detected == KernelDispatch.choose(for: cpu))
        #expect(KernelDispatch.detected.architecture == nil || KernelDispatch.detected.architecture == cpu.architecture)
        #expect(KernelDispatch.detected.isSupported(by: cpu))
        #expect(KernelDispatch.detected.isCompiledIn)
        #expect(KernelDispatch.active <= KernelDispatch.detected)
    }

    @Test func everyRegistryRespectsTheActiveLevel() {
        let registries: [(String, [(id: String, isa: ISALevel)])] = [
            ("projection", ProjectionVariants.all.map { ($0.id, $0.isa) }),
            ("requantize", RequantizeVariants.all.map { ($0.id, $0.isa) }),
            ("activation_lut", ActivationLUTVariants.all.map { ($0.id, $0.isa) }),
            ("dense", DenseVariants.all.map { ($0.id, $0.isa) }),
            ("conv1d", Conv1DVariants.all.map { ($0.id, $0.isa) }),
            ("qrnn_pool", QRNNPoolVariants.all.map { ($0.id, $0.isa) }),
            ("attention", AttentionVariants.all.map { ($0.id, $0.isa) }),
        ]
        for (family, variants) in registries {
            let ids = variants.map(\.id)
            #expect(Set(ids).count == ids.count, "\(family) ids repeat")
            #expect(ids.first?.hasSuffix("_scalar_ref") == true, "\(family): the reference comes first")
            #expect(ids.allSatisfy { $0.hasPrefix(family) || family == "conv1d" && $0.hasPrefix("conv1d") }, "\(family)")
            // AVX-512 variants say so in their id, and only run where allowed.
            #expect(variants.filter { $0.isa == .avx512vnni }.allSatisfy { $0.id.contains("avx512") }, "\(family)")
        }
        #expect(DenseVariants.available.allSatisfy { KernelDispatch.allows($0.isa) })
        #expect(Conv1DVariants.available.allSatisfy { KernelDispatch.allows($0.isa) })
        #expect(QRNNPoolVariants.available.allSatisfy { KernelDispatch.allows($0.isa) })
        #expect(AttentionVariants.available.allSatisfy { KernelDispatch.allows($0.isa) })
        #expect(RequantizeVariants.available.allSatisfy { KernelDispatch.allows($0.isa) })
        #expect(DenseVariants.best.isa <= KernelDispatch.active)
    }

    @Test func registryIdsAreUniqueAndTheReferenceComesFirst() {
        let ids = ProjectionVariants.all.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(ProjectionVariants.all.first?.isReference == true)
        #expect(ProjectionVariants.available.allSatisfy { KernelDispatch.allows($0.isa) })
        #expect(ProjectionVariants.all.filter { $0.isa == .avx512vnni }.allSatisfy { $0.id.contains("avx512") })
    }
}
