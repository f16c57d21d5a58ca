import CLibXML2

/// Plain text from HTML or from text that may hold markup and entities, as titles do.
enum HTMLText {
    /// The text of `html` with markup removed, entities decoded and white space collapsed.
    static func plainText(fromHTML html: String) -> String {
        guard html.containsByte(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "&") }) else {
            return collapsingWhitespace(html)
        }
        if !html.containsByte(where: { $0 == UInt8(ascii: "<") }) {
            // Entities but no markup, as most titles: no need for an HTML parser.
            return collapsingWhitespace(decodingEntities(html))
        }
        let collector = TextCollector()
        HTMLFragmentParser.parse(html, into: collector)
        return collapsingWhitespace(String(decoding: collector.bytes, as: UTF8.self))
    }

    /// Runs of white space (no-break spaces and line breaks included) become one space; ends are trimmed;
    /// control characters and soft hyphens go.
    static func collapsingWhitespace(_ text: String) -> String {
        var copy = text
        return copy.withUTF8 { bytes in
            if isCollapsed(bytes) { return text }
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count)
            var pendingSpace = false
            // Kept characters are copied in runs, not one by one.
            var runStart = 0
            var index = 0
            func flush(upTo end: Int) {
                guard runStart < end else { return }
                if pendingSpace {
                    output.append(UInt8(ascii: " "))
                    pendingSpace = false
                }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<end]))
            }
            while index < bytes.count {
                let byte = bytes[index]
                if (byte > 0x20 && byte < 0x7F) || (byte >= 0xC3 && byte <= 0xDF) {
                    // Printable ASCII and two-byte letters (Cyrillic, Kazakh, Latin-1 above U+00BF): always kept.
                    index += byte < 0x80 ? 1 : 2
                    continue
                }
                let length = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
                let end = min(index + length, bytes.count)
                switch Self.kind(of: UnsafeBufferPointer(rebasing: bytes[index..<end])) {
                case .space:
                    flush(upTo: index)
                    pendingSpace = !output.isEmpty
                    runStart = end
                case .dropped:
                    flush(upTo: index)
                    runStart = end
                case .kept:
                    break
                }
                index = end
            }
            flush(upTo: min(index, bytes.count))
            // Whole characters were dropped and ASCII spaces added: still valid UTF-8.
            return String(utf8: output, isValid: true)
        }
    }

    /// `&name;` (HTML 4), `&#123;` and `&#x7B;` decoded; anything else, a bare `&` included, kept as written.
    static func decodingEntities(_ text: String) -> String {
        var result = ""
        var rest = text[...]
        while let ampersand = rest.utf8.firstIndex(of: UInt8(ascii: "&")) {
            result += rest[..<ampersand]
            rest = rest[ampersand...]
            guard let semicolon = rest.utf8.prefix(12).firstIndex(of: UInt8(ascii: ";")),
                let scalar = entityValue(rest.utf8[rest.utf8.index(after: rest.startIndex)..<semicolon])
            else {
                result += "&"
                rest = rest.dropFirst()
                continue
            }
            result.unicodeScalars.append(scalar)
            rest = rest[rest.utf8.index(after: semicolon)...]
        }
        return result + rest
    }

    private static func entityValue(_ name: Substring.UTF8View) -> Unicode.Scalar? {
        guard let first = name.first else { return nil }
        let value: UInt32?
        if first == UInt8(ascii: "#") {
            let digits = name.dropFirst()
            if let marker = digits.first, marker | 0x20 == UInt8(ascii: "x") {
                value = UInt32(String(decoding: digits.dropFirst(), as: UTF8.self), radix: 16)
            } else {
                value = UInt32(String(decoding: digits, as: UTF8.self), radix: 10)
            }
        } else {
            var cName = Array(name)
            cName.append(0)
            value = cName.withUnsafeBufferPointer { htmlEntityLookup($0.baseAddress) }?.pointee.value
        }
        guard let value, value != 0, let scalar = Unicode.Scalar(Windows1252.remap(value)) else { return nil }
        return scalar
    }

    /// Whether the text already has no white space to fold: single ASCII spaces between words, nothing that
    /// might be a control, a soft hyphen or a non-ASCII space.
    private static func isCollapsed(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return true }
        guard bytes[0] != 0x20 && bytes[bytes.count - 1] != 0x20 else { return false }
        // 16 bytes at a time while there is nothing to look at closely: no control, no double space, no lead
        // byte of a scalar that might be a space or dropped. The rest, from the first such chunk, one by one.
        var index = 0
        while index + 17 <= bytes.count {
            let chunk = UnsafeRawPointer(base + index).loadUnaligned(as: SIMD16<UInt8>.self)
            let next = UnsafeRawPointer(base + index + 1).loadUnaligned(as: SIMD16<UInt8>.self)
            let found =
                MarkupScan.zeroLanes(chunk & SIMD16(repeating: 0xE0))
                | MarkupScan.zeroLanes(chunk ^ SIMD16(repeating: 0x7F))
                | MarkupScan.zeroLanes(chunk ^ SIMD16(repeating: 0xC2))
                | MarkupScan.zeroLanes(chunk ^ SIMD16(repeating: 0xE1))
                | MarkupScan.zeroLanes(chunk ^ SIMD16(repeating: 0xE2))
                | MarkupScan.zeroLanes(chunk ^ SIMD16(repeating: 0xE3))
                | MarkupScan.zeroLanes(chunk ^ SIMD16(repeating: 0xEF))
                | MarkupScan.zeroLanes(chunk ^ SIMD16(repeating: 0x20))
                & MarkupScan.zeroLanes(next ^ SIMD16(repeating: 0x20))
            let words = unsafeBitCast(found, to: SIMD2<UInt64>.self)
            if words[0] | words[1] != 0 { break }
            index += 16
        }
        var previousWasSpace = index == 0 || bytes[index - 1] == 0x20
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x20:
                if previousWasSpace { return false }
                previousWasSpace = true
            case 0..<0x20, 0x7F:
                return false
            case 0xC2, 0xE1, 0xE2, 0xE3, 0xEF:
                // Leads of the scalars that may be spaces or dropped, and of many that are neither (« » — …).
                let end = min(index + (byte == 0xC2 ? 2 : 3), bytes.count)
                guard kind(of: UnsafeBufferPointer(rebasing: bytes[index..<end])) == .kept else { return false }
                previousWasSpace = false
                index = end
                continue
            default:
                previousWasSpace = false
            }
            index += 1
        }
        return !previousWasSpace || bytes.isEmpty
    }

    private enum ScalarKind { case space, dropped, kept }

    /// Classifies one UTF-8 encoded scalar: Unicode's `White_Space` and the byte-order mark are space; C0 and
    /// C1 controls and the soft hyphen are dropped.
    private static func kind(of scalar: UnsafeBufferPointer<UInt8>) -> ScalarKind {
        let lead = scalar[0]
        switch scalar.count {
        case 1:
            return lead <= 0x20
                ? (lead == 0x20 || (0x09...0x0D).contains(lead) ? .space : .dropped)
                : lead == 0x7F ? .dropped : .kept
        case 2 where lead == 0xC2:
            let second = scalar[1]
            if second == 0x85 || second == 0xA0 { return .space }
            return second < 0xA0 || second == 0xAD ? .dropped : .kept
        case 3:
            let value = (UInt32(lead & 0x0F) << 12) | (UInt32(scalar[1] & 0x3F) << 6) | UInt32(scalar[2] & 0x3F)
            switch value {
            case 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF: return .space
            default: return .kept
            }
        default:
            return .kept
        }
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
