import Glibc

/// The windows-1252 reading of code points 0x80-0x9F.
///
/// Legacy CMSes write dashes, quotes and ellipses as `&#150;`, `&#151;`, `&#133;`: windows-1252 byte values,
/// which Unicode assigns to invisible C1 controls. Browsers read them as windows-1252 (HTML §13.2.5.80, the
/// numeric character reference end state), and so do we; taken literally, "Астана &#151; столица" would lose
/// its dash.
enum Windows1252 {
    private static let table: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,
        0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
        0x0153, 0x9D, 0x017E, 0x0178,
    ]

    /// `value` read as HTML reads a numeric character reference: 0x80-0x9F through windows-1252, others as is.
    static func remap(_ value: UInt32) -> UInt32 {
        (0x80...0x9F).contains(value) ? table[Int(value - 0x80)] : value
    }
}

extension Windows1252 {
    /// `bytes` with every numeric reference to 0x80-0x9F (`&#151;`, `&#x97;`) rewritten to the windows-1252
    /// character it means (`&#8212;`), or nil when there is none. For HTML content, whose references libxml2's
    /// HTML parser would drop.
    static func rewritingReferences(in bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var output: [UInt8] = []
        var copied = 0
        var index = 0
        guard let base = bytes.baseAddress else { return nil }
        while index + 4 < bytes.count,
            let found = memchr(base + index, Int32(UInt8(ascii: "&")), bytes.count - index)
        {
            index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            guard index + 4 < bytes.count, bytes[index + 1] == UInt8(ascii: "#") else {
                index += 1
                continue
            }
            var position = index + 2
            let isHex = (bytes[position] | 0x20) == UInt8(ascii: "x")
            if isHex { position += 1 }
            var value: UInt32 = 0
            let digitsStart = position
            while position < bytes.count, position - digitsStart < 6,
                let digit = hexDigit(bytes[position], allowsLetters: isHex)
            {
                value = value * (isHex ? 16 : 10) + digit
                position += 1
            }
            guard position > digitsStart, position < bytes.count, bytes[position] == UInt8(ascii: ";"),
                remap(value) != value
            else {
                index += 1
                continue
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<index]))
            output.append(contentsOf: "&#\(remap(value));".utf8)
            index = position + 1
            copied = index
        }
        guard copied > 0 else { return nil }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<bytes.count]))
        return output
    }

    private static func hexDigit(_ byte: UInt8, allowsLetters: Bool) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f") where allowsLetters: UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F") where allowsLetters: UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
