import Testing
@testable import TernKernels
@testable import TernModels

/// The engine's kernel-set choice is a pure function of the ISA level and the
/// registries' ids and levels (`KernelSet.choice`), so the choice an arm64
/// machine makes is tested here for every arm64 level, on any host, without
/// running arm64 code.
@Suite struct KernelSetDispatchTests {
    /// The registries an arm64 build with the `ARMIntrinsics` trait carries:
    /// every family's catalogue, its portable and arm64 entries (pooling:
    /// the exact ones, as `Registries.available`).
    static var arm64: KernelSet.Registries {
        func portableOrARM(_ tags: [VariantTag]) -> [VariantTag] { tags.filter { $0.isa.architecture != .x86_64 } }
        return KernelSet.Registries(
            projection: portableOrARM(ProjectionVariants.catalogue),
            dense: portableOrARM(DenseVariants.catalogue),
            pool: portableOrARM(QRNNPoolVariants.exactCatalogue),
            attention: portableOrARM(AttentionVariants.catalogue))
    }

    @Test func theCatalogueIsTheRegistryOfThisBuild() {
        #expect(DenseVariants.all.map(\.tag) == DenseVariants.catalogue.filter { $0.isa.isCompiledIn })
        #expect(Conv1DVariants.all.map(\.id) == Conv1DVariants.tags(forDense: DenseVariants.all.map(\.tag)).map(\.id))
        #expect(Conv1DVariants.all.map(\.isa) == Conv1DVariants.tags(forDense: DenseVariants.all.map(\.tag)).map(\.isa))
        func tags(_ v: [QRNNPoolVariant]) -> [VariantTag] { v.map { VariantTag(id: $0.id, isa: $0.isa) } }
        #expect(tags(QRNNPoolVariants.all) == QRNNPoolVariants.catalogue.filter { $0.isa.isCompiledIn })
        #expect(tags(QRNNPoolVariants.all.filter { $0.maxDifference == 0 })
                == QRNNPoolVariants.exactCatalogue.filter { $0.isa.isCompiledIn })
        #expect(AttentionVariants.all.map { VariantTag(id: $0.id, isa: $0.isa) }
                == AttentionVariants.catalogue.filter { $0.isa.isCompiledIn })
        #expect(ProjectionVariants.all.map { VariantTag(id: $0.id, isa: $0.isa) }
                == ProjectionVariants.catalogue.filter { $0.isa.isCompiledIn })
        #expect(RequantizeVariants.all.map { VariantTag(id: $0.id, isa: $0.isa) }
                == RequantizeVariants.catalogue.filter { $0.isa.isCompiledIn })
        #expect(ActivationLUTVariants.all.map { VariantTag(id: $0.id, isa: $0.isa) }
                == ActivationLUTVariants.catalogue.filter { $0.isa.isCompiledIn })
    }

    @Test func arm64LevelsGetTheirOwnVariants() {
        let expected: [(ISALevel, String)] = [(.neon, "arm_neon"), (.neonDotProd, "arm_dotprod"), (.neonI8MM, "arm_i8mm")]
        for (level, flavour) in expected {
            let choice = KernelSet.choice(level: level, registries: Self.arm64)
            #expect(choice.dense == "dense_" + flavour, "\(level): \(choice)")
            #expect(choice.conv == "conv1d_" + flavour, "\(level): \(choice)")
            #expect(choice.pool == "qrnn_pool_arm_neon", "\(level): \(choice)")
            #expect(choice.attention == "attention_arm_neon", "\(level): \(choice)")
            #expect(choice.projection == "projection_arm_neon", "\(level): \(choice)")
            // Nothing the level cannot run, nothing of the other architecture.
            let all = Self.arm64.projection + Self.arm64.dense + Conv1DVariants.tags(forDense: Self.arm64.dense)
                + Self.arm64.pool + Self.arm64.attention
            for id in [choice.projection, choice.dense, choice.conv, choice.pool, choice.attention] {
                let tag = all.first { $0.id == id }
                #expect(tag.map { level.runs($0.isa) } == true, "\(level): \(id)")
            }
        }
        // Capped to portable (TERN_ISA=portable on arm64): no NEON at all.
        let portable = KernelSet.choice(level: .portable, registries: Self.arm64)
        #expect(portable.dense == "dense_swift_simd")
        #expect(!portable.description.contains("arm"))
    }

    @Test func x86LevelsNeverGetARMVariants() {
        var registries = Self.arm64
        registries.dense = DenseVariants.catalogue
        for level in [ISALevel.avx2, .avx512vnni] {
            let choice = KernelSet.choice(level: level, registries: registries)
            #expect(!choice.description.contains("arm"), "\(level): \(choice)")
            #expect(choice.dense == (level == .avx2 ? "dense_x86_avx2" : "dense_x86_avx512vnni"))
        }
        // Capped to portable (TERN_ISA=portable, or no AVX2): the Swift SIMD
        // variants, never the scalar reference they tie with on level.
        let portable = KernelSet.choice(level: .portable, registries: registries)
        #expect(portable.dense == "dense_swift_simd" && portable.conv == "conv1d_swift_simd", "\(portable)")
        #expect(portable.ternaryDense == "dense_ternary_swift_addsub", "\(portable)")
        for level in [ISALevel.neon, .neonDotProd, .neonI8MM] {
            #expect(!KernelSet.choice(level: level, registries: registries).description.contains("x86"))
        }
    }

    /// The layers the projection feeds run on a ternary-only variant only at
    /// its own level or above the general one's: AVX2 gets
    /// `dense_ternary_x86_avx2`, AVX-512 keeps VNNI (its `vpdpbusd` is
    /// faster still), the portable SIMD set the add-subtract variant, the
    /// reference the reference, arm64 its own dense variant.
    @Test func ternaryInputLayersGetATernaryVariantOnlyWhereItIsTheirLevel() {
        var registries = Self.arm64
        registries.dense = DenseVariants.catalogue
        #expect(KernelSet.choice(level: .avx2, registries: registries).ternaryDense == "dense_ternary_x86_avx2")
        #expect(KernelSet.choice(level: .avx512vnni, registries: registries).ternaryDense == "dense_x86_avx512vnni")
        #expect(KernelSet.choice(level: .portable, dense: "dense_swift_simd", registries: registries).ternaryDense
                == "dense_ternary_swift_addsub")
        #expect(KernelSet.choice(level: .avx512vnni, dense: "dense_scalar_ref", registries: registries).ternaryDense
                == "dense_scalar_ref")
        for level in [ISALevel.neon, .neonDotProd, .neonI8MM] {
            let choice = KernelSet.choice(level: level, registries: Self.arm64)
            #expect(choice.ternaryDense == choice.dense, "\(level): \(choice)")
        }
        // The set's description names the ternary variant only when it differs.
        let avx2 = KernelSet.choice(level: .avx2, registries: registries)
        #expect(avx2.description.contains("dense_ternary_x86_avx2 + dense_x86_avx2"))
        #expect(!KernelSet.choice(level: .neon, registries: Self.arm64).description.contains("ternary"))
    }

    @Test func bestIsTheChoiceForTheActiveLevel() {
        let choice = KernelSet.choice(level: KernelDispatch.active, registries: .available)
        let best = KernelSet.best
        #expect(best.choiceIDs == choice)
        // The pooling registry's own best agrees, and a variant that needs
        // an extension wins its level's tie only where the CPU has it.
        #expect(best.pool.id == QRNNPoolVariants.best.id)
        if KernelDispatch.active == .avx512vnni {
            #expect(best.pool.id == (ISAExtension.avx512vbmi.isAvailable ? "qrnn_pool_x86_avx512vbmi" : "qrnn_pool_x86_avx512"))
        }
    }
}
