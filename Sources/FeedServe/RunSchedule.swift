import Logging
import ServiceLifecycle

/// `feedmerge serve`'s runs: one pipeline run at once, the first at start, then one every interval, until the
/// task is cancelled or a graceful shutdown is triggered.
///
/// Runs are spaced from start to start, each interval lengthened by a little random jitter (up to 5% of it, at
/// most 30 s) so that many instances started together do not fetch the same sites in step. A run that takes
/// longer than the interval is followed at once by the next one, never overlapped, and missed runs are not made
/// up. A graceful shutdown ends the wait between runs but lets a run in progress finish (its files are then
/// published whole); a cancellation is passed on to the run, as to any child work. No run starts after either.
/// A run that throws is logged and the schedule goes on: one failed run does not stop the server.
public struct RunSchedule: Service {
    public let interval: Duration
    private let logger: Logger
    private let body: @Sendable () async throws -> Void

    /// Runs `body` every `interval` (the `--every` value).
    public init(every interval: RunInterval, logger: Logger, run body: @escaping @Sendable () async throws -> Void) {
        self.init(uncheckedInterval: interval.duration, logger: logger, run: body)
    }

    /// Any interval, below `RunInterval.minimum` too: for tests.
    package init(
        uncheckedInterval interval: Duration, logger: Logger, run body: @escaping @Sendable () async throws -> Void
    ) {
        self.interval = interval
        self.logger = logger
        self.body = body
    }

    public func run() async throws {
        let clock = ContinuousClock()
        var number = 0
        while !Self.isStopping {
            let started = clock.now
            number += 1
            logger.debug("run \(number) started")
            do {
                try await body()
                logger.debug("run \(number) finished after \(clock.now - started)")
            } catch {
                logger.error("run \(number) failed: \(error)")
            }
            let next = started + interval + Self.jitter(for: interval, fraction: Double.random(in: 0...1))
            guard !Self.isStopping else { break }
            do {
                try await cancelWhenGracefulShutdown { try await clock.sleep(until: next) }
            } catch {
                break  // cancelled, or shutting down gracefully
            }
        }
        logger.info("runs stopped after \(number) run\(number == 1 ? "" : "s")")
    }

    private static var isStopping: Bool { Task.isCancelled || Task.isShuttingDownGracefully }

    /// The random part of a wait: `fraction` (0...1) of 5% of the interval, that 5% at most 30 s.
    static func jitter(for interval: Duration, fraction: Double) -> Duration {
        min(interval / 20, .seconds(30)) * min(max(fraction, 0), 1)
    }
}
