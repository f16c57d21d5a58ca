import FeedModel
import Foundation

/// Reads `feeds/sources.json` and reports every problem at its line and column, all at once, so a person editing
/// the file fixes them in one go.
///
/// Errors (the file cannot be used): not JSON; a missing `title`, `sources`, source `name` or `url`; a value of
/// the wrong type; a URL that is not absolute http(s); the same URL twice; an unknown time zone, charset or
/// role. Warnings: unknown keys (with the known key they most resemble), an empty source list, no `link`.
public struct SourcesChecker: Sendable {
    /// Whether the parser can decode a charset name (the parser knows; this module does not link libxml2).
    public var isKnownCharset: @Sendable (String) -> Bool

    public init(isKnownCharset: @escaping @Sendable (String) -> Bool) {
        self.isKnownCharset = isKnownCharset
    }

    public struct Result: Sendable {
        /// The file, when it has no errors.
        public var file: SourcesFile?
        /// Errors and warnings, in the order they appear in the file.
        public var problems: [SourcesProblem]

        public var errors: [SourcesProblem] { problems.filter { $0.severity == .error } }
        public var warnings: [SourcesProblem] { problems.filter { $0.severity == .warning } }
    }

    /// Checks the file at `path`; an unreadable file is one error.
    public func check(fileAt path: String) -> Result {
        do {
            return check(try Data(contentsOf: URL(fileURLWithPath: path)), path: path)
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? error.localizedDescription
            return Result(
                file: nil,
                problems: [
                    SourcesProblem(severity: .error, path: path, location: nil, message: "cannot read: \(reason)")
                ])
        }
    }

    /// Checks the file's bytes; `path` names it in messages.
    public func check(_ data: Data, path: String) -> Result {
        var session = CheckSession(path: path, isKnownCharset: isKnownCharset)
        let file = session.run(data)
        let problems = session.problems.sorted { ($0.location ?? .zero) < ($1.location ?? .zero) }
        return Result(file: problems.contains { $0.severity == .error } ? nil : file, problems: problems)
    }

    /// The file, or an error listing its problems; warnings come back with the file.
    public func load(fileAt path: String) throws(SourcesError) -> (file: SourcesFile, warnings: [SourcesProblem]) {
        let result = check(fileAt: path)
        guard let file = result.file else { throw SourcesError(problems: result.errors + result.warnings) }
        return (file, result.warnings)
    }
}

extension TextLocation {
    fileprivate static let zero = TextLocation(line: 0, column: 0)
}

/// One pass over one file, collecting problems.
private struct CheckSession {
    let path: String
    let isKnownCharset: (String) -> Bool
    var problems: [SourcesProblem] = []

    static let fileKeys = ["$schema", "title", "id", "link", "timezone", "sources"]
    static let sourceKeys = ["name", "url", "region", "language", "timezone", "charset", "role", "enabled", "tags"]

    mutating func error(_ message: String, at location: TextLocation?) {
        problems.append(SourcesProblem(severity: .error, path: path, location: location, message: message))
    }

    mutating func warning(_ message: String, at location: TextLocation?) {
        problems.append(SourcesProblem(severity: .warning, path: path, location: location, message: message))
    }

    mutating func run(_ data: Data) -> SourcesFile? {
        guard let text = String(data: data, encoding: .utf8) else {
            error("not UTF-8 text (save the file as UTF-8)", at: nil)
            return nil
        }
        let json: LocatedJSON
        do {
            json = try LocatedJSON.parse(text)
        } catch {
            self.error("not JSON: \(error.message)", at: error.location)
            return nil
        }
        guard case .object(let members) = json.value else {
            error(
                "the file must hold one JSON object (with \"title\" and \"sources\"), not \(json.typeName)",
                at: json.location)
            return nil
        }
        let fields = self.fields(members, known: Self.fileKeys, in: "the file")
        let title = requiredString("title", in: fields, of: "the file", at: json.location)
        let id = optionalString("id", in: fields)
        if let id, let member = fields["id"], !Self.isAbsoluteURI(id) {
            error(
                "\"id\" must be an absolute URI such as tag:example.kz,2026:regions, not \"\(id)\"",
                at: member.value.location)
        }
        let link = optionalString("link", in: fields)
        if let link, let member = fields["link"], !Self.isWebURL(link) {
            error("\"link\" must be an absolute http or https URL, not \"\(link)\"", at: member.value.location)
        }
        if fields["link"] == nil {
            warning(
                "no \"link\": the merged feed will not say where it is served (rel=\"self\")", at: json.location)
        }
        let timezone = optionalString("timezone", in: fields)
        checkTimeZone(timezone, member: fields["timezone"])
        let sources = sourceList(fields["sources"], fileLocation: json.location)
        guard let title else { return nil }
        return SourcesFile(title: title, id: id, link: link, timezone: timezone, sources: sources)
    }

