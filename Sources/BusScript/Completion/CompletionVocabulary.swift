import Foundation

/// What completion can offer: a snapshot of the session's definitions and
/// state, plus the way to list files for `load` and `save`.
///
/// The session builds one for each Tab; tests build their own.
struct CompletionVocabulary {
    /// A message type and its fields in declaration order.
    struct MessageType {
        var name: String
        var isCommand: Bool
        var fields: [String]
    }

    /// An entry of a folder.
    struct FolderEntry: Equatable {
        var name: String
        var isFolder: Bool
    }

    var types: [MessageType] = []
    /// Handler names in dispatch order.
    var handlers: [String] = []
    var functions: [String] = []
    /// Top-level variables.
    var globals: [String] = []
    /// The context's top-level keys.
    var contextKeys: [String] = []
    /// Outbox ids, lowercase.
    var outboxIDs: [String] = []
    /// The folder relative `load`/`save` paths start from.
    var directory: String = FileManager.default.currentDirectoryPath
    /// Lists a folder (an absolute path); empty when it cannot be read.
    var listFolder: (String) -> [FolderEntry] = CompletionVocabulary.listFolderOnDisk

    func type(named name: String) -> MessageType? {
        types.first { $0.name == name }
    }

    /// The entries of `path` on disk, hidden ones included (completion
    /// decides which to show).
    static func listFolderOnDisk(_ path: String) -> [FolderEntry] {
        let files = FileManager.default
        guard let names = try? files.contentsOfDirectory(atPath: path) else { return [] }
        return names.map { name in
            var isFolder: ObjCBool = false
            _ = files.fileExists(atPath: (path as NSString).appendingPathComponent(name), isDirectory: &isFolder)
            return FolderEntry(name: name, isFolder: isFolder.boolValue)
        }
    }
}
