import FeedModel
import Foundation
import Testing

@testable import FeedParse

/// Encoding decisions and hostile input, on documents small enough to read in the test.
struct FeedParserTests {
    static func title(of bytes: [UInt8], charset: String? = nil) throws -> String? {
        try FeedParser().parse(Data(bytes), url: "https://x.kz/rss", charset: charset).feed.title
    }

    static func rss(title: String) -> String {
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>\(title)</title></channel></rss>"
    }

    @Test func byteOrderMarkBeatsTheServersCharset() throws {
        let bytes = [0xEF, 0xBB, 0xBF] + Array(Self.rss(title: "Ақтөбе").utf8)
        #expect(try Self.title(of: bytes, charset: "ISO-8859-1") == "Ақтөбе")
    }

    @Test(arguments: ["ISO-8859-1", "windows-1252", "windows-1251", "KOI8-R"])
    func validUTF8OverrulesASingleByteClaim(_ charset: String) throws {
        #expect(try Self.title(of: Array(Self.rss(title: "Новости Алматы").utf8), charset: charset) == "Новости Алматы")
    }

    @Test func windows1251DeclaredAsUTF8IsReadAsWindows1251() throws {
        // "Новости" in windows-1251.
        let cyrillic: [UInt8] = [0xCD, 0xEE, 0xE2, 0xEE, 0xF1, 0xF2, 0xE8]
        let document =
            Array("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>".utf8)
            + cyrillic + Array("</title></channel></rss>".utf8)
        #expect(try Self.title(of: document) == "Новости")
    }

    @Test func windows1252ReferencesAreReadAsBrowsersDo() throws {
        #expect(try Self.title(of: Array(Self.rss(title: "Астана &#151; столица").utf8)) == "Астана — столица")
    }

    /// 19 KB of input that libxml2 alone would expand into five million elements.
    @Test func markupBearingEntitiesAreRefusedEarly() throws {
        let entity = String(repeating: "<i/>", count: 1000)
        let document =
            "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY e \"\(entity)\">]><rss version=\"2.0\">"
            + "<channel><title>t</title><item><description>"
            + String(repeating: "&e;", count: 5000) + "</description></item></channel></rss>"
        let error = #expect(throws: FeedParseError.self) {
            _ = try FeedParser().parse(Data(document.utf8), name: "bomb.xml")
        }
        #expect(error?.code == .entityExpansion)
    }

    @Test func aCommentHidingACDATAOpenerDoesNotStopRepairs() throws {
        let document =
            "<?xml version=\"1.0\"?><!-- <![CDATA[ -->"
            + Self.rss(title: "AT&T &laquo;x&raquo;")
            .replacingOccurrences(of: "<?xml version=\"1.0\"?>", with: "")
        #expect(try Self.title(of: Array(document.utf8)) == "AT&T «x»")
    }
}

struct RSSAuthorTests {
    @Test(
        arguments: [
            ("press@akimat.kz (Әсел Қасымова)", "Әсел Қасымова", "press@akimat.kz"),
            ("Әсел Қасымова <press@akimat.kz>", "Әсел Қасымова", "press@akimat.kz"),
            ("press@akimat.kz", nil, "press@akimat.kz"),
            ("Пресс-служба акимата", "Пресс-служба акимата", nil),
            ("(Пресс-служба)", "Пресс-служба", nil),
            ("Пресс-служба (акимат)", "акимат", nil),
            ("a@b.kz c", "a@b.kz c", nil),
        ] as [(String, String?, String?)])
    func readsTheFormsOfRSSAuthor(_ text: String, _ name: String?, _ email: String?) {
        #expect(RSSAdapter.author(fromRSS: text) == Author(name: name, email: email))
    }
}

struct CharsetNameTests {
    @Test(arguments: ["UTF-8", "utf8", "windows-1251", "cp1251", "KOI8-R", "koi8r", "ISO-8859-1", "UTF-16"])
    func knowsTheCharsetsFeedsUse(_ name: String) {
        #expect(FeedParser.isKnownCharset(name))
    }

    @Test(arguments: ["windows-9999", "", "no such charset"])
    func refusesUnknownNames(_ name: String) {
        #expect(FeedParser.isKnownCharset(name) == false)
    }
}

/// libxml2 lets overlong UTF-8 through CDATA sections without a word: the parser must catch it, or a string it
/// returns would hold invalid UTF-8 (and `C0 BC`, an overlong `<`, reads as markup to whatever decodes it leniently).
struct OverlongUTF8Tests {
    static func feed(title: [UInt8], description: [UInt8]) -> Data {
        Data(
            Array("<rss version=\"2.0\"><channel><title>Новости акимата</title><item><title><![CDATA[".utf8) + title
                + Array("]]></title><description><![CDATA[".utf8) + description
                + Array("]]></description><guid>1</guid></item></channel></rss>".utf8))
    }

    @Test(arguments: [[0xC0, 0xA0], [0xC1, 0xBF], [0xE0, 0x80, 0xA0], [0xF0, 0x80, 0x80, 0xA0]] as [[UInt8]])
    func overlongFormsInCDATABecomeReplacementCharacters(_ bytes: [UInt8]) throws {
        let result = try FeedParser().parse(
            Self.feed(title: Array("a".utf8) + bytes + Array("b".utf8), description: Array("<p>ok</p>".utf8)))
        let entry = try #require(result.feed.entries.first)
        let title = try #require(entry.title)
        #expect(title.hasPrefix("a") && title.hasSuffix("b"))
        #expect(title.unicodeScalars.allSatisfy { $0 == "a" || $0 == "b" || $0 == "\u{FFFD}" })
        #expect(String(validating: Array(title.utf8), as: UTF8.self) != nil)
        #expect(result.warnings.contains { $0.contains("invalid UTF-8 sequence(s) replaced with U+FFFD") })
        #expect(result.feed.title == "Новости акимата")
    }

    @Test func anOverlongScriptTagStaysText() throws {
        let lt: [UInt8] = [0xC0, 0xBC]
        let gt: [UInt8] = [0xC0, 0xBE]
        let description =
            Array("<p>hi ".utf8) + lt + Array("script".utf8) + gt + Array("alert(1)".utf8) + lt
            + Array("/script".utf8) + gt + Array("</p>".utf8)
        let result = try FeedParser().parse(Self.feed(title: Array("x".utf8), description: description))
        let summary = try #require(result.feed.entries.first?.summary)
        #expect(String(validating: Array(summary.utf8), as: UTF8.self) != nil)
        #expect(summary.unicodeScalars.filter { $0 == "<" }.count == 2)  // <p> and </p> only
        #expect(summary.contains("script") && !summary.contains("<script"))
    }
}
