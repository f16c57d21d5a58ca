import FeedModel
import Testing

struct StableHashTests {
    /// Published FNV-1a test vectors: ids and keys made from it must not change between runs, versions or
    /// machines.
    @Test(
        arguments: [("", 0xcbf2_9ce4_8422_2325), ("a", 0xaf63_dc4c_8601_ec8c), ("foobar", 0x8594_4171_f739_67e8)]
            as [(String, UInt64)])
    func fnv1aMatchesTheReferenceValues(_ text: String, _ expected: UInt64) {
        #expect(StableHash.fnv1a(text) == expected)
    }
}
