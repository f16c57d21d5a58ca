import Foundation

/// The list of sources as OPML 2.0 (http://opml.org/spec2.opml), `sources.opml`, for a reader to subscribe to
/// them one by one: one `outline type="rss"` per source, in the order of sources.json.
public enum OPMLWriter {
    /// The file name the list is published under.
    public static let fileName = "sources.opml"

    /// The OPML document for `feed.sources`, UTF-8. `xmlUrl` is the feed URL as sources.json gives it (checked to
    /// be http or https there); `htmlUrl`, which comes from the feed itself, is written only when it is http or
    /// https.
    public static func write(_ feed: PublishedFeed) -> Data {
        var opml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <opml version="2.0">
              <head>
                <title>\(Markup.escaped(feed.title))</title>
                <docs>http://opml.org/spec2.opml</docs>
              </head>
              <body>

            """
        for source in feed.sources {
            let name = Markup.attribute(source.name)
            opml += "    <outline type=\"rss\" text=\"\(name)\" title=\"\(name)\""
            opml += " xmlUrl=\"\(Markup.attribute(source.feedURL))\""
            if let homePage = WebLink.checked(source.homePage) {
                opml += " htmlUrl=\"\(Markup.attribute(homePage))\""
            }
            if let language = source.language, !language.isEmpty {
                opml += " language=\"\(Markup.attribute(language))\""
            }
            opml += "/>\n"
        }
        opml += "  </body>\n</opml>\n"
        return Data(opml.utf8)
    }
}
