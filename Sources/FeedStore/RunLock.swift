import FeedModel
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One run at a time per state file: an exclusive `flock(2)` on a file beside it (`state.sqlite.lock`).
///
/// The kernel releases the lock when its holder exits, however it exits (`kill -9` included), so a crashed run
/// never leaves a stale lock behind: the file stays, the lock does not. The holder writes its process id and
/// start time into the file, for the message the next run prints while it waits for nothing.
///
/// Noncopyable: the lock is held while the value lives and released when it goes (or by `release()`).
public struct RunLock: ~Copyable {
    /// The lock file.
    public let path: String
    private let descriptor: Int32

    /// Takes the lock of the state file at `statePath`, or throws at once if another run holds it.
    public init(forState statePath: String, now: Date = Date()) throws(RunLockError) {
        path = statePath + ".lock"
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw RunLockError(path: path, reason: .unusable(String(cString: strerror(errno))))
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            let reason = String(cString: strerror(errno))
            let holder = Self.holder(descriptor)
            close(descriptor)
            throw RunLockError(path: path, reason: busy ? .held(by: holder) : .unusable(reason))
        }
        self.descriptor = descriptor
        // Who holds it, for whoever finds it held.
        let note = Array("pid \(getpid()), since \(RFC3339.string(now))\n".utf8)
        if ftruncate(descriptor, 0) == 0 {
            _ = note.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        }
    }

    /// Releases the lock now (it is released anyway when the value goes away).
    public consuming func release() {}

    deinit {
        close(descriptor)
    }

    /// What the holder wrote into the file, if anything.
    private static func holder(_ descriptor: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 200)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}

/// The run lock could not be taken.
public struct RunLockError: Error, Sendable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        /// Another run holds it; what it wrote about itself, if anything.
        case held(by: String?)
        /// The lock file cannot be opened or locked.
        case unusable(String)
    }

    /// The lock file.
    public var path: String
    public var reason: Reason

    public var description: String {
        switch reason {
        case .held(let holder):
            "\(path): another feedmerge run holds this state's lock\(holder.map { " (\($0))" } ?? ""); "
                + "this run did nothing, try again when that one has ended"
        case .unusable(let why): "\(path): cannot take the run lock: \(why)"
        }
    }
}
