import Testing

@testable import FeedParse

struct URLResolverTests {
    @Test(
        arguments: [
            ("g", "http://a/b/c/d;p?q", "http://a/b/c/g"),
            ("./g", "http://a/b/c/d;p?q", "http://a/b/c/g"),
            ("g/", "http://a/b/c/d;p?q", "http://a/b/c/g/"),
            ("/g", "http://a/b/c/d;p?q", "http://a/g"),
            ("//g", "http://a/b/c/d;p?q", "http://g"),
            ("?y", "http://a/b/c/d;p?q", "http://a/b/c/d;p?y"),
            ("g?y", "http://a/b/c/d;p?q", "http://a/b/c/g?y"),
            ("#s", "http://a/b/c/d;p?q", "http://a/b/c/d;p?q#s"),
            ("../g", "http://a/b/c/d;p?q", "http://a/b/g"),
            ("../../g", "http://a/b/c/d;p?q", "http://a/g"),
            ("../../../g", "http://a/b/c/d;p?q", "http://a/g"),
            ("g;x=1/../y", "http://a/b/c/d;p?q", "http://a/b/c/y"),
            ("news/новости 1.html", "https://akimat.kz/ru/", "https://akimat.kz/ru/news/новости 1.html"),
            ("  https://x.kz/a  ", nil, "https://x.kz/a"),
            ("item?id=1", "https://x.kz", "https://x.kz/item?id=1"),
            ("//g/./x/../y?q#f", "http://a/b", "http://g/y?q#f"),
            // Paths from the root (most links in content), with and without what needs the general rules.
            ("/ru/news/1.html?a=1&b=/../x#top", "https://x.kz/kk/", "https://x.kz/ru/news/1.html?a=1&b=/../x#top"),
            ("/", "https://x.kz/kk/", "https://x.kz/"),
            ("/a/./b/../c", "https://x.kz/kk/", "https://x.kz/a/c"),
            ("/a/..", "https://x.kz/kk/", "https://x.kz/"),
            ("/a/.", "https://x.kz/kk/", "https://x.kz/a/"),
            ("/a/.b/..c", "https://x.kz/kk/", "https://x.kz/a/.b/..c"),
            ("/жаңалықтар/1", "https://x.kz/kk/", "https://x.kz/жаңалықтар/1"),
            ("/a\u{A0}", "https://x.kz/kk/", "https://x.kz/a"),
            ("/a\n/b ", "https://x.kz/kk/", "https://x.kz/a/b"),
            ("/a", "mailto:x@y.kz", "mailto:/a"),
            ("https://x.kz/a/../b/./c.html", nil, "https://x.kz/b/c.html"),
            ("https://x.kz/news/2026.11.27/a.html", nil, "https://x.kz/news/2026.11.27/a.html"),
            // Browsers drop the tab and read a javascript: URL; so does the resolver (the sanitizer then refuses it).
            ("java\tscript:alert(1)", "https://x.kz/", "javascript:alert(1)"),
        ] as [(String, String?, String)])
    func resolvesReferences(_ reference: String, _ base: String?, _ expected: String) {
        #expect(URLResolver.resolve(reference, against: base) == expected)
    }
}

struct HTMLTextTests {
    @Test(arguments: [
        ("  Аким\u{A0}\u{A0}области \n\t встретился  ", "Аким области встретился"),
        ("&laquo;Нұр Отан&raquo; &amp; партия &#1178;&#x49B; AT&T &bogus; &", "«Нұр Отан» & партия Ққ AT&T &bogus; &"),
        ("<b>Жирный</b> и &lt;тег&gt;", "Жирный и <тег>"),
        ("мяг\u{AD}кий пере\u{AD}нос и \u{01}управляющий", "мягкий перенос и управляющий"),
        ("Жаңа\u{2003}жоба\u{3000}басталды", "Жаңа жоба басталды"),
        ("Астана &#151; столица &#133;", "Астана — столица …"),
    ])
    func plainText(_ html: String, _ expected: String) {
        #expect(HTMLText.plainText(fromHTML: html) == expected)
    }

    /// Text that needs no change comes back as it is; the characters whose first byte may also start a space
    /// or a dropped character (U+00xx, U+1xxx, U+20xx, U+3xxx, U+Fxxx) are told apart.
    @Test(arguments: [
        ("«Нұр Отан» — партия… “цитата” €5", "«Нұр Отан» — партия… “цитата” €5"),
        ("a\u{A0}b", "a b"),
        ("a\u{AD}b", "ab"),
        ("a\u{85}b", "a b"),
        ("a\u{9F}b", "ab"),
        ("a\u{2009}b\u{200B}c", "a b\u{200B}c"),
        ("a\u{2028}b\u{202F}c\u{205F}d", "a b c d"),
        ("a\u{1680}b\u{1681}c", "a b\u{1681}c"),
        ("a\u{3000}b\u{3001}c", "a b\u{3001}c"),
        ("\u{FEFF}a\u{FEFF}b\u{FEFE}", "a b\u{FEFE}"),
        (" a", "a"), ("a ", "a"), ("a  b", "a b"), ("a\tb", "a b"), ("", ""), (" ", ""),
    ])
    func collapsesWhitespace(_ text: String, _ expected: String) {
        #expect(HTMLText.collapsingWhitespace(text) == expected)
    }

    /// Long text is checked 16 bytes at a time: what needs folding is found at every offset, chunk edges too.
    @Test(arguments: ["  ", "\u{A0}", " \u{A0}", "\t", "\u{2009}", "\n "])
    func collapsesWhitespaceAtEveryOffset(_ space: String) {
        let words = ["Аким", "Алматы", "облысы", "провёл", "встречу", "with", "the", "press", "«Нұр»", "—", "жаңа"]
        let clean = words.joined(separator: " ")
        #expect(HTMLText.collapsingWhitespace(clean) == clean)
        for offset in clean.indices where clean[offset] == " " {
            let text = clean[..<offset] + space + clean[clean.index(after: offset)...]
            #expect(HTMLText.collapsingWhitespace(String(text)) == clean, "\(text)")
        }
        for offset in clean.indices.dropFirst() {
            let text = String(clean[..<offset] + "\u{AD}" + clean[offset...])
            #expect(HTMLText.collapsingWhitespace(text) == clean, "\(text)")
        }
        #expect(HTMLText.collapsingWhitespace(clean + " ") == clean)
        #expect(HTMLText.collapsingWhitespace(" " + clean) == clean)
    }
}
