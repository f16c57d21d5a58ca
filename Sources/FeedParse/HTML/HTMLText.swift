import CLibXML2

/// Plain text from HTML or from text that may hold markup and entities, as titles do.
enum HTMLText {
    /// The text of `html` with markup removed, entities decoded and white space collapsed.
    static func plainText(fromHTML html: String) -> String {
        guard html.utf8.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "&") }) else {
            return collapsingWhitespace(html)
        }
        let collector = TextCollector()
        HTMLFragmentParser.parse(html, into: collector)
        return collapsingWhitespace(String(decoding: collector.bytes, as: UTF8.self))
    }

    /// Runs of white space (no-break spaces and line breaks included) become one space; ends are trimmed;
    /// control characters go.
    static func collapsingWhitespace(_ text: String) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.value <= 0x20 || isSpace(scalar) {
                pendingSpace = !result.isEmpty
                continue
            }
            if (0x7F...0x9F).contains(scalar.value) || scalar == "\u{AD}" { continue }
            if pendingSpace {
                result.unicodeScalars.append(" ")
                pendingSpace = false
            }
            result.unicodeScalars.append(scalar)
        }
        return result
    }
}

/// Unicode's white space (`White_Space`) plus the byte-order mark, without a property lookup per letter.
private func isSpace(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF: true
    default: false
    }
}

private final class TextCollector: HTMLEventSink {
    private(set) var bytes: [UInt8] = []
    private var droppedDepth = 0

    func start(_ name: UnsafePointer<xmlChar>, attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        let tag = String(cString: name)
        if droppedDepth > 0 || HTMLPolicy.droppedWithContent.contains(tag) {
            droppedDepth += 1
        } else if tag == "br" || tag == "p" || tag == "div" || tag == "li" {
            bytes.append(UInt8(ascii: " "))
        }
    }

    func end(_ name: UnsafePointer<xmlChar>) {
        if droppedDepth > 0 { droppedDepth -= 1 }
    }

    func text(_ text: UnsafeBufferPointer<UInt8>, isRaw: Bool) {
        guard droppedDepth == 0, !isRaw else { return }
        bytes.append(contentsOf: text)
    }
}
