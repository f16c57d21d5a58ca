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
    /// - Parameter isValidUTF8: whether `html` is known to be valid UTF-8; the output then is too, as it copies
    ///   the input in runs cut at ASCII characters and writes only whole characters of its own.
    ///   `buffers` are the working arrays, kept by the caller from call to call so that content costs no
    ///   allocation but its string.
    static func sanitize(
        _ html: UnsafeBufferPointer<UInt8>, base: URLResolver.Base?, isValidUTF8: Bool, buffers: inout Buffers
    ) -> String? {
        // Moved into the reader, so that its arrays are uniquely held (clearing a shared array would allocate
        // anew), and handed back however the reader ends.
        var taken = Buffers()
        swap(&taken, &buffers)
        var reader = Reader(bytes: html, base: base, isValidUTF8: isValidUTF8, buffers: consume taken)
        defer { buffers = reader.buffers }
        guard reader.run() else { return nil }
        return String(utf8: reader.buffers.output, isValid: isValidUTF8)
    }

    static func sanitize(_ html: UnsafeBufferPointer<UInt8>, base: URLResolver.Base?, isValidUTF8: Bool) -> String? {
        var buffers = Buffers()
        return sanitize(html, base: base, isValidUTF8: isValidUTF8, buffers: &buffers)
    }

    /// The arrays a reader works in; emptied (capacity kept) when a reader takes them.
    struct Buffers {
        var output: [UInt8] = []
        /// Open elements (indices into `KnownTag.all`), innermost last.
        var open: [Int] = []
        /// The attributes of the tag being read that are kept, with their values.
        var attributes: [(Int, String?)] = []
        var seenAttributes: [NameKey] = []
        /// The value of the attribute being read, entities decoded.
        var value: [UInt8] = []

        mutating func clear() {
            // Each only when it holds something: clearing an empty array still costs a call.
            if !output.isEmpty { output.removeAll(keepingCapacity: true) }
            if !open.isEmpty { open.removeAll(keepingCapacity: true) }
            if !attributes.isEmpty { attributes.removeAll(keepingCapacity: true) }
            if !seenAttributes.isEmpty { seenAttributes.removeAll(keepingCapacity: true) }
            if !value.isEmpty { value.removeAll(keepingCapacity: true) }
        }
    }
}

/// How an element may nest in the fast path: only shapes libxml2 keeps as they are written.
private enum ContentModel {
    /// Phrasing content (`a`, `b`, `img`): inside anything but a list, holding only inline elements.
    case inline
    /// `p` and headings: where blocks may go, holding only inline elements.
    case inlineBlock
    /// `div`, `blockquote`, `figure`: holding anything.
    case container
    /// `li`: holding anything, inside a list only.
    case listItem
    /// `ul`, `ol`: holding only `li` (and white space).
    case list
    /// `table`: where blocks may go, holding only row groups, rows and a caption (and white space).
    case table
    /// `tbody`, `thead`, `tfoot`: inside a table, holding only rows.
    case rowGroup
    /// `tr`: inside a table or row group, holding only cells.
    case row
    /// `td`, `th`: inside a row, holding anything.
    case cell
    /// `caption`: inside a table, holding anything.
    case caption
    /// `iframe`: where inline elements may go; left out with everything inside (which must still be regular).
    case dropped
    /// `script`, `style`: where inline elements may go; left out, their raw text up to the end tag skipped.
    case rawText

    /// Whether only elements (and white space) may sit directly inside.
    var holdsOnlyElements: Bool {
        switch self {
        case .list, .table, .rowGroup, .row: true
        default: false
        }
    }
}

/// An element the fast path knows: its policy and content model, found by its name's bytes without building a
/// string (a feed has hundreds of thousands of tags).
private struct KnownTag {
    let name: String
    let policy: HTMLPolicy.Element
    let model: ContentModel
    /// Bit `i` set: `KnownTag.attributeNames[i]` is allowed on this element.
    let allowedAttributes: UInt64
    let isVoid: Bool
    /// `<name` and `</name>`, ready to append.
    let openBytes: [UInt8]
    let closeBytes: [UInt8]

    init(name: String, policy: HTMLPolicy.Element, model: ContentModel, allowedAttributes: UInt64) {
        self.name = name
        self.policy = policy
        self.model = model
        self.allowedAttributes = allowedAttributes
        isVoid = policy.isVoid
        openBytes = Array("<\(name)".utf8)
        closeBytes = Array("</\(name)>".utf8)
    }

