import CLibXML2

/// The rules of RFC 4287 (and issue 5) that Appendix B's schema does not or cannot check, walked over a parsed tree.
/// Places are named for people: `feed`, `entry 3`, `entry 3 source` (entries count from 1, in document order).
struct AtomRules {
    private(set) var problems: [String] = []
    /// Entry ids seen so far, with the entry that had each first.
    private var entryIDs: [String: Int] = [:]

    mutating func check(root: xmlNodePtr) {
        switch Self.atomName(root) {
        case "feed": checkFeed(root)
        // An Atom Entry Document (RFC 4287 §2): the entry must carry its own author.
        case "entry": checkEntry(root, number: nil, feedHasAuthor: false)
        default: problems.append("the root element is not atom:feed or atom:entry")
        }
    }

    private mutating func checkFeed(_ feed: xmlNodePtr) {
        requireExactlyOne(["id", "title", "updated"], in: feed, place: "feed", section: "4.1.1")
        checkIDs(in: feed, place: "feed")
        checkAlternates(in: feed, place: "feed", section: "4.1.1")
        checkDates(in: feed, place: "feed")
        let feedHasAuthor = !Self.children(of: feed, named: "author").isEmpty
        for (index, entry) in Self.children(of: feed, named: "entry").enumerated() {
            checkEntry(entry, number: index + 1, feedHasAuthor: feedHasAuthor)
        }
    }

    private mutating func checkEntry(_ entry: xmlNodePtr, number: Int?, feedHasAuthor: Bool) {
        let place = number.map { "entry \($0)" } ?? "entry"
        requireExactlyOne(["id", "title", "updated"], in: entry, place: place, section: "4.1.2")
        checkIDs(in: entry, place: place)
        if let id = Self.children(of: entry, named: "id").first.map(Self.text) {
            if let first = entryIDs[id] {
                problems.append("\(place): id '\(id)' is already the id of entry \(first) (issue 5: ids are unique)")
            } else if let number {
                entryIDs[id] = number
            }
        }
        checkAlternates(in: entry, place: place, section: "4.1.2")
        checkDates(in: entry, place: place)

        let sources = Self.children(of: entry, named: "source")
        for source in sources {
            checkIDs(in: source, place: "\(place) source")
            checkAlternates(in: source, place: "\(place) source", section: "4.2.11")
            checkDates(in: source, place: "\(place) source")
        }
        let sourceHasAuthor = sources.contains { !Self.children(of: $0, named: "author").isEmpty }
        if !feedHasAuthor, !sourceHasAuthor, Self.children(of: entry, named: "author").isEmpty {
            problems.append("\(place): no author, neither in the entry, its source nor the feed (RFC 4287 §4.1.2)")
        }

        let content = Self.children(of: entry, named: "content").first
        if content == nil, Self.links(of: entry).allSatisfy({ !Self.isAlternate($0) }) {
            problems.append("\(place): no content and no alternate link (RFC 4287 §4.1.2)")
        }
        if let content, Self.children(of: entry, named: "summary").isEmpty {
            if Self.attribute(content, "src") != nil {
                problems.append("\(place): content has src but the entry has no summary (RFC 4287 §4.1.2)")
            } else if let type = Self.attribute(content, "type"), Self.isBase64(contentType: type) {
                problems.append(
                    "\(place): content of type '\(type)' is Base64 but the entry has no summary (RFC 4287 §4.1.2)")
            }
        }
    }

    /// Exactly one of each named child (RFC 4287 §4.1.1 for the feed, §4.1.2 for an entry).
    private mutating func requireExactlyOne(_ names: [String], in element: xmlNodePtr, place: String, section: String) {
        for name in names {
            let count = Self.children(of: element, named: name).count
            guard count != 1 else { continue }
            let found = count == 0 ? "no \(name) element" : "\(count) \(name) elements"
            problems.append("\(place): \(found) (RFC 4287 §\(section) requires exactly one)")
        }
    }

    /// Every atom:id child is an absolute IRI: a scheme (RFC 3987 §2.2) and no whitespace (RFC 4287 §4.2.6).
    private mutating func checkIDs(in element: xmlNodePtr, place: String) {
        for id in Self.children(of: element, named: "id").map(Self.text) where !Self.isAbsoluteIRI(id) {
            problems.append("\(place): id '\(id)' is not an absolute IRI (RFC 4287 §4.2.6)")
        }
    }

    /// At most one alternate link per (type, hreflang); both compared without case, as media types and language
    /// tags are case-insensitive.
    private mutating func checkAlternates(in element: xmlNodePtr, place: String, section: String) {
        var counts: [String: (count: Int, type: String?, hreflang: String?)] = [:]
        var order: [String] = []
        for link in Self.links(of: element) where Self.isAlternate(link) {
            let type = Self.attribute(link, "type")
            let hreflang = Self.attribute(link, "hreflang")
            let key = "\(type?.lowercased() ?? "")\u{0}\(hreflang?.lowercased() ?? "")"
            if counts[key] == nil { order.append(key) }
            counts[key, default: (0, type, hreflang)].count += 1
        }
        for key in order {
            guard let group = counts[key], group.count > 1 else { continue }
            let typeText = group.type.map { "type '\($0)'" } ?? "no type"
            let languageText = group.hreflang.map { "hreflang '\($0)'" } ?? "no hreflang"
            problems.append(
                "\(place): \(group.count) alternate links with \(typeText) and \(languageText) "
                    + "(RFC 4287 §\(section) allows one)")
        }
    }

