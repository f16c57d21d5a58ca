/// Resolves references against a base URL (RFC 3986 §5.2), leaving IRIs' non-ASCII characters as they are.
///
/// Written out rather than taken from Foundation's `URL` because feeds carry unescaped Cyrillic paths and spaces
/// that `URL` rejects or re-escapes, and because it runs for every link of every entry.
enum URLResolver {
    /// The reference made absolute. An already absolute reference comes back trimmed; without a usable base a
    /// relative one comes back trimmed too; an empty reference is nil.
    static func resolve(_ reference: String, against base: String?) -> String? {
        resolve(reference, against: base.flatMap(Base.init))
    }

    /// As `resolve(_:against:)`, with the base parsed once for many references (the links of one entry).
    static func resolve(_ reference: String, against base: Base?) -> String? {
        if let base, base.authority != nil, isPlainAbsolutePath(reference) {
            // `/news/1.html` against `https://x.kz/...`, the usual link in content: the base's prefix and the path.
            return base.prefix + reference
        }
        // Browsers drop tabs and newlines anywhere in a URL (WHATWG URL §4.4), so we do too.
        var reference = reference.trimmed
        if reference.containsByte(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            reference.unicodeScalars.removeAll { $0 == "\t" || $0 == "\n" || $0 == "\r" }
        }
        guard !reference.isEmpty else { return nil }
        if let scheme = scheme(of: reference) {
            return hasDotSegment(reference) ? normalizingPath(of: reference, scheme: scheme) : reference
        }
        guard let parts = base, parts.authority != nil || !parts.path.isEmpty else {
            return reference
        }
        if reference.utf8.starts(with: "//".utf8) {
            let absolute = parts.scheme + ":" + reference
            return hasDotSegment(absolute) ? normalizingPath(of: absolute, scheme: parts.scheme) : absolute
        }
        let (referencePath, suffix) = splitPath(reference)
        var path: String
        if referencePath.isEmpty {
            path = parts.path
            if suffix.hasPrefix("#") {
                return parts.prefix + path + parts.query + suffix
            }
            return parts.prefix + path + suffix
        } else if referencePath.hasPrefix("/") {
            path = String(referencePath)
        } else if parts.authority != nil && parts.path.isEmpty {
            path = "/" + referencePath
        } else {
            path = parts.directory + referencePath
        }
        return parts.prefix + removeDotSegments(path) + suffix
    }

    /// The scheme of an absolute URL, lower-cased, or nil for a relative reference (RFC 3986 §3.1).
    static func scheme(of url: String) -> String? {
        var length = 0
        var hasUpper = false
        for byte in url.utf8 {
            if byte == UInt8(ascii: ":") {
                guard length > 0 else { return nil }
                let scheme = String(decoding: url.utf8.prefix(length), as: UTF8.self)
                return hasUpper ? scheme.lowercased() : scheme
            }
            let isLower = byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")
            let isUpper = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")
            let isOther =
                (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "+")
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
            guard isLower || isUpper || (isOther && length > 0) else { return nil }
            hasUpper = hasUpper || isUpper
            length += 1
        }
        return nil
    }

    /// A path from the root (`/a/b?q#f`, not `//host`) with no white space, control or dot segment: what
    /// resolution would return unchanged after the base's scheme and authority.
    private static func isPlainAbsolutePath(_ reference: String) -> Bool {
        reference.utf8.withContiguousStorageIfAvailable { bytes in
            // A non-ASCII last byte may end a no-break space, which resolution trims.
            guard bytes.count >= 1, bytes[0] == UInt8(ascii: "/"), bytes.count == 1 || bytes[1] != UInt8(ascii: "/"),
                bytes[bytes.count - 1] < 0x80
            else { return false }
            guard !bytes.contains(where: { $0 <= 0x20 || $0 == 0x7F }) else { return false }
            let pathEnd = bytes.firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? bytes.endIndex
            return !hasDotSegment(bytes: bytes[..<pathEnd])
        } ?? false
    }

