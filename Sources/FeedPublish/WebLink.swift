/// Links from feeds, checked before they become an `href` or a URL field: feed content is hostile, and a reader
/// follows what we publish. Only absolute `http:` and `https:` URLs pass; `javascript:`, `data:`, `vbscript:`,
/// relative and malformed ones do not (the text around them is still shown, without a link).
enum WebLink {
    /// `text` when it is an absolute http or https URL with a host and without white space or control
    /// characters (which a browser would strip or misread); nil otherwise.
    static func checked(_ text: String?) -> String? {
        guard var text else { return nil }
        let passes = text.withUTF8 { utf8 in
            // "http://" or "https://", in any case, then a host: something other than a slash.
            func isLetter(_ offset: Int, _ letter: Unicode.Scalar) -> Bool {
                offset < utf8.count && utf8[offset] | 0x20 == UInt8(ascii: letter)
            }
            guard isLetter(0, "h"), isLetter(1, "t"), isLetter(2, "t"), isLetter(3, "p") else { return false }
            let colon = isLetter(4, "s") ? 5 : 4
            guard utf8.count > colon + 3, utf8[colon] == UInt8(ascii: ":"), utf8[colon + 1] == UInt8(ascii: "/"),
                utf8[colon + 2] == UInt8(ascii: "/"), utf8[colon + 3] != UInt8(ascii: "/")
            else { return false }
            return !utf8.contains { $0 <= 0x20 || $0 == 0x7F }
        }
        return passes ? text : nil
    }
}
