import Foundation

/// Writes the benchmark corpus, deterministically, into a cache folder, and reads back its manifest.
///
/// Why generated: real feeds cannot ship with the repository, and the benchmark must run offline and give
/// the same bytes on every machine. The corpus imitates what feedmerge meets: RSS 2.0 with `content:encoded`
/// CDATA, RSS 2.0 with escaped HTML in `description`, Atom 1.0 with `type="html"` content and RSS 1.0; mostly
/// UTF-8 (some without an XML declaration), some windows-1251 and KOI8-R; RFC 822 and RFC 3339 dates; a few
/// feeds with HTML entities XML does not know. Set (a) is many feeds of 100 KB - 2 MB, set (b) one big feed.
/// Each feed draws from its own PRNG stream, so changing one feed's plan never shifts the others.
struct CorpusGenerator {
    /// Bump whenever the bytes the generator writes change, so cached corpora are regenerated.
    static let version = 1
    static let seed: UInt64 = 0xFEED_3E26_0000_0001
    static let manifestName = "manifest.json"

    /// At scale 1: set (a) holds at least this many bytes and entries; set (b) is one feed of this size.
    static let corpusBytes = 105_000_000.0
    static let corpusEntries = 52_500.0
    static let bigFeedBytes = 50_000_000.0
    static let feedSizes = 100_000.0...2_000_000.0

    /// The folder for this generator version and scale, inside the `--corpus` folder.
    let folder: URL
    let scale: Double

    init(root: URL, scale: Double) {
        self.scale = scale
        folder = root.appendingPathComponent("v\(Self.version)-x\(scale)", isDirectory: true)
    }

    /// The manifest of a complete corpus already in `folder`, or nil. The manifest is written last.
    func existing() -> CorpusManifest? {
        let url = folder.appendingPathComponent(Self.manifestName)
        guard let data = try? Data(contentsOf: url),
            let manifest = try? JSONDecoder().decode(CorpusManifest.self, from: data),
            manifest.generatorVersion == Self.version, manifest.scale == scale, manifest.seed == Self.seed
        else { return nil }
        let complete = manifest.files.allSatisfy { file in
            let attributes = try? FileManager.default.attributesOfItem(
                atPath: folder.appendingPathComponent(file.name).path)
            return (attributes?[.size] as? NSNumber)?.intValue == file.bytes
        }
        return complete ? manifest : nil
    }

    func generate() throws -> CorpusManifest {
        let manager = FileManager.default
        try? manager.removeItem(at: folder)
        try manager.createDirectory(at: folder, withIntermediateDirectories: true)
        let encodings = try [
            OutputEncoding.Name.utf8: OutputEncoding(.utf8),
            .windows1251: OutputEncoding(.windows1251),
            .koi8r: OutputEncoding(.koi8r),
        ]

        var files: [CorpusFile] = []
        var bytes = 0
        var entries = 0
        var index = 0
        let minimumBytes = Int(Self.corpusBytes * scale)
        let minimumEntries = Int(Self.corpusEntries * scale)
        while bytes < minimumBytes || entries < minimumEntries {
            index += 1
            let plan = FeedPlan.regular(index: index)
            let encoding = try encodings[plan.encoding] ?? OutputEncoding(plan.encoding)
            let file = try write(plan, encoding: encoding)
            files.append(file)
            bytes += file.bytes
            entries += file.entries
        }
        let bigPlan = FeedPlan.big(targetBytes: Int(Self.bigFeedBytes * scale))
        files.append(try write(bigPlan, encoding: OutputEncoding(bigPlan.encoding)))

        let manifest = CorpusManifest(
            generatorVersion: Self.version, scale: scale, seed: Self.seed, files: files)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(manifest).write(to: folder.appendingPathComponent(Self.manifestName), options: .atomic)
        return manifest
    }

    // MARK: - Writing one feed

