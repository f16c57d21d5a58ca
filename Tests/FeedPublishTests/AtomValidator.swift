import CLibXML2
import CLibXML2RelaxNG
import Foundation
import Synchronization

/// Proves a generated document is Atom 1.0, as issue 5 asks: well-formed XML (libxml2, strictly), valid against
/// the RELAX NG schema of RFC 4287 Appendix B (`Fixtures/atom.rng`), and true to the rules that schema cannot say
/// (`atomRuleErrors`). Each check returns its problems as sentences, empty when there are none.
///
/// Threads: Swift Testing runs tests in parallel, so nothing here touches libxml2's global error handlers.
/// Parse errors go to the parser context's own `sax->serror` (libxml2 calls it with `ctxt->userData`, the context
/// itself, whose `_private` points at this call's log); RELAX NG errors go to the handler set on each call's own
/// validation context. `xmlSetStructuredErrorFunc` would not do: in 2.9.14 it sets a per-thread global (a handler
/// set on the main thread never saw an error raised on a second thread, tried in C), and an async test may resume
/// on another thread between setting it and parsing.
enum AtomValidator {
    static let atomNamespace = "http://www.w3.org/2005/Atom"

    /// Everything below at once: well-formedness first, and when that fails, only it (a broken document cannot be
    /// validated).
    static func problems(_ data: [UInt8]) -> [String] {
        let syntax = wellFormedness(data)
        guard syntax.isEmpty else { return syntax }
        return relaxNGErrors(data) + atomRuleErrors(data)
    }

    /// The errors of a strict parse (no recovery, no network, no entity loading or substitution, no DTD loading),
    /// each with its line; empty when the document is well-formed XML.
    static func wellFormedness(_ data: [UInt8]) -> [String] {
        parse(data).errors
    }

    /// The document checked against `Fixtures/atom.rng` with libxml2's RELAX NG validator; empty when valid.
    ///
    /// The schema is compiled once, on first use, and kept. Each call gets its own validation context (srcML crashed
    /// sharing one between threads: srcML/srcML#1878, fixed by a context per validation in #1879). libxml2's
    /// thread-safety page lists "validation" among the parts checked for threads, but promises nothing about two
    /// validations walking one compiled `xmlRelaxNGPtr` at once; so the calls also take turns, behind the lock that
    /// guards the lazy compile. They cost little: valid-feed.atom (3 entries) validates in 0.2 ms (measured in C).
    static func relaxNGErrors(_ data: [UInt8]) -> [String] {
        withDocument(data, check: "RELAX NG") { document in
            schema.withLock { state -> [String] in
                if state == nil { state = CompiledSchema.load() }
                guard let state, let compiled = state.schema else {
                    return [
                        "RELAX NG: the schema \(CompiledSchema.path) did not load: "
                            + (state?.errors ?? []).joined(separator: "; ")
                    ]
                }
                return compiled.validate(document)
            }
        }
    }

    /// The rules of RFC 4287 and issue 5 that the schema cannot express, checked on the parsed tree:
    /// ids are absolute IRIs and entry ids unique; at most one alternate link per type and hreflang; an author on
    /// the feed or on every entry (or its source); every date RFC 3339 with a zone; exactly one id, title and
    /// updated in the feed and each entry; an entry without content has an alternate link; an entry whose content
    /// is remote or Base64 has a summary.
    static func atomRuleErrors(_ data: [UInt8]) -> [String] {
        withDocument(data, check: "Atom rules") { document in
            guard let root = xmlDocGetRootElement(document) else { return ["no root element"] }
            var rules = AtomRules()
            rules.check(root: root)
            return rules.problems
        }
    }

    // MARK: Parsing

    /// The errors libxml2 reported during one call, in order, each as one line with its place.
    private final class ErrorLog {
        let prefix: String
        private(set) var errors: [String] = []

        init(prefix: String) {
            self.prefix = prefix
        }

        /// This log as the context pointer libxml2 hands back to `handler`; valid while the log lives.
        var context: UnsafeMutableRawPointer {
            Unmanaged.passUnretained(self).toOpaque()
        }

        /// For `xmlRelaxNGSet*StructuredErrors`, whose context pointer is the log itself.
        static var handler: xmlStructuredErrorFunc {
            { context, error in
                guard let context, let error else { return }
                Unmanaged<ErrorLog>.fromOpaque(context).takeUnretainedValue().record(error)
            }
        }

        /// Appends libxml2's error as one line, e.g. `not well-formed: line 3: StartTag: invalid element name`.
        func record(_ error: UnsafePointer<xmlError>) {
            let record = error.pointee
            // Warnings (XML_ERR_WARNING) do not make a document ill-formed or invalid.
            guard record.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
            let message = record.message.map { String(cString: $0) } ?? "error \(record.code)"
            var place = record.line > 0 ? "line \(record.line)" : ""
            if let node = record.node?.assumingMemoryBound(to: xmlNode.self), node.pointee.type == XML_ELEMENT_NODE {
                let line = xmlGetLineNo(node)
                place = (line > 0 ? "line \(line), " : place.isEmpty ? "" : place + ", ") + AtomRules.path(of: node)
            }
            let text = message.trimmingCharacters(in: .whitespacesAndNewlines)
            errors.append(prefix + (place.isEmpty ? "" : place + ": ") + text)
        }
    }

