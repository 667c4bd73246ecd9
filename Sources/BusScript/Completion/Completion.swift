/// What Tab offers at the cursor: the word being typed and the texts that
/// can replace it.
///
/// ``Session/completions(for:cursor:entry:)`` computes it from the text
/// before the cursor and the session's current definitions; busctl's line
/// editor inserts ``commonText`` (a unique candidate, or the part all
/// candidates share) and lists ``candidates`` on a second Tab.
///
/// ```swift
/// let completion = session.completions(for: "send Pla", cursor: 8)
/// // completion.replacedLength == 3, completion.commonText == "PlaceOrder("
/// ```
public struct Completion: Sendable, Equatable {
    /// One thing the word can become.
    public struct Candidate: Sendable, Equatable {
        /// The text that replaces the word, with what naturally follows it
        /// (`PlaceOrder(`, `order_id: `, `send `).
        public var text: String
        /// How the candidate is listed (`PlaceOrder`, `order_id`, `send`).
        public var label: String

        public init(text: String, label: String) {
            self.text = text
            self.label = label
        }
    }

    /// How many Unicode scalars before the cursor the candidates replace.
    public var replacedLength: Int
    /// The candidates, sorted by label, without duplicates.
    public var candidates: [Candidate]

    public init(replacedLength: Int, candidates: [Candidate]) {
        self.replacedLength = replacedLength
        var seen: Set<String> = []
        self.candidates = candidates
            .filter { seen.insert($0.text).inserted }
            .sorted { $0.label == $1.label ? $0.text < $1.text : $0.label < $1.label }
    }

    /// Nothing to offer.
    public static let none = Completion(replacedLength: 0, candidates: [])

    /// True when there is nothing to offer.
    public var isEmpty: Bool { candidates.isEmpty }

    /// The longest text every candidate starts with (the whole text for a
    /// single candidate; empty when there is none).
    public var commonText: String {
        guard var common = candidates.first.map({ Array($0.text.unicodeScalars) }) else { return "" }
        for candidate in candidates.dropFirst() {
            let scalars = Array(candidate.text.unicodeScalars)
            var length = 0
            while length < common.count, length < scalars.count, common[length] == scalars[length] {
                length += 1
            }
            common.removeLast(common.count - length)
        }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: common)
        return String(text)
    }
}
