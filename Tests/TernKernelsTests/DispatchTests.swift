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

    @Test func registryIdsAreUniqueAndTheReferenceComesFirst() {
        let ids = ProjectionVariants.all.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(ProjectionVariants.all.first?.isReference == true)
        #expect(ProjectionVariants.available.allSatisfy { KernelDispatch.allows($0.isa) })
        #expect(ProjectionVariants.all.filter { $0.isa == .avx512vnni }.allSatisfy { $0.id.contains("avx512") })
    }
}
