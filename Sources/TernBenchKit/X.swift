public enum TernBenchKitPlaceholderRemoveMe {}
