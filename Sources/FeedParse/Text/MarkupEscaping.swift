/// Escaping for text written back into HTML or XML markup.
enum MarkupEscaping {
    /// Escapes `&`, `<` and `>` for element content.
    static func escapeText(_ text: String) -> String {
        escape(text, quotes: false)
    }

    private static func escape(_ text: String, quotes: Bool) -> String {
        func needsEscape(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
                || (quotes && byte == UInt8(ascii: "\""))
        }
        var copy = text
        return copy.withUTF8 { bytes in
            guard bytes.contains(where: needsEscape) else { return text }
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count + 16)
            var start = 0
            for index in 0..<bytes.count where needsEscape(bytes[index]) {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                appendEscaped(bytes[index], to: &output, quotes: quotes)
                start = index + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
            // ASCII characters replaced by ASCII: still valid UTF-8.
            return String(utf8: output, isValid: true)
        }
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
