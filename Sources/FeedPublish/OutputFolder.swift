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

    /// Writes `bytes` as `name`, atomically: to a temporary file in the same folder, flushed to disk, then renamed
    /// over the old one (and the folder flushed, so the rename survives a crash). A file that already holds these
    /// bytes is left alone, modification time and all. Returns whether the file changed.
    @discardableResult
    public func write(_ bytes: [UInt8], as name: String) throws(PublishError) -> Bool {
        let target = (path as NSString).appendingPathComponent(name)
        if let existing = FileManager.default.contents(atPath: target), existing.elementsEqual(bytes) {
            return false
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw PublishError(path: path, reason: "cannot create the folder (\(error.localizedDescription))")
        }
        removeLeftovers(of: name)
        let temporary = (path as NSString).appendingPathComponent(".\(name).\(getpid()).tmp")
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Self.failure(temporary) }
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
        close(descriptor)
        if failure == nil && rename(temporary, target) != 0 { failure = Self.failure(target) }
        if let failure {
            unlink(temporary)
            throw failure
        }
        // The rename is in the folder's entry list: flush that too.
        let folder = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folder >= 0 {
            fsync(folder)
            close(folder)
        }
        return true
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
