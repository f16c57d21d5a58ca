/// A JSON value (RFC 8259) with where each value and key starts in the text, so that a problem in a
/// hand-edited file can be reported at its line and column.
///
/// Foundation's `JSONDecoder` reports where the syntax breaks, but not where a well-formed value sits, and
/// `feedmerge check` must point at the duplicate URL or the misspelt key. Objects keep their members in order,
/// duplicates included (the checker reports them).
struct LocatedJSON: Sendable, Hashable {
    indirect enum Value: Sendable, Hashable {
        case object([Member])
        case array([LocatedJSON])
        case string(String)
        case number(Double)
        case bool(Bool)
        case null
    }

    struct Member: Sendable, Hashable {
        var key: String
        var keyLocation: TextLocation
        var value: LocatedJSON
    }

    var value: Value
    var location: TextLocation

    /// A short name of the value's type, for messages ("expected a string, found a number").
    var typeName: String {
        switch value {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "true or false"
        case .null: "null"
        }
    }
}

/// A position in a text file: 1-based line and column, columns counted in Unicode scalars (as editors count
/// characters for text like this).
public struct TextLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }

    public static func < (lhs: TextLocation, rhs: TextLocation) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}

/// A syntax error: what was expected and where.
struct JSONSyntaxError: Error, Sendable {
    var message: String
    var location: TextLocation
}

extension LocatedJSON {
    /// Parses a whole document; anything but white space after the value is an error.
    static func parse(_ text: String) throws(JSONSyntaxError) -> LocatedJSON {
        var reader = JSONReader(scalars: Array(text.unicodeScalars))
        reader.skipWhitespace()
        let value = try reader.value(depth: 0)
        reader.skipWhitespace()
        guard reader.isAtEnd else { throw reader.error("unexpected text after the end of the JSON value") }
        return value
    }
}

private struct JSONReader {
    let scalars: [Unicode.Scalar]
    var index = 0
    var line = 1
    var lineStart = 0

    /// Deeper nesting than any sources file needs is refused rather than risked on the stack.
    static let maximumDepth = 64

    var isAtEnd: Bool { index >= scalars.count }
    var location: TextLocation { TextLocation(line: line, column: index - lineStart + 1) }

    func error(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(message: message, location: location)
    }

    private mutating func startLine() {
        index += 1
        line += 1
        lineStart = index
    }

    mutating func skipWhitespace() {
        while !isAtEnd {
            switch scalars[index] {
            case "\n":
                startLine()
            case "\r" where index + 1 == scalars.count || scalars[index + 1] != "\n":
                // A lone CR ends a line too (a CR before LF is skipped below, and the LF ends it).
                startLine()
            case " ", "\t", "\r":
                index += 1
            default:
                return
            }
        }
    }

    mutating func value(depth: Int) throws(JSONSyntaxError) -> LocatedJSON {
        guard depth < Self.maximumDepth else { throw error("nested too deeply") }
        let start = location
        guard !isAtEnd else { throw error("unexpected end of the file: a value is missing") }
        switch scalars[index] {
        case "{": return LocatedJSON(value: .object(try object(depth: depth)), location: start)
        case "[": return LocatedJSON(value: .array(try array(depth: depth)), location: start)
        case "\"": return LocatedJSON(value: .string(try string()), location: start)
        case "t": return LocatedJSON(value: .bool(try literal("true", true)), location: start)
        case "f": return LocatedJSON(value: .bool(try literal("false", false)), location: start)
        case "n":
            _ = try literal("null", true)
            return LocatedJSON(value: .null, location: start)
        case "-", "0"..."9": return LocatedJSON(value: .number(try number()), location: start)
        case "'": throw error("strings take double quotes (\"), not single ones")
        default: throw error("unexpected character \"\(scalars[index])\": expected a value")
        }
    }

    private mutating func object(depth: Int) throws(JSONSyntaxError) -> [LocatedJSON.Member] {
        index += 1
        var members: [LocatedJSON.Member] = []
        skipWhitespace()
        if !isAtEnd && scalars[index] == "}" {
            index += 1
            return members
        }
        while true {
            skipWhitespace()
            guard !isAtEnd, scalars[index] == "\"" else {
                if !isAtEnd && scalars[index] == "}" { throw error("a comma before \"}\" is not allowed in JSON") }
                throw error("expected a key in double quotes")
            }
            let keyLocation = location
            let key = try string()
            skipWhitespace()
            guard !isAtEnd, scalars[index] == ":" else { throw error("expected \":\" after the key \"\(key)\"") }
            index += 1
            skipWhitespace()
            members.append(LocatedJSON.Member(key: key, keyLocation: keyLocation, value: try value(depth: depth + 1)))
            guard try continues(until: "}", after: "a member") else { return members }
        }
    }

