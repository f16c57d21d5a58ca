import CLibXML2

/// The paragraphs of an HTML fragment as plain text, for code that reads what an entry says rather than how it
/// is marked up (the repost detector).
public enum PlainText {
    /// The text of each block of `html` (`p`, `div`, `li`, a heading, a `br`, ...), with markup removed, entities
    /// decoded and white space collapsed; empty blocks are left out. Text without markup is split at blank lines.
    public static func paragraphs(fromHTML html: String) -> [String] {
        let raw: [String]
        if !html.containsByte(where: { $0 == UInt8(ascii: "<") }) {
            let decoded = html.containsByte(where: { $0 == UInt8(ascii: "&") }) ? HTMLText.decodingEntities(html) : html
            raw = splittingAtBlankLines(decoded)
        } else {
            let collector = ParagraphCollector()
            HTMLFragmentParser.parse(html, into: collector)
            collector.endParagraph()
            raw = collector.paragraphs
        }
        return raw.map(HTMLText.collapsingWhitespace).filter { !$0.isEmpty }
    }

    /// The parts of `text` between blank lines (`\n\n`), empty ones left out; most text without markup (a title)
    /// has no line break at all.
    private static func splittingAtBlankLines(_ text: String) -> [String] {
        guard text.containsByte(where: { $0 == UInt8(ascii: "\n") }) else { return [text] }
        let utf8 = Array(text.utf8)
        var parts: [String] = []
        var start = 0
        var index = 0
        while index + 1 < utf8.count {
            if utf8[index] == UInt8(ascii: "\n") && utf8[index + 1] == UInt8(ascii: "\n") {
                if index > start { parts.append(String(decoding: utf8[start..<index], as: UTF8.self)) }
                index += 2
                start = index
            } else {
                index += 1
            }
        }
        if start < utf8.count { parts.append(String(decoding: utf8[start...], as: UTF8.self)) }
        return parts
    }
}

/// Collects text, starting a new paragraph at the start and end of every block element.
private final class ParagraphCollector: HTMLEventSink {
    private(set) var paragraphs: [String] = []
    private var bytes: [UInt8] = []
    private var droppedDepth = 0

    private static let blocks: Set<String> = [
        "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
        "figure", "figcaption", "table", "tr", "td", "th", "section", "article", "aside", "header", "footer", "pre",
        "hr",
    ]

    func endParagraph() {
        if !bytes.isEmpty {
            paragraphs.append(String(decoding: bytes, as: UTF8.self))
            bytes.removeAll(keepingCapacity: true)
        }
    }

    func start(_ name: UnsafePointer<xmlChar>, attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        let tag = String(cString: name)
        if droppedDepth > 0 || HTMLPolicy.droppedWithContent.contains(tag) {
            droppedDepth += 1
        } else if Self.blocks.contains(tag) {
            endParagraph()
        }
    }

    func end(_ name: UnsafePointer<xmlChar>) {
        if droppedDepth > 0 {
            droppedDepth -= 1
        } else if Self.blocks.contains(String(cString: name)) {
            endParagraph()
        }
    }

    func text(_ text: UnsafeBufferPointer<UInt8>, isRaw: Bool) {
        guard droppedDepth == 0, !isRaw else { return }
        bytes.append(contentsOf: text)
    }
}
