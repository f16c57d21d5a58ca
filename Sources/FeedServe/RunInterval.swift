import Foundation

/// The time between two pipeline runs of `feedmerge serve`, parsed from `--every` (`15m`, `90s`, `1h`, `1h30m`).
///
/// At least a minute: a run fetches every due source, one request may take 30 s, and regional press sites are
/// small servers; feed readers poll every 15 to 60 minutes, so a run more often than once a minute would only
/// load them (and run back to back). At most a week, which also keeps the arithmetic far from overflowing.
public struct RunInterval: Sendable, Hashable, CustomStringConvertible {
    public let duration: Duration

    public static let minimum = RunInterval(unchecked: .seconds(60))
    public static let maximum = RunInterval(unchecked: .seconds(7 * 24 * 3600))

    private init(unchecked duration: Duration) {
        self.duration = duration
    }

    /// Reads `text`: one or more numbers each followed by its unit, `h`, `m` or `s`, larger units first, each at
    /// most once (`1h30m`, `90s`, `2h`). Surrounding spaces are ignored; nothing else is accepted.
    public init(parsing text: String) throws(ServeError) {
        let seconds = try Self.seconds(in: text)
        guard seconds >= Self.minimum.seconds, seconds <= Self.maximum.seconds else {
            throw .intervalOutOfRange(text)
        }
        self.init(unchecked: .seconds(seconds))
    }

    private var seconds: Int64 { duration.components.seconds }

    private static func seconds(in text: String) throws(ServeError) -> Int64 {
        let units: [(unit: Character, seconds: Int64)] = [("h", 3600), ("m", 60), ("s", 1)]
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        var total: Int64 = 0
        var nextUnit = 0
        guard !rest.isEmpty else { throw .notADuration(text) }
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            rest = rest.dropFirst(digits.count)
            guard let number = Int64(digits), let unit = rest.first,
                let index = units[nextUnit...].firstIndex(where: { $0.unit == unit })
            else { throw .notADuration(text) }
            rest = rest.dropFirst()
            nextUnit = index + 1
            let (part, overflow) = number.multipliedReportingOverflow(by: units[index].seconds)
            guard !overflow, total <= Int64.max - part else { throw .intervalOutOfRange(text) }
            total += part
        }
        return total
    }

    /// The interval as `--every` would take it: `1h30m`, `15m`, `90s` stays `1m30s`.
    public var text: String {
        let total = seconds
        let parts = [(total / 3600, "h"), (total % 3600 / 60, "m"), (total % 60, "s")]
        let written = parts.filter { $0.0 > 0 }.map { "\($0.0)\($0.1)" }.joined()
        return written.isEmpty ? "0s" : written
    }

    public var description: String { text }
}
