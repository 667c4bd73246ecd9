import BusScript

/// What one run of busctl is asked to do, once the command line is parsed.
struct Invocation {
    /// `-e` texts, run first, in order.
    var expressions: [String] = []
    /// Script files, run after the texts, in order.
    var files: [String] = []
    /// `-i FILE`: run after the files, then open the REPL.
    var interactiveFile: String?
    /// `--present FILE`: after the other sources, show FILE statement by
    /// statement (presenter mode), then open the REPL.
    var presentFile: String?
    /// The session's settings (trace, colour, keep-going, deterministic).
    var options = SessionOptions()
    /// `--db PATH`: the SQLite file for context and outbox; nil keeps them
    /// in an in-memory database.
    var databasePath: String?
    /// `--postgres URL`: the PostgreSQL database for context and outbox
    /// (never together with `databasePath`).
    var postgresURL: String?
    /// The process environment (colours, history location).
    var environment: [String: String] = [:]

    /// True when busctl reads standard input after the sources: with no
    /// source at all, with `-i`, or with `--present`.
    var readsStandardInput: Bool {
        interactiveFile != nil || presentFile != nil || (expressions.isEmpty && files.isEmpty)
    }
}