    /// Parses strictly on a parser context of our own, so that its errors reach this call's log only.
    private static func parse(_ data: [UInt8]) -> (document: xmlDocPtr?, errors: [String]) {
        xmlInitParser()  // idempotent, and guarded by libxml2's own lock
        guard let context = xmlNewParserCtxt() else { return (nil, ["not well-formed: libxml2 had no memory"]) }
        defer { xmlFreeParserCtxt(context) }
        let log = ErrorLog(prefix: "not well-formed: ")
        context.pointee._private = log.context
        // Called by libxml2 with ctxt->userData, which xmlNewParserCtxt set to the context itself.
        context.pointee.sax.pointee.serror = { userData, error in
            guard let userData, let error,
                let box = userData.assumingMemoryBound(to: xmlParserCtxt.self).pointee._private
            else { return }
            Unmanaged<ErrorLog>.fromOpaque(box).takeUnretainedValue().record(error)
        }
        // No XML_PARSE_RECOVER (a broken document must fail), NOENT or DTDLOAD (nothing is fetched or expanded).
        let options = Int32(XML_PARSE_NONET.rawValue)
        let document = withExtendedLifetime(log) {
            data.withUnsafeBufferPointer { bytes -> xmlDocPtr? in
                bytes.withMemoryRebound(to: CChar.self) { chars in
                    xmlCtxtReadMemory(context, chars.baseAddress, Int32(chars.count), nil, nil, options)
                }
            }
        }
        if document != nil, context.pointee.wellFormed != 0, log.errors.isEmpty { return (document, []) }
        xmlFreeDoc(document)
        return (nil, log.errors.isEmpty ? ["not well-formed (libxml2 gave no message)"] : log.errors)
    }

    /// Runs `body` on the parsed document and frees it; a document that does not parse is one problem.
    private static func withDocument(_ data: [UInt8], check: String, _ body: (xmlDocPtr) -> [String]) -> [String] {
        let parsed = parse(data)
        guard let document = parsed.document else {
            return ["\(check): not checked, the document is not well-formed (\(parsed.errors.count) errors)"]
        }
        defer { xmlFreeDoc(document) }
        return body(document)
    }

    // MARK: RELAX NG

    private static let schema = Mutex<CompiledSchema?>(nil)

    /// `Fixtures/atom.rng` compiled, or why it did not compile. Kept for the whole test run, never freed.
    private final class CompiledSchema: Sendable {
        static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/atom.rng").path

        let schema: CompiledSchema.Pointer?
        let errors: [String]

        /// The compiled grammar (`xmlRelaxNGPtr`). Unchecked: it is only ever used under `AtomValidator.schema`'s
        /// lock, which also keeps validations from sharing it at the same time.
        struct Pointer: @unchecked Sendable {
            let raw: OpaquePointer

            func validate(_ document: xmlDocPtr) -> [String] {
                guard let context = xmlRelaxNGNewValidCtxt(raw) else { return ["RELAX NG: libxml2 had no memory"] }
                defer { xmlRelaxNGFreeValidCtxt(context) }
                let log = ErrorLog(prefix: "RELAX NG: ")
                xmlRelaxNGSetValidStructuredErrors(context, ErrorLog.handler, log.context)
                let result = withExtendedLifetime(log) { xmlRelaxNGValidateDoc(context, document) }
                if result == 0 { return [] }
                return log.errors.isEmpty ? ["RELAX NG: invalid (code \(result), libxml2 gave no message)"] : log.errors
            }
        }

        private init(schema: Pointer?, errors: [String]) {
            self.schema = schema
            self.errors = errors
        }

        static func load() -> CompiledSchema {
            xmlInitParser()
            guard let text = FileManager.default.contents(atPath: path) else {
                return CompiledSchema(schema: nil, errors: ["cannot read the file"])
            }
            let bytes = [UInt8](text)
            let log = ErrorLog(prefix: "")
            let compiled = bytes.withUnsafeBufferPointer { buffer -> OpaquePointer? in
                buffer.withMemoryRebound(to: CChar.self) { chars -> OpaquePointer? in
                    guard let parser = xmlRelaxNGNewMemParserCtxt(chars.baseAddress, Int32(chars.count)) else {
                        return nil
                    }
                    defer { xmlRelaxNGFreeParserCtxt(parser) }
                    xmlRelaxNGSetParserStructuredErrors(parser, ErrorLog.handler, log.context)
                    return withExtendedLifetime(log) { xmlRelaxNGParse(parser) }
                }
            }
            return CompiledSchema(schema: compiled.map(Pointer.init(raw:)), errors: log.errors)
        }
    }
}
