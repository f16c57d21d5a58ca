import CByteScan

/// A small pretty-printing JSON writer that keeps keys in the order they are written, and copies strings that
/// need no escaping in runs: shared by `feedmerge parse` and the published `feed.json`.
package final class JSONWriter {
    /// `dropsUnwritable`: leave out of every string the characters `PublishableText` says are never published
    /// (the published `feed.json`), rather than escape them. `buffer`: memory to write into (emptied first), when
    /// there is some to use again; `capacity`: the bytes to reserve, when known.
    package init(dropsUnwritable: Bool = false, buffer: consuming [UInt8] = [], capacity: Int = 0, depth: Int = 0) {
        self.dropsUnwritable = dropsUnwritable
        self.depth = depth
        bytes = consume buffer  // moved, not shared: emptied in place
        bytes.removeAll(keepingCapacity: true)
        bytes.reserveCapacity(capacity)
    }

    // Unchecked: the writer is never shared between threads, and only its own methods touch the buffer, one at a
    // time; checking every append's access cost more than the append.
    @exclusivity(unchecked) package private(set) var bytes: [UInt8] = []
    private let dropsUnwritable: Bool
    private var depth: Int
    private var needsComma = false

    package func object(_ body: () -> Void) {
        separator()
        bytes.append(UInt8(ascii: "{"))
        depth += 1
        needsComma = false
        body()
        close(UInt8(ascii: "}"))
    }

    /// An object as the value of `name`.
    package func object(key name: StaticString, _ body: () -> Void) {
        member(name)
        bytes.append(UInt8(ascii: "{"))
        depth += 1
        needsComma = false
        body()
        close(UInt8(ascii: "}"))
    }

    package func key(_ name: StaticString, _ value: String?, raw: Bool = false) {
        member(name)
        if let value {
            if raw { bytes.append(contentsOf: value.utf8) } else { quote(value) }
        } else {
            bytes.append(literal: "null")
        }
        needsComma = true
    }

    /// A string member whose value is `pieces`, one after the other (quoted apart, so never copied into one).
    package func key(_ name: StaticString, pieces: [String]) {
        member(name)
        bytes.append(UInt8(ascii: "\""))
        for piece in pieces { Self.quote(piece, into: &bytes, dropsUnwritable: dropsUnwritable, quoted: false) }
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// What came before the values `part` added, each such value, and what came after them, in order.
    private var parts: [[UInt8]] = []

    /// The document written, ended by a line break, in parts to be written one after the other (each value added
    /// with `part` is one); the writer is left empty.
    package func finish() -> [[UInt8]] {
        bytes.append(UInt8(ascii: "\n"))
        defer { (parts, bytes) = ([], []) }
        return parts + [bytes]
    }

    /// A value another `JSONWriter` wrote at this one's depth (`init(depth:)`), as the next element of an array:
    /// it begins with its own line break. It is kept as a part of its own, not copied (see `finish`).
    package func part(_ value: [UInt8]) {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        parts.append(bytes)
        parts.append(value)
        bytes = []
        needsComma = true
    }

    package func value(_ value: String) {
        separator()
        quote(value)
        needsComma = true
    }

    package func array<T>(_ name: StaticString, _ items: [T], _ body: (T) -> Void) {
        member(name)
        if items.isEmpty {
            bytes.append(literal: "[]")
            needsComma = true
            return
        }
        needsComma = false
        bytes.append(UInt8(ascii: "["))
        depth += 1
        for item in items { body(item) }
        close(UInt8(ascii: "]"))
    }

    /// A key: ASCII without anything to escape, as every key we write is.
    private func member(_ name: StaticString) {
        separator()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(literal: name)
        bytes.append(literal: "\": ")
    }

    private func close(_ bracket: UInt8) {
        depth -= 1
        newline()
        bytes.append(bracket)
        needsComma = true
    }

    private func separator() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        if depth > 0 { newline() }
        needsComma = false
    }

    private func newline() {
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(indentation: depth)
    }

    /// RFC 8259 §7; non-ASCII stays UTF-8, except the two line separators JavaScript cannot hold.
    private func quote(_ value: String) {
        Self.quote(value, into: &bytes, dropsUnwritable: dropsUnwritable)
    }

    /// `quote`, on the buffer as one `inout` access (rather than an access of the property a byte). What needs no
    /// escaping is copied in runs, between the bytes that need a second look (those it escapes, and the first bytes
    /// of the line separators and of the characters it may drop), found 16 bytes at a time (`CByteScan`).
    private static func quote(_ value: String, into bytes: inout [UInt8], dropsUnwritable: Bool, quoted: Bool = true) {
        var value = value
        if quoted { bytes.append(UInt8(ascii: "\"")) }
        value.withUTF8 { utf8 in
            guard let base = utf8.baseAddress else { return }
            var start = 0  // utf8[start..<index] is still to be copied as it is
            var index = 0
            while true {
                index += feedmerge_json_special(base + index, utf8.count - index)
                guard index < utf8.count else { break }
                let byte = utf8[index]
                // What replaces the bytes at `index` (a literal escape, or a control's `\u00XX`), and how many.
                var escape: StaticString = ""
                var control: UInt8?
                var length = 1
                let dropped = dropsUnwritable ? PublishableText.unwritableLength(utf8, at: index) : 0
                switch byte {
                case UInt8(ascii: "\""): escape = "\\\""
                case UInt8(ascii: "\\"): escape = "\\\\"
                case _ where dropped > 0:
                    length = dropped
                case UInt8(ascii: "\n"): escape = "\\n"
                case UInt8(ascii: "\r"): escape = "\\r"
                case UInt8(ascii: "\t"): escape = "\\t"
                case 0..<0x20: control = byte
                case 0xE2
                where index + 2 < utf8.count && utf8[index + 1] == 0x80
                    && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9):
                    // U+2028 and U+2029.
                    escape = utf8[index + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                    length = 3
                default:
                    index += 1
                    continue
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                bytes.append(literal: escape)
                if let control {
                    bytes.append(literal: "\\u00")
                    bytes.append(contentsOf: (control < 0x10 ? "0" : "").utf8)
                    bytes.append(contentsOf: String(control, radix: 16).utf8)
                }
                index += length
                start = index
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<utf8.count]))
        }
        if quoted { bytes.append(UInt8(ascii: "\"")) }
    }
}
