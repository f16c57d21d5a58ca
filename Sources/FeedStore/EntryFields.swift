import FeedModel
import Foundation

/// The fields of an entry's JSON, as `storedEntries` reads them: all but its id and its texts, which have columns
/// of their own.
///
/// The JSON is the history's own (`JSONEncoder`, sorted keys), so it almost always has one shape:
/// `{"authors":[{"email":…,"name":…,"uri":…}],"categories":[…],"enclosures":[{"length":…,"type":…,"url":…}],`
/// `"id":…,"link":…,"published":…,"title":…,"updated":…}`. `FieldsReader` reads that shape straight from the
/// column's bytes; anything else it gives up on (a state file edited by hand, a field of a later version) goes to
/// `JSONSerialization`, which reads any JSON. Both read the same value the same way (the tests compare them), but
/// for the last bits of a date written with many digits, which only the fast reader reads as the encoder wrote
/// it, and a key given twice, which only `JSONSerialization` reads (the last one). Both repair bytes that are not
/// UTF-8, as GRDB reads every text column.
///
/// Taking the JSON apart with SQLite's JSON functions (a call for each field, and one more for what was left)
/// and then parsing the lists with `JSONSerialization` cost more than anything else in reading entries back.
struct EntryFields: Equatable {
    var title: String?
    var link: String?
    /// Kept as seconds since 1970, read from the number's own text: the double the encoder wrote, to the bit.
    var published: Date?
    var updated: Date?
    var authors: [Author] = []
    var categories: [String] = []
    var enclosures: [Enclosure] = []

    init(json: UnsafeBufferPointer<UInt8>) throws {
        var reader = FieldsReader(json)
        if let fields = reader.fields() {
            self = fields
        } else {
            try self.init(serialized: json)
        }
    }

    init() {}

    /// Any JSON, the slow way. A field of another type than the history writes is left out.
    init(serialized json: UnsafeBufferPointer<UInt8>) throws {
        // Repaired first: `JSONSerialization` refuses bytes that are not UTF-8.
        let text = String(decoding: json, as: UTF8.self)
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw UnreadableEntry.NotAnObject(json: String(text.prefix(80)))
        }
        title = object["title"] as? String
        link = object["link"] as? String
        published = Self.number(object["published"]).map(Date.init(timeIntervalSince1970:))
        updated = Self.number(object["updated"]).map(Date.init(timeIntervalSince1970:))
        for author in object["authors"] as? [[String: Any]] ?? [] {
            authors.append(
                Author(
                    name: author["name"] as? String, email: author["email"] as? String, uri: author["uri"] as? String))
        }
        categories = object["categories"] as? [String] ?? []
        for enclosure in object["enclosures"] as? [[String: Any]] ?? [] {
            guard let url = enclosure["url"] as? String else { continue }
            enclosures.append(
                Enclosure(url: url, type: enclosure["type"] as? String, length: Self.integer(enclosure["length"])))
        }
    }

    /// A whole JSON number as `JSONSerialization` gives it (an `Int`, or an `NSNumber` on some platforms).
    private static func integer(_ value: Any?) -> Int64? {
        if let value = value as? Int { return Int64(value) }
        return (value as? NSNumber)?.int64Value
    }

    /// Any JSON number as `JSONSerialization` gives it (an `NSNumber`, or on some platforms an `Int` or a
    /// `Double`); nil for anything else, `true` and `false` included (`NSNumber`s of the C type `char`).
    private static func number(_ value: Any?) -> Double? {
        if let number = value as? NSNumber { return String(cString: number.objCType) == "c" ? nil : number.doubleValue }
        return value as? Double
    }
}

