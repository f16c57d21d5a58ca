import Testing

@testable import FeedServe

/// `--every` values.
struct RunIntervalTests {
    @Test(arguments: [
        ("15m", 900), ("90s", 90), ("1h", 3600), ("1h30m", 5400), ("2h5m10s", 7510), (" 1m ", 60), ("60s", 60),
        ("168h", 604_800),
    ])
    func readsDurations(_ text: String, _ seconds: Int64) throws {
        #expect(try RunInterval(parsing: text).duration == .seconds(seconds))
    }

    @Test(arguments: ["15x", "", "m", "15", "1.5h", "-5m", "15 m", "30m1h", "1m1m", "1H", "15min", "1h 30m"])
    func refusesWhatIsNotADuration(_ text: String) {
        #expect(throws: ServeError.notADuration(text)) { try RunInterval(parsing: text) }
    }

    @Test func theMessageNamesTheOptionAndTheValue() {
        #expect(
            ServeError.notADuration("15x").description == "--every: \"15x\" is not a duration such as 15m, 90s or 1h")
        #expect(
            ServeError.intervalOutOfRange("30s").description
                == "--every: \"30s\" is out of range: runs are at least 1m and at most 168h apart")
    }

    @Test(arguments: ["30s", "59s", "0m", "169h", "99999999999999999h", "9223372036854775807s"])
    func refusesIntervalsOutOfRange(_ text: String) {
        #expect(throws: ServeError.intervalOutOfRange(text)) { try RunInterval(parsing: text) }
    }

    @Test(arguments: [("1h30m", "1h30m"), ("90s", "1m30s"), ("60m", "1h"), ("15m", "15m")])
    func writesItselfAsItIsRead(_ text: String, _ written: String) throws {
        #expect(try RunInterval(parsing: text).text == written)
    }
}
