import FeedModel
import Foundation

/// The lists of an entry's JSON, as `storedEntries` reads them (its scalars come from SQLite).
///
/// The JSON is the history's own (`JSONEncoder`, sorted keys), so it almost always has one shape:
/// `{"authors":[{"email":…,"name":…,"uri":…}],"categories":[…],"enclosures":[{"length":…,"type":…,"url":…}]}`.
/// `ListsReader` reads that shape straight from its bytes; anything else it gives up on (a state file edited by
/// hand, a field of a later version) goes to `JSONSerialization`, which reads any JSON. Both read the same value
/// the same way: the tests compare them. Parsing every entry's lists with `JSONSerialization` alone cost more
/// than anything else in reading entries back.
struct EntryLists {
    var authors: [Author] = []
    var categories: [String] = []
    var enclosures: [Enclosure] = []

    /// The JSON of an entry with none (as SQLite's `json_remove` leaves it): nothing to read.
    static let noneJSON = #"{"authors":[],"categories":[],"enclosures":[]}"#

    init(json: String) throws {
        var json = json
        if let lists = json.withUTF8({ utf8 in
            var reader = ListsReader(utf8)
            return reader.lists()
        }) {
            self = lists
        } else {
            try self.init(serialized: json)
        }
    }

    init(authors: [Author], categories: [String], enclosures: [Enclosure]) {
        self.authors = authors
        self.categories = categories
        self.enclosures = enclosures
    }

    /// A JSON number as `JSONSerialization` gives it (an `Int`, or an `NSNumber` on some platforms).
    private static func integer(_ value: Any?) -> Int64? {
        if let value = value as? Int { return Int64(value) }
        return (value as? NSNumber)?.int64Value
    }

    /// Any JSON, the slow way.
    init(serialized json: String) throws {
        guard let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
            throw UnreadableEntry.NotAnObject(json: String(json.prefix(80)))
        }
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
}

/// Reads the lists' usual shape (see `EntryLists`) from UTF-8 bytes, or gives up (nil) on anything else: a key
/// it does not know or sees twice, a value of another type, a number with a fraction or exponent, a lone
/// surrogate escape, bytes that are not UTF-8, anything after the object.
struct ListsReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Thrown to give up; never leaves this type.
    private struct Unusual: Error {}

    mutating func lists() -> EntryLists? {
        var authors: [Author]?
        var categories: [String]?
        var enclosures: [Enclosure]?
        do {
            try object { reader, key in
                switch key {
                case "authors" where authors == nil: authors = try reader.array { try $0.author() }
                case "categories" where categories == nil: categories = try reader.array { try $0.string() }
                case "enclosures" where enclosures == nil: enclosures = try reader.array { try $0.enclosure() }
                default: throw Unusual()
                }
            }
            skipSpace()
            guard index == bytes.count else { return nil }
        } catch {
            return nil
        }
        return EntryLists(authors: authors ?? [], categories: categories ?? [], enclosures: enclosures ?? [])
    }

    private mutating func author() throws -> Author {
        var author = Author()
        var seen: Set<String> = []
        try object { reader, key in
            guard seen.insert(key).inserted else { throw Unusual() }
            switch key {
            case "name": author.name = try reader.optionalString()
            case "email": author.email = try reader.optionalString()
            case "uri": author.uri = try reader.optionalString()
            default: throw Unusual()
            }
        }
        return author
    }

    /// An enclosure needs its URL (`JSONSerialization`'s reading skips one without); give up rather than skip.
    private mutating func enclosure() throws -> Enclosure {
        var (url, type, length): (String?, String?, Int64?) = (nil, nil, nil)
        var seen: Set<String> = []
        try object { reader, key in
            guard seen.insert(key).inserted else { throw Unusual() }
            switch key {
            case "url": url = try reader.string()
            case "type": type = try reader.optionalString()
            case "length": length = try reader.integer()
            default: throw Unusual()
            }
        }
        guard let url else { throw Unusual() }
        return Enclosure(url: url, type: type, length: length)
    }

    private mutating func object(_ member: (inout Self, String) throws -> Void) throws {
        try expect(UInt8(ascii: "{"))
        skipSpace()
        if peek() == UInt8(ascii: "}") {
            index += 1
            return
        }
        while true {
            let key = try string()
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

    /// A JSON string, its escapes read; gives up on a lone surrogate or bytes that are not UTF-8.
    private mutating func string() throws -> String {
        try expect(UInt8(ascii: "\""))
        var decoded: [UInt8] = []
        var start = index  // bytes[start..<index] are still to be copied as they are
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text: String?
                if decoded.isEmpty {
                    text = String(validating: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                } else {
                    decoded.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                    text = String(validating: decoded, as: UTF8.self)
                }
                index += 1
                guard let text else { throw Unusual() }
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
