@testable import FeedPublish

/// The summary's text read a character at a time, white space told by Unicode's own property: the reference that
/// `TextSummary.plainText`, which copies runs of characters at once, must agree with on any input.
enum CharacterAtATimeSummary {
    static func plainText(fromHTML html: String, limit: Int = .max) -> String {
        var html = html
        return html.withUTF8 { bytes in
            var words = Words()
            var index = 0
            while index < bytes.count && words.count <= limit {
                let byte = bytes[index]
                if byte == UInt8(ascii: "<"), let end = TextSummary.tagEnd(in: bytes, from: index) {
                    if TextSummary.isBlockTag(bytes, from: index + 1, to: end) { words.space() }
                    index = end + 1
                } else if byte == UInt8(ascii: "&"), let (decoded, end) = TextSummary.entity(in: bytes, from: index) {
                    words.add(decoded)
                    index = end + 1
                } else {
                    let length = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
                    let next = min(index + length, bytes.count)
                    let character = String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<next]), as: UTF8.self)
                    for scalar in character.unicodeScalars { words.add(scalar) }
                    index = next
                }
            }
            return String(words.text)
        }
    }

    /// The text so far, each run of white space one space, none at the start.
    struct Words {
        var text = String.UnicodeScalarView()
        var isSpaceDue = false
        var count = 0

        mutating func space() {
            isSpaceDue = !text.isEmpty
        }

        mutating func add(_ scalar: Unicode.Scalar) {
            guard !scalar.properties.isWhitespace else { return space() }
            if isSpaceDue {
                text.append(" ")
                count += 1
                isSpaceDue = false
            }
            text.append(scalar)
            count += 1
        }
    }
}
