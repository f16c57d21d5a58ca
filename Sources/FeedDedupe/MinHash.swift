/// MinHash signatures over word shingles (Broder 1997): the share of shingles two texts have in common, estimated
/// from 128 numbers per text, so that candidates can be found without comparing every pair of texts.
///
/// Every hash here is fixed-seed (FNV-1a, then 128 affine permutations with constants from one SplitMix64
/// stream): a signature stored in one run must match one computed in the next, and Swift's `Hasher` is seeded
/// anew in every process.
public struct MinHash: Sendable, Hashable {
    public static let size = 128
    /// Words per shingle.
    public static let shingleWords = 3

    public let values: [UInt64]

    /// The signature of normalized words (`TextNormalizer.words`); nil for fewer words than one shingle.
    public init?(words: [String]) {
        let shingles = Self.shingles(words)
        guard !shingles.isEmpty else { return nil }
        var values = [UInt64](repeating: .max, count: Self.size)
        for shingle in shingles {
            for index in 0..<Self.size {
                let permuted = Self.permutations[index].a &* shingle &+ Self.permutations[index].b
                if permuted < values[index] { values[index] = permuted }
            }
        }
        self.values = values
    }

    /// The estimated Jaccard similarity of the two shingle sets: the share of equal positions.
    public func similarity(to other: MinHash) -> Double {
        Double(zip(values, other.values).filter { $0 == $1 }.count) / Double(Self.size)
    }

    /// Hashes of the distinct word shingles.
    static func shingles(_ words: [String]) -> Set<UInt64> {
        guard words.count >= shingleWords else { return [] }
        var result = Set<UInt64>()
        for start in 0...(words.count - shingleWords) {
            result.insert(fnv1a(words[start..<(start + shingleWords)].joined(separator: " ")))
        }
        return result
    }

    /// FNV-1a, 64 bits, over UTF-8.
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// Odd multipliers and any offsets, from SplitMix64 with a fixed seed.
    static let permutations: [(a: UInt64, b: UInt64)] = {
        var state: UInt64 = 0x6665_6564_6D65_7267  // "feedmerg"
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        return (0..<size).map { _ in (a: next() | 1, b: next()) }
    }()
}
