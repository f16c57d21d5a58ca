/// The characters never published, whatever the format: shared by the XML and HTML escaper (`FeedPublish.Markup`)
/// and the JSON writer, so that every published file leaves out the same ones.
///
/// They are the characters XML 1.0 forbids (C0 controls other than tab, line feed and carriage return; U+FFFE,
/// U+FFFF), the C1 controls (U+0080-U+009F: allowed, but never meant), and the bidirectional embeddings,
/// overrides and isolates (U+202A-U+202E, U+2066-U+2069), with which a title can show its text reversed.
package enum PublishableText {
    /// How many bytes at `index` make a character that is never published (0: none).
    @inlinable @inline(__always)
    package static func unwritableLength(_ utf8: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let byte = utf8[index]
        switch byte {
        case 0x09, 0x0A, 0x0D: return 0
        case 0x00...0x1F, 0x7F: return 1
        case 0xC2: return index + 1 < utf8.count && (0x80...0x9F).contains(utf8[index + 1]) ? 2 : 0
        case 0xE2:
            guard index + 2 < utf8.count else { return 0 }
            let (second, third) = (utf8[index + 1], utf8[index + 2])
            return second == 0x80 && (0xAA...0xAE).contains(third) || second == 0x81 && (0xA6...0xA9).contains(third)
                ? 3 : 0
        case 0xEF: return index + 2 < utf8.count && utf8[index + 1] == 0xBF && utf8[index + 2] >= 0xBE ? 3 : 0
        default: return 0
        }
    }

    /// Whether the character is published.
    package static func isWritable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: true
        case 0x00...0x1F, 0x7F...0x9F, 0xFFFE, 0xFFFF, 0x202A...0x202E, 0x2066...0x2069: false
        default: true
        }
    }

    /// Whether a byte may begin a character `unwritableLength` drops: every other byte can be copied without a
    /// second look (in the texts we publish, almost all of them). `CByteScan` finds the same bytes (the tests
    /// compare them).
    @inlinable @inline(__always)
    package static func mayBeginUnwritable(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x7F || byte == 0xC2 || byte == 0xE2 || byte == 0xEF
    }
}

extension Array where Element == UInt8 {
    /// Appends the bytes of a literal (an escape, a tag, a key): copied as they are, with no `String` to look into.
    @inlinable @inline(__always)
    package mutating func append(literal: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// Appends `depth` levels of indentation, two spaces each, in one copy, where a space at a time cost a call
    /// each (a feed of thousands of stories writes a few hundred thousand lines).
    @inlinable @inline(__always)
    package mutating func append(indentation depth: Int) {
        let spaces: StaticString = "                                                                "
        if 2 * depth <= spaces.utf8CodeUnitCount {
            append(contentsOf: UnsafeBufferPointer(start: spaces.utf8Start, count: 2 * depth))
        } else {
            append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
        }
    }
}
