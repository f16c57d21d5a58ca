import FeedModel
import FeedPublish

extension StatusReport {
    /// The report as JSON: what `output/status.json` holds and `feedmerge status --json` prints.
    ///
    /// Keys come in a fixed order and every key is always present (`null` when absent), dates are RFC 3339 in
    /// UTC: the same report gives the same bytes.
    public func json() -> [UInt8] {
        let writer = JSONWriter()
        let summary = summary
        writer.object {
            writer.key("generated", RFC3339.string(generated))
            writer.object(key: "summary") {
                writer.key("sources", String(summary.sources), raw: true)
                writer.key("ok", String(summary.ok), raw: true)
                writer.key("failing", String(summary.failing), raw: true)
                writer.key("gone", String(summary.gone), raw: true)
                writer.key("never_fetched", String(summary.neverFetched), raw: true)
                writer.key("disabled", String(summary.disabled), raw: true)
                writer.key("removed", String(summary.removed), raw: true)
            }
            writer.array("sources", sources) { source in source.write(to: writer) }
            writer.array("removed", removed) { source in source.write(to: writer) }
        }
        return writer.finish().flatMap { $0 }
    }

    /// Writes the report into `folder` as `status.json`, atomically (`OutputFolder.write(_:as:)`): a monitor
    /// reading it sees a whole report, the old one or the new one. Returns whether the file changed.
    @discardableResult
    public func write(to folder: OutputFolder) throws(PublishError) -> Bool {
        try folder.write(json(), as: Self.fileName)
    }
}

extension SourceStatus {
    func write(to writer: JSONWriter) {
        writer.object {
            writer.key("name", name)
            writer.key("url", url)
            writer.key("enabled", String(isEnabled), raw: true)
            writer.key("health", health.rawValue)
            writer.key("last_attempt", lastAttempt.map(RFC3339.string))
            writer.key("last_success", lastSuccess.map(RFC3339.string))
            writer.key("last_error", lastError)
            writer.key("consecutive_failures", String(consecutiveFailures), raw: true)
            writer.key("next_attempt", nextAttempt.map(RFC3339.string))
            writer.key("gone", String(isGone), raw: true)
            writer.key("permanent_redirect", permanentRedirect)
            writer.key("permanent_redirect_runs", String(permanentRedirectRuns), raw: true)
            writer.key("suggested_url", suggestedURL)
        }
    }
}