    // MARK: Sources

    mutating func sourceList(_ member: LocatedJSON.Member?, fileLocation: TextLocation) -> [Source] {
        guard let member else {
            error("the file has no \"sources\" (a list of {\"name\": ..., \"url\": ...})", at: fileLocation)
            return []
        }
        guard case .array(let elements) = member.value.value else {
            error("\"sources\" must be a list, not \(member.value.typeName)", at: member.value.location)
            return []
        }
        if elements.isEmpty { warning("\"sources\" is empty: nothing will be fetched", at: member.value.location) }
        var sources: [Source] = []
        var seenURLs: [String: TextLocation] = [:]
        for (offset, element) in elements.enumerated() {
            let label = "source \(offset + 1)"
            guard case .object(let members) = element.value else {
                error(
                    "\(label) must be an object with \"name\" and \"url\", not \(element.typeName)",
                    at: element.location)
                continue
            }
            let fields = self.fields(members, known: Self.sourceKeys, in: label)
            let name = requiredString("name", in: fields, of: label, at: element.location)
            let url = requiredString("url", in: fields, of: label, at: element.location)
            let label2 = name.map { "\(label) (\($0))" } ?? label
            if let url, let urlMember = fields["url"] {
                if !Self.isWebURL(url) {
                    error(
                        "\(label2): \"url\" must be an absolute http or https URL, not \"\(url)\"",
                        at: urlMember.value.location)
                } else {
                    let comparable = Self.comparableURL(url)
                    if let first = seenURLs[comparable] {
                        error(
                            "\(label2): the URL \(url) is already listed at line \(first.line)",
                            at: urlMember.value.location)
                    } else {
                        seenURLs[comparable] = urlMember.value.location
                    }
                }
            }
            let timezone = optionalString("timezone", in: fields)
            checkTimeZone(timezone, member: fields["timezone"])
            let charset = optionalString("charset", in: fields)
            if let charset, let member = fields["charset"], !isKnownCharset(charset) {
                error(
                    "\(label2): unknown charset \"\(charset)\" (e.g. windows-1251, KOI8-R, UTF-8)",
                    at: member.value.location)
            }
            var role = Source.Role.outlet
            if let text = optionalString("role", in: fields), let member = fields["role"] {
                if let known = Source.Role(rawValue: text) {
                    role = known
                } else {
                    error("\(label2): \"role\" is \"origin\" or \"outlet\", not \"\(text)\"", at: member.value.location)
                }
            }
            let enabled = optionalBool("enabled", in: fields) ?? true
            let tags = stringList("tags", in: fields)
            // Read before giving up on the source, so that their problems are reported too.
            let region = optionalString("region", in: fields)
            let language = optionalString("language", in: fields)
            guard let name, let url else { continue }
            sources.append(
                Source(
                    name: name, url: url, region: region, language: language, timezone: timezone, charset: charset,
                    role: role, enabled: enabled, tags: tags))
        }
        return sources
    }

    // MARK: Fields

    /// The members by key; warns about unknown keys (with the closest known one) and repeated ones.
    mutating func fields(_ members: [LocatedJSON.Member], known: [String], in owner: String)
        -> [String: LocatedJSON.Member]
    {
        var fields: [String: LocatedJSON.Member] = [:]
        for member in members {
            if fields[member.key] != nil {
                error("\(owner): \"\(member.key)\" is given twice", at: member.keyLocation)
                continue
            }
            if !known.contains(member.key) {
                let hint = Self.closest(to: member.key, in: known).map { " (did you mean \"\($0)\"?)" } ?? ""
                warning("\(owner): unknown key \"\(member.key)\"\(hint); it is ignored", at: member.keyLocation)
                continue
            }
            fields[member.key] = member
        }
        return fields
    }

