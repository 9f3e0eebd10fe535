// scripts/model-arm only: the libm functions QRNNPooling / AttentionPooling
// build their tables with (Embedded Swift has no Glibc), declared as
// Tests/ARM/QRNNPoolARMChecks.swift does. Compiled to assembly, never linked.
@_extern(c, "tanhf") func tanhf(_ x: Float) -> Float
@_extern(c, "expf") func expf(_ x: Float) -> Float
@_extern(c, "pow") func pow(_ x: Double, _ y: Double) -> Double
