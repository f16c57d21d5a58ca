import CLibXML2
import Foundation

/// Reads a feed document with libxml2's SAX2 push parser into an `XMLDocument`, handing each entry
/// (`item`/`entry`) to a callback as soon as it closes and then dropping it, so that the document never exists
/// as a whole tree.
///
/// Safety: the handler table starts empty (no default SAX2 handlers, no document tree) and the parser runs with
/// `XML_PARSE_NONET` and without `NOENT`/`DTDLOAD`, so nothing is loaded from outside. Internal entities are
/// expanded, as XML requires (libxml2 keeps their declarations even for a SAX parser), but every reference is
/// charged first (`EntityExpansion`) and the parser stops past a megabyte of expansion; a text budget also
/// stops it if the text it reports ever exceeds what the input could hold.
///
/// Leniency: libxml2 recovers from malformed input (`XML_PARSE_RECOVER`); entries never nest, so a new entry
/// closes one left open by an unclosed tag, and whatever is still open at the end of input is closed.
struct XMLTreeReader {
    /// The encoding libxml2 must use whatever the document declares, or nil to let it detect one.
    var forcedEncoding: String?

    struct Result {
        /// The document element, without the entries already handed out.
        var root: XMLElement? { document.root }
        var document: XMLDocument
        /// libxml2's complaints, in order (capped).
        var problems: [XMLProblem]
        /// Entities the document's DTD declares, with their replacement text (empty for external ones).
        var declaredEntities: [String: String]
        var stoppedForTextBudget: Bool
        /// The references to declared entities would have expanded past `EntityExpansion.limit`.
        var stoppedForEntities: Bool
    }

    /// - Parameter onEntry: called with each entry element and its open ancestors (root first).
    func read(_ bytes: UnsafeRawBufferPointer, onEntry: @escaping (XMLElement, [XMLElement]) -> Void) -> Result {
        // Per thread in libxml2: set for every parse, since parses may run on any thread.
        cxml_silence_generic_errors()
        let builder = TreeBuilder(textBudget: bytes.count * 3 + (1 << 20), onEntry: onEntry)
        var handler = xmlSAXHandler()
        handler.initialized = UInt32(XML_SAX2_MAGIC)
        handler.startElementNs = { context, localName, prefix, uri, _, _, attributeCount, _, attributes in
            TreeBuilder.with(context) {
                $0.start(
                    localName: localName, prefix: prefix, uri: uri, attributeCount: Int(attributeCount),
                    attributes: attributes)
            }
        }
        handler.endElementNs = { context, _, _, _ in
            TreeBuilder.with(context) { $0.end() }
        }
        handler.characters = { context, characters, length in
            TreeBuilder.with(context) { $0.characters(characters, Int(length)) }
        }
        // CDATA arrives on its own (no XML_PARSE_NOCDATA) because only its UTF-8 needs a second look.
        handler.cdataBlock = { context, value, length in
            TreeBuilder.with(context) { $0.cdata(value, Int(length)) }
        }
        // libxml2 calls white space it judges ignorable (inside expanded entities) this; it is text all the same.
        handler.ignorableWhitespace = handler.characters
        handler.getEntity = { context, name in
            // Charged before libxml2 expands the entity (it then finds it in its own table).
            TreeBuilder.with(context) { $0.referenced(name) }
            return nil
        }
        handler.entityDecl = { context, name, _, _, _, content in
            TreeBuilder.with(context) { $0.declared(name, content: content) }
        }
        handler.serror = { userData, error in
            guard let userData, let error else { return }
            TreeBuilder.with(userData) { $0.problem(error.pointee) }
        }

        guard let context = xmlCreatePushParserCtxt(&handler, nil, nil, 0, nil) else {
            return Result(
                document: builder.document,
                problems: [XMLProblem(line: 0, message: "libxml2 could not allocate a parser")],
                declaredEntities: [:], stoppedForTextBudget: false, stoppedForEntities: false)
        }
        defer {
            if let document = context.pointee.myDoc { xmlFreeDoc(document) }
            xmlFreeParserCtxt(context)
        }
        let unmanaged = Unmanaged.passRetained(builder)
        defer { unmanaged.release() }
        context.pointee._private = unmanaged.toOpaque()
        builder.context = context

        var options = XML_PARSE_RECOVER.rawValue | XML_PARSE_NONET.rawValue
        options |= XML_PARSE_COMPACT.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
        if let forcedEncoding, let encoder = xmlFindCharEncodingHandler(forcedEncoding) {
            xmlSwitchToEncoding(context, encoder)
            options |= XML_PARSE_IGNORE_ENC.rawValue
        }
        xmlCtxtUseOptions(context, Int32(options))

        // Chunks keep libxml2's input buffer small; their size costs nothing measurable.
        let chunkSize = 1 << 16
        var offset = 0
        repeat {
            let count = min(chunkSize, bytes.count - offset)
            let pointer = bytes.baseAddress.map { $0.advanced(by: offset).assumingMemoryBound(to: CChar.self) }
            let isLast: Int32 = offset + count >= bytes.count ? 1 : 0
            xmlParseChunk(context, pointer, Int32(count), isLast)
            offset += count
        } while offset < bytes.count && context.pointee.disableSAX == 0
        builder.finish()
        return Result(
            document: builder.document, problems: builder.problems, declaredEntities: builder.declaredEntities,
            stoppedForTextBudget: builder.isOverBudget, stoppedForEntities: builder.isOverEntityBudget)
    }
}

