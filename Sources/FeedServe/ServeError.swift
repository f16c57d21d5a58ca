/// What stops `feedmerge serve` before it serves or schedules anything, with the value at fault and what to do.
public enum ServeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An `--every` value that is not a duration.
    case notADuration(String)
    /// An `--every` value below `RunInterval.minimum` or above `RunInterval.maximum`.
    case intervalOutOfRange(String)
    /// The server could not listen on `host:port` (taken, not an address of this machine, ...).
    case cannotListen(host: String, port: Int, reason: String)
    /// A served file could not be read after it was opened (the request gets a 500).
    case cannotRead(reason: String)

    public var description: String {
        switch self {
        case .notADuration(let text):
            "--every: \"\(text)\" is not a duration such as 15m, 90s or 1h"
        case .intervalOutOfRange(let text):
            "--every: \"\(text)\" is out of range: runs are at least \(RunInterval.minimum.text) and at most "
                + "\(RunInterval.maximum.text) apart"
        case .cannotListen(let host, let port, let reason):
            "cannot serve on \(host):\(port): \(reason) (choose another --host or --port)"
        case .cannotRead(let reason):
            "cannot read a served file: \(reason)"
        }
    }
}
