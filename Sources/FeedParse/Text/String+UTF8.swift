extension String {
    /// A string from UTF-8 bytes that are valid when `isValid` says so, else with bad bytes replaced (U+FFFD).
    ///
    /// `String(decoding:as:)` checks every byte again, about 16 instructions per byte of Cyrillic text, more
    /// than the rest of sanitizing. The parser knows when its bytes are valid (libxml2 decoded them, or they are
    /// copied from such bytes in runs cut at ASCII characters), and skips the check then; debug builds, and so
    /// the tests, check all the same.
    init(utf8 bytes: UnsafeBufferPointer<UInt8>, isValid: Bool) {
        guard isValid else {
            self = String(decoding: bytes, as: UTF8.self)
            return
        }
        assert(String(validating: bytes, as: UTF8.self) != nil, "bytes claimed valid are not UTF-8")
        self = String(copying: UTF8Span(unchecked: bytes.span))
    }

    init(utf8 bytes: [UInt8], isValid: Bool) {
        self = bytes.withUnsafeBufferPointer { String(utf8: $0, isValid: isValid) }
    }
}