    private mutating func array(depth: Int) throws(JSONSyntaxError) -> [LocatedJSON] {
        index += 1
        var elements: [LocatedJSON] = []
        skipWhitespace()
        if !isAtEnd && scalars[index] == "]" {
            index += 1
            return elements
        }
        while true {
            skipWhitespace()
            if !isAtEnd && scalars[index] == "]" { throw error("a comma before \"]\" is not allowed in JSON") }
            elements.append(try value(depth: depth + 1))
            guard try continues(until: "]", after: "an element") else { return elements }
        }
    }

    /// After a member or element: true past a `,` (another follows), false past `closer` (the last one).
    private mutating func continues(until closer: Unicode.Scalar, after what: String) throws(JSONSyntaxError) -> Bool {
        skipWhitespace()
        guard !isAtEnd else { throw error("unexpected end of the file: \"\(closer)\" is missing") }
        index += 1
        if scalars[index - 1] == "," { return true }
        guard scalars[index - 1] == closer else {
            index -= 1
            throw error("expected \",\" or \"\(closer)\" after \(what)")
        }
        return false
    }

    private mutating func literal(_ word: String, _ value: Bool) throws(JSONSyntaxError) -> Bool {
        for expected in word.unicodeScalars {
            guard !isAtEnd, scalars[index] == expected else { throw error("expected \(word)") }
            index += 1
        }
        return value
    }

    private mutating func number() throws(JSONSyntaxError) -> Double {
        let start = index
        while !isAtEnd, "+-.eE0123456789".unicodeScalars.contains(scalars[index]) { index += 1 }
        let text = String(String.UnicodeScalarView(scalars[start..<index]))
        // RFC 8259 §6: no leading zeros, no leading "+", digits on both sides of the point.
        let isJSONNumber =
            text.wholeMatch(of: /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/) != nil
        guard isJSONNumber, let value = Double(text) else {
            index = start
            throw error("\"\(text)\" is not a JSON number")
        }
        return value
    }

    private mutating func string() throws(JSONSyntaxError) -> String {
        let start = location
        index += 1
        var result = String.UnicodeScalarView()
        while true {
            guard !isAtEnd else {
                throw JSONSyntaxError(message: "this string is never closed (a \" is missing)", location: start)
            }
            let scalar = scalars[index]
            switch scalar {
            case "\"":
                index += 1
                return String(result)
            case "\\":
                index += 1
                result.append(try escape())
            case "\n":
                throw JSONSyntaxError(message: "this string is never closed (a \" is missing)", location: start)
            default:
                guard scalar.value >= 0x20 else { throw error("a control character must be escaped in a string") }
                result.append(scalar)
                index += 1
            }
        }
    }

    private mutating func escape() throws(JSONSyntaxError) -> Unicode.Scalar {
        guard !isAtEnd else { throw error("unexpected end of the file in an escape") }
        let scalar = scalars[index]
        index += 1
        switch scalar {
        case "\"", "\\", "/": return scalar
        case "b": return "\u{08}"
        case "f": return "\u{0C}"
        case "n": return "\n"
        case "r": return "\r"
        case "t": return "\t"
        case "u":
            let high = try hex4()
            if (0xD800...0xDBFF).contains(high), index + 1 < scalars.count, scalars[index] == "\\",
                scalars[index + 1] == "u"
            {
                let before = index
                index += 2
                let low = try hex4()
                if (0xDC00...0xDFFF).contains(low),
                    let combined = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
                {
                    return combined
                }
                // Not the low half of a pair: the next escape is a character of its own.
                index = before
            }
            return Unicode.Scalar(high) ?? "\u{FFFD}"
        default:
            index -= 1
            throw error("\"\\\(scalar)\" is not a JSON escape")
        }
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard !isAtEnd, scalars[index].isASCII, let digit = UInt32(String(scalars[index]), radix: 16) else {
                throw error("\"\\u\" takes four hexadecimal digits")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }
}
