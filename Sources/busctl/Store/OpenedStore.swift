import BusScript

/// The store a run of busctl keeps its context and outbox in, with what
/// must happen to it when the session ends.
///
/// SQLite in memory (the default), a SQLite file (`--db PATH`) or a
/// PostgreSQL database (`--postgres URL`, whose client is shut down
/// cleanly by ``close()``).
struct OpenedStore {
    /// The store.
    let store: any SessionStore
    /// Releases the store's resources (the PostgreSQL client's connections).
    let close: () -> Void
}

extension Invocation {
    /// Opens the store the command line asks for.
    ///
    /// - Throws: `StoreError` for a `--db` file that cannot be used;
    ///   ``PostgresStoreError`` for a `--postgres` URL that cannot be read
    ///   or a database that cannot be reached or prepared (exit status 2).
    func openStore() throws -> OpenedStore {
        if let postgresURL {
            let store = try PostgresSessionStore(url: postgresURL)
            return OpenedStore(store: store, close: store.close)
        }
        let store = try databasePath.map { try SQLiteSessionStore(path: $0) } ?? SQLiteSessionStore()
        return OpenedStore(store: store, close: {})
    }
}
