import CLibXML2

/// The sanitizer's fast path: a strict reader for the regular HTML most feeds carry, which writes exactly what
/// the libxml2 path would write, and gives up (nil) on anything else.
///
/// libxml2's HTML parser costs about 2.5 times what its XML parser does per byte, and a feed is mostly HTML
/// content, so sanitizing everything through it would make parsing a feed several times slower than reading its
/// XML. Most content is plain paragraphs, links and images, written correctly. This reader accepts exactly that:
/// allow-listed elements properly nested in ways libxml2 does not restructure, quoted or simple attributes,
/// known entities, comments. Anything else — an unknown or dropped element, a tag libxml2 would close or imply,
/// an odd character, a duplicate attribute, a stray `<` or `&` — returns nil and the fragment goes through
/// libxml2. Attributes are judged by the same `HTMLPolicy.appendAttribute` as on the libxml2 path; a
/// differential test holds the two paths to the same output.
enum RegularHTMLSanitizer {
    static func sanitize(_ html: String, base: String?) -> String? {
        var html = html
        return html.withUTF8 { bytes in
            var reader = Reader(bytes: bytes, base: base)
            guard reader.run() else { return nil }
            return String(decoding: reader.output, as: UTF8.self)
        }
    }
}

/// How an element may nest in the fast path: only shapes libxml2 keeps as they are written.
private enum ContentModel {
    /// Phrasing content (`a`, `b`, `img`): inside anything but a list, holding only inline elements.
    case inline
    /// `p` and headings: where blocks may go, holding only inline elements.
    case inlineBlock
    /// `div`, `blockquote`, `figure`, `li`: holding anything.
    case container
    /// `ul`, `ol`: holding only `li` (and white space).
    case list
}

private struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    let base: String?
    var output: [UInt8] = []
    var index = 0
    /// Open elements, innermost last.
    var open: [(element: HTMLPolicy.Element, model: ContentModel)] = []
    var openLinks = 0

    static let models: [String: ContentModel] = {
        var table: [String: ContentModel] = [:]
        for name in [
            "a", "abbr", "b", "cite", "code", "em", "i", "mark", "q", "s", "small", "span", "strong", "sub", "sup",
            "time", "u", "br", "img", "wbr",
        ] {
            table[name] = .inline
        }
        for name in ["p", "h1", "h2", "h3", "h4", "h5", "h6"] { table[name] = .inlineBlock }
        for name in ["div", "blockquote", "figure", "figcaption", "li"] { table[name] = .container }
        for name in ["ul", "ol"] { table[name] = .list }
        return table
    }()

    init(bytes: UnsafeBufferPointer<UInt8>, base: String?) {
        self.bytes = bytes
        self.base = base
        output.reserveCapacity(bytes.count + 64)
    }

    mutating func run() -> Bool {
        var textStart = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "<"), UInt8(ascii: "&"), UInt8(ascii: ">"):
                guard flushText(from: textStart) else { return false }
                if byte == UInt8(ascii: "<") {
                    guard tag() else { return false }
                } else if byte == UInt8(ascii: "&") {
                    guard let scalar = entity() else { return false }
                    guard open.last?.model != .list || scalar.properties.isWhitespace else { return false }
                    appendEscaped(scalar)
                } else {
                    guard open.last?.model != .list else { return false }
                    output.append(contentsOf: "&gt;".utf8)
                    index += 1
                }
                textStart = index
            case 0x09, 0x0A:
                index += 1
            case 0..<0x20, 0x7F:
                return false
            default:
                index += 1
            }
        }
        return flushText(from: textStart) && open.isEmpty
    }

    /// Copies `bytes[start..<index]`, which holds no markup; a list may hold only white space.
    private mutating func flushText(from start: Int) -> Bool {
        guard start < index else { return true }
        let text = UnsafeBufferPointer(rebasing: bytes[start..<index])
        if open.last?.model == .list, text.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A }) {
            return false
        }
        output.append(contentsOf: text)
        return true
    }

    private mutating func appendEscaped(_ scalar: Unicode.Scalar) {
        var utf8 = [UInt8]()
        utf8.reserveCapacity(4)
        UTF8.encode(scalar) { utf8.append($0) }
        utf8.withUnsafeBufferPointer { MarkupEscaping.appendEscapedText($0, to: &output) }
    }

    // MARK: Tags

    private mutating func tag() -> Bool {
        guard index + 1 < bytes.count else { return false }
        switch bytes[index + 1] {
        case UInt8(ascii: "/"): return endTag()
        case UInt8(ascii: "!"): return comment()
        default: return startTag()
        }
    }

    private mutating func comment() -> Bool {
        // `<!--` ... `-->`, with nothing libxml2 reads differently from a browser inside.
        guard index + 4 <= bytes.count, bytes[index + 2] == UInt8(ascii: "-"), bytes[index + 3] == UInt8(ascii: "-")
        else { return false }
        var position = index + 4
        while position + 2 < bytes.count {
            if bytes[position] == UInt8(ascii: "-") && bytes[position + 1] == UInt8(ascii: "-") {
                guard bytes[position + 2] == UInt8(ascii: ">"), position > index + 4 else { return false }
                index = position + 3
                return true
            }
            if bytes[position] == UInt8(ascii: "<") || bytes[position] == UInt8(ascii: ">") { return false }
            position += 1
        }
        return false
    }

    private mutating func endTag() -> Bool {
        index += 2
        guard let name = name(), let top = open.last, top.element.name == name else { return false }
        skipSpaces()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ">") else { return false }
        index += 1
        open.removeLast()
        if name == "a" { openLinks -= 1 }
        output.append(contentsOf: "</".utf8)
        output.append(contentsOf: name.utf8)
        output.append(UInt8(ascii: ">"))
        return true
    }

    private mutating func startTag() -> Bool {
        index += 1
        guard let name = name(), let element = HTMLPolicy.allowed[name], let model = Self.models[name] else {
            return false
        }
        guard fits(model, named: name) else { return false }
        var attributes: [(String, String?)] = []
        while true {
            let hadSpace = skipSpaces()
            guard index < bytes.count else { return false }
            if bytes[index] == UInt8(ascii: ">") {
                index += 1
                break
            }
            if bytes[index] == UInt8(ascii: "/") {
                // `<br/>`: HTML ignores the slash, and libxml2 agrees only on void elements.
                guard element.isVoid, index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: ">") else {
                    return false
                }
                index += 2
                break
            }
            guard hadSpace, let attribute = attribute(),
                !attributes.contains(where: { $0.0 == attribute.0 })
            else { return false }
            attributes.append(attribute)
        }
        output.append(UInt8(ascii: "<"))
        output.append(contentsOf: name.utf8)
        for (attributeName, value) in attributes {
            HTMLPolicy.appendAttribute(attributeName, value: value, of: element, base: base, to: &output)
        }
        output.append(UInt8(ascii: ">"))
        if !element.isVoid {
            open.append((element, model))
            if name == "a" { openLinks += 1 }
        }
        return true
    }

    /// Whether an element of this model may open here without libxml2 closing or implying anything.
    private func fits(_ model: ContentModel, named name: String) -> Bool {
        let parent = open.last?.model
        switch model {
        case .inline:
            return parent != .list && (name != "a" || openLinks == 0)
        case .inlineBlock, .container, .list:
            if name == "li" { return parent == .list }
            return parent == nil || parent == .container
        }
    }

    /// A tag or attribute name, lower-cased: ASCII letters and digits, starting with a letter.
    private mutating func name() -> String? {
        let start = index
        while index < bytes.count {
            let byte = bytes[index] | 0x20
            let isLetter = byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")
            let isDigit = bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9")
            guard isLetter || (isDigit && index > start) else { break }
            index += 1
        }
        guard index > start, index - start <= 16 else { return nil }
        return String(decoding: bytes[start..<index].lazy.map { $0 | 0x20 }, as: UTF8.self)
    }

    @discardableResult
    private mutating func skipSpaces() -> Bool {
        let start = index
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A {
            index += 1
        }
        return index > start
    }

    /// `name`, `name="value"`, `name='value'` or `name=value`, the value's entities decoded.
    private mutating func attribute() -> (String, String?)? {
        guard let name = name() else { return nil }
        guard index < bytes.count, bytes[index] != UInt8(ascii: "-"), bytes[index] != UInt8(ascii: ":") else {
            return nil
        }
        let afterName = index
        skipSpaces()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else {
            index = afterName
            return (name, nil)
        }
        index += 1
        skipSpaces()
        guard index < bytes.count else { return nil }
        let quote = bytes[index]
        var value: [UInt8] = []
        if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            index += 1
            while index < bytes.count, bytes[index] != quote {
                guard appendValueByte(to: &value) else { return nil }
            }
            guard index < bytes.count else { return nil }
            index += 1
        } else {
            while index < bytes.count, bytes[index] > 0x20, bytes[index] != UInt8(ascii: ">") {
                switch bytes[index] {
                case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "`"):
                    return nil
                default:
                    guard appendValueByte(to: &value) else { return nil }
                }
            }
            guard !value.isEmpty else { return nil }
        }
        return (name, String(decoding: value, as: UTF8.self))
    }

    private mutating func appendValueByte(to value: inout [UInt8]) -> Bool {
        let byte = bytes[index]
        switch byte {
        case UInt8(ascii: "&"):
            guard let scalar = entity() else { return false }
            UTF8.encode(scalar) { value.append($0) }
            return true
        case UInt8(ascii: "<"), 0..<0x20, 0x7F:
            return false
        default:
            value.append(byte)
            index += 1
            return true
        }
    }

    // MARK: Entities

    /// `&name;` (an HTML 4 entity), `&#123;` or `&#x7B;`, decoded; nil for anything libxml2 might read
    /// differently.
    private mutating func entity() -> Unicode.Scalar? {
        var position = index + 1
        var value: UInt32 = 0
        if position < bytes.count, bytes[position] == UInt8(ascii: "#") {
            position += 1
            let isHex = position < bytes.count && (bytes[position] | 0x20) == UInt8(ascii: "x")
            if isHex { position += 1 }
            let digitsStart = position
            while position < bytes.count, position - digitsStart < 7 {
                let byte = bytes[position]
                let digit: UInt32
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f") where isHex: digit = UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F") where isHex: digit = UInt32(byte - UInt8(ascii: "A") + 10)
                default: digit = 99
                }
                guard digit < 99 else { break }
                value = value * (isHex ? 16 : 10) + digit
                position += 1
            }
            guard position > digitsStart else { return nil }
        } else {
            let nameStart = position
            while position < bytes.count, position - nameStart < 10,
                (bytes[position] | 0x20) >= UInt8(ascii: "a") && (bytes[position] | 0x20) <= UInt8(ascii: "z")
                    || (bytes[position] >= UInt8(ascii: "0") && bytes[position] <= UInt8(ascii: "9"))
            {
                position += 1
            }
            guard position > nameStart, position < bytes.count, bytes[position] == UInt8(ascii: ";") else {
                return nil
            }
            var name = Array(bytes[nameStart..<position])
            name.append(0)
            guard let found = name.withUnsafeBufferPointer({ htmlEntityLookup($0.baseAddress) }) else { return nil }
            value = found.pointee.value
        }
        guard position < bytes.count, bytes[position] == UInt8(ascii: ";") else { return nil }
        // Code points libxml2 might replace or refuse: controls, C1, surrogates, out of range.
        guard value >= 0x20 || value == 0x09 || value == 0x0A, !(0x7F...0x9F).contains(value),
            let scalar = Unicode.Scalar(value)
        else { return nil }
        index = position + 1
        return scalar
    }
}
