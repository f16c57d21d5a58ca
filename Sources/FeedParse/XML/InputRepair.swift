import CLibXML2
import Glibc

/// Byte-level repairs made before libxml2 sees a feed, for mistakes that XML recovery would lose text over.
///
/// - HTML named entities used without a DTD (`&nbsp;`, `&laquo;`) become numeric references, which XML
///   knows; libxml2 would drop them and join the words around them. References to 0x80-0x9F are read as
///   windows-1252, as browsers do (`&#151;` is a dash, not a C1 control).
/// - A bare `&` (`AT&T`, `?a=1&b=2`) becomes `&amp;`, and so does the `&` of an entity nobody declared
///   (`&foo;` stays visible, as browsers show it); libxml2 would drop both.
/// - With `cleansBytes`, every invalid UTF-8 sequence becomes U+FFFD (for UTF-8 input) and C0 control
///   characters, which XML forbids, are dropped.
///
/// Fewer errors matter twice: after its first error libxml2 also drops every later entity reference, `&amp;`
/// and `&lt;` included. CDATA sections keep their `&`s (no reference is recognized inside them). Only for
/// ASCII-compatible encodings: `&`, `;` and entity names are the same bytes in all of them. The input is
/// copied only when something changes.
enum InputRepair {
    /// Repaired bytes, or nil when the input needs no change.
    static func repair(_ input: UnsafeRawBufferPointer, isUTF8: Bool, cleansBytes: Bool) -> [UInt8]? {
        guard input.baseAddress != nil, !input.isEmpty else { return nil }
        if cleansBytes, let cleaned = cleanBytes(input, isUTF8: isUTF8) {
            return cleaned.withUnsafeBytes { repairReferences($0) } ?? cleaned
        }
        return repairReferences(input)
    }

    private static func cleanBytes(_ input: UnsafeRawBufferPointer, isUTF8: Bool) -> [UInt8]? {
        var output: [UInt8] = []
        var copied = 0
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte >= 0x20 && byte < 0x80 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                index += 1
                continue
            }
            if byte >= 0x80 {
                guard isUTF8 else {
                    index += 1
                    continue
                }
                let length = UTF8Scan.sequenceLength(input, at: index)
                if length > 0 {
                    index += length
                    continue
                }
            }
            if output.isEmpty { output.reserveCapacity(input.count + 64) }
            output.append(contentsOf: input[copied..<index])
            if byte >= 0x80 { output.append(contentsOf: [0xEF, 0xBF, 0xBD]) }
            index += 1
            copied = index
        }
        guard copied > 0 else { return nil }
        output.append(contentsOf: input[copied...])
        return output
    }

    private static func repairReferences(_ input: UnsafeRawBufferPointer) -> [UInt8]? {
        // A document with its own entity declarations keeps its references, for the expansion check to see.
        let declaresEntities = VerbatimSections.contains(
            Array("<!ENTITY".utf8), in: UnsafeRawBufferPointer(rebasing: input.prefix(1 << 20)))
        var rewriter = MarkupRewriter(input)
        rewriter.forEach(UInt8(ascii: "&")) { rewriter, ampersand in
            switch reference(in: input, at: ampersand) {
            case .valid:
                return ampersand + 1
            case .unknown where declaresEntities:
                return ampersand + 1
            case .bare, .unknown:
                rewriter.replace(ampersand..<ampersand + 1, with: Array("&amp;".utf8))
                return ampersand + 1
            case .html(let codePoint, let end):
                rewriter.replace(ampersand..<end, with: Array("&#\(codePoint);".utf8))
                return end
            }
        }
        return rewriter.finish()
    }

    private enum Reference {
        /// A character reference or an XML predefined entity.
        case valid
        /// A well-formed reference to an entity that neither XML nor HTML defines.
        case unknown
        /// An `&` that starts no reference.
        case bare
        /// An HTML entity: its code point and the offset just past its `;`.
        case html(UInt32, end: Int)
    }

    private static func reference(in input: UnsafeRawBufferPointer, at ampersand: Int) -> Reference {
        var index = ampersand + 1
        guard index < input.count else { return .bare }
        if input[index] == UInt8(ascii: "#") {
            index += 1
            let isHex = index < input.count && (input[index] | 0x20) == UInt8(ascii: "x")
            if isHex { index += 1 }
            let digitsStart = index
            while index < input.count, index - digitsStart < 8, isDigit(input[index], hex: isHex) { index += 1 }
            let ok = index > digitsStart && index < input.count && input[index] == UInt8(ascii: ";")
            guard ok else { return .bare }
            let digits = String(decoding: UnsafeRawBufferPointer(rebasing: input[digitsStart..<index]), as: UTF8.self)
            if let value = UInt32(digits, radix: isHex ? 16 : 10), Windows1252.remap(value) != value {
                return .html(Windows1252.remap(value), end: index + 1)
            }
            return .valid
        }
        let nameStart = index
        while index < input.count, index - nameStart <= 32, isNameByte(input[index]) { index += 1 }
        guard index > nameStart, index < input.count, input[index] == UInt8(ascii: ";"),
            isNameStart(input[nameStart])
        else { return .bare }
        let name = UnsafeRawBufferPointer(rebasing: input[nameStart..<index])
        if isPredefined(name) { return .valid }
        // htmlEntityLookup wants a C string: copy the short name onto the stack.
        let codePoint = withUnsafeTemporaryAllocation(of: CChar.self, capacity: name.count + 1) { buffer in
            for (offset, byte) in name.enumerated() { buffer[offset] = CChar(bitPattern: byte) }
            buffer[name.count] = 0
            return buffer.baseAddress.flatMap { start in
                start.withMemoryRebound(to: xmlChar.self, capacity: name.count + 1) { htmlEntityLookup($0) }
            }?.pointee.value
        }
        if let codePoint {
            return .html(codePoint, end: index + 1)
        }
        return .unknown
    }

    /// `amp`, `lt`, `gt`, `quot`, `apos`: the five entities XML itself defines.
    private static func isPredefined(_ name: UnsafeRawBufferPointer) -> Bool {
        switch name.count {
        case 2: return (name[0] == UInt8(ascii: "l") || name[0] == UInt8(ascii: "g")) && name[1] == UInt8(ascii: "t")
        case 3: return name[0] == UInt8(ascii: "a") && name[1] == UInt8(ascii: "m") && name[2] == UInt8(ascii: "p")
        case 4:
            let word = name.loadUnaligned(as: UInt32.self)
            return word == Self.quot || word == Self.apos
        default: return false
        }
    }

    private static let quot = Array("quot".utf8).withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }
    private static let apos = Array("apos".utf8).withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }

    private static func isDigit(_ byte: UInt8, hex: Bool) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): true
        case UInt8(ascii: "a")...UInt8(ascii: "f"), UInt8(ascii: "A")...UInt8(ascii: "F"): hex
        default: false
        }
    }

    private static func isNameStart(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") || byte == UInt8(ascii: "_")
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        isNameStart(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: ".")
    }
}

