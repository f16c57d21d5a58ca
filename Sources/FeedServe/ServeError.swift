/// What stops `feedmerge serve` before it serves or schedules anything, with the value at fault and what to do.
public enum ServeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An `--every` value that is not a duration.
    case notADuration(String)
    /// An `--every` value below `RunInterval.minimum` or above `RunInterval.maximum`.
    case intervalOutOfRange(String)

    public var description: String {
        switch self {
        case .notADuration(let text):
            "--every: \"\(text)\" is not a duration such as 15m, 90s or 1h"
        case .intervalOutOfRange(let text):
            "--every: \"\(text)\" is out of range: runs are at least \(RunInterval.minimum.text) and at most "
                + "\(RunInterval.maximum.text) apart"
        }
    }
}
