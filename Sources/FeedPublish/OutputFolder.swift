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
    /// folder, flushed to disk (`stage`); only when all are written are they renamed over the old ones, in order,
    /// and the folder flushed (`commit`). A failure while writing leaves every old file as it was. A file that
    /// already holds its bytes is left alone, modification time and all. Returns, by file, whether it changed.
    public func write(_ files: [(name: String, bytes: [UInt8])]) throws(PublishError) -> [Bool] {
        var staged: [StagedFile] = []
        for file in files {
            do {
                staged.append(try stage(file.bytes, as: file.name))
            } catch {
                discard(staged)
                throw error
            }
        }
        return try commit(staged)
    }

    /// A file written to its temporary name, to be renamed over the published one by `commit` (or removed by
    /// `discard`).
    public struct StagedFile: Sendable {
        public var name: String
        /// Nil when the published file already holds these bytes: there is nothing to rename.
        var temporary: String?
        public var changed: Bool { temporary != nil }
    }

    /// The first half of `write`, for one file: its bytes in a temporary file beside it, flushed to disk, unless
    /// the published file already holds them. Files may be staged at once from several threads.
    public func stage(_ bytes: [UInt8], as name: String) throws(PublishError) -> StagedFile {
        try stage(parts: [bytes], as: name)
    }

    /// `stage` for a file given in parts, written one after the other (a feed of thousands of stories is never
    /// copied into one buffer).
    public func stage(parts: [[UInt8]], as name: String) throws(PublishError) -> StagedFile {
        if let old = FileManager.default.contents(atPath: target(name)), Self.holds(old, parts) {
            return StagedFile(name: name, temporary: nil)
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw PublishError(path: path, reason: "cannot create the folder (\(error.localizedDescription))")
        }
        return StagedFile(name: name, temporary: try writeTemporary(parts, for: name))
    }

    /// Whether `data` is exactly the parts, one after the other.
    private static func holds(_ data: Data, _ parts: [[UInt8]]) -> Bool {
        guard data.count == parts.reduce(0, { $0 + $1.count }) else { return false }
        return data.withUnsafeBytes { old in
            var offset = 0
            for part in parts {
                let same = part.withUnsafeBytes { part in
                    guard let new = part.baseAddress, let old = old.baseAddress else { return part.isEmpty }
                    return memcmp(old + offset, new, part.count) == 0
                }
                guard same else { return false }
                offset += part.count
            }
            return true
        }
    }

    /// The second half of `write`: renames the staged files over the published ones, in order, and flushes the
    /// folder (so the renames survive a crash). Returns, by file, whether it changed.
    public func commit(_ staged: [StagedFile]) throws(PublishError) -> [Bool] {
        let written = staged.compactMap { file in file.temporary.map { ($0, target(file.name)) } }
        for (index, file) in written.enumerated() where rename(file.0, file.1) != 0 {
            let failure = Self.failure(file.1)
            for file in written[index...] { unlink(file.0) }
            let replaced = written[..<index].map { ($0.1 as NSString).lastPathComponent }
            throw PublishError(
                path: failure.path,
                reason: failure.reason
                    + (replaced.isEmpty ? "" : " (already replaced: \(replaced.joined(separator: ", ")))"))
        }
        if !written.isEmpty {
            // The renames are in the folder's entry list: flush that too.
            let folder = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if folder >= 0 {
                fsync(folder)
                close(folder)
            }
        }
        return staged.map(\.changed)
    }

    /// Removes what `stage` wrote: the run gave up before `commit`.
    public func discard(_ staged: [StagedFile]) {
        for file in staged { if let temporary = file.temporary { unlink(temporary) } }
    }

    private func target(_ name: String) -> String {
        (path as NSString).appendingPathComponent(name)
    }

    /// `bytes` in a new temporary file for `name`, flushed to disk; returns its path.
    private func writeTemporary(_ parts: [[UInt8]], for name: String) throws(PublishError) -> String {
        removeLeftovers(of: name)
        let temporary = (path as NSString).appendingPathComponent(".\(name).\(getpid()).tmp")
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Self.failure(temporary) }
        // A file replaced keeps the mode its owner gave it.
        var old = stat()
        if stat(target(name), &old) == 0 { fchmod(descriptor, old.st_mode & 0o7777) }
        // Small parts are gathered into writes of about a megabyte; large ones go as they are.
        let chunk = 1 << 20
        var pending: [UInt8] = []
        pending.reserveCapacity(chunk)
        var written = true
        for part in parts where written {
            if pending.count + part.count > chunk {
                written = Self.write(pending, to: descriptor)
                pending.removeAll(keepingCapacity: true)
            }
            if part.count >= chunk {
                written = written && Self.write(part, to: descriptor)
            } else {
                pending.append(contentsOf: part)
            }
        }
        written = written && Self.write(pending, to: descriptor)
        var failure = written ? nil : Self.failure(temporary)
        if failure == nil && fsync(descriptor) != 0 { failure = Self.failure(temporary) }
        if close(descriptor) != 0 && failure == nil { failure = Self.failure(temporary) }
        if let failure {
            unlink(temporary)
            throw failure
        }
        return temporary
    }

    /// All of `bytes` to `descriptor`; false on an error (in `errno`).
    private static func write(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += written
            }
            return true
        }
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
