/// Estimates how much text a document's entity references would expand to, without expanding anything.
///
/// Each declared entity's size is its literal text plus the sizes of the entities it refers to, computed once
/// and saturating; a reference cycle counts as unbounded. The document's size is then the sum over every
/// `&name;` in its text of the named entity's size.
struct EntityExpansion {
    /// More than this many bytes of expanded text is refused: no real feed needs entities for that.
    static let limit = 1 << 20
    private static let unbounded = Int.max / 4

    private let declared: [String: String]
    private var sizes: [String: Int] = [:]

    init(declared: [String: String]) {
        self.declared = declared
        for name in declared.keys.sorted() {
            var visiting = Set<String>()
            _ = size(of: name, visiting: &visiting)
        }
    }

    /// The bytes the references in `text` would add.
    func expandedSize(of text: String) -> Int {
        var total = 0
        for name in Self.references(in: text) {
            total = min(Self.unbounded, total + (sizes[name] ?? 0))
        }
        return total
    }

    private mutating func size(of name: String, visiting: inout Set<String>) -> Int {
        if let known = sizes[name] { return known }
        guard let text = declared[name] else { return 0 }
        guard visiting.insert(name).inserted else { return Self.unbounded }
        var total = text.utf8.count
        for reference in Self.references(in: text) {
            total = min(Self.unbounded, total + size(of: reference, visiting: &visiting))
        }
        visiting.remove(name)
        sizes[name] = total
        return total
    }

    /// The names in `&name;` references (character references excluded).
    private static func references(in text: String) -> [String] {
        var names: [String] = []
        var rest = text[...]
        while let ampersand = rest.firstIndex(of: "&") {
            rest = rest[rest.index(after: ampersand)...]
            guard let semicolon = rest.prefix(64).firstIndex(of: ";") else { continue }
            let name = rest[..<semicolon]
            if !name.isEmpty, !name.hasPrefix("#"), !name.contains(where: { $0.isWhitespace || $0 == "&" }) {
                names.append(String(name))
            }
        }
        return names
    }
}
