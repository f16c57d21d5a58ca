import Foundation

/// Decides which encoding a feed's bytes are read in.
///
/// Order: a byte-order mark, then the caller's charset (from HTTP `Content-Type` or a source's override), then
/// the XML declaration, then UTF-8. The bytes themselves can overrule a claim they prove wrong: text that is
/// not valid UTF-8 is not UTF-8 (Russian sites often declare UTF-8 and serve windows-1251), and non-ASCII text
/// that is valid UTF-8 is not windows-1251 or KOI8-R (the reverse lie). Anything else is left to libxml2.
struct InputEncoding: Sendable, Hashable {
    /// The encoding libxml2 must use regardless of the declaration, or nil to let it read the declaration.
    var forced: String?
    /// Whether the bytes are in an ASCII-compatible encoding (so byte-level repairs are safe).
    var isASCIICompatible: Bool
    /// Whether the bytes are read as UTF-8 (after any correction).
    var isUTF8: Bool
    /// Bytes XML cannot hold must be cleaned before parsing: control characters, or (in UTF-8 text with a
    /// few bad bytes) invalid sequences.
    var needsCleaning: Bool
    var warnings: [String]

    /// Whether the bytes were checked (a UTF-8 claim is taken on trust until libxml2 finds a bad byte).
    var hasScanned: Bool

    /// - Parameter scansUTF8: check the bytes even when they claim to be UTF-8. The parser first reads a UTF-8
    ///   feed on trust and scans only when libxml2 reports a bad character: one pass fewer over most feeds.
    init(bytes: UnsafeRawBufferPointer, charset: String?, scansUTF8: Bool = true) {
        warnings = []
        forced = nil
        isUTF8 = false
        needsCleaning = false
        let bomEncoding = Self.byteOrderMark(bytes)
        let looksUTF16 = bomEncoding?.hasPrefix("UTF-16") ?? false || Self.looksLikeUTF16WithoutBOM(bytes)
        let caller = charset.map(Self.canonicalName).flatMap { $0.isEmpty ? nil : $0 }
        if looksUTF16 {
            hasScanned = true
            isASCIICompatible = false
            if let caller, caller.hasPrefix("UTF-16") || caller.hasPrefix("UTF-32") { forced = caller }
            return
        }
        isASCIICompatible = true
        let declared = Self.declaredEncoding(bytes).map(Self.canonicalName)
        // A byte-order mark is the surest sign there is (and the WHATWG order): it beats the server's charset.
        let claimed = bomEncoding ?? caller ?? declared ?? "UTF-8"
        hasScanned = scansUTF8 || claimed != "UTF-8"
        // A single-byte claim only needs to know whether the bytes are valid UTF-8: the first bad sequence decides.
        let scan = hasScanned ? UTF8Scan(bytes, countsEveryInvalidSequence: claimed == "UTF-8") : UTF8Scan()

        var chosen = claimed
        if claimed == "UTF-8" && scan.invalidSequences > 0 {
            if let declared, declared != "UTF-8", caller != nil {
                chosen = declared
                warnings.append("bytes are not UTF-8 as the charset \(claimed) says; read as declared, \(declared)")
            } else if scan.invalidSequences > scan.multibyteSequences {
                chosen = scan.likelyCyrillicSingleByteEncoding
                warnings.append("bytes are not UTF-8 as claimed; read as \(chosen)")
            } else {
                needsCleaning = true
                warnings.append("\(scan.invalidSequences) invalid UTF-8 sequence(s) replaced with U+FFFD")
            }
        } else if !Self.multiByte.contains(claimed) && scan.invalidSequences == 0 && scan.multibyteSequences > 0 {
            chosen = "UTF-8"
            warnings.append("bytes are valid UTF-8, not \(claimed) as claimed; read as UTF-8")
        }
        if scan.controlCharacters > 0 {
            needsCleaning = true
            warnings.append("\(scan.controlCharacters) control character(s) removed")
        }
        isUTF8 = chosen == "UTF-8"
        if chosen != (declared ?? "UTF-8") || (caller != nil && chosen != "UTF-8") {
            forced = chosen
        }
    }

    /// Encodings in which valid multi-byte UTF-8 could also be meant; in any other (single-byte) one it is not.
    private static let multiByte: Set<String> = [
        "UTF-8", "UTF-16", "UTF-16LE", "UTF-16BE", "UTF-32", "SHIFT_JIS", "SJIS", "EUC-JP", "ISO-2022-JP", "GB2312",
        "GBK", "GB18030", "BIG5", "EUC-KR", "EUC-TW",
    ]