    static let all: [KnownTag] = {
        var tags: [KnownTag] = []
        func add(_ names: [String], _ model: ContentModel) {
            for name in names {
                // Dropped elements keep no attribute, so any policy without attributes serves.
                guard let policy = HTMLPolicy.allowed[name] ?? dropped(name, model) else { continue }
                var mask: UInt64 = 0
                for (bit, attribute) in attributeNames.enumerated()
                where policy.attributes.contains(attribute) || HTMLPolicy.globalAttributes.contains(attribute) {
                    mask |= 1 << UInt64(bit)
                }
                tags.append(KnownTag(name: name, policy: policy, model: model, allowedAttributes: mask))
            }
        }
        add(
            [
                "a", "abbr", "b", "cite", "code", "em", "i", "mark", "q", "s", "small", "span", "strong", "sub",
                "sup", "time", "u", "br", "img", "wbr",
            ], .inline)
        add(["p", "h1", "h2", "h3", "h4", "h5", "h6"], .inlineBlock)
        add(["div", "blockquote", "figure", "figcaption"], .container)
        add(["li"], .listItem)
        add(["ul", "ol"], .list)
        add(["table"], .table)
        add(["tbody", "thead", "tfoot"], .rowGroup)
        add(["tr"], .row)
        add(["td", "th"], .cell)
        add(["caption"], .caption)
        add(["iframe"], .dropped)
        add(["script", "style"], .rawText)
        return tags
    }()

    private static func dropped(_ name: String, _ model: ContentModel) -> HTMLPolicy.Element? {
        guard model == .dropped || model == .rawText, HTMLPolicy.droppedWithContent.contains(name) else { return nil }
        return HTMLPolicy.Element(name: name, attributes: [], isVoid: false)
    }

    /// Every attribute any element may keep, in a fixed order for the bit masks.
    static let attributeNames: [String] = {
        var names = Set(HTMLPolicy.globalAttributes)
        for element in HTMLPolicy.allowed.values { names.formUnion(element.attributes) }
        return names.sorted()
    }()

    static let tagsByKey = NameTable(all.map(\.name))
    static let attributesByKey = NameTable(attributeNames)
    static let anchor = all.firstIndex { $0.name == "a" } ?? -1
    /// Per attribute index: whether it holds a URL.
    static let isURLAttribute: [Bool] = attributeNames.map { HTMLPolicy.urlAttributes.contains($0) }
    static let image = all.firstIndex { $0.name == "img" } ?? -1
}

/// Names to their index in a fixed list, looked up by `NameKey` in an open-addressed table: a few instructions
/// where a `Dictionary` hashes the key with SipHash (once per tag and attribute of every piece of content).
struct NameTable: Sendable {
    private var keys: [NameKey]
    private var indices: [Int]

    init(_ names: [String]) {
        var size = 16
        while size < names.count * 4 { size *= 2 }
        keys = Array(repeating: NameKey([]), count: size)
        indices = Array(repeating: -1, count: size)
        for (index, name) in names.enumerated() {
            var slot = Self.slot(of: NameKey(name.utf8), size: size)
            while indices[slot] >= 0 { slot = (slot + 1) & (size - 1) }
            keys[slot] = NameKey(name.utf8)
            indices[slot] = index
        }
    }

    func index(of key: NameKey) -> Int? {
        var slot = Self.slot(of: key, size: keys.count)
        while indices[slot] >= 0 {
            if keys[slot] == key { return indices[slot] }
            slot = (slot + 1) & (keys.count - 1)
        }
        return nil
    }

    private static func slot(of key: NameKey, size: Int) -> Int {
        let mixed = (key.low ^ key.high &* 31) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: mixed >> 40) & (size - 1)
    }
}

/// A lower-cased ASCII name of up to 16 bytes packed into two words, as a dictionary key.
struct NameKey: Hashable, Sendable {
    var low: UInt64 = 0
    var high: UInt64 = 0

    init(_ bytes: some Sequence<UInt8>) {
        for (index, byte) in bytes.enumerated() where index < 16 {
            let shifted = UInt64(byte | 0x20) << UInt64((index % 8) * 8)
            if index < 8 { low |= shifted } else { high |= shifted }
        }
    }
}

private struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    let base: URLResolver.Base?
    let isValidUTF8: Bool
    var buffers: RegularHTMLSanitizer.Buffers
    /// `KnownTag`'s tables, read once per reader rather than through a lazy global at every tag.
    let tags = KnownTag.all
    let anchor = KnownTag.anchor
    let image = KnownTag.image
    var index = 0
    var openLinks = 0
    /// Open elements being left out (an `iframe` and what it holds): nothing is written while above zero.
    var dropping = 0

    private var innermostModel: ContentModel? {
        buffers.open.last.map { tags[$0].model }
    }

    init(
        bytes: UnsafeBufferPointer<UInt8>, base: URLResolver.Base?, isValidUTF8: Bool,
        buffers: RegularHTMLSanitizer.Buffers
    ) {
        self.bytes = bytes
        self.base = base
        self.isValidUTF8 = isValidUTF8
        self.buffers = buffers
        self.buffers.clear()
        self.buffers.output.reserveCapacity(bytes.count + 64)
    }

    mutating func run() -> Bool {
        var textStart = 0
        while index < bytes.count {
            // Letters, Cyrillic, most punctuation: nothing to do, and the most common case by far.
            index = MarkupScan.nextSpecialByte(in: bytes, from: index)
            guard index < bytes.count else { break }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "<"), UInt8(ascii: "&"), UInt8(ascii: ">"):
                guard flushText(from: textStart) else { return false }
                if byte == UInt8(ascii: "<") {
                    guard tag() else { return false }
                } else if byte == UInt8(ascii: "&") {
                    guard let scalar = entity() else { return false }
                    guard innermostModel?.holdsOnlyElements != true || scalar.properties.isWhitespace else {
                        return false
                    }
                    if dropping == 0 { appendEscaped(scalar) }
                } else {
                    guard innermostModel?.holdsOnlyElements != true else { return false }
                    if dropping == 0 { buffers.output.append(contentsOf: "&gt;".utf8) }
                    index += 1
                }
                textStart = index
            case 0x09, 0x0A:
                index += 1
            case 0..<0x20, 0x7F:
                return false
            case 0xEF where index + 2 < bytes.count && bytes[index + 1] == 0xBF && bytes[index + 2] >= 0xBE:
                // U+FFFE and U+FFFF: not characters XML can hold; libxml2 drops them.
                return false
            default:
                index += 1
            }
        }
        return flushText(from: textStart) && buffers.open.isEmpty
    }

    /// Copies `bytes[start..<index]`, which holds no markup; a list may hold only white space.
    private mutating func flushText(from start: Int) -> Bool {
        guard start < index else { return true }
        let text = UnsafeBufferPointer(rebasing: bytes[start..<index])
        if innermostModel?.holdsOnlyElements == true, text.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A }) {
            return false
        }
        if dropping == 0 { buffers.output.append(contentsOf: text) }
        return true
    }

    private mutating func appendEscaped(_ scalar: Unicode.Scalar) {
        var utf8 = [UInt8]()
        utf8.reserveCapacity(4)
        UTF8.encode(scalar) { utf8.append($0) }
        utf8.withUnsafeBufferPointer { MarkupEscaping.appendEscapedText($0, to: &buffers.output) }
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
        guard let tag = knownTag(), let top = buffers.open.last, top == tag else { return false }
        skipSpaces()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ">") else { return false }
        index += 1
        buffers.open.removeLast()
        if tag == anchor { openLinks -= 1 }
        if tags[tag].model == .dropped { dropping -= 1 }
        guard dropping == 0, tags[tag].model != .dropped else { return true }
        buffers.output.append(contentsOf: tags[tag].closeBytes)
        return true
    }

    private mutating func startTag() -> Bool {
        index += 1
        guard let tag = knownTag() else { return false }
        let model = tags[tag].model
        let isVoid = tags[tag].isVoid
        guard fits(model, isAnchor: tag == anchor) else { return false }
        if !buffers.attributes.isEmpty { buffers.attributes.removeAll(keepingCapacity: true) }
        if !buffers.seenAttributes.isEmpty { buffers.seenAttributes.removeAll(keepingCapacity: true) }
        while true {
            let hadSpace = skipSpaces()
            guard index < bytes.count else { return false }
            if bytes[index] == UInt8(ascii: ">") {
                index += 1
                break
            }
            if bytes[index] == UInt8(ascii: "/") {
                // `<br/>`: HTML ignores the slash, and libxml2 agrees only on void elements.
                guard isVoid, index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: ">") else {
                    return false
                }
                index += 2
                break
            }
            guard hadSpace, let (key, attribute) = attribute(allowedBy: tags[tag].allowedAttributes),
                !buffers.seenAttributes.contains(key)
            else { return false }
            buffers.seenAttributes.append(key)
            if let attribute { buffers.attributes.append(attribute) }
        }
        switch model {
        case .rawText:
            return skipRawText(of: tags[tag].name)
        case .dropped:
            dropping += 1
            buffers.open.append(tag)
            return true
        default:
            guard dropping == 0 else {
                if !isVoid { buffers.open.append(tag) }
                if tag == anchor && !isVoid { openLinks += 1 }
                return true
            }
        }
        buffers.output.append(contentsOf: tags[tag].openBytes)
        for (attribute, value) in buffers.attributes {
            HTMLPolicy.appendAllowedAttribute(
                KnownTag.attributeNames[attribute], value: value, isURL: KnownTag.isURLAttribute[attribute],
                allowsImageData: tag == image, base: base, to: &buffers.output)
        }
        buffers.output.append(UInt8(ascii: ">"))
        if !isVoid {
            buffers.open.append(tag)
            if tag == anchor { openLinks += 1 }
        }
        return true
    }

    /// Whether an element of this model may open here without libxml2 closing or implying anything.
    private func fits(_ model: ContentModel, isAnchor: Bool) -> Bool {
        let parent = innermostModel
        switch model {
        case .inline, .dropped, .rawText:
            return parent?.holdsOnlyElements != true && (!isAnchor || openLinks == 0)
        case .listItem:
            return parent == .list
        case .inlineBlock, .container, .list, .table:
            return parent == nil || parent == .container || parent == .listItem || parent == .cell
                || parent == .caption
        case .rowGroup, .caption:
            return parent == .table
        case .row:
            return parent == .table || parent == .rowGroup
        case .cell:
            return parent == .row
        }
    }

    /// Skips the raw text of a `script` or `style` up to its end tag, which libxml2 (recovering) finds by name.
    private mutating func skipRawText(of name: String) -> Bool {
        let closer = Array("</\(name)".utf8)
        while index + closer.count < bytes.count {
            if bytes[index] == UInt8(ascii: "<") && bytes[index + 1] == UInt8(ascii: "/") {
                let candidate = bytes[index..<(index + closer.count)]
                guard candidate.elementsEqual(closer, by: { $0 | 0x20 == $1 | 0x20 }) else { return false }
                index += closer.count
                skipSpaces()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ">") else { return false }
                index += 1
                return true
            }
            index += 1
        }
        return false
    }

    /// The known tag whose name starts here, or nil.
    private mutating func knownTag() -> Int? {
        guard let key = nameKey() else { return nil }
        return KnownTag.tagsByKey.index(of: key)
    }

    /// A tag or attribute name, lower-cased and packed: ASCII letters and digits, starting with a letter.
    private mutating func nameKey() -> NameKey? {
        let start = index
        while index < bytes.count {
            let byte = bytes[index] | 0x20
            let isLetter = byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")
            let isDigit = bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9")
            guard isLetter || (isDigit && index > start) else { break }
            index += 1
        }
        guard index > start, index - start <= 16 else { return nil }
        return NameKey(UnsafeBufferPointer(rebasing: bytes[start..<index]))
    }

    @discardableResult
    private mutating func skipSpaces() -> Bool {
        let start = index
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A {
            index += 1
        }
        return index > start
    }

    /// `name`, `name="value"`, `name='value'` or `name=value`: its key, and its index and value (entities
    /// decoded) when the element may keep it.
    private mutating func attribute(allowedBy mask: UInt64) -> (NameKey, (Int, String?)?)? {
        guard let key = nameKey() else { return nil }
        guard index < bytes.count, bytes[index] != UInt8(ascii: "-"), bytes[index] != UInt8(ascii: ":") else {
            return nil
        }
        let allowed = KnownTag.attributesByKey.index(of: key).flatMap { mask & (1 << UInt64($0)) != 0 ? $0 : nil }
        let afterName = index
        skipSpaces()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else {
            index = afterName
            return (key, allowed.map { ($0, nil) })
        }
        index += 1
        skipSpaces()
        guard index < bytes.count else { return nil }
        let quote = bytes[index]
        if !buffers.value.isEmpty { buffers.value.removeAll(keepingCapacity: true) }
        if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            index += 1
            var start = index
            while index < bytes.count, bytes[index] != quote {
                let byte = bytes[index]
                if byte > UInt8(ascii: "<") || (byte >= 0x20 && byte != UInt8(ascii: "&") && byte != UInt8(ascii: "<"))
                {
                    index += 1
                    continue
                }
                buffers.value.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                guard appendValueByte() else { return nil }
                start = index
            }
            guard index < bytes.count else { return nil }
            buffers.value.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
            index += 1
        } else {
            while index < bytes.count, bytes[index] > 0x20, bytes[index] != UInt8(ascii: ">") {
                switch bytes[index] {
                case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "`"):
                    return nil
                default:
                    guard appendValueByte() else { return nil }
                }
            }
            guard !buffers.value.isEmpty else { return nil }
        }
        // Cut at ASCII characters, with whole decoded characters added: valid UTF-8 when the input is.
        return (key, allowed.map { ($0, String(utf8: buffers.value, isValid: isValidUTF8)) })
    }

    private mutating func appendValueByte() -> Bool {
        let byte = bytes[index]
        switch byte {
        case UInt8(ascii: "&"):
            guard let scalar = entity() else { return false }
            UTF8.encode(scalar) { buffers.value.append($0) }
            return true
        case UInt8(ascii: "<"), 0..<0x20, 0x7F:
            return false
        default:
            buffers.value.append(byte)
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
            value != 0xFFFE, value != 0xFFFF,
            let scalar = Unicode.Scalar(value)
        else { return nil }
        index = position + 1
        return scalar
    }
}
