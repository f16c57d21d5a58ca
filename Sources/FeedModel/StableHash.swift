/// FNV-1a, 64 bits, over UTF-8: a fixed-seed hash for what is stored and compared across runs (story ids,
/// content hashes, word keys), where Swift's `Hasher`, seeded anew in every process, will not do.
public enum StableHash {
    /// The hash of no bytes: where every hash starts.
    public static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325

    public static func fnv1a(_ text: some StringProtocol) -> UInt64 {
        fnv1a(bytes: text.utf8)
    }

    public static func fnv1a(bytes: some Sequence<UInt8>) -> UInt64 {
        fnv1a(continuing: offsetBasis, bytes: bytes)
    }

    /// The hash of the bytes hashed into `hash` followed by `bytes`.
    @inlinable
    public static func fnv1a(continuing hash: UInt64, bytes: some Sequence<UInt8>) -> UInt64 {
        var hash = hash
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