    /// Upper-cased, with the common aliases sites use folded into the names libxml2 and iconv know.
    static func canonicalName(_ name: String) -> String {
        let upper = name.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            .uppercased()
        switch upper {
        case "UTF8", "UNICODE-1-1-UTF-8", "X-UNICODE20UTF8": return "UTF-8"
        case "CP1251", "WIN-1251", "WIN1251", "X-CP1251", "WINDOWS1251", "CP-1251": return "WINDOWS-1251"
        case "KOI8R", "KOI-8-R", "CSKOI8R": return "KOI8-R"
        case "LATIN1", "ISO8859-1", "ISO_8859-1": return "ISO-8859-1"
        default: return upper
        }
    }

    private static func byteOrderMark(_ bytes: UnsafeRawBufferPointer) -> String? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return "UTF-8" }
        if bytes.starts(with: [0xFE, 0xFF]) { return "UTF-16BE" }
        if bytes.starts(with: [0xFF, 0xFE]) { return "UTF-16LE" }
        return nil
    }

    private static func looksLikeUTF16WithoutBOM(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.starts(with: [0x00, 0x3C]) || bytes.starts(with: [0x3C, 0x00])
    }

    /// The `encoding` pseudo-attribute of the XML declaration, if the document starts with one.
    static func declaredEncoding(_ bytes: UnsafeRawBufferPointer) -> String? {
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        while start < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[start]) { start += 1 }
        let head = bytes[start..<min(bytes.count, start + 512)]
        guard head.starts(with: Array("<?xml".utf8)), let end = head.firstIndex(of: UInt8(ascii: ">")) else {
            return nil
        }
        let declaration = String(decoding: head[head.startIndex..<end], as: UTF8.self)
        guard let key = declaration.range(of: "encoding") else { return nil }
        var rest = declaration[key.upperBound...].drop { $0 == " " || $0 == "=" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        rest = rest.dropFirst()
        let name = rest.prefix { $0 != quote }
        return name.isEmpty ? nil : String(name)
    }
}

/// One pass over bytes read as UTF-8: how many sequences are valid multi-byte ones and how many are not.
struct UTF8Scan {
    var multibyteSequences = 0
    var invalidSequences = 0
    /// C0 controls other than tab, line feed and carriage return: never allowed in XML 1.0.
    var controlCharacters = 0
    /// Bytes 0xC0-0xDF and 0xE0-0xFF: lower-case Russian letters sit in the upper half in windows-1251 and in
    /// the lower half in KOI8-R, and running text is mostly lower case.
    private var upperHalf = 0
    private var lowerHalf = 0

    /// No bytes: nothing invalid.
    init() {}

    /// - Parameter countsEveryInvalidSequence: false to stop checking UTF-8 at the first invalid sequence (then
    ///   `invalidSequences` is 1 and the multi-byte counts stop there; control characters are still all counted).
    init(_ bytes: UnsafeRawBufferPointer, countsEveryInvalidSequence: Bool = true) {
        var index = 0
        let count = bytes.count
        var checksUTF8 = true
        while index < count {
            // Eight bytes at a time while nothing needs a closer look: ASCII, as most of a feed's markup is, or
            // anything but a control once UTF-8 is no longer checked.
            if index + 8 <= count {
                let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                let hasHighBit = checksUTF8 && word & 0x8080_8080_8080_8080 != 0
                // A byte below 0x20 has its 0x60 bits clear: checked exactly below when any might be.
                let mayHaveControl = (word &- 0x2020_2020_2020_2020) & ~word & 0x8080_8080_8080_8080 != 0
                if !hasHighBit && !mayHaveControl {
                    index += 8
                    continue
                }
            }
            let byte = bytes[index]
            if byte < 0x80 || !checksUTF8 {
                if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D { controlCharacters += 1 }
                index += 1
                continue
            }
            if byte >= 0xE0 { upperHalf += 1 } else if byte >= 0xC0 { lowerHalf += 1 }
            let length = UTF8Scan.sequenceLength(bytes, at: index)
            if length > 0 {
                multibyteSequences += 1
                index += length
            } else {
                invalidSequences += 1
                index += 1
                checksUTF8 = countsEveryInvalidSequence
            }
        }
    }

    var likelyCyrillicSingleByteEncoding: String {
        lowerHalf > upperHalf ? "KOI8-R" : "WINDOWS-1251"
    }

    /// The length of the valid UTF-8 sequence starting at `index` (a non-ASCII lead byte), or 0 (RFC 3629 §4).
    static func sequenceLength(_ bytes: UnsafeRawBufferPointer, at index: Int) -> Int {
        let lead = bytes[index]
        let length: Int
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            upper = 0x9F
        case 0xF0:
            length = 4
            lower = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            upper = 0x8F
        default: return 0
        }
        guard index + length <= bytes.count else { return 0 }
        let second = bytes[index + 1]
        guard second >= lower && second <= upper else { return 0 }
        for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 {
            return 0
        }
        return length
    }
}
