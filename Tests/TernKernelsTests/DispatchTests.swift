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

    @Test func detectionIsConsistent() {
        let cpu = CPUFeatures.host
        if cpu.hasCascadeLakeSet { #expect(cpu.hasHaswellSet && cpu.avx512vnni && cpu.avx512bw) }
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
