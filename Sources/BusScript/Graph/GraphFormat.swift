/// How `graph` draws the handler chain.
public enum GraphFormat: String, Sendable, CaseIterable {
    /// An indented tree for the terminal (the default).
    case tree
    /// A Mermaid flowchart (`graph --mermaid`).
    case mermaid
    /// Graphviz DOT (`graph --dot`).
    case dot
}
