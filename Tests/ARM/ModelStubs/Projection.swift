// scripts/model-arm only: the two declarations projection_swift_lut.swift
// needs from the projection files (which need the tokenizer, plans and
// workspaces), copied from ProjectionFastPath.swift and
// projection_scalar_ref.swift. Compiled to assembly, never linked.
public typealias ProjectionRowExpander = @Sendable (
    _ words: UnsafePointer<UInt64>, _ featureSize: Int, _ row: UnsafeMutablePointer<Int8>) -> Void

public enum ProjectionScalarRef {
    public static let ternaryOfCode: [Int8] = [0, 1, -1, 0]
}

/// Keeps `ProjectionSwiftLUT.expand` alive in the whole-module compile (an
/// unused internal closure is dropped), so its loop is in the assembly.
public func modelProjectionExpandSwiftLUT(_ words: UnsafePointer<UInt64>, _ featureSize: Int,
                                          _ row: UnsafeMutablePointer<Int8>) {
    ProjectionSwiftLUT.expand(words, featureSize, row)
}
