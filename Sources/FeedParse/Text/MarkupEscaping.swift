/// Escaping for text written back into HTML or XML markup.
enum MarkupEscaping {
    /// Escapes `&`, `<` and `>` for element content.
    static func escapeText(_ text: String) -> String {
        escape(text, quotes: false)
    }

    private static func escape(_ text: String, quotes: Bool) -> String {
        var needsWork = false
        for byte in text.utf8
        where byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
            || (quotes && byte == UInt8(ascii: "\""))
        {
            needsWork = true
            break
        }
        guard needsWork else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            appendEscaped(byte, to: &bytes, quotes: quotes)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends UTF-8 text escaped for element content, dropping C0 control characters (which XML forbids).
    static func appendEscapedText(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        var start = 0
        for index in 0..<bytes.count {
            let byte = bytes[index]
            guard byte < 0x20 || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
            else { continue }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
            start = index + 1
            if byte >= 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                appendEscaped(byte, to: &output, quotes: false)
            }
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]))
    }

    /// Appends one UTF-8 byte, escaped, to a markup buffer.
    @inline(__always)
    static func appendEscaped(_ byte: UInt8, to bytes: inout [UInt8], quotes: Bool) {
        switch byte {
        case UInt8(ascii: "&"): bytes.append(contentsOf: "&amp;".utf8)
        case UInt8(ascii: "<"): bytes.append(contentsOf: "&lt;".utf8)
        case UInt8(ascii: ">"): bytes.append(contentsOf: "&gt;".utf8)
        case UInt8(ascii: "\"") where quotes: bytes.append(contentsOf: "&quot;".utf8)
        default: bytes.append(byte)
        }
    }
}
