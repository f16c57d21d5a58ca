/// What one reference to a declared entity costs once libxml2 expands it, judged before it does.
///
/// An entity's cost is its literal text plus, for each tag in it, `tagCost` (a tag becomes an element, far
/// dearer than a byte of text), plus the costs of the entities it refers to: computed once each, saturating;
/// a reference cycle is unbounded. The reader charges every reference and stops past `limit`, so "billion
/// laughs", one large entity referenced thousands of times, and markup-bearing entities are all refused after
/// at most about a megabyte of work.
struct EntityExpansion {
    /// More than this much expansion in one document is refused: no real feed needs entities for that.
    static let limit = 1 << 20
    static let tagCost = 64
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

    /// The cost of one reference to `name` (0 for an entity not declared).
    func cost(of name: String) -> Int {
        sizes[name] ?? 0
    }

    private mutating func size(of name: String, visiting: inout Set<String>) -> Int {
        if let known = sizes[name] { return known }
        guard let text = declared[name] else { return 0 }
        guard visiting.insert(name).inserted else { return Self.unbounded }
        var total = text.utf8.count + text.utf8.lazy.filter { $0 == UInt8(ascii: "<") }.count * Self.tagCost
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
