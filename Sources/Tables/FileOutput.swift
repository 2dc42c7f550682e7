import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A file's identity: its device and inode, as `stat` reports them. Two paths name the same file
/// (through a symlink, a hard link, `./` or `..`) exactly when their identities are equal, which
/// comparing names cannot tell.
public struct FileIdentity: Hashable, Sendable {
    /// `st_dev`.
    public let device: UInt64
    /// `st_ino`.
    public let inode: UInt64

    /// The identity of the file at `path` (symlinks followed), or `nil` where nothing is there.
    public init?(path: String) {
        var info = stat()
        guard !path.isEmpty, stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}

/// Why an output could not be written: what, where and how to fix it.
public enum FileOutputError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The output path is empty.
    case emptyPath(purpose: String)
    /// The path names a folder, not a file.
    case isAFolder(path: String, purpose: String)
    /// The path names a file this run reads (by device and inode, so also through a link).
    case wouldOverwriteInput(path: String, purpose: String)
    /// The folder the file would go in does not exist.
    case noSuchFolder(path: String, folder: String)
    /// The operating system refused (permission, a full disk, a read-only file system).
    case refused(path: String, reason: String)

    public var description: String {
        switch self {
        case .emptyPath(let purpose):
            return "the path for \(purpose) is empty; give a file name, e.g. out.csv"
        case .isAFolder(let path, let purpose):
            return "\(path) is a folder; \(purpose) needs a file name, e.g. \(path.hasSuffix("/") ? path : path + "/")out.csv"
        case .wouldOverwriteInput(let path, let purpose):
            return "\(path) is a file this run reads (the same file, by device and inode); writing \(purpose) there would destroy it. Give another path"
        case .noSuchFolder(let path, let folder):
            return "cannot write \(path): the folder \(folder) does not exist; create it first or choose another path"
        case .refused(let path, let reason):
            return "cannot write \(path): \(reason); choose a writable place, or check the disk's free space"
        }
    }
}

extension FileOutputError: LocalizedError {
    /// The description, for `localizedDescription`.
    public var errorDescription: String? { description }
}

/// Checked, non-destructive file output: the one way Regress writes a file.
///
/// - A regular file (or a new one) is written to a temporary file beside it and renamed over it,
///   so a failed write never leaves half a file; an existing file keeps its permissions.
/// - A symlink is followed: the file it points to is replaced the same way; the link stays.
/// - A FIFO, a character device (`/dev/stdout`, `/dev/null`, `/dev/full`) or a socket is written
///   through, never replaced; a failed write (`/dev/full`: no space) is an error.
/// - A folder, an empty path, a missing folder or a file the run reads (`protecting`, compared by
///   device and inode) is refused with a message that says what and how to fix it.
public enum FileOutput {
    /// Refuses a target before anything is written: empty, a folder, or one of `protecting`.
    /// Call it for every output of a run first, so that no output is written when one is refused.
    public static func check(_ path: String, purpose: String, protecting inputs: Set<FileIdentity> = []) throws {
        guard !path.isEmpty else { throw FileOutputError.emptyPath(purpose: purpose) }
        var info = stat()
        if stat(path, &info) == 0 {
            if (info.st_mode & S_IFMT) == S_IFDIR { throw FileOutputError.isAFolder(path: path, purpose: purpose) }
            if let identity = FileIdentity(path: path), inputs.contains(identity) {
                throw FileOutputError.wouldOverwriteInput(path: path, purpose: purpose)
            }
        } else if path.hasSuffix("/") {
            throw FileOutputError.isAFolder(path: path, purpose: purpose)
        }
    }

    /// Writes `text` (UTF-8) to `path` by the rules above.
    public static func write(_ text: String, to path: String, purpose: String = "the output",
                             protecting inputs: Set<FileIdentity> = []) throws {
        try write(Array(text.utf8), to: path, purpose: purpose, protecting: inputs)
    }

