import Logging
import ServiceLifecycle
import Synchronization
import Testing

@testable import FeedServe

/// The schedule with a real clock and an interval of milliseconds; what is checked is what ran, in which order,
/// never how long anything took.
@Suite(.timeLimit(.minutes(2)))
struct RunScheduleTests {
    @Test func runsAtOnceThenAgainOneAtATime() async throws {
        let (events, record) = AsyncStream.makeStream(of: String.self)
        let inRun = Mutex(0)
        let schedule = RunSchedule(uncheckedInterval: .milliseconds(5), logger: quietLogger) {
            let overlapping = inRun.withLock {
                $0 += 1
                return $0 > 1
            }
            record.yield(overlapping ? "overlap" : "start")
            try? await Task.sleep(for: .milliseconds(2))
            inRun.withLock { $0 -= 1 }
            record.yield("end")
        }
        let task = Task { try await schedule.run() }
        var seen: [String] = []
        for await event in events {
            seen.append(event)
            if seen.count == 8 { break }
        }
        task.cancel()
        try await task.value
        #expect(seen == Array(repeating: ["start", "end"], count: 4).flatMap { $0 })
    }

    @Test func aFailedRunIsFollowedByTheNext() async throws {
        let runs = Mutex(0)
        let (events, record) = AsyncStream.makeStream(of: Int.self)
        let schedule = RunSchedule(uncheckedInterval: .milliseconds(1), logger: quietLogger) {
            let number = runs.withLock {
                $0 += 1
                return $0
            }
            record.yield(number)
            if number == 1 { throw TestFailure("the sources file is broken") }
        }
        let task = Task { try await schedule.run() }
        var iterator = events.makeAsyncIterator()
        #expect(await iterator.next() == 1)
        #expect(await iterator.next() == 2)
        task.cancel()
        try await task.value
    }

    /// Cancelled during a run: that run ends (seeing the cancellation, as child work does), no other starts.
    @Test func cancellationStopsTheScheduleAfterTheCurrentRun() async throws {
        #expect(try await Self.whatFollowsTheFirstRunsStart { task, _ in task.cancel() } == ["cancelled run ended"])
    }

    /// A graceful shutdown (SIGTERM in `feedmerge serve`) lets the run in progress finish, uncancelled.
    @Test func aGracefulShutdownLetsTheRunFinishUncancelled() async throws {
        let events = try await Self.whatFollowsTheFirstRunsStart { _, group in await group.triggerGracefulShutdown() }
        #expect(events == ["run ended"])
    }

    /// Runs a schedule in a service group, its runs held at a gate; calls `stop` during the first run, opens the
    /// gate, and returns what the runs recorded after the first one started, once the group has returned.
    private static func whatFollowsTheFirstRunsStart(
        stopping stop: (Task<Void, any Error>, ServiceGroup) async -> Void
    ) async throws -> [String] {
        let (events, record) = AsyncStream.makeStream(of: String.self)
        let gate = Gate()
        let schedule = RunSchedule(uncheckedInterval: .milliseconds(1), logger: quietLogger) {
            record.yield("run started")
            await gate.wait()
            record.yield(Task.isCancelled ? "cancelled run ended" : "run ended")
        }
        let group = ServiceGroup(services: [schedule], logger: quietLogger)
        let task = Task { try await group.run() }
        var iterator = events.makeAsyncIterator()
        #expect(await iterator.next() == "run started")
        await stop(task, group)
        await gate.open()
        try await task.value
        record.finish()
        var rest: [String] = []
        while let event = await iterator.next() { rest.append(event) }
        return rest
    }

    /// Waiting for the next run ends at once on a graceful shutdown.
    @Test func aGracefulShutdownEndsTheWait() async throws {
        let (events, record) = AsyncStream.makeStream(of: String.self)
        let schedule = RunSchedule(every: .maximum, logger: quietLogger) { record.yield("run") }
        let group = ServiceGroup(services: [schedule], logger: quietLogger)
        let task = Task { try await group.run() }
        var iterator = events.makeAsyncIterator()
        #expect(await iterator.next() == "run")
        await group.triggerGracefulShutdown()
        try await task.value
    }

    @Test(arguments: [
        (60, 0.0, 0.0), (60, 1.0, 3.0), (600, 0.5, 15.0), (3600, 1.0, 30.0), (86_400, 1.0, 30.0), (60, 2.0, 3.0),
    ])
    func jitterIsAtMostFivePercentAndThirtySeconds(_ interval: Int, _ fraction: Double, _ seconds: Double) {
        #expect(RunSchedule.jitter(for: .seconds(interval), fraction: fraction) == .seconds(seconds))
    }
}
