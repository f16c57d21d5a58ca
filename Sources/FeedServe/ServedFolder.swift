import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The output folder as the server sees it: only regular, visible files directly inside it can be opened.
///
/// The publisher replaces a file by renaming a new one over it, so a file opened here is one whole version, old
/// or new, for as long as it is open: its identity and its bytes are both read from the one open descriptor.
struct ServedFolder: Sendable {
    let path: String

    /// The file a request path names, or nil when it names nothing the server shows: `/` is `index.html`; any
    /// other path is one file name, percent-decoded, with no `/` (not even encoded), no NUL, and no leading `.`
    /// (which covers `.`, `..` and the publisher's temporary files, `.feed.atom.123.tmp`).
    static func fileName(forRequestPath path: String) -> String? {
        guard path.hasPrefix("/") else { return nil }
        let encoded = path.dropFirst()
        guard !encoded.isEmpty else { return "index.html" }
        guard !encoded.contains("/"), let name = encoded.removingPercentEncoding, !name.isEmpty,
            !name.hasPrefix("."), !name.contains("/"), !name.contains("\0"), !name.contains("\\")
        else { return nil }
        return name
    }

    /// Opens `name` for reading, or returns nil when it is not a regular file directly inside the folder: missing,
    /// a folder, a device or pipe, or a symbolic link that leads anywhere else (or to a hidden file).
    func open(_ name: String) -> OpenFile? {
        guard let folder = Self.realPath(path), let real = Self.realPath(folder + "/" + name),
            real.hasPrefix(folder + "/")
        else { return nil }
        let resolvedName = real.dropFirst(folder.count + 1)
        guard !resolvedName.isEmpty, !resolvedName.contains("/"), !resolvedName.hasPrefix(".") else { return nil }
        // O_NONBLOCK: opening a named pipe must not wait for a writer (it is refused just below).
        let descriptor = systemOpen(real, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard descriptor >= 0 else { return nil }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            systemClose(descriptor)
            return nil
        }
        return OpenFile(descriptor: descriptor, status: status)
    }

    /// `path` with every symbolic link, `.` and `..` resolved, or nil when it does not exist.
    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// One version of a served file, open: what identifies it (`tag`, `modified`) and, on demand, its bytes. Close it
/// when done.
struct OpenFile: Sendable {
    let descriptor: Int32
    /// The file's size in bytes.
    let size: Int
    /// The modification time, in whole seconds since 1970 (HTTP dates have no fractions).
    let modified: Int64
    /// A strong entity tag (RFC 9110 §8.8.3) without quotes: inode, size and modification time to the nanosecond.
    /// A file the publisher renames into place is a new inode, so its tag changes even when its size and second do.
    let tag: String

    init(descriptor: Int32, status: stat) {
        self.descriptor = descriptor
        size = Int(status.st_size)
        #if canImport(Darwin)
            let time = status.st_mtimespec
        #else
            let time = status.st_mtim
        #endif
        modified = Int64(time.tv_sec)
        tag = [UInt64(status.st_ino), UInt64(status.st_size), UInt64(time.tv_sec), UInt64(time.tv_nsec)]
            .map { String($0, radix: 16) }.joined(separator: "-")
    }

    /// The whole file, read from the open descriptor (so from this version, even if another has replaced it since).
    func read() throws(ServeError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: size)
        var offset = 0
        while offset < size {
            let count = bytes.withUnsafeMutableBytes { buffer in
                pread(descriptor, buffer.baseAddress.map { $0 + offset }, size - offset, off_t(offset))
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                throw .cannotRead(reason: count < 0 ? String(cString: strerror(errno)) : "cut short")
            }
            offset += count
        }
        return bytes
    }

    func close() {
        systemClose(descriptor)
    }
}

/// open(2) and close(2), by names the methods above do not hide.
private func systemOpen(_ path: String, _ flags: Int32) -> Int32 {
    #if canImport(Glibc)
        Glibc.open(path, flags)
    #else
        Darwin.open(path, flags)
    #endif
}

private func systemClose(_ descriptor: Int32) {
    #if canImport(Glibc)
        _ = Glibc.close(descriptor)
    #else
        _ = Darwin.close(descriptor)
    #endif
}