/// Copies a document while rewriting around chosen bytes outside CDATA sections and comments; the input is
/// copied only from the first change on.
private struct MarkupRewriter {
    let input: UnsafeRawBufferPointer
    private var output: [UInt8] = []
    /// `input[..<copied]` is already in `output`.
    private var copied = 0
    private var hasChanges = false

    init(_ input: UnsafeRawBufferPointer) {
        self.input = input
    }

    /// Calls `visit` for each `byte` outside CDATA sections and comments, front to back; `visit` returns the
    /// offset to search on from.
    mutating func forEach(_ byte: UInt8, _ visit: (inout MarkupRewriter, Int) -> Int) {
        guard let base = input.baseAddress else { return }
        var sections = VerbatimSections(base: base, count: input.count)
        var position = 0
        while position < input.count, let found = memchr(base + position, Int32(byte), input.count - position) {
            let offset = base.distance(to: UnsafeRawPointer(found))
            if let skipTo = sections.end(ifInside: offset) {
                position = skipTo
                continue
            }
            position = visit(&self, offset)
        }
    }

    /// Replaces `range` of the input (at or after every earlier replacement) with `bytes`.
    mutating func replace(_ range: Range<Int>, with bytes: [UInt8]) {
        if !hasChanges {
            output.reserveCapacity(input.count + input.count / 16)
            hasChanges = true
        }
        output.append(contentsOf: input[copied..<range.lowerBound])
        output.append(contentsOf: bytes)
        copied = range.upperBound
    }

    /// The rewritten document, or nil when nothing changed.
    mutating func finish() -> [UInt8]? {
        guard hasChanges else { return nil }
        output.append(contentsOf: input[copied...])
        copied = input.count
        return output
    }
}

/// Finds `<![CDATA[ ... ]]>` sections and `<!-- ... -->` comments lazily, front to back: the parts of a
/// document where `&` and `<` are not markup.
private struct VerbatimSections {
    let base: UnsafeRawPointer
    let count: Int
    /// The next section at or after the last query: start and end (just past `]]>`).
    private var next: (start: Int, end: Int)?
    private var hasSearched = false

    init(base: UnsafeRawPointer, count: Int) {
        self.base = base
        self.count = count
    }