    /// A regular feed of `entries` entries, in memory: the sources of the fetch benchmark.
    static func smallFeed(index: Int, entries: Int, encodings: [OutputEncoding.Name: OutputEncoding]) throws -> (
        bytes: [UInt8], encoding: OutputEncoding.Name
    ) {
        let plan = FeedPlan.regular(index: index)
        let encoding = try encodings[plan.encoding] ?? OutputEncoding(plan.encoding)
        var writer = FeedWriter(plan: plan)
        let items = (0..<entries).map { _ in writer.entry() }
        var out: [UInt8] = []
        encoding.append(writer.header(items: plan.kind == .rss1 ? items.map(\.link) : []), to: &out)
        for item in items { encoding.append(item.xml, to: &out) }
        encoding.append(writer.footer(), to: &out)
        return (out, plan.encoding)
    }

    private func write(_ plan: FeedPlan, encoding: OutputEncoding) throws -> CorpusFile {
        let url = folder.appendingPathComponent(plan.fileName)
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw BenchError("cannot create \(url.path)")
        }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }

        var writer = FeedWriter(plan: plan)
        var pending: [UInt8] = []
        var written = 0
        var entryCount = 0
        var links: [String] = []
        let streams = plan.kind != .rss1  // RSS 1.0 lists every item in its channel, before the items.
        if streams { encoding.append(writer.header(items: []), to: &pending) }
        while written + pending.count < plan.targetBytes {
            let entry = writer.entry()
            encoding.append(entry.xml, to: &pending)
            if !streams { links.append(entry.link) }
            entryCount += 1
            if streams && pending.count >= 4 << 20 {
                try handle.write(contentsOf: pending)
                written += pending.count
                pending.removeAll(keepingCapacity: true)
            }
        }
        if !streams {
            var head: [UInt8] = []
            encoding.append(writer.header(items: links), to: &head)
            pending.insert(contentsOf: head, at: 0)
        }
        encoding.append(writer.footer(), to: &pending)
        try handle.write(contentsOf: pending)
        written += pending.count
        return CorpusFile(
            name: plan.fileName, set: plan.set, kind: plan.kind, encoding: plan.encoding, language: plan.language,
            url: plan.feedURL, bytes: written, entries: entryCount,
            // Atom titles are `type="html"`, escaped once more, so their entities are text, not references.
            hasUndeclaredEntities: plan.htmlEntitiesInXML && plan.kind != .atomHTML)
    }
}

/// The document a child process reads to find the corpus files.
struct CorpusManifest: Codable {
    var generatorVersion: Int
    var scale: Double
    var seed: UInt64
    var files: [CorpusFile]

    func files(in set: CorpusSet) -> [CorpusFile] {
        files.filter { $0.set == set }
    }
}

enum CorpusSet: String, Codable, CaseIterable, Sendable {
    /// Many ordinary feeds.
    case corpus = "a"
    /// One big feed.
    case big = "b"
}

enum FeedKind: String, Codable, CaseIterable, Sendable {
    case rss2CDATA = "rss2-cdata"
    case rss2Escaped = "rss2-escaped"
    case atomHTML = "atom-html"
    case rss1 = "rss1"
}

struct CorpusFile: Codable, Sendable {
    var name: String
    var set: CorpusSet
    var kind: FeedKind
    var encoding: OutputEncoding.Name
    var language: Language
    /// Where the feed pretends to come from; relative links resolve against it.
    var url: String
    var bytes: Int
    var entries: Int
    /// Uses `&laquo;` and the like outside CDATA, which XML does not define: libxml2 reports it not well-formed.
    var hasUndeclaredEntities: Bool
}

