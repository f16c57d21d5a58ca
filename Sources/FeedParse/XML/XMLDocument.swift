/// The elements of one feed document that the SAX reader keeps, in three flat arrays: nodes in document order,
/// all their text in one byte buffer, their attributes in one list.
///
/// A feed is mostly entries, and each entry is dropped (`removeEntry`) as soon as the adapters have read it, so
/// the arrays only ever hold the channel and one entry and keep their capacity from entry to entry: building an
/// entry allocates nothing per element or per piece of text. The layout does the rest:
/// - an element's descendants are the nodes right after it, up to `end`, so a subtree is a range;
/// - text is appended to `text` in document order, so all the text inside an element is the single range
///   `textStart..<textEnd`, and an element's own text is that range minus its children's ranges.
///
/// Only the thread running the parse touches a document, and never through overlapping accesses, so its storage
/// opts out of the runtime's exclusivity checks (which cost more than building the nodes: libxml2 reports text
/// in many small pieces, one call per entity reference).
final class XMLDocument {
    struct Node {
        let name: String
        let namespace: XMLNamespace
        let attributes: Range<Int>
        let textStart: Int
        /// Past the last byte of text inside; `Int.max` while the element is open.
        var textEnd = Int.max
        /// Past the last descendant in `nodes`; `Int.max` while the element is open.
        var end = Int.max
        var hasElementChildren = false
    }

    @exclusivity(unchecked) private(set) var nodes: [Node] = []
    /// All text, in document order: grown by doubling like an array's, but appended to with one copy, as
    /// libxml2 reports text in many small pieces (one per entity reference) and an array's append cost several
    /// times the copy. Read through `text`, which stays valid until the next append.
    @exclusivity(unchecked) private var textStorage: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var textCapacity = 1 << 16
    @exclusivity(unchecked) private(set) var textCount = 0
    @exclusivity(unchecked) private(set) var attributes: [XMLAttribute] = []
    /// Whether `text` is known to be valid UTF-8. libxml2 checks every byte it decodes and reports text in
    /// UTF-8, so it is, until libxml2 reports a byte it could not decode: then it may have passed the byte on
    /// as it was (feedmerge reads such a document again, repaired; this pass must still be safe).
    @exclusivity(unchecked) private(set) var isValidUTF8 = true

    init() {
        textStorage = .allocate(capacity: textCapacity)
        nodes.reserveCapacity(64)
    }

    var root: XMLElement? { nodes.isEmpty ? nil : XMLElement(document: self, index: 0) }

    // MARK: Building (the reader)

    /// Opens an element as the last child of `parent` (nil for the document element); returns its index.
    func open(name: String, namespace: XMLNamespace, attributes: some Collection<XMLAttribute>, parent: Int?) -> Int {
        let first = self.attributes.count
        if !attributes.isEmpty { self.attributes.append(contentsOf: attributes) }
        if let parent { nodes[parent].hasElementChildren = true }
        nodes.append(
            Node(name: name, namespace: namespace, attributes: first..<self.attributes.count, textStart: textCount))
        return nodes.count - 1
    }

    func appendText(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        if textCount + bytes.count > textCapacity {
            while textCount + bytes.count > textCapacity { textCapacity *= 2 }
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: textCapacity)
            grown.update(from: textStorage, count: textCount)
            textStorage.deallocate()
            textStorage = grown
        }
        (textStorage + textCount).update(from: source, count: bytes.count)
        textCount += bytes.count
    }

    deinit {
        textStorage.deallocate()
    }

    /// All text kept so far; valid until the next `appendText`.
    var text: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: textStorage, count: textCount)
    }

    func close(_ index: Int) {
        nodes[index].end = nodes.count
        nodes[index].textEnd = textCount
    }

    /// Drops the element at `index` and everything after it (an entry that has been read, with its subtree).
    func removeEntry(at index: Int) {
        let node = nodes[index]
        textCount = node.textStart
        attributes.removeSubrange(node.attributes.lowerBound...)
        nodes.removeSubrange(index...)
    }

    func markTextUnchecked() {
        isValidUTF8 = false
    }

    // MARK: Reading (the adapters)

    /// The text of `range` as a string, checked only when the document's text may not be valid UTF-8.
    func string(_ range: Range<Int>) -> String {
        String(utf8: UnsafeBufferPointer(rebasing: text[range]), isValid: isValidUTF8)
    }
}

/// An element of an `XMLDocument`: what the format adapters read.
struct XMLElement {
    let document: XMLDocument
    let index: Int

    private var node: XMLDocument.Node { document.nodes[index] }

