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
        // Browsers drop tabs and newlines anywhere in a URL (WHATWG URL §4.4), so we do too.
        var reference = trimmed(reference)
        if reference.utf8.contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            reference.unicodeScalars.removeAll { $0 == "\t" || $0 == "\n" || $0 == "\r" }
        }
        guard !reference.isEmpty else { return nil }
        if scheme(of: reference) != nil { return reference }
        guard let parts = base, parts.authority != nil || !parts.path.isEmpty else {
            return reference
        }
        if reference.hasPrefix("//") {
            return parts.scheme + ":" + reference
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
        var scheme = ""
        for character in url.unicodeScalars {
            if character == ":" { return scheme.isEmpty ? nil : scheme.lowercased() }
            let isLetter = (character >= "a" && character <= "z") || (character >= "A" && character <= "Z")
            let isOther = (character >= "0" && character <= "9") || character == "+" || character == "-"
                || character == "."
            guard isLetter || (isOther && !scheme.isEmpty) else { return nil }
            scheme.unicodeScalars.append(character)
        }
        return nil
    }

    static func trimmed(_ text: String) -> String {
        text.trimmed
    }

    /// Splits off the query and fragment: ("a/b", "?q#f").
    private static func splitPath(_ reference: String) -> (Substring, Substring) {
        let end = reference.firstIndex { $0 == "?" || $0 == "#" } ?? reference.endIndex
        return (reference[..<end], reference[end...])
    }

    /// RFC 3986 §5.2.4.
    static func removeDotSegments(_ path: some StringProtocol) -> String {
        guard path.contains(".") else { return String(path) }
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
            let url = URLResolver.trimmed(url)
            guard let scheme = URLResolver.scheme(of: url) else { return nil }
            self.scheme = scheme
            var rest = url[url.index(url.startIndex, offsetBy: scheme.count + 1)...]
            if let fragment = rest.firstIndex(of: "#") { rest = rest[..<fragment] }
            if rest.hasPrefix("//") {
                rest = rest.dropFirst(2)
                let end = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
                authority = rest[..<end]
                rest = rest[end...]
            }
            let queryStart = rest.firstIndex(of: "?") ?? rest.endIndex
            let path = String(rest[..<queryStart])
            self.path = path
            query = rest[queryStart...]
            prefix = authority.map { scheme + "://" + $0 } ?? scheme + ":"
            directory = path.lastIndex(of: "/").map { String(path[...$0]) } ?? ""
        }
    }
}
