import CLibXML2

/// The floor: libxml2's SAX2 push parser with no callbacks at all.
///
/// Why: no feed parser built on libxml2 can beat libxml2 tokenizing and decoding the same bytes, so this is
/// the speed feedmerge is measured against. It drives libxml2 exactly as `XMLTreeReader` does (push parser,
/// 64 KiB chunks, the same options, encoding detected by libxml2 from the document) but with an empty,
/// zeroed handler table, so what remains is libxml2's own work: decoding to UTF-8, tokenizing, checking
/// well-formedness, interning names.
enum FloorParser {
    static let chunkSize = 1 << 16

    /// Parses one document; returns whether libxml2 found it well-formed (recovering either way).
    static func parse(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var handler = xmlSAXHandler()
        handler.initialized = UInt32(XML_SAX2_MAGIC)
        // libxml2 copies the handler table, so `handler` need not outlive this call.
        guard let context = xmlCreatePushParserCtxt(&handler, nil, nil, 0, nil) else { return false }
        defer {
            if let document = context.pointee.myDoc { xmlFreeDoc(document) }
            xmlFreeParserCtxt(context)
        }
        var options = XML_PARSE_RECOVER.rawValue | XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue
        options |= XML_PARSE_COMPACT.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
        xmlCtxtUseOptions(context, Int32(options))

        var offset = 0
        repeat {
            let count = min(chunkSize, bytes.count - offset)
            let pointer = bytes.baseAddress.map { $0.advanced(by: offset).assumingMemoryBound(to: CChar.self) }
            let isLast: Int32 = offset + count >= bytes.count ? 1 : 0
            xmlParseChunk(context, pointer, Int32(count), isLast)
            offset += count
        } while offset < bytes.count
        return context.pointee.wellFormed != 0
    }
}
