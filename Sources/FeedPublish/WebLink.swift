/// Links from feeds, checked before they become an `href` or a URL field: feed content is hostile, and a reader
/// follows what we publish. Only absolute `http:` and `https:` URLs pass; `javascript:`, `data:`, `vbscript:`,
/// relative and malformed ones do not (the text around them is still shown, without a link).
enum WebLink {
    /// `text` when it is an absolute http or https URL with a host and without white space or control
    /// characters (which a browser would strip or misread); nil otherwise.
    static func checked(_ text: String?) -> String? {
        guard let text else { return nil }
        let lowered = text.lowercased()
        let schemeLength: Int
        if lowered.hasPrefix("https://") {
            schemeLength = 8
        } else if lowered.hasPrefix("http://") {
            schemeLength = 7
        } else {
            return nil
        }
        let utf8 = text.utf8
        guard utf8.count > schemeLength, !utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }) else { return nil }
        let afterScheme = utf8.dropFirst(schemeLength)
        guard let first = afterScheme.first, first != UInt8(ascii: "/") else { return nil }
        return text
    }
}