    /// Splits off the query and fragment: ("a/b", "?q#f").
    private static func splitPath(_ reference: String) -> (Substring, Substring) {
        let end = reference.utf8.firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? reference.endIndex
        return (reference[..<end], reference[end...])
    }

    /// RFC 3986 §5.2.4.
    static func removeDotSegments(_ path: some StringProtocol) -> String {
        guard hasDotSegment(path) else { return String(path) }
        var output: [Substring] = []
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        for (index, segment) in segments.enumerated() {
            let isLast = index == segments.count - 1
            switch segment {
            case ".":
                if isLast { output.append("") }
            case "..":
                if output.count > 1 { output.removeLast() }
                if isLast { output.append("") }
            default:
                output.append(Substring(segment))
            }
        }
        var result = output.joined(separator: "/")
        if path.hasPrefix("/") && !result.hasPrefix("/") { result = "/" + result }
        return result
    }

    /// An absolute URL with the `.` and `..` segments of its path removed (RFC 3986 §5.2.2, for references that
    /// carry their own scheme or authority).
    private static func normalizingPath(of url: String, scheme: String) -> String {
        guard let base = Base(url), base.scheme == scheme else { return url }
        let rest = url.utf8.firstIndex { $0 == UInt8(ascii: "#") }.map { url[$0...] } ?? ""
        return base.prefix + removeDotSegments(base.path) + base.query + rest
    }

    /// Whether a segment of the path is `.` or `..` (most paths, `.html` and `.jpg` ones included, have none).
    private static func hasDotSegment(_ path: some StringProtocol) -> Bool {
        hasDotSegment(bytes: path.utf8)
    }

    private static func hasDotSegment(bytes path: some Sequence<UInt8>) -> Bool {
        var dotsSinceSlash = 0  // dots the current segment holds so far; -1 once it holds anything else
        for byte in path {
            if byte == UInt8(ascii: "/") {
                if dotsSinceSlash == 1 || dotsSinceSlash == 2 { return true }
                dotsSinceSlash = 0
            } else if byte == UInt8(ascii: ".") && dotsSinceSlash >= 0 {
                dotsSinceSlash += 1
            } else {
                dotsSinceSlash = -1
            }
        }
        return dotsSinceSlash == 1 || dotsSinceSlash == 2
    }

    /// An absolute URL split into the parts resolution needs (RFC 3986 §3).
    struct Base: Sendable {
        var scheme: String
        var authority: Substring?
        var path: String
        var query: Substring
        /// scheme "://" authority
        var prefix: String
        /// The path up to its last `/`, which relative paths are appended to.
        var directory: String

        init?(_ url: String) {
            let url = url.trimmed
            guard let scheme = URLResolver.scheme(of: url) else { return nil }
            self.scheme = scheme
            let utf8 = url.utf8
            var rest = url[utf8.index(utf8.startIndex, offsetBy: scheme.utf8.count + 1)...]
            if let fragment = rest.utf8.firstIndex(of: UInt8(ascii: "#")) { rest = rest[..<fragment] }
            if rest.utf8.starts(with: "//".utf8) {
                rest = rest[rest.utf8.index(rest.startIndex, offsetBy: 2)...]
                let end =
                    rest.utf8.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") } ?? rest.endIndex
                authority = rest[..<end]
                rest = rest[end...]
            } else {
                authority = nil
            }
            let queryStart = rest.utf8.firstIndex(of: UInt8(ascii: "?")) ?? rest.endIndex
            let path = String(rest[..<queryStart])
            self.path = path
            query = rest[queryStart...]
            prefix = authority.map { scheme + "://" + $0 } ?? scheme + ":"
            directory = path.utf8.lastIndex(of: UInt8(ascii: "/")).map { String(path[...$0]) } ?? ""
        }
    }
}
