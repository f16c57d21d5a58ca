import CLibXML2

extension FeedParser {
    /// Whether the parser can decode text in the charset `name` (as a server or a source's override writes it):
    /// what libxml2 decodes itself, or through iconv.
    public static func isKnownCharset(_ name: String) -> Bool {
        let canonical = InputEncoding.canonicalName(name)
        guard !canonical.isEmpty, let handler = xmlFindCharEncodingHandler(canonical) else { return false }
        xmlCharEncCloseFunc(handler)
        return true
    }
}
