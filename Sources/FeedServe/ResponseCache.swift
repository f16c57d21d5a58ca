import CompressNIO
import NIOCore
import NIOPosix
import Synchronization

/// The bytes of the files served, plain and gzipped, kept until the file changes.
///
/// Files change only when a run publishes, and then under a new entity tag, so an entry is looked up by the
/// file's name and used only while its tag is the file's current one. Reading and compressing happen on NIO's
/// thread pool, never on the threads that run Swift's tasks. Small on purpose: at most `maxEntries` files (the
/// folder holds about five) of at most `maxFileSize` bytes each; larger files are read for every request.
///
/// gzip comes from compress-nio (Hummingbird's author's small wrapper of the system's zlib, on NIO's
/// `ByteBuffer`): Hummingbird 2 itself has no compression, and the alternative, a system-library target of our own
/// over zlib, would need a C shim (`deflateInit2` is a macro) and code to drive the stream for the same result.
final class ResponseCache: Sendable {
    static let maxEntries = 32
    static let maxFileSize = 32 << 20

    private struct Entry {
        var tag: String
        var plain: ByteBuffer
        var gzipped: ByteBuffer?
    }

    private let entries = Mutex<[String: Entry]>([:])

    /// The body of `file` (named `name`): its bytes, gzipped when `gzip`.
    func body(of name: String, file: OpenFile, gzip: Bool) async throws -> ByteBuffer {
        let cached = entries.withLock { $0[name] }.flatMap { $0.tag == file.tag ? $0 : nil }
        if let cached, !gzip { return cached.plain }
        if let cached, gzip, let gzipped = cached.gzipped { return gzipped }
        let entry = try await NIOThreadPool.singleton.runIfActive {
            // The gzip stream is ended (`.finish`) by `compress(with:)`; the compressor frees zlib's state.
            let plain = try cached?.plain ?? ByteBuffer(bytes: file.read())
            var input = plain  // compressing reads it (moves its reader index); `plain` stays whole
            let gzipped = gzip ? try input.compress(with: .gzip()) : nil
            return Entry(tag: file.tag, plain: plain, gzipped: gzipped)
        }
        if file.size <= Self.maxFileSize {
            entries.withLock { entries in
                if entries[name] == nil && entries.count >= Self.maxEntries { entries.removeAll() }
                entries[name] = entry
            }
        }
        return gzip ? entry.gzipped ?? entry.plain : entry.plain
    }
}
