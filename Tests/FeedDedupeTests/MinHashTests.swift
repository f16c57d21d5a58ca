import Testing

@testable import FeedDedupe

struct MinHashTests {
    /// Published FNV-1a test vectors: a signature must not change between runs, versions or machines.
    @Test(
        arguments: [("", 0xcbf2_9ce4_8422_2325), ("a", 0xaf63_dc4c_8601_ec8c), ("foobar", 0x8594_4171_f739_67e8)]
            as [(String, UInt64)])
    func fnv1aMatchesTheReferenceValues(_ text: String, _ expected: UInt64) {
        #expect(MinHash.fnv1a(text) == expected)
    }

    @Test func theSignatureOfAFixedTextIsPinned() throws {
        let signature = try #require(MinHash(words: ["аким", "области", "провел", "совещание"]))
        // Two shingles; the first values were computed once and kept, so that a change of hashing shows up here.
        #expect(signature.values.count == 128)
        #expect(
            Array(signature.values.prefix(3)) == [0xa395_5ca4_9416_b4b8, 0x1bb0_9833_68ce_e8ac, 0x1ab1_1958_6676_6578])
    }

    static let release = """
        Аким Жамбылской области провел совещание по подготовке к отопительному сезону. В нем приняли участие \
        руководители районов и коммунальных предприятий. Аким поручил завершить ремонт котельных до 15 сентября \
        и обеспечить запас угля на 1 500 тонн больше прошлогоднего.
        """

    static func signature(_ text: String) -> MinHash? {
        MinHash(words: TextNormalizer.words(text))
    }

    @Test func aRepostWithSmallEditsIsSimilar() throws {
        let repost = """
            АКИМ ЖАМБЫЛСКОЙ ОБЛАСТИ провёл совещание по подготовке к отопительному сезону. В нём приняли участие \
            руководители районов и коммунальных предприятий. Аким поручил завершить ремонт котельных до 15 сентября \
            и обеспечить запас угля на 1500 тонн больше прошлогоднего. Фото: пресс-служба акимата.
            """
        let similarity = try #require(Self.signature(Self.release)).similarity(to: try #require(Self.signature(repost)))
        #expect(similarity > 0.8)
    }

    @Test func anotherStoryIsNot() throws {
        let other = """
            В Таразе открылась новая школа на 1 200 мест. На церемонии выступили представители акимата и родители \
            учеников. Строительство велось два года за счет республиканского бюджета.
            """
        let similarity = try #require(Self.signature(Self.release)).similarity(to: try #require(Self.signature(other)))
        #expect(similarity < 0.1)
    }

    @Test func tooShortForAShingleHasNoSignature() {
        #expect(MinHash(words: ["два", "слова"]) == nil)
    }
}