    /// The local name (`link` for `atom:link`).
    var name: String { node.name }
    /// The namespace, by its well-known meaning.
    var namespace: XMLNamespace { node.namespace }

    /// Child elements, in document order.
    var children: Children { Children(document: document, parent: index) }

    struct Children: Sequence, IteratorProtocol {
        let document: XMLDocument
        private var position: Int
        private let end: Int

        init(document: XMLDocument, parent: Int) {
            self.document = document
            position = parent + 1
            end = Swift.min(document.nodes[parent].end, document.nodes.count)
        }

        mutating func next() -> XMLElement? {
            guard position < end else { return nil }
            let child = XMLElement(document: document, index: position)
            position = Swift.min(document.nodes[position].end, end)
            return child
        }
    }

    /// The first child element with this local name in one of these namespaces.
    func first(_ name: String, in namespaces: [XMLNamespace]) -> XMLElement? {
        for child in children where child.name == name && namespaces.contains(child.namespace) {
            return child
        }
        return nil
    }

    /// Every child element with this local name in one of these namespaces.
    func all(_ name: String, in namespaces: [XMLNamespace]) -> [XMLElement] {
        children.filter { $0.name == name && namespaces.contains($0.namespace) }
    }

    /// An attribute's value by local name; unprefixed attributes first, as feeds rarely prefix their own.
    func attribute(_ name: String, in namespace: XMLNamespace = .none) -> String? {
        document.attributes[node.attributes].first { $0.name == name && $0.namespace == namespace }?.value
    }

    private var textRange: Range<Int> {
        let node = node
        return node.textStart..<min(node.textEnd, document.textCount)
    }

    /// All text inside the element, markup dropped.
    var text: String {
        document.string(textRange)
    }

    /// Whether any child is an element: a feed that put raw (unescaped) HTML inside a text field.
    var hasElementChildren: Bool { node.hasElementChildren }

    /// Calls `body` with the UTF-8 of all text inside the element, markup dropped, and whether it is known to be
    /// valid UTF-8; the bytes are the document's own, valid only inside `body`.
    func withTextBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>, _ isValidUTF8: Bool) -> Result) -> Result {
        let range = textRange
        return body(UnsafeBufferPointer(rebasing: document.text[range]), document.isValidUTF8)
    }

    /// The children serialized back to markup (UTF-8), for raw HTML inside RSS fields and Atom `type="xhtml"`.
    ///
    /// `href` and `src` are resolved against the `xml:base` in force at their element (RFC 4287 §2 lets any
    /// element set one), starting from `base`; the HTML that results carries no `xml:base` of its own.
    /// Attributes in another namespace (`xlink:href`) are left out: HTML would read them without their prefix.
    func innerMarkup(base: String?) -> [UInt8] {
        var result: [UInt8] = []
        appendInnerMarkup(text: document.text, to: &result, base: base)
        return result
    }

    /// The element's own text pieces sit in the gaps between its children's text ranges.
    private func appendInnerMarkup(text: UnsafeBufferPointer<UInt8>, to result: inout [UInt8], base: String?) {
        var position = textRange.lowerBound
        for child in children {
            let childRange = child.textRange
            MarkupEscaping.appendEscapedText(
                UnsafeBufferPointer(rebasing: text[position..<childRange.lowerBound]), to: &result)
            child.appendMarkup(text: text, to: &result, base: base)
            position = childRange.upperBound
        }
        MarkupEscaping.appendEscapedText(
            UnsafeBufferPointer(rebasing: text[position..<textRange.upperBound]), to: &result)
    }

    private func appendMarkup(text: UnsafeBufferPointer<UInt8>, to result: inout [UInt8], base: String?) {
        var base = base
        if let xmlBase = attribute("base", in: .xml) {
            base = URLResolver.resolve(xmlBase, against: base) ?? base
        }
        result.append(UInt8(ascii: "<"))
        result += name.utf8
        for attribute in document.attributes[node.attributes] where attribute.namespace == .none {
            var value = attribute.value
            if attribute.name == "href" || attribute.name == "src", let base {
                value = URLResolver.resolve(value, against: base) ?? value
            }
            result.append(UInt8(ascii: " "))
            result += attribute.name.utf8
            result += "=\"".utf8
            for byte in value.utf8 {
                MarkupEscaping.appendEscaped(byte, to: &result, quotes: true)
            }
            result.append(UInt8(ascii: "\""))
        }
        result.append(UInt8(ascii: ">"))
        appendInnerMarkup(text: text, to: &result, base: base)
        result += "</".utf8
        result += name.utf8
        result.append(UInt8(ascii: ">"))
    }
}
