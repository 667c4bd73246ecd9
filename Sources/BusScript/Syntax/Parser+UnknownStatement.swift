/// A word that is not a statement, followed by more of the line: most often
/// a misspelt statement word (`sned PlaceOrder(order_id: 1)`). The error
/// says so and suggests the closest statement word.
extension TokenParser {
    /// The words that start statements in code (LANGUAGE.md §1, §4).
    static let codeStatementWords = ["let", "if", "for", "while", "break", "continue", "return", "fail",
                                     "emit", "print", "crash", "dispatch", "assert", "fn"]

    /// Throws when `statement` is a bare name and the line goes on after it.
    @inline(never)
    func rejectUnknownStatement(_ statement: Stmt, _ place: StatementPlace) throws {
        guard !atStatementEnd, case .expression(let expr) = statement.kind, case .name(let name) = expr.kind else { return }
        let words = place.isTopLevelCode ? Array(Words.commands) + Self.codeStatementWords : Self.codeStatementWords + ["outbox"]
        let hint = DidYouMean.hint(for: name, among: words)
        throw error("unknown statement `\(name)`\(hint); `help` lists the statements", at: expr.location)
    }
}