    /// `updated` and `published` are RFC 3339 date-times with a zone (RFC 4287 §3.3).
    private mutating func checkDates(in element: xmlNodePtr, place: String) {
        for name in ["updated", "published"] {
            for date in Self.children(of: element, named: name).map(Self.text) where !Self.isRFC3339(date) {
                problems.append("\(place): \(name) '\(date)' is not an RFC 3339 date-time with a zone (RFC 4287 §3.3)")
            }
        }
    }
}

extension AtomRules {
    static func isAbsoluteIRI(_ text: String) -> Bool {
        text.wholeMatch(of: /[A-Za-z][A-Za-z0-9+.\-]*:.*/) != nil && !text.contains(where: \.isWhitespace)
    }

    /// `2026-05-01T09:30:00Z`, `2026-05-01T09:30:00.25+05:00`: RFC 3339 §5.6 with the upper-case `T` and `Z` that
    /// RFC 4287 §3.3 demands, and a real day and time (a leap second allowed, as RFC 3339 §5.7 does).
    static func isRFC3339(_ text: String) -> Bool {
        let pattern =
            /([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?(Z|[+\-]([0-9]{2}):([0-9]{2}))/
        guard let match = text.wholeMatch(of: pattern),
            let year = Int(match.1), let month = Int(match.2), let day = Int(match.3),
            let hour = Int(match.4), let minute = Int(match.5), let second = Int(match.6)
        else { return false }
        guard (1...12).contains(month), (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second)
        else { return false }
        let isLeapYear = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, isLeapYear ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        guard (1...days).contains(day) else { return false }
        if let zoneHours = match.9, let zoneMinutes = match.10 {
            guard let hours = Int(zoneHours), let minutes = Int(zoneMinutes), hours <= 23, minutes <= 59 else {
                return false
            }
        }
        return true
    }

    /// RFC 4287 §4.1.3.3: content that is neither text, HTML, XHTML, XML nor `text/*` is Base64.
    static func isBase64(contentType type: String) -> Bool {
        let type = type.lowercased()
        if ["text", "html", "xhtml"].contains(type) || type.hasPrefix("text/") { return false }
        return !(type.hasSuffix("/xml") || type.hasSuffix("+xml"))
    }

    /// A link is an alternate when its rel is absent, `alternate`, or the IANA IRI for it (RFC 4287 §4.2.7.2).
    static func isAlternate(_ link: xmlNodePtr) -> Bool {
        guard let rel = attribute(link, "rel") else { return true }
        return rel == "alternate" || rel == "http://www.iana.org/assignments/relation/alternate"
    }

    static func links(of element: xmlNodePtr) -> [xmlNodePtr] {
        children(of: element, named: "link")
    }

    // MARK: Tree access

    /// The element's local name when it is in the Atom namespace.
    static func atomName(_ node: xmlNodePtr) -> String? {
        guard node.pointee.type == XML_ELEMENT_NODE, let namespace = node.pointee.ns?.pointee.href,
            String(cString: namespace) == AtomValidator.atomNamespace, let name = node.pointee.name
        else { return nil }
        return String(cString: name)
    }

    /// The element's Atom children of one name, in order.
    static func children(of element: xmlNodePtr, named name: String) -> [xmlNodePtr] {
        var found: [xmlNodePtr] = []
        var child = element.pointee.children
        while let node = child {
            if atomName(node) == name { found.append(node) }
            child = node.pointee.next
        }
        return found
    }

    /// The text content of a node (all descendant text and CDATA).
    static func text(_ node: xmlNodePtr) -> String {
        guard let content = xmlNodeGetContent(node) else { return "" }
        defer { cxml_free(content) }
        return String(cString: content)
    }

    /// An attribute in no namespace, as Atom's attributes are.
    static func attribute(_ node: xmlNodePtr, _ name: String) -> String? {
        guard let value = xmlGetNoNsProp(node, name) else { return nil }
        defer { cxml_free(value) }
        return String(cString: value)
    }

    /// `feed/entry[2]/source`: the element's place by local names, with a position where siblings share a name.
    static func path(of node: xmlNodePtr) -> String {
        var parts: [String] = []
        var current: xmlNodePtr? = node
        while let element = current, element.pointee.type == XML_ELEMENT_NODE {
            let name = element.pointee.name.map { String(cString: $0) } ?? "?"
            var position = 1
            var same = 0
            var sibling = element.pointee.parent?.pointee.children
            while let other = sibling {
                if other.pointee.type == XML_ELEMENT_NODE, other.pointee.name.map({ String(cString: $0) }) == name {
                    same += 1
                    if other == element { position = same }
                }
                sibling = other.pointee.next
            }
            parts.append(same > 1 ? "\(name)[\(position)]" : name)
            current = element.pointee.parent
        }
        return parts.reversed().joined(separator: "/")
    }
}
