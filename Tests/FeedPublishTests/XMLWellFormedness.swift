import CLibXML2
import Foundation

/// Whether libxml2 reads a document as well-formed XML, strictly (no recovery, nothing loaded from outside).
enum XMLWellFormedness {
    static func isWellFormed(_ data: Data) -> Bool {
        data.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress?.assumingMemoryBound(to: CChar.self) else { return false }
            let options = XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
            guard let document = xmlReadMemory(base, Int32(buffer.count), nil, "UTF-8", Int32(options)) else {
                return false
            }
            xmlFreeDoc(document)
            return true
        }
    }
}