    /// Writes `bytes` to `path` by the rules above.
    public static func write(_ bytes: [UInt8], to path: String, purpose: String = "the output",
                             protecting inputs: Set<FileIdentity> = []) throws {
        try check(path, purpose: purpose, protecting: inputs)
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
            try writeThrough(bytes, to: path)
            return
        }
        // A symlink (possibly dangling) is resolved so that the link itself stays.
        let target = resolvedTarget(path)
        try replaceAtomically(bytes, at: target, displayPath: path, mode: stat(target, &info) == 0 ? info.st_mode & 0o7777 : nil)
    }

    /// Creates `path` and any missing parent folders (`mkdir -p`); `nil` on success, else the
    /// operating system's reason (`Not a directory`, `Permission denied`).
    public static func createFolder(_ path: String) -> String? {
        var info = stat()
        if stat(path, &info) == 0 { return (info.st_mode & S_IFMT) == S_IFDIR ? nil : String(cString: strerror(ENOTDIR)) }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty && parent != path, let reason = createFolder(parent) { return reason }
        guard mkdir(path, 0o777) == 0 || errno == EEXIST else { return String(cString: strerror(errno)) }
        return nil
    }

    /// The file a path leads to through any chain of symlinks (a dangling link: the path it names).
    static func resolvedTarget(_ path: String) -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK,
                  let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: current) else { return current }
            current = destination.hasPrefix("/") ? destination
                : (URL(fileURLWithPath: current).deletingLastPathComponent().path as NSString).appendingPathComponent(destination)
        }
        return current
    }

    /// Writes into an existing non-regular file (FIFO, device, socket) without replacing it.
    static func writeThrough(_ bytes: [UInt8], to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileOutputError.refused(path: path, reason: String(cString: strerror(errno))) }
        do {
            try writeAll(bytes, descriptor: descriptor, path: path)
        } catch {
            close(descriptor)
            throw error
        }
        guard close(descriptor) == 0 else { throw FileOutputError.refused(path: path, reason: String(cString: strerror(errno))) }
    }

    /// A temporary file beside `target`, written, closed and renamed over it (no fsync: a crash of
    /// the machine, not of the run, is the only case that rename-after-write leaves open).
    static func replaceAtomically(_ bytes: [UInt8], at target: String, displayPath: String, mode: mode_t?) throws {
        let url = URL(fileURLWithPath: target)
        let folder = url.deletingLastPathComponent().path
        var folderInfo = stat()
        guard stat(folder, &folderInfo) == 0, (folderInfo.st_mode & S_IFMT) == S_IFDIR else {
            throw FileOutputError.noSuchFolder(path: displayPath, folder: folder)
        }
        var template = Array((folder as NSString).appendingPathComponent(".\(url.lastPathComponent).reshore-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard descriptor >= 0 else { throw FileOutputError.refused(path: displayPath, reason: String(cString: strerror(errno))) }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var renamed = false
        defer { if !renamed { unlink(temporary) } }
        do {
            let permissions = mode ?? (0o666 & ~currentUmask())
            guard fchmod(descriptor, permissions) == 0 else {
                throw FileOutputError.refused(path: displayPath, reason: String(cString: strerror(errno)))
            }
            try writeAll(bytes, descriptor: descriptor, path: displayPath)
        } catch {
            close(descriptor)
            throw error
        }
        // close reports deferred write errors (a full disk on NFS): checked like every write.
        guard close(descriptor) == 0 else { throw FileOutputError.refused(path: displayPath, reason: String(cString: strerror(errno))) }
        guard rename(temporary, target) == 0 else { throw FileOutputError.refused(path: displayPath, reason: String(cString: strerror(errno))) }
        renamed = true
    }

    /// Every byte written, or an error naming why not (`ENOSPC` on `/dev/full`).
    static func writeAll(_ bytes: [UInt8], descriptor: Int32, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return Glibc.write(descriptor, base + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw FileOutputError.refused(path: path, reason: String(cString: strerror(errno)))
            }
            offset += written
        }
    }

    /// The process's umask (read by setting and restoring it).
    static func currentUmask() -> mode_t {
        let mask = umask(0o022)
        umask(mask)
        return mask
    }
}
