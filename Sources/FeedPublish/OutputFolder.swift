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

    fileprivate func target(_ name: String) -> String {
        (path as NSString).appendingPathComponent(name)
    }

    /// `bytes` in a new temporary file for `name`, flushed to disk; returns its path.
    private func writeTemporary(_ parts: [[UInt8]], for name: String) throws(PublishError) -> String {
        let (temporary, descriptor) = try openTemporary(for: name)
        var failure = Self.write(parts, to: descriptor) ? nil : Self.failure(temporary)
        if failure == nil && fsync(descriptor) != 0 { failure = Self.failure(temporary) }
        if close(descriptor) != 0 && failure == nil { failure = Self.failure(temporary) }
        if let failure {
            unlink(temporary)
            throw failure
        }
        return temporary
    }

    /// A new temporary file for `name` (leftovers of a killed run removed first), with the published file's
    /// mode: its path and descriptor.
    fileprivate func openTemporary(for name: String) throws(PublishError) -> (String, Int32) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw PublishError(path: path, reason: "cannot create the folder (\(error.localizedDescription))")
        }
        removeLeftovers(of: name)
        let temporary = (path as NSString).appendingPathComponent(".\(name).\(getpid()).tmp")
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Self.failure(temporary) }
        // A file replaced keeps the mode its owner gave it.
        var old = stat()
        if stat(target(name), &old) == 0 { fchmod(descriptor, old.st_mode & 0o7777) }
        return (temporary, descriptor)
    }

    /// The parts to `descriptor`, one after the other, as they are: a part is usually a story's entry, and copying
    /// them into bigger buffers cost more than the calls it saved, so they go out many to a call (writev(2)).
    /// False on an error (in `errno`).
    fileprivate static func write(_ parts: [[UInt8]], to descriptor: Int32) -> Bool {
        var next = 0  // the first part not yet written whole
        var skip = 0  // how many of its bytes were
        while next < parts.count {
            var vectors: [iovec] = []
            vectors.reserveCapacity(min(partsPerCall, parts.count - next))
            // The parts stay alive (`parts` holds them) and unmoved while their addresses are used.
            for index in next..<min(next + partsPerCall, parts.count) {
                let offset = index == next ? skip : 0
                parts[index].withUnsafeBytes { bytes in
                    vectors.append(
                        iovec(
                            iov_base: UnsafeMutableRawPointer(mutating: bytes.baseAddress.map { $0 + offset }),
                            iov_len: bytes.count - offset))
                }
            }
            var written = writev(descriptor, vectors, Int32(vectors.count))
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            // Past the parts written whole; `skip` into the one written in part.
            while next < parts.count && written >= parts[next].count - skip {
                written -= parts[next].count - skip
                next += 1
                skip = 0
            }
            skip += written
        }
        return true
    }

    /// At most this many parts a write (IOV_MAX on Linux and macOS).
    private static let partsPerCall = 1_024

    /// Temporary files of `name` that a run killed between writing and renaming left behind. (Two runs publishing
    /// into one folder at once are not supported: the second would remove the first one's temporary file.)
    private func removeLeftovers(of name: String) {
        let prefix = ".\(name)."
        for file in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        where file.hasPrefix(prefix) && file.hasSuffix(".tmp") {
            unlink((path as NSString).appendingPathComponent(file))
        }
    }

    fileprivate static func failure(_ path: String) -> PublishError {
        PublishError(path: path, reason: String(cString: strerror(errno)))
    }
}

/// A file staged as its parts come, for a document rendered piece by piece (the feeds, a group of stories at a
/// time): each `append` goes to the temporary file at once and, once the file differs from the published one,
/// to disk too, so that `finish` has little left to flush. `finish` gives the `StagedFile` for `commit`,
/// unchanged (and the temporary file gone) when the published file already held exactly these bytes.
///
/// Not for several threads at once: the publisher appends from one queue.
public final class StreamedFile: @unchecked Sendable {
    public let name: String
    private let temporary: String
    private var descriptor: Int32
    /// The published file, read as far as the new bytes go to tell whether they differ (-1: none, or they do),
    /// and its size.
    private var old: Int32
    private var oldSize = 0
    /// Bytes appended so far, and whether they are the start of the published file's.
    private var count = 0
    private var isSame: Bool
    /// Where the published file's bytes are read into, to be compared.
    private var oldBytes: [UInt8] = []
    /// The first failure; later appends do nothing, and `finish` throws it.
    private var failure: PublishError?

    public init(_ name: String, in folder: OutputFolder) throws(PublishError) {
        self.name = name
        old = open(folder.target(name), O_RDONLY | O_CLOEXEC)
        var status = stat()
        if old >= 0 && fstat(old, &status) == 0 { oldSize = Int(status.st_size) }
        isSame = old >= 0
        do {
            (temporary, descriptor) = try folder.openTemporary(for: name)
        } catch {
            if old >= 0 { close(old) }
            throw error
        }
    }

    /// Whether `part`, at offset `count` of the new file, is what the published file has there.
    private func oldHolds(_ part: [UInt8]) -> Bool {
        guard old >= 0, count + part.count <= oldSize else { return false }
        if oldBytes.count < part.count { oldBytes = [UInt8](repeating: 0, count: part.count) }
        var read = 0
        while read < part.count {
            let got = oldBytes.withUnsafeMutableBytes { buffer in
                pread(old, buffer.baseAddress.map { $0 + read }, part.count - read, off_t(count + read))
            }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { return false }
            read += got
        }
        return oldBytes.withUnsafeBytes { old in
            part.withUnsafeBytes { new in
                guard let new = new.baseAddress, let old = old.baseAddress else { return true }
                return memcmp(old, new, part.count) == 0
            }
        }
    }

    /// Stops reading the published file (the new one differs, or is done).
    private func closeOld() {
        if old >= 0 { close(old) }
        old = -1
        oldBytes = []
    }

    public func append(_ parts: [[UInt8]]) {
        guard failure == nil else { return }
        guard OutputFolder.write(parts, to: descriptor) else {
            failure = OutputFolder.failure(temporary)
            return
        }
        for part in parts {
            if isSame && !oldHolds(part) {
                isSame = false
                closeOld()
            }
            count += part.count
        }
        // New bytes go to disk now, while the rest is rendered (bytes that may yet prove unchanged wait).
        if !isSame && fdatasync(descriptor) != 0 { failure = OutputFolder.failure(temporary) }
    }

    /// Flushes and closes the file: staged for `commit`, or removed when the published file already holds its
    /// bytes. Throws the first failure of any append (the temporary file removed).
    public func finish() throws(PublishError) -> OutputFolder.StagedFile {
        defer { descriptor = -1 }
        let unchanged = isSame && count == oldSize
        closeOld()
        if failure == nil && !unchanged && fsync(descriptor) != 0 { failure = OutputFolder.failure(temporary) }
        if close(descriptor) != 0 && failure == nil { failure = OutputFolder.failure(temporary) }
        if let failure {
            unlink(temporary)
            throw failure
        }
        if unchanged {
            unlink(temporary)
            return OutputFolder.StagedFile(name: name, temporary: nil)
        }
        return OutputFolder.StagedFile(name: name, temporary: temporary)
    }

    /// Closes and removes the file: the publish gave up.
    public func discard() {
        closeOld()
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        unlink(temporary)
    }
}