/// One complaint of libxml2 about the document, with the line it was on.
struct XMLProblem: Sendable, Hashable {
    var line: Int
    var message: String
    /// libxml2's error code (`xmlParserErrors`).
    var code: Int32 = 0

    /// A byte the encoding in use cannot decode, or a character XML forbids: a sign the encoding was wrong or
    /// the bytes need cleaning.
    var isCharacterProblem: Bool { Self.isCharacterProblem(code: code) }

    static func isCharacterProblem(code: Int32) -> Bool {
        code == Int32(XML_ERR_INVALID_CHAR.rawValue) || code == Int32(XML_ERR_INVALID_ENCODING.rawValue)
            || code == Int32(XML_I18N_CONV_FAILED.rawValue)
    }

    /// For a tag mismatch, the element libxml2 had open (`br` in `<p>a<br></p>`).
    var openElement: String?

    /// libxml2's complaint when an HTML void element such as `<br>` was never closed.
    var isUnclosedVoidElement: Bool {
        guard code == Int32(XML_ERR_TAG_NAME_MISMATCH.rawValue), let openElement else { return false }
        return ["br", "hr", "img", "wbr", "col", "source"].contains(openElement.lowercased())
    }
}

/// The SAX callbacks' state: a stack that mirrors libxml2's open elements, over the document being built.
///
/// The callbacks run on the parse's own thread, one at a time, so the hot properties opt out of the runtime's
/// exclusivity checks (see `XMLDocument`).
private final class TreeBuilder {
    struct Frame {
        /// The element's index in the document; nil for frames left over from an entry that was closed early
        /// (and for what opens inside them), which collect nothing.
        var node: Int?
        var isEntry: Bool
    }

    let document = XMLDocument()
    var context: xmlParserCtxtPtr?
    private(set) var problems: [XMLProblem] = []
    private(set) var declaredEntities: [String: String] = [:]
    private(set) var isOverEntityBudget = false
    private var expansion: (declarations: Int, costs: EntityExpansion)?
    private var entityCost = 0
    private(set) var isOverBudget = false
    @exclusivity(unchecked) private var stack: [Frame] = []
    @exclusivity(unchecked) private var textBudget: Int
    @exclusivity(unchecked) private var attributes: [XMLAttribute] = []
    private let onEntry: (XMLElement, [XMLElement]) -> Void

    init(textBudget: Int, onEntry: @escaping (XMLElement, [XMLElement]) -> Void) {
        self.textBudget = textBudget
        self.onEntry = onEntry
    }

    /// Calls `body` with the builder of the parse that `context` belongs to.
    static func with(_ context: UnsafeMutableRawPointer?, _ body: (TreeBuilder) -> Void) {
        // With a nil user_data, libxml2 passes its parser context, which carries us in `_private`. The reader
        // holds the builder for the whole parse, so a callback need not retain it (one callback per text piece).
        let parser = context.unsafelyUnwrapped.assumingMemoryBound(to: xmlParserCtxt.self)
        Unmanaged<TreeBuilder>.fromOpaque(parser.pointee._private.unsafelyUnwrapped)._withUnsafeGuaranteedRef(body)
    }

    /// Names and namespace URIs come from libxml2's dictionary, so one pointer stands for one string for the
    /// whole parse: each is converted once, not at every element. Only pointers the dictionary owns are cached.
    @exclusivity(unchecked) private var names: [UnsafePointer<xmlChar>: String] = [:]
    @exclusivity(unchecked) private var namespaces: [NamespaceKey: XMLNamespace] = [:]

    private struct NamespaceKey: Hashable {
        var uri: UnsafePointer<xmlChar>?
        var prefix: UnsafePointer<xmlChar>?
    }

    private func name(_ pointer: UnsafePointer<xmlChar>?) -> String {
        guard let pointer else { return "" }
        guard isInterned(pointer) else { return String(cString: pointer) }
        if let known = names[pointer] { return known }
        let name = String(cString: pointer)
        names[pointer] = name
        return name
    }

