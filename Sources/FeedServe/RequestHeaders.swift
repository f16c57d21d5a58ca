import Foundation

/// Reading the request headers the server answers to: `Accept-Encoding` and the two conditional ones.
enum RequestHeaders {
    /// Whether `Accept-Encoding` (RFC 9110 §12.5.3) allows gzip: `gzip` or `x-gzip` with a weight above 0, or `*`
    /// above 0 when gzip is not refused by name. No header means only the identity coding is asked for.
    static func acceptsGzip(_ values: [String]) -> Bool {
        var named: Double?
        var wildcard: Double?
        for value in values {
            for element in value.split(separator: ",") {
                let parts = element.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                guard let coding = parts.first, !coding.isEmpty else { continue }
                let weight = parts.dropFirst().lazy.compactMap(Self.weight).first ?? 1
                switch coding {
                case "gzip", "x-gzip": named = max(named ?? 0, weight)
                case "*": wildcard = weight
                default: break
                }
            }
        }
        if let named { return named > 0 }
        return (wildcard ?? 0) > 0
    }

    /// The weight of a `q=0.5` parameter; nil for other parameters or a weight that cannot be read (taken as 1).
    private static func weight(_ parameter: String) -> Double? {
        guard parameter.hasPrefix("q=") else { return nil }
        return Double(parameter.dropFirst(2)).map { min(max($0, 0), 1) }
    }

    /// Whether `If-None-Match` (RFC 9110 §13.1.2) matches any of `tags` (bare, without quotes), by the weak
    /// comparison the header asks for: `*`, or a listed tag equal to one of them with any `W/` dropped.
    static func noneMatchHits(_ values: [String], tags: [String]) -> Bool {
        for value in values {
            for element in value.split(separator: ",") {
                var tag = Substring(element.trimmingCharacters(in: .whitespaces))
                if tag == "*" { return true }
                if tag.hasPrefix("W/") { tag = tag.dropFirst(2) }
                guard tag.count >= 2, tag.first == "\"", tag.last == "\"" else { continue }
                if tags.contains(String(tag.dropFirst().dropLast())) { return true }
            }
        }
        return false
    }
}
