/// The `Content-Type` of a served file, by its name, and whether gzip shrinks it.
enum ContentType {
    /// JSON Feed 1.1's own type for `feed.json`; the other types by extension; bytes of unknown kind are only
    /// offered for download (with `nosniff`, a browser does not guess).
    static func of(_ name: String) -> (type: String, isText: Bool) {
        if name == "feed.json" { return ("application/feed+json; charset=utf-8", true) }
        let ext = name.split(separator: ".").last.map { $0.lowercased() } ?? ""
        return switch name.contains(".") ? ext : "" {
        case "atom": ("application/atom+xml; charset=utf-8", true)
        case "html", "htm": ("text/html; charset=utf-8", true)
        case "opml": ("text/x-opml; charset=utf-8", true)
        case "json": ("application/json; charset=utf-8", true)
        case "xml": ("application/xml; charset=utf-8", true)
        case "txt": ("text/plain; charset=utf-8", true)
        default: ("application/octet-stream", false)
        }
    }
}
