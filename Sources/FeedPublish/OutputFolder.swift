import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file of `output/` could not be written; what was published before is still there, whole.
public struct PublishError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): cannot write: \(reason)" }
}

/// The folder the published files go to, written so that a reader (or a web server) only ever sees a whole old
/// file or a whole new one.
public struct OutputFolder: Sendable {
    public var path: String

    public init(path: String) {
        self.path = path
    }

    /// Writes `bytes` as `name`, atomically (see `write(_:)`). Returns whether the file changed.
    @discardableResult
    public func write(_ bytes: [UInt8], as name: String) throws(PublishError) -> Bool {
        try write([(name, bytes)])[0]
    }

    /// Writes every file, atomically and all together: each new file first goes to a temporary file in the same
    /// folder, flushed to disk; only when all are written are they renamed over the old ones, in order, and the
    /// folder flushed (so the renames survive a crash). A failure while writing leaves every old file as it was.
    /// A file that already holds its bytes is left alone, modification time and all. Returns, by file, whether it
    /// changed.
    public func write(_ files: [(name: String, bytes: [UInt8])]) throws(PublishError) -> [Bool] {
        let changed = files.map { file in
            FileManager.default.contents(atPath: target(file.name)).map { !$0.elementsEqual(file.bytes) } ?? true
        }
        guard changed.contains(true) else { return changed }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw PublishError(path: path, reason: "cannot create the folder (\(error.localizedDescription))")
        }
        var written: [(temporary: String, target: String)] = []
        for (file, isChanged) in zip(files, changed) where isChanged {
            do {
                written.append((try writeTemporary(file.bytes, for: file.name), target(file.name)))
            } catch {
                for file in written { unlink(file.temporary) }
                throw error
            }
        }
        for (index, file) in written.enumerated() where rename(file.temporary, file.target) != 0 {
            let failure = Self.failure(file.target)
            for file in written[index...] { unlink(file.temporary) }
            let replaced = written[..<index].map { ($0.target as NSString).lastPathComponent }
            throw PublishError(
                path: failure.path,
                reason: failure.reason
                    + (replaced.isEmpty ? "" : " (already replaced: \(replaced.joined(separator: ", ")))"))
        }
        // The renames are in the folder's entry list: flush that too.
        let folder = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folder >= 0 {
            fsync(folder)
            close(folder)
        }
        return changed
    }

    private func target(_ name: String) -> String {
        (path as NSString).appendingPathComponent(name)
    }

    /// `bytes` in a new temporary file for `name`, flushed to disk; returns its path.
    private func writeTemporary(_ bytes: [UInt8], for name: String) throws(PublishError) -> String {
        removeLeftovers(of: name)
        let temporary = (path as NSString).appendingPathComponent(".\(name).\(getpid()).tmp")
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Self.failure(temporary) }
        // A file replaced keeps the mode its owner gave it.
        var old = stat()
        if stat(target(name), &old) == 0 { fchmod(descriptor, old.st_mode & 0o7777) }
        var failure: PublishError?
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = Self.failure(temporary)
                    return
                }
                offset += written
            }
        }
        if failure == nil && fsync(descriptor) != 0 { failure = Self.failure(temporary) }
        if close(descriptor) != 0 && failure == nil { failure = Self.failure(temporary) }
        if let failure {
            unlink(temporary)
            throw failure
        }
        return temporary
    }

    /// Temporary files of `name` that a run killed between writing and renaming left behind. (Two runs publishing
    /// into one folder at once are not supported: the second would remove the first one's temporary file.)
    private func removeLeftovers(of name: String) {
        let prefix = ".\(name)."
        for file in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        where file.hasPrefix(prefix) && file.hasSuffix(".tmp") {
            unlink((path as NSString).appendingPathComponent(file))
        }
    }

    private static func failure(_ path: String) -> PublishError {
        PublishError(path: path, reason: String(cString: strerror(errno)))
    }
}

/// write(2), by a name the method above does not hide.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.write(descriptor, bytes, count)
    #else
        Darwin.write(descriptor, bytes, count)
    #endif
}
