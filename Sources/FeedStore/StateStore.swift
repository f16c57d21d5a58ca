import FeedModel
import Foundation
import GRDB
import Synchronization

/// feedmerge's memory between runs: an SQLite file (by default `.feedmerge/state.sqlite`, outside `output/`).
///
/// All SQL lives in this module. The schema is created and upgraded by numbered migrations (`StateSchema`), so a
/// state file from any earlier version opens. Writes are transactions: a run killed halfway leaves the file as
/// it was before the write or after it.
public final class StateStore: Sendable {
    private let database: DatabaseQueue
    /// The file, as given.
    public let path: String

    /// Opens the state file, creating it and its folder when missing, and brings its schema up to date.
    public init(path: String) throws(StoreError) {
        self.path = path
        do {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw StoreError(path: path, message: "cannot create its folder: \(error.localizedDescription)")
        }
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(5)
            database = try DatabaseQueue(path: path, configuration: configuration)
            try StateSchema.migrator.migrate(database)
            // A file that opens but cannot be written (in a folder without write access, SQLite cannot make its
            // journal) must fail now, not after a whole run has been fetched.
            try database.write { db in try db.execute(sql: "PRAGMA user_version = 1") }
        } catch {
            throw StoreError(path: path, message: Self.describe(error))
        }
    }

    /// The state of every source ever fetched, by URL.
    public func sourceStates() throws(StoreError) -> [String: SourceState] {
        try reading { db in
            let records = try SourceStateRecord.fetchAll(db)
            return Dictionary(records.map { ($0.state.url, $0.state) }, uniquingKeysWith: { first, _ in first })
        }
    }

    public func sourceState(url: String) throws(StoreError) -> SourceState? {
        try reading { db in try SourceStateRecord.fetchOne(db, key: url)?.state }
    }

    /// Saves these states in one transaction: all or none.
    public func save(_ states: [SourceState]) throws(StoreError) {
        try writing { db in
            for state in states { try SourceStateRecord(state).save(db) }
        }
    }

    /// The schema version the file is at (the last migration applied).
    public func schemaVersion() throws(StoreError) -> String? {
        try reading { db in try StateSchema.migrator.appliedMigrations(db).last }
    }

    func reading<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try database.read(body)
        } catch {
            throw StoreError(path: path, message: Self.describe(error))
        }
    }

    /// `reading`, with SQLite reading the file through a memory map rather than copying every page it reads: for
    /// a read of much of the file (a publish of thousands of stories), where the copies cost more than SQLite's
    /// own work. The map is dropped after, so that it never adds the pages of a whole file to a run's memory.
    func readingMapped<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try Self.mapped(database, body)
        } catch {
            throw StoreError(path: path, message: Self.describe(error))
        }
    }

    /// The most of the file `readingMapped` maps: past it, SQLite copies pages as usual.
    private static let mappedBytes = 1 << 30

    /// `readingMapped` on `count` connections at once, each on a thread of its own: the store's own and others
    /// opened read-only beside it (SQLite lets several connections read a file side by side), each in a read
    /// transaction of its own, so not one snapshot: the commands that write the state hold the run lock (as a
    /// publish does), so nothing of feedmerge's writes in between. `body` gets each reader's connection. The first
    /// error is thrown, once every reader has stopped.
    func readingMapped(onConnections count: Int, _ body: @Sendable (Database) throws -> Void) throws(StoreError) {
        var connections = [database]
        do {
            for _ in 1..<max(1, count) { connections.append(try Self.readOnlyConnection(path)) }
        } catch {
            throw StoreError(path: path, message: Self.describe(error))
        }
        let failure = Mutex<StoreError?>(nil)
        DispatchQueue.concurrentPerform(iterations: connections.count) { [connections] reader in
            do {
                try Self.mapped(connections[reader], body)
            } catch {
                failure.withLock { $0 = $0 ?? StoreError(path: path, message: Self.describe(error)) }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
    }

    /// `reading` on a read-only connection of its own, opened for the read and closed after: for a read beside
    /// one on the store's own connection (SQLite lets several connections read a file side by side).
    func readingAside<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try Self.readOnlyConnection(path).read(body)
        } catch {
            throw StoreError(path: path, message: Self.describe(error))
        }
    }

    /// Another connection to the state file, that only reads.
    private static func readOnlyConnection(_ path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    /// A read of `database` through a memory map (see `readingMapped`).
    private static func mapped<T>(_ database: DatabaseQueue, _ body: (Database) throws -> T) throws -> T {
        try database.inDatabase { db in try db.execute(sql: "PRAGMA mmap_size = \(Self.mappedBytes)") }
        defer { try? database.inDatabase { db in try db.execute(sql: "PRAGMA mmap_size = 0") } }
        return try database.read(body)
    }

    func writing(_ body: (Database) throws -> Void) throws(StoreError) {
        do {
            try database.write(body)
        } catch {
            throw StoreError(path: path, message: Self.describe(error))
        }
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return "\(error.message ?? "SQLite error \(error.resultCode.rawValue)") (SQLite \(error.resultCode))"
        }
        return "\(error)"
    }
}

/// The state file cannot be opened, read or written.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String

    public var description: String { "\(path): state: \(message)" }
}
