import Foundation
import GRDB
import Testing

@testable import FeedStore

/// The state's dates are read back without Foundation's calendar (`StoredDate`); they must be the very `Date`s
/// GRDB would give, or a date read and written back could move by a millisecond.
struct StoredDateTests {
    @Test func everyStoredDateReadsAsGRDBReadsIt() throws {
        var generator = SystemRandomNumberGenerator()
        var wrong: [String] = []
        for _ in 0..<100_000 {
            // Any millisecond from 1900 to 2100, as GRDB stores it.
            let milliseconds = Int64.random(in: -2_208_988_800_000..<4_102_444_800_000, using: &generator)
            let stored = Date(timeIntervalSince1970: Double(milliseconds) / 1_000).databaseValue
            guard let text = String.fromDatabaseValue(stored), let expected = Date.fromDatabaseValue(stored) else {
                Issue.record("GRDB cannot read back \(stored)")
                continue
            }
            var utf8 = text
            let read = utf8.withUTF8 { StoredDate.date(UnsafeRawBufferPointer($0)) }
            if read?.timeIntervalSinceReferenceDate.bitPattern != expected.timeIntervalSinceReferenceDate.bitPattern {
                wrong.append(text)
            }
        }
        #expect(wrong.isEmpty)
    }

    @Test(arguments: [
        "2026-11-27 10:15:00", "2026-11-27 10:15:00.250", "2000-02-29 23:59:59.999", "2001-01-02 14:57:17.368",
    ])
    func theStoredFormsAreRead(_ text: String) throws {
        var utf8 = text
        let read = utf8.withUTF8 { StoredDate.date(UnsafeRawBufferPointer($0)) }
        #expect(read == Date.fromDatabaseValue(text.databaseValue))
    }

    @Test(arguments: ["2026-11-27", "2026-11-27T10:15:00Z", "2026-13-01 00:00:00", "2026-11-27 10:15:00.2", "x"])
    func otherFormsAreLeftToGRDB(_ text: String) {
        var utf8 = text
        #expect(utf8.withUTF8 { StoredDate.date(UnsafeRawBufferPointer($0)) } == nil)
    }
}
