import Foundation

/// One spelling for the addresses of one article: reposts and aggregators link it as `http` or `https`, with or
/// without `www.` or a mobile `m.`, with tracking parameters, a fragment or a trailing slash.
public enum CanonicalURL {
    /// The canonical form of `url` (scheme left out, so `http` and `https` agree), or nil when it is not an
    /// absolute http(s) URL.
    public static func canonical(_ url: String) -> String? {
        guard var components = URLComponents(string: url.trimmingCharacters(in: .whitespacesAndNewlines)),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            var host = components.host?.lowercased(), !host.isEmpty
        else { return nil }
        for prefix in ["www.", "m.", "mobile."] where host.hasPrefix(prefix) && host.count > prefix.count + 3 {
            host.removeFirst(prefix.count)
            break
        }
        if components.port == 80 || components.port == 443 { components.port = nil }
        var path = components.percentEncodedPath
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        if path.isEmpty { path = "/" }
        var query: [String] = []
        for item in components.percentEncodedQueryItems ?? [] where !isTracking(item.name) {
            query.append(item.value.map { item.name + "=" + $0 } ?? item.name)
        }
        query.sort()
        let port = components.port.map { ":\($0)" } ?? ""
        return host + port + path + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
    }

    /// `url` without its tracking parameters, otherwise as it was (scheme, host, path and the other parameters
    /// in their order): the link to publish. A URL that has none, or that cannot be read, is returned unchanged.
    public static func withoutTracking(_ url: String) -> String {
        // Most links have no parameter of the kind: say so without parsing them.
        guard let query = url.utf8.firstIndex(of: UInt8(ascii: "?")) else { return url }
        let parameters = url[query...].lowercased()
        guard parameters.contains("utm_") || trackingParameters.contains(where: { parameters.contains($0) })
        else { return url }
        guard var components = URLComponents(string: url), let items = components.percentEncodedQueryItems,
            items.contains(where: { isTracking($0.name) })
        else { return url }
        let kept = items.filter { !isTracking($0.name) }
        components.percentEncodedQueryItems = kept.isEmpty ? nil : kept
        return components.string ?? url
    }

    /// Parameters that say where a reader came from, not what they read.
    static func isTracking(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasPrefix("utm_") || trackingParameters.contains(lower)
    }

    private static let trackingParameters: Set<String> = [
        "fbclid", "gclid", "dclid", "msclkid", "yclid", "ysclid", "mc_cid", "mc_eid", "_openstat", "igshid",
        "ref_src", "spm",
    ]
}
