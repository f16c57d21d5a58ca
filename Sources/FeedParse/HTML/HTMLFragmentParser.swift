import CLibXML2

/// Receives the events of an HTML fragment, as libxml2's HTML parser reports them: balanced (it closes what
/// the markup left open), with entities decoded.
protocol HTMLEventSink: AnyObject {
    /// `attributes` alternate names and values; a value is nil for a bare attribute (`<video controls>`).
    func start(_ name: UnsafePointer<xmlChar>, attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?)
    func end(_ name: UnsafePointer<xmlChar>)
    /// Text, UTF-8. `isRaw` for the content of `script` and `style`, which is not text to show.
    func text(_ bytes: UnsafeBufferPointer<UInt8>, isRaw: Bool)
}

/// Runs libxml2's HTML parser (the lenient one browsers' rules inspired) over a fragment, without building a
/// tree: the sink sees each event once.
///
/// The fragment is read inside a `<div>` that the parser sees first, so leading text is not wrapped in an
/// implied `<p>`; sinks receive that `div` (the first start event) and should leave it out. The input is UTF-8
/// (it comes from a Swift string) and `HTML_PARSE_IGNORE_ENC` keeps a `<meta charset>` inside the fragment from
/// switching the decoder mid-stream. `HTML_PARSE_NONET`: nothing is ever loaded.
enum HTMLFragmentParser {
    static let wrapper: [UInt8] = Array("<div>".utf8)

    static func parse(_ html: String, into sink: HTMLEventSink) {
        var html = html
        html.withUTF8 { parse($0, into: sink) }
    }

    static func parse(_ html: UnsafeBufferPointer<UInt8>, into sink: HTMLEventSink) {
        var handler = htmlSAXHandler()
        handler.startElement = { context, name, attributes in
            guard let name else { return }
            HTMLFragmentParser.eventSink(of: context).start(name, attributes: attributes)
        }
        handler.endElement = { context, name in
            guard let name else { return }
            HTMLFragmentParser.eventSink(of: context).end(name)
        }
        handler.characters = { context, characters, length in
            guard let characters, length > 0 else { return }
            HTMLFragmentParser.eventSink(of: context).text(
                UnsafeBufferPointer(start: characters, count: Int(length)), isRaw: false)
        }
        handler.ignorableWhitespace = handler.characters
        handler.cdataBlock = { context, characters, length in
            guard let characters, length > 0 else { return }
            HTMLFragmentParser.eventSink(of: context).text(
                UnsafeBufferPointer(start: characters, count: Int(length)), isRaw: true)
        }

        let context = wrapper.withUnsafeBufferPointer { prefix in
            prefix.withMemoryRebound(to: CChar.self) {
                htmlCreatePushParserCtxt(&handler, nil, $0.baseAddress, Int32($0.count), nil, XML_CHAR_ENCODING_UTF8)
            }
        }
        guard let context else { return }
        defer {
            if let document = context.pointee.myDoc { xmlFreeDoc(document) }
            htmlFreeParserCtxt(context)
        }
        let unmanaged = Unmanaged.passRetained(SinkBox(sink))
        defer { unmanaged.release() }
        context.pointee._private = unmanaged.toOpaque()
        let options =
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NODEFDTD.rawValue | HTML_PARSE_IGNORE_ENC.rawValue
        htmlCtxtUseOptions(context, Int32(options))
        html.withMemoryRebound(to: CChar.self) {
            _ = htmlParseChunk(context, $0.baseAddress, Int32($0.count), 1)
        }
    }

    private static func eventSink(of context: UnsafeMutableRawPointer?) -> HTMLEventSink {
        let parser = context.unsafelyUnwrapped.assumingMemoryBound(to: xmlParserCtxt.self)
        return Unmanaged<SinkBox>.fromOpaque(parser.pointee._private.unsafelyUnwrapped).takeUnretainedValue().sink
    }

    /// Carries the sink through libxml2's `void *`.
    private final class SinkBox {
        let sink: HTMLEventSink
        init(_ sink: HTMLEventSink) { self.sink = sink }
    }
}