    /// If `position` is inside a CDATA section, the offset just past its end. Queries must not go backwards.
    mutating func end(ifInside position: Int) -> Int? {
        if !hasSearched {
            next = find(from: 0)
            hasSearched = true
        }
        while let section = next, position >= section.end {
            next = find(from: section.end)
        }
        guard let next, position >= next.start else { return nil }
        return next.end
    }

    /// Where the next of each kind starts, at or after the last search (`Int.max`: none left), so that each
    /// kind is searched for once per occurrence rather than once per query.
    private var nextCDATA = -1
    private var nextComment = -1

    /// The next CDATA section or comment (a comment may hold `<![CDATA[` that opens nothing).
    private mutating func find(from offset: Int) -> (start: Int, end: Int)? {
        if nextCDATA < offset { nextCDATA = search(Self.cdataOpener, from: offset) ?? Int.max }
        if nextComment < offset { nextComment = search(Self.commentOpener, from: offset) ?? Int.max }
        let isComment = nextComment < nextCDATA
        let start = min(nextCDATA, nextComment)
        guard start != Int.max else { return nil }
        let (opener, closer) =
            isComment ? (Self.commentOpener, Self.commentCloser) : (Self.cdataOpener, Self.cdataCloser)
        let end = search(closer, from: start + opener.count).map { $0 + closer.count } ?? count
        return (start, end)
    }

    private static let cdataOpener = Array("<![CDATA[".utf8)
    private static let cdataCloser = Array("]]>".utf8)
    private static let commentOpener = Array("<!--".utf8)
    private static let commentCloser = Array("-->".utf8)

    static func contains(_ needle: [UInt8], in bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        return VerbatimSections(base: base, count: bytes.count).search(needle, from: 0) != nil
    }

    /// The first `needle` (of `<!`... openers and closers, two bytes or more) at or after `offset`.
    ///
    /// Looks for the needle's second byte, which is rarer in a feed than its first (`!` against `<`, `>`
    /// against `-`), then checks the rest.
    private func search(_ needle: [UInt8], from offset: Int) -> Int? {
        var position = offset + 1
        while position + needle.count - 1 <= count,
            let found = memchr(base + position, Int32(needle[1]), count - position)
        {
            let start = base.distance(to: UnsafeRawPointer(found)) - 1
            guard start + needle.count <= count else { return nil }
            if memcmp(base + start, needle, needle.count) == 0 { return start }
            position = start + 2
        }
        return nil
    }
}

extension InputRepair {
    /// HTML void elements that feeds paste into XML without closing them (`<br>`, `<img src=...>`).
    private static let voidElements: [[UInt8]] = ["br", "hr", "img", "wbr", "col", "source"].map { Array($0.utf8) }

    /// Closes raw HTML void elements outside CDATA (`<br>` → `<br/>`), or nil when there are none.
    ///
    /// Not done up front: libxml2 reads `<description>a<br>b</description>` by closing only `br` at
    /// `</description>`, which shifts every later end tag of the entry by one level and pulls the next fields
    /// into the description. The parser calls this when libxml2 reports such a mismatch, and parses again.
    static func closeVoidElements(_ input: UnsafeRawBufferPointer) -> [UInt8]? {
        var rewriter = MarkupRewriter(input)
        rewriter.forEach(UInt8(ascii: "<")) { rewriter, open in
            guard let nameEnd = voidElementNameEnd(in: input, at: open + 1),
                let close = tagEnd(in: input, from: nameEnd), input[close - 1] != UInt8(ascii: "/")
            else { return open + 1 }
            rewriter.replace(close..<close, with: [UInt8(ascii: "/")])
            return close
        }
        return rewriter.finish()
    }

    /// The end of a void element's name starting at `start`, if one starts there and ends the name.
    private static func voidElementNameEnd(in input: UnsafeRawBufferPointer, at start: Int) -> Int? {
        for name in voidElements where start + name.count < input.count {
            var matches = true
            for (offset, letter) in name.enumerated() where input[start + offset] | 0x20 != letter {
                matches = false
                break
            }
            let next = input[start + name.count]
            if matches && (next == UInt8(ascii: ">") || next == UInt8(ascii: "/") || next <= 0x20) {
                return start + name.count
            }
        }
        return nil
    }

    /// The offset of the `>` that ends a tag, skipping quoted attribute values.
    private static func tagEnd(in input: UnsafeRawBufferPointer, from start: Int) -> Int? {
        var quote: UInt8?
        var index = start
        while index < input.count {
            let byte = input[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                return index
            } else if byte == UInt8(ascii: "<") {
                return nil
            }
            index += 1
        }
        return nil
    }
}
