import CByteScan
import FeedModel
import Testing

/// The scans that find the next byte an escaper must look at, 16 bytes at a time (`CByteScan`: `Markup`'s here,
/// and FeedModel's `JSONWriter`'s), against the escapers' own description of those bytes: every byte value, at
/// every place of a block and of the bytes after the last whole block.
struct ByteScanTests {
    enum Escaper: CaseIterable {
        case markup, json

        /// The bytes the escaper looks at again, as it describes them.
        func isSpecial(_ byte: UInt8) -> Bool {
            switch self {
            case .markup:
                byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
                    || byte == UInt8(ascii: "\"") || PublishableText.mayBeginUnwritable(byte)
            case .json:
                byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || PublishableText.mayBeginUnwritable(byte)
            }
        }

        /// Its scan of `bytes`, whole.
        func scanned(_ bytes: [UInt8]) -> Int {
            bytes.withUnsafeBufferPointer { buffer in
                switch self {
                case .markup: feedmerge_markup_special(buffer.baseAddress, buffer.count)
                case .json: feedmerge_json_special(buffer.baseAddress, buffer.count)
                }
            }
        }
    }

    @Test(arguments: Escaper.allCases)
    func theScanStopsAtTheFirstByteToLookAt(escaper: Escaper) {
        // Text that needs no second look: Cyrillic letters (two bytes each) and ASCII.
        let filler = Array("Аким провёл совещание в Павлодаре 2026".utf8)
        for length in [1, 15, 16, 17, 31, 32, 33, 47] {
            let text = Array(filler.prefix(length))
            #expect(escaper.scanned(text) == length, "nothing to find in \(length) bytes")
            for place in 0..<length {
                for byte in UInt8.min...UInt8.max {
                    var bytes = text
                    bytes[place] = byte
                    // A byte to look at further on, which must not be found first.
                    if place + 1 < length { bytes[length - 1] = UInt8(ascii: "\"") }
                    let expected = escaper.isSpecial(byte) ? place : (place + 1 < length ? length - 1 : length)
                    #expect(escaper.scanned(bytes) == expected, "byte \(byte) at \(place) of \(length)")
                }
            }
        }
    }
}
