extension StringProtocol {
    /// Without leading and trailing white space (ASCII, no-break space, byte-order mark).
    ///
    /// Scans scalars, not characters, and avoids Foundation's `trimmingCharacters`, which bridges through
    /// NSString and UTF-16: on full-text content that was most of the parser's time.
    var trimmed: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isTrimmable }) else { return "" }
        guard let last = scalars.lastIndex(where: { !$0.isTrimmable }) else { return "" }
        return String(self[first..<scalars.index(after: last)])
    }

    /// Whether the text is empty or only white space.
    var isBlank: Bool {
        unicodeScalars.allSatisfy(\.isTrimmable)
    }
}

extension String {
    /// Whether any UTF-8 byte of the string satisfies `predicate`, over its contiguous storage when it has some.
    func containsByte(where predicate: (UInt8) -> Bool) -> Bool {
        utf8.withContiguousStorageIfAvailable { $0.contains(where: predicate) } ?? utf8.contains(where: predicate)
    }

    /// nil for the empty string, for chains like `text.trimmed.nonEmpty ?? fallback`.
    var nonEmpty: String? { isEmpty ? nil : self }
}

extension Unicode.Scalar {
    fileprivate var isTrimmable: Bool {
        switch value {
        case 0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C, 0xA0, 0xFEFF: true
        default: false
        }
    }
}