    /// An element's name, namespace and whether it is an entry, worked out once per distinct element of the
    /// document: a feed repeats a few dozen element names thousands of times.
    private struct ElementKind {
        var localName: UnsafePointer<xmlChar>?
        var uri: UnsafePointer<xmlChar>?
        var prefix: UnsafePointer<xmlChar>?
        var name = ""
        var namespace = XMLNamespace.none
        var isEntry = false
    }

    /// A direct-mapped cache by the local name's address (which libxml2's dictionary keeps for the whole parse).
    @exclusivity(unchecked) private var kinds = [ElementKind](repeating: ElementKind(), count: 64)

    private func elementKind(
        localName: UnsafePointer<xmlChar>?, uri: UnsafePointer<xmlChar>?, prefix: UnsafePointer<xmlChar>?
    ) -> ElementKind {
        // Fibonacci hashing of both addresses: names sit a few bytes apart in the dictionary's pools, and one
        // local name (`link`) often comes in two namespaces.
        let key = UInt(bitPattern: localName) ^ (UInt(bitPattern: uri) &<< 1)
        let slot = Int(truncatingIfNeeded: (UInt64(key) &* 0x9E37_79B9_7F4A_7C15) >> 58)
        let cached = kinds[slot]
        if cached.localName == localName && cached.uri == uri && cached.prefix == prefix && localName != nil {
            return cached
        }
        let name = self.name(localName)
        let namespace = self.namespace(uri: uri, prefix: prefix)
        let kind = ElementKind(
            localName: localName, uri: uri, prefix: prefix, name: name, namespace: namespace,
            isEntry: Self.isEntry(name, namespace))
        // Only names the dictionary owns keep their address for the whole parse.
        if isInterned(localName) && isInterned(uri) && isInterned(prefix) { kinds[slot] = kind }
        return kind
    }

    private func isInterned(_ pointer: UnsafePointer<xmlChar>?) -> Bool {
        guard let pointer else { return true }
        guard let dictionary = context?.pointee.dict else { return false }
        return xmlDictOwns(dictionary, pointer) == 1
    }

    private func namespace(uri: UnsafePointer<xmlChar>?, prefix: UnsafePointer<xmlChar>?) -> XMLNamespace {
        if uri == nil && prefix == nil { return .none }
        guard isInterned(uri), isInterned(prefix) else {
            return XMLNamespace(uri: uri.map { String(cString: $0) }, prefix: prefix.map { String(cString: $0) })
        }
        let key = NamespaceKey(uri: uri, prefix: prefix)
        if let known = namespaces[key] { return known }
        let namespace = XMLNamespace(uri: uri.map { String(cString: $0) }, prefix: prefix.map { String(cString: $0) })
        namespaces[key] = namespace
        return namespace
    }

    /// libxml2 drops every entity reference in text once it has seen one error, even `&amp;`, however well it
    /// recovered. Errors are collected in `problems`, so each event marks the document readable again.
    private func keepReferences() {
        context?.pointee.wellFormed = 1
    }

    func start(
        localName: UnsafePointer<xmlChar>?,
        prefix: UnsafePointer<xmlChar>?,
        uri: UnsafePointer<xmlChar>?,
        attributeCount: Int,
        attributes pointers: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) {
        keepReferences()
        let kind = elementKind(localName: localName, uri: uri, prefix: prefix)
        let (name, namespace) = (kind.name, kind.namespace)
        let isEntry = !stack.isEmpty && kind.isEntry
        if isEntry, let open = stack.lastIndex(where: \.isEntry) {
            closeEntryEarly(at: open)
        }
        // An entry is handed out on its own, not kept as a child of the channel.
        let parent: Int?? = stack.isEmpty || isEntry ? .some(nil) : stack.last?.node.map { .some($0) }
        guard let parent else {
            stack.append(Frame(node: nil, isEntry: false))
            return
        }
        if !attributes.isEmpty { attributes.removeAll(keepingCapacity: true) }
        if attributeCount > 0, let pointers {
            for index in 0..<attributeCount {
                let base = pointers.advanced(by: index * 5)
                guard let attributeName = base[0], let start = base[3], let end = base[4] else { continue }
                let raw = String(
                    utf8: UnsafeBufferPointer(start: start, count: end - start), isValid: document.isValidUTF8)
                attributes.append(
                    XMLAttribute(
                        name: self.name(attributeName), namespace: self.namespace(uri: base[2], prefix: base[1]),
                        value: Self.decodeAmpersands(raw)))
            }
        }
        let node = document.open(name: name, namespace: namespace, attributes: attributes, parent: parent)
        stack.append(Frame(node: node, isEntry: isEntry))
    }

    func end() {
        keepReferences()
        guard let frame = stack.popLast(), let node = frame.node else { return }
        document.close(node)
        if frame.isEntry {
            onEntry(XMLElement(document: document, index: node), ancestors(below: stack.count))
            document.removeEntry(at: node)
        }
    }