/// Reads the fields' usual shape (see `EntryFields`) from UTF-8 bytes, or gives up (nil) on anything else: a key
/// it does not know or sees twice, a value of another type, an integer with a fraction or exponent, a lone
/// surrogate escape, anything after the object.
struct FieldsReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Thrown to give up; never leaves this type.
    private struct Unusual: Error {}

    mutating func fields() -> EntryFields? {
        var fields = EntryFields()
        do {
            try object { reader, key in
                switch key {
                case .authors: fields.authors = try reader.array { try $0.author() }
                case .categories: fields.categories = try reader.array { try $0.string() }
                case .enclosures: fields.enclosures = try reader.array { try $0.enclosure() }
                case .link: fields.link = try reader.optionalString()
                case .title: fields.title = try reader.optionalString()
                case .published: fields.published = try reader.seconds()
                case .updated: fields.updated = try reader.seconds()
                // The id and texts have columns of their own (and a history of an earlier version may still
                // have kept the texts here).
                case .id: _ = try reader.string()
                case .summary, .content: _ = try reader.optionalString()
                default: throw Unusual()
                }
            }
            skipSpace()
            guard index == bytes.count else { return nil }
        } catch {
            return nil
        }
        return fields
    }

    /// The keys the history writes, each object's own.
    private enum Key: Int, CaseIterable {
        case authors, categories, enclosures, id, link, published, title, updated, summary, content
        case name, email, uri
        case url, type, length

        /// The key's name, as written.
        var name: StaticString {
            switch self {
            case .authors: "authors"
            case .categories: "categories"
            case .enclosures: "enclosures"
            case .id: "id"
            case .link: "link"
            case .published: "published"
            case .title: "title"
            case .updated: "updated"
            case .summary: "summary"
            case .content: "content"
            case .name: "name"
            case .email: "email"
            case .uri: "uri"
            case .url: "url"
            case .type: "type"
            case .length: "length"
            }
        }

        /// The key whose name is `bytes` (as they are: a name with an escape is no key of ours).
        init?(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard
                let key = Self.allCases.first(where: { key in
                    let name = key.name
                    return name.utf8CodeUnitCount == bytes.count
                        && bytes.elementsEqual(UnsafeBufferPointer(start: name.utf8Start, count: bytes.count))
                })
            else { return nil }
            self = key
        }
    }

    private mutating func author() throws -> Author {
        var author = Author()
        try object { reader, key in
            switch key {
            case .name: author.name = try reader.optionalString()
            case .email: author.email = try reader.optionalString()
            case .uri: author.uri = try reader.optionalString()
            default: throw Unusual()
            }
        }
        return author
    }

    /// An enclosure needs its URL (`JSONSerialization`'s reading skips one without); give up rather than skip.
    private mutating func enclosure() throws -> Enclosure {
        var (url, type, length): (String?, String?, Int64?) = (nil, nil, nil)
        try object { reader, key in
            switch key {
            case .url: url = try reader.string()
            case .type: type = try reader.optionalString()
            case .length: length = try reader.integer()
            default: throw Unusual()
            }
        }
        guard let url else { throw Unusual() }
        return Enclosure(url: url, type: type, length: length)
    }

    /// A date as the history keeps it, seconds since 1970, read from the number's text as the decoder that wrote
    /// it would read it back; `null` is nil.
    private mutating func seconds() throws -> Date? {
        skipSpace()
        if peek() == UInt8(ascii: "n") {
            _ = try optionalString()  // `null`, or gives up
            return nil
        }
        // JSON's grammar, `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, which is stricter than `Double`'s.
        let start = index
        if peek() == UInt8(ascii: "-") { index += 1 }
        let integerStart = index
        guard digits() > 0, bytes[integerStart] != UInt8(ascii: "0") || index == integerStart + 1 else {
            throw Unusual()
        }
        if peek() == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw Unusual() }
        }
        if let byte = peek(), byte | 0x20 == UInt8(ascii: "e") {
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { throw Unusual() }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let seconds = Double(text), seconds.isFinite else { throw Unusual() }
        return Date(timeIntervalSince1970: seconds)
    }

    /// An object whose keys are all ours, none twice (`JSONSerialization` keeps the last, this reader would keep
    /// the first): `member` reads the value of each.
    private mutating func object(_ member: (inout Self, Key) throws -> Void) throws {
        try expect(UInt8(ascii: "{"))
        skipSpace()
        if peek() == UInt8(ascii: "}") {
            index += 1
            return
        }
        var seen: UInt32 = 0
        while true {
            let key = try key()
            guard seen & 1 << key.rawValue == 0 else { throw Unusual() }
            seen |= 1 << key.rawValue
            try expect(UInt8(ascii: ":"))
            try member(&self, key)
            skipSpace()
            guard index < bytes.count else { throw Unusual() }
            index += 1
            switch bytes[index - 1] {
            case UInt8(ascii: ","): continue
            case UInt8(ascii: "}"): return
            default: throw Unusual()
            }
        }
    }

    /// A key, read as its bytes: no `String` made.
    private mutating func key() throws -> Key {
        try expect(UInt8(ascii: "\""))
        let start = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") {
            index += 1
        }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\""),
            let key = Key(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        else { throw Unusual() }
        index += 1
        return key
    }

    private mutating func array<T>(_ element: (inout Self) throws -> T) throws -> [T] {
        try expect(UInt8(ascii: "["))
        var elements: [T] = []
        skipSpace()
        if peek() == UInt8(ascii: "]") {
            index += 1
            return elements
        }
        while true {
            elements.append(try element(&self))
            skipSpace()
            guard index < bytes.count else { throw Unusual() }
            index += 1
            switch bytes[index - 1] {
            case UInt8(ascii: ","): continue
            case UInt8(ascii: "]"): return elements
            default: throw Unusual()
            }
        }
    }

    private mutating func optionalString() throws -> String? {
        skipSpace()
        if bytes.count - index >= 4, bytes[index] == UInt8(ascii: "n"), bytes[index + 1] == UInt8(ascii: "u"),
            bytes[index + 2] == UInt8(ascii: "l"), bytes[index + 3] == UInt8(ascii: "l")
        {
            index += 4
            return nil
        }
        return try string()
    }

    /// An integer without fraction or exponent, that fits 64 bits; `null` is nil.
    private mutating func integer() throws -> Int64? {
        skipSpace()
        if peek() == UInt8(ascii: "n") {
            _ = try optionalString()  // `null`, or gives up
            return nil
        }
        let negative = peek() == UInt8(ascii: "-")
        if negative { index += 1 }
        let start = index
        var value: Int64 = 0
        while let byte = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
            let (times, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
            guard !overflow, !overflow2 else { throw Unusual() }
            value = sum
            index += 1
        }
        // No digits, a leading zero before more digits, or a fraction or exponent: give up.
        guard index > start, bytes[start] != UInt8(ascii: "0") || index == start + 1,
            peek() != UInt8(ascii: "."), peek() != UInt8(ascii: "e"), peek() != UInt8(ascii: "E")
        else { throw Unusual() }
        return negative ? -value : value
    }

    /// Skips decimal digits; how many.
    private mutating func digits() -> Int {
        let start = index
        while let byte = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { index += 1 }
        return index - start
    }

    /// A JSON string, its escapes read; gives up on a lone surrogate. Bytes that are not UTF-8 are repaired (each
    /// becomes U+FFFD), as GRDB reads every text column.
    private mutating func string() throws -> String {
        try expect(UInt8(ascii: "\""))
        var decoded: [UInt8] = []
        var start = index  // bytes[start..<index] are still to be copied as they are
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                // `String(decoding:)`, not `String(validating:)`: the latter took a slow generic path, and was the
                // most of what reading an entry's fields cost.
                let text: String
                if decoded.isEmpty {
                    text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                } else {
                    decoded.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                    text = String(decoding: decoded, as: UTF8.self)
                }
                index += 1
                return text
            }
            guard byte >= 0x20 else { throw Unusual() }
            guard byte == UInt8(ascii: "\\") else {
                index += 1
                continue
            }
            decoded.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
            index += 1
            guard index < bytes.count else { throw Unusual() }
            let escaped = bytes[index]
            index += 1
            switch escaped {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(escaped)
            case UInt8(ascii: "b"): decoded.append(0x08)
            case UInt8(ascii: "f"): decoded.append(0x0C)
            case UInt8(ascii: "n"): decoded.append(0x0A)
            case UInt8(ascii: "r"): decoded.append(0x0D)
            case UInt8(ascii: "t"): decoded.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800...0xDBFF).contains(scalar) {
                    guard bytes.count - index >= 6, bytes[index] == UInt8(ascii: "\\"),
                        bytes[index + 1] == UInt8(ascii: "u")
                    else { throw Unusual() }
                    index += 2
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw Unusual() }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let character = Unicode.Scalar(scalar) else { throw Unusual() }
                decoded.append(contentsOf: character.utf8)
            default: throw Unusual()
            }
            start = index
        }
        throw Unusual()
    }

    private mutating func hex4() throws -> UInt32 {
        guard bytes.count - index >= 4 else { throw Unusual() }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw Unusual()
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    private mutating func expect(_ byte: UInt8) throws {
        skipSpace()
        guard peek() == byte else { throw Unusual() }
        index += 1
    }

    private func peek() -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    private mutating func skipSpace() {
        while let byte = peek(),
            byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
                || byte == UInt8(ascii: "\t")
        {
            index += 1
        }
    }
}
