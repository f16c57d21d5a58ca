/// A small pretty-printing JSON writer that keeps keys in the order they are written, and copies strings that
/// need no escaping in runs: shared by `feedmerge parse` and the published `feed.json`.
package final class JSONWriter {
    package init() {}

    package private(set) var bytes: [UInt8] = []
    private var depth = 0
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
    package func object(key name: String, _ body: () -> Void) {
        member(name)
        bytes.append(UInt8(ascii: "{"))
        depth += 1
        needsComma = false
        body()
        close(UInt8(ascii: "}"))
    }

    package func key(_ name: String, _ value: String?, raw: Bool = false) {
        member(name)
        if let value {
            if raw { bytes.append(contentsOf: value.utf8) } else { quote(value) }
        } else {
            bytes.append(contentsOf: "null".utf8)
        }
        needsComma = true
    }

    package func value(_ value: String) {
        separator()
        quote(value)
        needsComma = true
    }

    package func array<T>(_ name: String, _ items: [T], _ body: (T) -> Void) {
        member(name)
        if items.isEmpty {
            bytes.append(contentsOf: "[]".utf8)
            needsComma = true
            return
        }
        needsComma = false
        bytes.append(UInt8(ascii: "["))
        depth += 1
        for item in items { body(item) }
        close(UInt8(ascii: "]"))
    }

    private func member(_ name: String) {
        separator()
        quote(name)
        bytes.append(contentsOf: ": ".utf8)
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
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth * 2))
    }

    /// RFC 8259 §7; non-ASCII stays UTF-8, except the two line separators JavaScript cannot hold.
    private func quote(_ value: String) {
        var value = value
        bytes.append(UInt8(ascii: "\""))
        value.withUTF8 { utf8 in
            var start = 0  // utf8[start..<index] is still to be copied as it is
            var index = 0
            while index < utf8.count {
                let byte = utf8[index]
                // Most bytes need nothing: pass them without looking further.
                if byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") && byte != 0xE2 {
                    index += 1
                    continue
                }
                let escape: String?
                switch byte {
                case UInt8(ascii: "\""): escape = "\\\""
                case UInt8(ascii: "\\"): escape = "\\\\"
                case UInt8(ascii: "\n"): escape = "\\n"
                case UInt8(ascii: "\r"): escape = "\\r"
                case UInt8(ascii: "\t"): escape = "\\t"
                case 0..<0x20: escape = "\\u00" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16)
                case 0xE2
                where index + 2 < utf8.count && utf8[index + 1] == 0x80
                    && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9):
                    // U+2028 and U+2029.
                    escape = utf8[index + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                default: escape = nil
                }
                guard let escape else {
                    index += 1
                    continue
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                bytes.append(contentsOf: escape.utf8)
                index += byte == 0xE2 ? 3 : 1
                start = index
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<utf8.count]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
