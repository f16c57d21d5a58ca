import FeedModel
import Foundation

/// Reads RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 documents, in any encoding libxml2 decodes, into one `Feed`.
///
/// A document that is only partly readable still gives a feed: problems become `warnings` (feedparser's
/// "bozo"). Only a document with nothing to read is an error. The format comes from the document element,
/// never from a URL or a content type.
public struct FeedParser: Sendable {
    public var defaultTimeZone: TimeZone

    /// - Parameter defaultTimeZone: the zone of dates that carry none (the source's own; Asia/Almaty by default).
    public init(defaultTimeZone: TimeZone? = nil) {
        self.defaultTimeZone = defaultTimeZone ?? .almaty
    }

    public struct Result: Sendable {
        public var feed: Feed
        /// What was wrong but recovered: malformed XML (with lines), encoding lies, unreadable fields.
        public var warnings: [String]
    }

    /// Parses one document.
    /// - Parameters:
    ///   - url: where the document came from; relative links resolve against it.
    ///   - charset: the charset the server gave (`Content-Type`), which beats the document's own declaration.
    ///   - name: how errors name the input (a path or URL); defaults to `url`.
    public func parse(
        _ data: Data, url: String? = nil, charset: String? = nil, name: String? = nil
    ) throws(FeedParseError) -> Result {
        let inputName = name ?? url ?? "input"
        let outcome: Swift.Result<Result, FeedParseError> = data.withUnsafeBytes { bytes in
            do throws(FeedParseError) {
                return .success(try parse(bytes, url: url, charset: charset, inputName: inputName))
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    private func parse(
        _ bytes: UnsafeRawBufferPointer, url: String?, charset: String?, inputName: String
    ) throws(FeedParseError) -> Result {
        guard bytes.contains(where: { $0 > 0x20 }) else {
            throw FeedParseError(code: .empty, input: inputName, message: "empty document")
        }
        var encoding = InputEncoding(bytes: bytes, charset: charset, scansUTF8: false)
        var repaired =
            encoding.isASCIICompatible
            ? InputRepair.repair(bytes, isUTF8: encoding.isUTF8, cleansBytes: encoding.needsCleaning) : nil
        var (xml, format, entries, fields) = read(repaired, or: bytes, url: url, encoding: encoding)
        if !encoding.hasScanned && xml.problems.contains(where: \.isCharacterProblem) {
            // The bytes are not the clean UTF-8 they claimed: check them, decide again, read again.
            encoding = InputEncoding(bytes: bytes, charset: charset)
            repaired = InputRepair.repair(bytes, isUTF8: encoding.isUTF8, cleansBytes: encoding.needsCleaning)
            (xml, format, entries, fields) = read(repaired, or: bytes, url: url, encoding: encoding)
        }
        var warnings = encoding.warnings
        if encoding.isASCIICompatible && xml.problems.contains(where: \.isUnclosedVoidElement) {
            // Raw `<br>` in a field shifted the entry's end tags; close such tags and read again.
            let source = repaired ?? Array(bytes)
            if let closed = source.withUnsafeBytes({ InputRepair.closeVoidElements($0) }) {
                let second = read(closed, or: bytes, url: url, encoding: encoding)
                if second.xml.problems.count < xml.problems.count {
                    (xml, format, entries, fields) = second
                    warnings.append("raw HTML tags left open (such as <br>) were closed")
                }
            }
        }

        try Self.refuseEntityExpansion(xml, inputName: inputName)
        guard let root = xml.root, let detected = format ?? Self.format(of: root, firstEntry: nil) else {
            throw Self.notAFeedError(bytes, root: xml.root, problems: xml.problems, url: url, inputName: inputName)
        }
        if xml.stoppedForTextBudget {
            warnings.append("stopped reading: the text grew beyond what the input could hold")
        }
        warnings += xml.problems.prefix(20).map { "line \($0.line): \($0.message)" }

        let feed: Feed
        switch detected {
        case .atom10, .atom03:
            feed = AtomAdapter(fields: fields, format: detected).feed(root: root, entries: entries)
        case .rss20, .rss10, .rss09x:
            feed = RSSAdapter(fields: fields).feed(root: root, format: detected, entries: entries)
        }
        return Result(feed: feed, warnings: warnings + fields.warnings)
    }

    /// One pass of libxml2 over `repaired` (or `original` when there is no repair), entries adapted as they close.
    private func read(
        _ repaired: [UInt8]?, or original: UnsafeRawBufferPointer, url: String?, encoding: InputEncoding
    ) -> (xml: XMLTreeReader.Result, format: FeedFormat?, entries: [Entry], fields: FieldReader) {
        let fields = FieldReader(documentURL: url, dates: DateParser(defaultTimeZone: defaultTimeZone))
        var entries: [Entry] = []
        var format: FeedFormat?
        let reader = XMLTreeReader(forcedEncoding: encoding.forced)
        let onEntry = { (element: XMLElement, ancestors: [XMLElement]) in
            guard let root = ancestors.first else { return }
            let detected = format ?? Self.format(of: root, firstEntry: element)
            format = detected
            guard let detected else { return }
            fields.entryNumber = entries.count + 1
            switch detected {
            case .atom10, .atom03:
                entries.append(AtomAdapter(fields: fields, format: detected).entry(element, ancestors: ancestors))
            case .rss20, .rss10, .rss09x:
                entries.append(RSSAdapter(fields: fields).entry(element, ancestors: ancestors))
            }
        }
        let xml =
            if let repaired {
                repaired.withUnsafeBytes { reader.read($0, onEntry: onEntry) }
            } else {
                reader.read(original, onEntry: onEntry)
            }
        fields.entryNumber = 0
        return (xml, format, entries, fields)
    }

    private static func format(of root: XMLElement, firstEntry: XMLElement?) -> FeedFormat? {
        switch (root.name, root.namespace) {
        case ("rss", _), ("RDF", .rdf): RSSAdapter.format(of: root, firstEntry: firstEntry)
        case ("feed", .atom10): .atom10
        case ("feed", .atom03): .atom03
        default: nil
        }
    }

    /// A document whose declared entities would expand into far more text than it holds is an attack ("billion
    /// laughs", one large entity referenced thousands of times, entities full of markup). The reader stopped
    /// the expansion early; this turns it into a clear refusal rather than a feed cut short.
    private static func refuseEntityExpansion(_ xml: XMLTreeReader.Result, inputName: String) throws(FeedParseError) {
        guard xml.stoppedForEntities || (xml.stoppedForTextBudget && !xml.declaredEntities.isEmpty) else { return }
        throw FeedParseError(
            code: .entityExpansion, input: inputName,
            message: "refused: its \(xml.declaredEntities.count) declared entities would expand into more than "
                + "\(EntityExpansion.limit >> 20) MB (an entity-expansion attack)")
    }

    private static func notAFeedError(
        _ bytes: UnsafeRawBufferPointer, root: XMLElement?, problems: [XMLProblem], url: String?, inputName: String
    ) -> FeedParseError {
        let text = String(decoding: bytes.prefix(1 << 20), as: UTF8.self)
        if root?.name.lowercased() == "html" || FeedLinkFinder.looksLikeHTML(String(text.prefix(1024))) {
            let links = FeedLinkFinder.feedLinks(inPage: text, base: url)
            let hint = links.isEmpty ? "it advertises no feed" : "it advertises " + links.joined(separator: ", ")
            return FeedParseError(
                code: .htmlPage, input: inputName, message: "not a feed (an HTML page; \(hint))", feedLinks: links)
        }
        if let root {
            return FeedParseError(
                code: .notAFeed, input: inputName, line: 1,
                message: "not a feed: the document element is <\(root.name)>, not <rss>, <rdf:RDF> or <feed>")
        }
        let first = problems.first
        return FeedParseError(
            code: .notXML, input: inputName, line: first?.line,
            message: "not XML" + (first.map { ": " + $0.message } ?? ""))
    }
}
