import ArgumentParser
import FeedStore
import Foundation

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
