import FeedFetch
import FeedModel
import Foundation

extension StatusReport {
    /// The report for a terminal: a summary line, then one block per source (its health, then the facts that
    /// explain it, labels aligned), the sources the state alone remembers last. Times are RFC 3339 in UTC with a
    /// hint relative to when the report was made (`3 h ago`, `in 45 min`).
    public func text() -> String {
        let summary = summary
        let counts = [
            (summary.ok, "ok"), (summary.failing, "failing"), (summary.gone, "gone"),
            (summary.neverFetched, "never fetched"), (summary.disabled, "disabled"),
        ]
        .filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
        var lines = [
            "\(summary.sources) source\(summary.sources == 1 ? "" : "s")"
                + (counts.isEmpty ? "" : ": " + counts.joined(separator: ", "))
                + " (as of \(RFC3339.string(generated)))"
        ]
        for source in sources {
            lines.append("")
            lines += source.block(now: generated)
        }
        if !removed.isEmpty {
            lines.append("")
            lines.append("No longer in the sources file (not fetched; the state still remembers them):")
            for source in removed {
                lines.append("")
                lines += source.block(now: generated)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension SourceStatus {
    /// The source's block: a heading with its name and health, then labelled lines.
    func block(now: Date) -> [String] {
        // A removed source has no name: its URL is its heading.
        var rows: [(String, String)] = name == nil ? [] : [("url", url)]
        rows.append(("last success", lastSuccess.map { Self.time($0, now: now) } ?? "never"))
        if let lastError { rows.append(("last error", lastError)) }
        if consecutiveFailures > 0 { rows.append(("failures", "\(consecutiveFailures) in a row")) }
        rows.append(("next attempt", nextAttemptText(now: now)))
        if let suggestedURL {
            rows.append(("moved to", "\(suggestedURL) (put this URL in sources.json)"))
        } else if let permanentRedirect {
            let runs = "\(permanentRedirectRuns) run\(permanentRedirectRuns == 1 ? "" : "s") in a row"
            let threshold = SourceState.redirectRunsBeforeSuggesting
            rows.append(("redirected", "\(permanentRedirect) (301/308 on \(runs); suggested from \(threshold))"))
        }
        let width = rows.map(\.0.count).max() ?? 0
        let heading = name.map { "\($0) (\(healthText))" } ?? "\(url) (\(healthText))"
        return [heading]
            + rows.map { label, value in
                "  " + label.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + value
            }
    }

    var healthText: String {
        switch health {
        case .ok: "ok"
        case .failing: "failing"
        case .gone: "gone: HTTP 410"
        case .neverFetched: "never fetched"
        case .disabled: "disabled"
        case .removed: "removed"
        }
    }

    func nextAttemptText(now: Date) -> String {
        switch health {
        case .disabled: "none: disabled in sources.json"
        case .removed: "none: not in sources.json"
        case .gone: "none until its entry in sources.json changes"
        case .ok, .failing, .neverFetched: nextAttempt.map { Self.time($0, now: now) } ?? "next run"
        }
    }

    /// `2026-06-01T09:00:00Z (3 h ago)`.
    static func time(_ date: Date, now: Date) -> String {
        "\(RFC3339.string(date)) (\(relative(date, now: now)))"
    }

    /// How far `date` is from `now`, roughly: `just now`, `12 min ago`, `in 3 h`, `5 d ago`.
    static func relative(_ date: Date, now: Date) -> String {
        let seconds = Int(date.timeIntervalSince(now).rounded())
        let distance = abs(seconds)
        let amount: String
        switch distance {
        case ..<60: return "just now"
        case ..<3_600: amount = "\(distance / 60) min"
        case ..<(48 * 3_600): amount = "\(distance / 3_600) h"
        default: amount = "\(distance / 86_400) d"
        }
        return seconds < 0 ? "\(amount) ago" : "in \(amount)"
    }
}
