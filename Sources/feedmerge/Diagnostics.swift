import ArgumentParser
import FeedStore
import Foundation
import Logging

/// A failure the user should read as one line on stderr, with a non-zero exit.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A file named on the command line, `-` for standard input.
struct InputFile {
    var path: String

    /// How errors name it.
    var name: String { path == "-" ? "<stdin>" : path }

    func read() throws -> Data {
        do {
            return path == "-"
                ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CommandFailure("\(path): cannot read: \(error.localizedDescription)")
        }
    }
}

enum Diagnostics {
    static func warn(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}

extension RunLock {
    /// The state's run lock for a command that changes the state or the output (`fetch`, `publish`), or the
    /// failure to print when another run holds it.
    static func taken(forState path: String) throws(CommandFailure) -> RunLock {
        do {
            return try RunLock(forState: path)
        } catch {
            throw CommandFailure(error.description)
        }
    }
}

/// swift-log's lines on stderr, from a level named on the command line (`--log-level`).
enum StderrLog {
    static let levelNames = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")

    /// The level `name` names, or an error saying which names there are.
    static func level(_ name: String) throws -> Logger.Level {
        guard let level = Logger.Level(rawValue: name) else {
            throw ValidationError("--log-level: \"\(name)\" is not one of \(levelNames)")
        }
        return level
    }

    /// Every logger of the process writes to stderr from the level `name` names up.
    static func bootstrap(_ name: String) throws {
        let level = try level(name)
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