/// What one feed looks like, decided up front from the feed's own PRNG stream.
private struct FeedPlan {
    var index: Int
    var set: CorpusSet
    var kind: FeedKind
    var encoding: OutputEncoding.Name
    var language: Language
    var targetBytes: Int
    var paragraphs: ClosedRange<Int>
    var domain: String
    var hasDeclaration: Bool
    var htmlEntitiesInXML: Bool
    var relativeLinks: Bool
    /// RSS 2.0 feeds that date items with `dc:date` (RFC 3339) instead of `pubDate` (RFC 822).
    var dublinCoreDates: Bool
    var offsetMinutes: Int
    var seed: UInt64

    var fileName: String {
        self.set == .big
            ? "big-\(kind.rawValue).xml" : "feed-\(String(index + 100_000).dropFirst())-\(kind.rawValue).xml"
    }

    var feedURL: String {
        switch kind {
        case .rss2CDATA, .rss2Escaped: "https://\(domain)/rss"
        case .atomHTML: "https://\(domain)/feed.atom"
        case .rss1: "https://\(domain)/index.rdf"
        }
    }

    static func streamSeed(_ index: Int) -> UInt64 {
        CorpusGenerator.seed ^ (UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
    }

    static func regular(index: Int) -> FeedPlan {
        var rng = SplitMix64(seed: streamSeed(index))
        let kindRoll = rng.below(100)
        let kind: FeedKind =
            switch kindRoll {
            case 0..<40: .rss2CDATA
            case 40..<65: .rss2Escaped
            case 65..<85: .atomHTML
            default: .rss1
            }
        let encodingRoll = rng.below(100)
        let encoding: OutputEncoding.Name =
            switch encodingRoll {
            case 0..<80: .utf8
            case 80..<92: .windows1251
            default: .koi8r
            }
        let languageRoll = rng.below(100)
        let language: Language =
            switch (encoding, languageRoll) {
            case (.utf8, 0..<60): .russian
            case (.utf8, 60..<85): .kazakh
            case (.utf8, _): .mixed
            case (_, 0..<80): .russian
            default: .mixed  // Kazakh letters become character references.
            }
        let bounds = CorpusGenerator.feedSizes
        let size = exp(log(bounds.lowerBound) + rng.unit() * (log(bounds.upperBound) - log(bounds.lowerBound)))
        let profileRoll = rng.below(100)
        let paragraphs: ClosedRange<Int> =
            switch profileRoll {
            case 0..<45: 1...2
            case 45..<88: 2...4
            default: 3...7
            }
        let prefixes = ["akimat-", "zhanalyqtar-", "novosti-", "vecherniy-", "qala-", "gazeta-", "info-"]
        let domain = rng.pick(prefixes) + "\(index).kz"
        return FeedPlan(
            index: index, set: .corpus, kind: kind, encoding: encoding, language: language, targetBytes: Int(size),
            paragraphs: paragraphs, domain: domain, hasDeclaration: encoding != .utf8 || rng.percent(85),
            htmlEntitiesInXML: rng.percent(10), relativeLinks: rng.percent(10), dublinCoreDates: rng.percent(15),
            offsetMinutes: rng.pick([300, 300, 300, 360, 180, 0]), seed: rng.next())
    }

    static func big(targetBytes: Int) -> FeedPlan {
        FeedPlan(
            index: 0, set: .big, kind: .rss2CDATA, encoding: .utf8, language: .mixed, targetBytes: targetBytes,
            paragraphs: 2...5, domain: "almaty-archive.kz", hasDeclaration: true, htmlEntitiesInXML: false,
            relativeLinks: false, dublinCoreDates: false, offsetMinutes: 300, seed: streamSeed(1_000_000))
    }
}

/// Serializes one feed's header, entries and footer as UTF-8 (the caller converts to the feed's encoding).
private struct FeedWriter {
    let plan: FeedPlan
    var text: TextGenerator
    /// Seconds since 1970 of the next entry; entries go back in time.
    var clock: Int64
    var serial: Int
    let siteTitle: String

