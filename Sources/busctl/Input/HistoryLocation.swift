#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the REPL keeps its history: `$XDG_STATE_HOME/busctl/history`, or
/// `~/.local/state/busctl/history` when `XDG_STATE_HOME` is unset, empty or
/// relative (the XDG base directory rules).
enum HistoryLocation {
    /// The history file for `environment`; nil when there is no home folder.
    static func path(environment: [String: String]) -> String? {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return join(state, "busctl/history")
        }
        guard let home = homeFolder(environment: environment) else { return nil }
        return join(home, ".local/state/busctl/history")
    }

    /// Creates the folders above `path` (mode 0700 for new ones). Returns
    /// false when that fails.
    static func prepareFolder(for path: String) -> Bool {
        var folders: [String] = []
        var folder = parent(of: path)
        while !folder.isEmpty, folder != "/", !isFolder(folder) {
            folders.append(folder)
            folder = parent(of: folder)
        }
        for folder in folders.reversed() {
            if mkdir(folder, 0o700) != 0 && errno != EEXIST {
                return false
            }
        }
        return true
    }

    private static func homeFolder(environment: [String: String]) -> String? {
        if let home = environment["HOME"], !home.isEmpty {
            return home
        }
        guard let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir else { return nil }
        let home = String(cString: directory)
        return home.isEmpty ? nil : home
    }

    private static func join(_ folder: String, _ tail: String) -> String {
        folder.hasSuffix("/") ? folder + tail : folder + "/" + tail
    }

    private static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    private static func isFolder(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}
