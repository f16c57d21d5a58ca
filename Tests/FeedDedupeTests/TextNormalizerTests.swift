import Testing

@testable import FeedDedupe

/// What two reposts of one release write differently must normalize alike; what tells stories apart must not.
struct TextNormalizerTests {
    @Test(arguments: [
        ("«Аким Алматы» провёл совещание", "\"аким алматы\" провел совещание"),
        ("АКИМ АЛМАТЫ ПРОВЕЛ СОВЕЩАНИЕ", "Аким Алматы провел совещание"),
        // Latin o, a, c, e, p, x, y inside Cyrillic words
        ("Aкимaт oбл\u{0061}сти", "Акимат области"),
        ("пере\u{00AD}нос и нераз\u{200B}рывный", "перенос и неразрывный"),
        ("бюджет 1\u{00A0}500 млн тенге", "бюджет 1500 млн тенге"),
        ("выделено 1 500 000 тенге", "выделено 1500000 тенге"),
        ("рост 1,5 процента", "рост 1.5 процента"),
        // a decomposed й (и + combining breve) is the same letter as the precomposed one
        ("мои\u{0306} город", "мой город"),
        ("Қазақстан Pеспубликасы", "Қазақстан Республикасы"),
    ])
    func foldsWhatRepostsChange(_ a: String, _ b: String) {
        #expect(TextNormalizer.words(a) == TextNormalizer.words(b))
    }

    @Test(arguments: [
        ("мой город", "мои город"),  // й is not и
        ("Қазақ", "Казак"),  // Kazakh letters stay
        ("ауыл", "аул"),
        ("15 мая", "16 мая"),
        ("1 500 тенге", "1 600 тенге"),
        ("Almaty city", "Алматы сити"),  // a Latin word is not mapped
        ("пункты 2, 500 и 7", "пункты 2500 и 7"),  // a comma between numbers is not a group space
    ])
    func keepsWhatTellsStoriesApart(_ a: String, _ b: String) {
        #expect(TextNormalizer.words(a) != TextNormalizer.words(b))
    }

    @Test func wordsComeOutInOrder() {
        #expect(
            TextNormalizer.words("Аким Жамбылской области, 27.11.2026: «Жаңа жоба» — старт!")
                == ["аким", "жамбылской", "области", "27.11.2026", "жаңа", "жоба", "старт"])
    }

    @Test func aLatinWordStaysLatin() {
        #expect(TextNormalizer.words("Press release: Astana Hub") == ["press", "release", "astana", "hub"])
    }
}