    init(plan: FeedPlan) {
        self.plan = plan
        text = TextGenerator(seed: plan.seed)
        clock = 1_748_736_000 - Int64(text.rng.below(86_400 * 30))
        serial = text.rng.between(100_000, 900_000)
        let place = String(decoding: text.place(), as: UTF8.self)
        siteTitle = text.rng.pick(TextGenerator.siteNames) + " " + place
    }

    private var date: FeedDate {
        FeedDate(seconds: clock, offsetMinutes: plan.offsetMinutes)
    }

    private var declaration: String {
        guard plan.hasDeclaration else { return "" }
        let quote = plan.encoding == .utf8 && plan.index % 3 == 0 ? "utf-8" : plan.encoding.rawValue
        return "<?xml version=\"1.0\" encoding=\"\(quote)\"?>\n"
    }

    private var home: String {
        "https://\(plan.domain)/"
    }

    mutating func header(items: [String]) -> [UInt8] {
        var out: [UInt8] = []
        out.write(declaration)
        var description: [UInt8] = []
        text.sentence(plan.language, into: &description, words: 5...10)
        let language = plan.language == .kazakh ? "kk" : "ru"
        switch plan.kind {
        case .rss2CDATA, .rss2Escaped:
            out.write("<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"")
            out.write(" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:atom=\"http://www.w3.org/2005/Atom\"")
            out.write(" xmlns:media=\"http://search.yahoo.com/mrss/\">\n<channel>\n")
            out.write("\t<title>")
            XMLText.appendEscaped(siteTitle, to: &out)
            out.write("</title>\n\t<link>\(home)</link>\n\t<description>")
            XMLText.appendEscaped(description, to: &out)
            out.write("</description>\n\t<language>\(language)</language>\n")
            out.write("\t<lastBuildDate>\(date.rfc822())</lastBuildDate>\n")
            out.write("\t<atom:link href=\"\(plan.feedURL)\" rel=\"self\" type=\"application/rss+xml\" />\n")
            out.write("\t<image><url>\(home)logo.png</url><title>")
            XMLText.appendEscaped(siteTitle, to: &out)
            out.write("</title><link>\(home)</link></image>\n")
        case .atomHTML:
            out.write("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"\(language)\">\n  <title>")
            XMLText.appendEscaped(siteTitle, to: &out)
            out.write("</title>\n  <subtitle>")
            XMLText.appendEscaped(description, to: &out)
            out.write("</subtitle>\n  <link href=\"\(home)\" rel=\"alternate\" type=\"text/html\"/>\n")
            out.write("  <link href=\"\(plan.feedURL)\" rel=\"self\" type=\"application/atom+xml\"/>\n")
            out.write("  <id>\(home)</id>\n  <updated>\(date.rfc3339())</updated>\n")
            out.write("  <generator uri=\"https://wordpress.org/\" version=\"6.5\">WordPress</generator>\n")
        case .rss1:
            out.write("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"")
            out.write(" xmlns=\"http://purl.org/rss/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"")
            out.write(" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\n")
            out.write("<channel rdf:about=\"\(plan.feedURL)\">\n<title>")
            XMLText.appendEscaped(siteTitle, to: &out)
            out.write("</title>\n<link>\(home)</link>\n<description>")
            XMLText.appendEscaped(description, to: &out)
            out.write("</description>\n<dc:language>\(language)</dc:language>\n<dc:date>\(date.rfc3339())</dc:date>\n")
            out.write("<items>\n<rdf:Seq>\n")
            for item in items {
                out.write("<rdf:li rdf:resource=\"")
                XMLText.appendEscaped(item, to: &out)
                out.write("\" />\n")
            }
            out.write("</rdf:Seq>\n</items>\n</channel>\n")
        }
        return out
    }

    func footer() -> [UInt8] {
        switch plan.kind {
        case .rss2CDATA, .rss2Escaped: Array("</channel>\n</rss>\n".utf8)
        case .atomHTML: Array("</feed>\n".utf8)
        case .rss1: Array("</rdf:RDF>\n".utf8)
        }
    }

    /// A title, escaped; in feeds that use HTML entities outside CDATA its quotes become `&laquo;`/`&raquo;`.
    private mutating func makeTitle() -> [UInt8] {
        var raw: [UInt8] = []
        text.sentence(plan.language, into: &raw, words: 5...12, final: false)
        if text.rng.percent(3) { raw.write(" (R&D, \"Қазақтелеком\")") }
        var out: [UInt8] = []
        XMLText.appendEscaped(raw, to: &out)
        guard plan.htmlEntitiesInXML else { return out }
        return Self.replacing(Self.replacing(out, "«", with: "&laquo;"), "»", with: "&raquo;")
    }

    private static func replacing(_ bytes: [UInt8], _ target: String, with replacement: String) -> [UInt8] {
        let pattern = Array(target.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        var index = 0
        while index < bytes.count {
            if bytes[index] == pattern[0], index + pattern.count <= bytes.count,
                bytes[index..<index + pattern.count].elementsEqual(pattern)
            {
                out.append(contentsOf: replacement.utf8)
                index += pattern.count
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return out
    }

    /// One entry in the feed's format, as UTF-8, with the link that identifies it.
    mutating func entry() -> (xml: [UInt8], link: String) {
        clock -= Int64(text.rng.between(5 * 60, 300 * 60))
        serial += text.rng.between(1, 7)
        let path = "/\(plan.language == .kazakh ? "kk" : "ru")/news/\(serial)-\(text.rng.hex(8))"
        let link = plan.relativeLinks ? path : "https://\(plan.domain)\(path)"
        let absoluteLink = "https://\(plan.domain)\(path)"
        let title = makeTitle()
        var teaser: [UInt8] = []
        text.sentence(plan.language, into: &teaser, words: 10...25)
        if text.rng.percent(40) {
            teaser.append(UInt8(ascii: " "))
            text.sentence(plan.language, into: &teaser, words: 6...14)
        }
        var html: [UInt8] = []
        let paragraphs = text.rng.between(plan.paragraphs.lowerBound, plan.paragraphs.upperBound)
        text.articleHTML(plan.language, site: plan.domain, paragraphs: paragraphs, into: &html)
        let author = text.personName()
        var categories: [String] = []
        for _ in 0..<text.rng.between(0, 3) { categories.append(text.category()) }

        var out: [UInt8] = []
        switch plan.kind {
        case .rss2CDATA, .rss2Escaped:
            rssItem(
                into: &out, title: title, link: link, absoluteLink: absoluteLink, teaser: teaser, html: html,
                author: author, categories: categories)
        case .atomHTML:
            atomEntry(
                into: &out, title: title, link: link, absoluteLink: absoluteLink, teaser: teaser, html: html,
                author: author, categories: categories)
        case .rss1:
            out.write("<item rdf:about=\"")
            XMLText.appendEscaped(absoluteLink, to: &out)
            out.write("\">\n<title>")
            out.append(contentsOf: title)
            out.write("</title>\n<link>\(link)</link>\n<description>")
            XMLText.appendEscaped(html, to: &out)
            out.write("</description>\n<dc:date>\(date.rfc3339())</dc:date>\n<dc:creator>")
            XMLText.appendEscaped(author, to: &out)
            out.write("</dc:creator>\n")
            for category in categories {
                out.write("<dc:subject>")
                XMLText.appendEscaped(category, to: &out)
                out.write("</dc:subject>\n")
            }
            out.write("</item>\n")
        }
        return (out, absoluteLink)
    }

    private mutating func rssItem(
        into out: inout [UInt8], title: [UInt8], link: String, absoluteLink: String, teaser: [UInt8],
        html: [UInt8], author: String, categories: [String]
    ) {
        out.write("\t\t<item>\n\t\t\t<title>")
        out.append(contentsOf: title)
        out.write("</title>\n\t\t\t<link>\(link)</link>\n")
        if text.rng.percent(50) {
            out.write("\t\t\t<guid isPermaLink=\"true\">\(absoluteLink)</guid>\n")
        } else {
            out.write("\t\t\t<guid isPermaLink=\"false\">\(plan.domain)-\(serial)</guid>\n")
        }
        if plan.dublinCoreDates {
            out.write("\t\t\t<dc:date>\(date.rfc3339(fraction: text.rng.percent(30)))</dc:date>\n")
        } else {
            out.write("\t\t\t<pubDate>\(date.rfc822(gmt: true))</pubDate>\n")
        }
        switch text.rng.below(10) {
        case 0..<6:
            out.write("\t\t\t<dc:creator>")
            XMLText.appendEscaped(author, to: &out)
            out.write("</dc:creator>\n")
        case 6..<8:
            out.write("\t\t\t<author>press@\(plan.domain) (")
            XMLText.appendEscaped(author, to: &out)
            out.write(")</author>\n")
        default:
            break
        }
        for category in categories {
            out.write("\t\t\t<category>")
            XMLText.appendEscaped(category, to: &out)
            out.write("</category>\n")
        }
        if text.rng.percent(40) {
            let length = text.rng.between(40_000, 900_000)
            out.write("\t\t\t<enclosure url=\"https://cdn.\(plan.domain)/img/\(text.rng.hex(16)).jpg\"")
            out.write(" length=\"\(length)\" type=\"image/jpeg\" />\n")
        }
        switch plan.kind {
        case .rss2CDATA:
            if text.rng.percent(50) {
                out.write("\t\t\t<description><![CDATA[")
                out.append(contentsOf: teaser)
                out.write("]]></description>\n")
            } else {
                out.write("\t\t\t<description>")
                XMLText.appendEscaped(teaser, to: &out)
                out.write("</description>\n")
            }
            out.write("\t\t\t<content:encoded><![CDATA[")
            out.append(contentsOf: html)
            out.write("]]></content:encoded>\n")
        default:
            out.write("\t\t\t<description>")
            XMLText.appendEscaped(html, to: &out)
            out.write("</description>\n")
        }
        out.write("\t\t</item>\n")
    }

    private mutating func atomEntry(
        into out: inout [UInt8], title: [UInt8], link: String, absoluteLink: String, teaser: [UInt8],
        html: [UInt8], author: String, categories: [String]
    ) {
        out.write("  <entry>\n    <title type=\"html\">")
        // type="html": the title's markup is escaped once more.
        XMLText.appendEscaped(title, to: &out)
        out.write("</title>\n    <link href=\"\(link)\" rel=\"alternate\" type=\"text/html\"/>\n")
        out.write("    <id>tag:\(plan.domain),2025:news-\(serial)</id>\n")
        out.write("    <published>\(date.rfc3339())</published>\n")
        let updated = FeedDate(seconds: clock + Int64(text.rng.below(7200)), offsetMinutes: plan.offsetMinutes)
        out.write("    <updated>\(updated.rfc3339(fraction: text.rng.percent(20)))</updated>\n")
        out.write("    <author><name>")
        XMLText.appendEscaped(author, to: &out)
        out.write("</name><uri>\(home)authors/\(text.rng.hex(6))</uri></author>\n")
        for category in categories {
            out.write("    <category term=\"")
            XMLText.appendEscaped(category, to: &out)
            out.write("\"/>\n")
        }
        out.write("    <summary type=\"text\">")
        XMLText.appendEscaped(teaser, to: &out)
        out.write("</summary>\n    <content type=\"html\"")
        if text.rng.percent(10) { out.write(" xml:base=\"\(absoluteLink)\"") }
        out.write(">")
        XMLText.appendEscaped(html, to: &out)
        out.write("</content>\n  </entry>\n")
    }
}
