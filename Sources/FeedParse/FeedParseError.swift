/// Why a document could not be read as a feed, naming the input and, where known, the line.
public struct FeedParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// Nothing but white space.
        case empty
        /// Not XML that libxml2 could recover a document element from.
        case notXML
        /// An HTML page; `feedLinks` holds the feeds it advertises.
        case htmlPage
        /// XML, but not RSS or Atom.
        case notAFeed
        /// The document declares entities that would expand to far more text than it holds.
        case entityExpansion
    }

    public var code: Code
    /// The file or URL the bytes came from.
    public var input: String
    public var line: Int?
    public var message: String
    /// For `.htmlPage`: the absolute URLs of `<link rel="alternate">` feeds on the page.
    public var feedLinks: [String]

    public init(code: Code, input: String, line: Int? = nil, message: String, feedLinks: [String] = []) {
        self.code = code
        self.input = input
        self.line = line
        self.message = message
        self.feedLinks = feedLinks
    }

    /// `input:line: message`, as compilers write it.
    public var description: String {
        input + (line.map { ":\($0)" } ?? "") + ": " + message
    }
}
