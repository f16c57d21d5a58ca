/// Finds the next byte that HTML text cannot simply be copied past, 16 bytes at a time.
///
/// Most of a feed's bytes are the text of its HTML content, and the sanitizer only has to copy them; looking at
/// them one by one cost it more than everything else it does. The test per 16 bytes is the classic "has a zero
/// byte" trick, `(x - 1) & ~x & 0x80` in each lane, on the bytes XOR-ed with each byte sought; Swift lowers these
/// `SIMD16<UInt8>` operations to SSE2 (its `==` and `min` on SIMD types are not, so they are avoided here).
enum MarkupScan {
    /// The offset of the first byte at or after `start` that is `<`, `&`, `>`, a C0 control (tab and line
    /// feed included), DEL or 0xEF (which starts U+FFFE and U+FFFF), or `bytes.count` when there is none.
    static func nextSpecialByte(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = bytes.baseAddress else { return bytes.count }
        var index = start
        while index + 16 <= bytes.count {
            let chunk = UnsafeRawPointer(base + index).loadUnaligned(as: SIMD16<UInt8>.self)
            let found =
                zeroLanes(chunk ^ SIMD16(repeating: UInt8(ascii: "<")))
                | zeroLanes(chunk ^ SIMD16(repeating: UInt8(ascii: "&")))
                | zeroLanes(chunk ^ SIMD16(repeating: UInt8(ascii: ">")))
                | zeroLanes(chunk ^ SIMD16(repeating: 0x7F)) | zeroLanes(chunk ^ SIMD16(repeating: 0xEF))
                | zeroLanes(chunk & SIMD16(repeating: 0xE0))
            let words = unsafeBitCast(found, to: SIMD2<UInt64>.self)
            if words[0] != 0 { return index + words[0].trailingZeroBitCount / 8 }
            if words[1] != 0 { return index + 8 + words[1].trailingZeroBitCount / 8 }
            index += 16
        }
        while index < bytes.count && !isSpecial(bytes[index]) {
            index += 1
        }
        return index
    }

    /// Whether the bytes hold a lead byte that starts an overlong UTF-8 form (`C0`, `C1`) or may (`E0`, `F0`):
    /// a quick test before the full check, as such bytes are rare in real text.
    static func mayHoldOverlongUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        var index = 0
        while index + 16 <= bytes.count {
            let chunk = UnsafeRawPointer(base + index).loadUnaligned(as: SIMD16<UInt8>.self)
            // C0 and C1 differ in their last bit only.
            let found =
                zeroLanes((chunk & SIMD16(repeating: 0xFE)) ^ SIMD16(repeating: 0xC0))
                | zeroLanes(chunk ^ SIMD16(repeating: 0xE0)) | zeroLanes(chunk ^ SIMD16(repeating: 0xF0))
            let words = unsafeBitCast(found, to: SIMD2<UInt64>.self)
            if words[0] | words[1] != 0 { return true }
            index += 16
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0xC0 || byte == 0xC1 || byte == 0xE0 || byte == 0xF0 { return true }
            index += 1
        }
        return false
    }

    @inline(__always)
    static func isSpecial(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "<") || byte == UInt8(ascii: "&") || byte == UInt8(ascii: ">")
            || byte == 0x7F || byte == 0xEF
    }

    /// 0x80 in each lane that is zero, 0 in the others.
    @inline(__always)
    static func zeroLanes(_ lanes: SIMD16<UInt8>) -> SIMD16<UInt8> {
        (lanes &- SIMD16(repeating: 1)) & ~lanes & SIMD16(repeating: 0x80)
    }
}