    mutating func requiredString(
        _ key: String, in fields: [String: LocatedJSON.Member], of owner: String, at location: TextLocation
    ) -> String? {
        guard fields[key] != nil else {
            error("\(owner) has no \"\(key)\"", at: location)
            return nil
        }
        guard let value = optionalString(key, in: fields) else { return nil }
        if value.isEmpty, let member = fields[key] {
            error("\(owner): \"\(key)\" is empty", at: member.value.location)
            return nil
        }
        return value
    }

    mutating func optionalString(_ key: String, in fields: [String: LocatedJSON.Member]) -> String? {
        guard let member = fields[key] else { return nil }
        guard case .string(let value) = member.value.value else {
            error("\"\(key)\" must be a string, not \(member.value.typeName)", at: member.value.location)
            return nil
        }
        return SourcesChecker.trimmed(value)
    }

    mutating func optionalBool(_ key: String, in fields: [String: LocatedJSON.Member]) -> Bool? {
        guard let member = fields[key] else { return nil }
        guard case .bool(let value) = member.value.value else {
            error("\"\(key)\" must be true or false, not \(member.value.typeName)", at: member.value.location)
            return nil
        }
        return value
    }

    mutating func stringList(_ key: String, in fields: [String: LocatedJSON.Member]) -> [String] {
        guard let member = fields[key] else { return [] }
        guard case .array(let elements) = member.value.value else {
            error("\"\(key)\" must be a list of strings, not \(member.value.typeName)", at: member.value.location)
            return []
        }
        return elements.compactMap { element in
            guard case .string(let value) = element.value else {
                error("\"\(key)\" must hold strings only, not \(element.typeName)", at: element.location)
                return nil
            }
            return value
        }
    }

    mutating func checkTimeZone(_ name: String?, member: LocatedJSON.Member?) {
        guard let name, let member, TimeZone(identifier: name) == nil else { return }
        error("unknown time zone \"\(name)\" (an IANA name such as Asia/Almaty)", at: member.value.location)
    }

    // MARK: Values

    static func isWebURL(_ text: String) -> Bool {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else { return false }
        return true
    }

    static func isAbsoluteURI(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else { return false }
        let scheme = text[..<colon]
        return scheme.first?.isLetter == true && scheme.allSatisfy { $0.isLetter || $0.isNumber || "+-.".contains($0) }
            && !text.contains(" ")
    }

    /// The same feed however the URL is capitalized in its scheme and host, or with a trailing slash.
    static func comparableURL(_ text: String) -> String {
        guard var components = URLComponents(string: text) else { return text }
        components.scheme = components.scheme?.lowercased()
        components.host = components.host?.lowercased()
        var result = components.string ?? text
        if result.hasSuffix("/") { result.removeLast() }
        return result
    }

    /// The known key `key` abbreviates (`lang`), or the one within a few edits of it (`rgion`), in any case.
    static func closest(to key: String, in known: [String]) -> String? {
        let lowered = key.lowercased()
        if lowered.count >= 3, let expanded = known.first(where: { $0.lowercased().hasPrefix(lowered) }) {
            return expanded
        }
        let scored = known.map { ($0, editDistance(key.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, key.count / 3) else { return nil }
        return best.0
    }

    /// Levenshtein distance.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        var previous = Array(0...b.count)
        for (i, left) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, right) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (left == right ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

extension SourcesChecker {
    /// `text` without white space at either end: what Foundation's `trimmingCharacters(in:
    /// .whitespacesAndNewlines)` gives (Unicode's White_Space characters, and the zero width space), without its
    /// detour through NSString, which cost most of the time of checking a file of a thousand sources.
    static func trimmed(_ text: String) -> String {
        func isSpace(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.isWhitespace || scalar == "\u{200B}" }
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }),
            let last = scalars.lastIndex(where: { !isSpace($0) })
        else { return "" }
        if first == scalars.startIndex && scalars.index(after: last) == scalars.endIndex { return text }
        return String(scalars[first...last])
    }
}