    func characters(_ characters: UnsafePointer<xmlChar>?, _ length: Int) {
        keepReferences()
        guard let characters, length > 0, stack.last?.node != nil else { return }
        textBudget -= length
        if textBudget < 0 {
            isOverBudget = true
            if let context { xmlStopParser(context) }
            return
        }
        document.appendText(UnsafeBufferPointer(start: characters, count: length))
    }

    /// A CDATA section's text: as `characters`, after the UTF-8 check libxml2 leaves out here.
    func cdata(_ characters: UnsafePointer<xmlChar>?, _ length: Int) {
        if let characters, length > 0, document.isValidUTF8 {
            let text = UnsafeBufferPointer(start: characters, count: length)
            if MarkupScan.mayHoldOverlongUTF8(text) && String(validating: text, as: UTF8.self) == nil {
                noteInvalidUTF8()
            }
        }
        self.characters(characters, length)
    }

    /// libxml2 checks the UTF-8 of CDATA sections in push mode only for structure and range, not for overlong
    /// forms (`C0 BC` for `<`), and reports nothing: such text is caught here, marked unchecked, and reported
    /// as a character problem so that the parser reads the document again with its bytes repaired.
    private func noteInvalidUTF8() {
        document.markTextUnchecked()
        guard problems.count < 100 else { return }
        let line = context.map { Int(xmlSAX2GetLineNumber(UnsafeMutableRawPointer($0))) } ?? 0
        problems.append(
            XMLProblem(
                line: line, message: "invalid UTF-8 (an overlong form) in a CDATA section",
                code: Int32(XML_ERR_INVALID_CHAR.rawValue)))
    }

    /// Charges a reference to a declared entity; past the limit, stops the parser.
    func referenced(_ name: UnsafePointer<xmlChar>?) {
        guard let name, !declaredEntities.isEmpty else { return }
        if expansion?.declarations != declaredEntities.count {
            expansion = (declaredEntities.count, EntityExpansion(declared: declaredEntities))
        }
        let cost = expansion?.costs.cost(of: String(cString: name)) ?? 0
        entityCost = min(Int.max / 2, entityCost + cost)
        if entityCost > EntityExpansion.limit {
            isOverEntityBudget = true
            if let context { xmlStopParser(context) }
        }
    }

    func declared(_ name: UnsafePointer<xmlChar>?, content: UnsafeMutablePointer<xmlChar>?) {
        guard let name else { return }
        guard declaredEntities.count < 10_000 else { return }
        declaredEntities[String(cString: name)] = content.map { String(cString: $0) } ?? ""
    }

    func problem(_ error: xmlError) {
        // libxml2 passes an undecodable byte on as it is: from here on, text must be checked.
        if XMLProblem.isCharacterProblem(code: error.code) { document.markTextUnchecked() }
        guard problems.count < 100 else { return }
        let message = error.message.map { String(cString: $0) } ?? "error \(error.code)"
        problems.append(
            XMLProblem(
                line: Int(error.line), message: message.trimmed, code: error.code,
                openElement: error.str1.map { String(cString: $0) }))
    }

    /// Closes whatever is still open, as a truncated document gets no end events.
    func finish() {
        while !stack.isEmpty { end() }
    }

    /// The open elements below stack position `position`, document element first.
    private func ancestors(below position: Int) -> [XMLElement] {
        stack[..<position].compactMap { $0.node.map { XMLElement(document: document, index: $0) } }
    }

    /// Hands out an entry that an unclosed tag kept open; its frames stay (libxml2 will still end them) but
    /// no longer collect anything.
    private func closeEntryEarly(at position: Int) {
        for frame in stack[position...].reversed() {
            if let node = frame.node { document.close(node) }
        }
        if let entry = stack[position].node {
            onEntry(XMLElement(document: document, index: entry), ancestors(below: position))
            document.removeEntry(at: entry)
        }
        for index in position..<stack.count {
            stack[index] = Frame(node: nil, isEntry: false)
        }
    }

    private static func isEntry(_ name: String, _ namespace: XMLNamespace) -> Bool {
        switch (name, namespace) {
        case ("item", .none), ("item", .rss10), ("item", .rss090), ("item", .rss20Userland): true
        case ("entry", .atom10), ("entry", .atom03): true
        default: false
        }
    }

    /// Without `XML_PARSE_NOENT`, libxml2 hands attribute values over with `&` written as `&#38;` (it leaves
    /// the decoding to its own tree builder, which we do not use).
    private static func decodeAmpersands(_ value: String) -> String {
        guard value.containsByte(where: { $0 == UInt8(ascii: "&") }) else { return value }
        return value.replacingOccurrences(of: "&#38;", with: "&")
    }
}
