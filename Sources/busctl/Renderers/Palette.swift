import BusScript

/// ANSI colours for one output stream, or none.
///
/// Every renderer paints through a palette, so turning colour off
/// (`--no-color`, `NO_COLOR`, `set color off`, output that is not a terminal)
/// is one switch.
struct Palette: Sendable {
    /// A text style.
    enum Style: String, Sendable {
        case bold = "1"
        case dim = "2"
        case red = "31"
        case green = "32"
        case yellow = "33"
        case blue = "34"
        case magenta = "35"
        case cyan = "36"
        case boldRed = "1;31"
        case boldGreen = "1;32"
    }

    /// Whether escapes are written at all.
    let isEnabled: Bool

    /// `text` in `style`, or `text` unchanged when colour is off.
    func paint(_ text: String, _ style: Style) -> String {
        guard isEnabled, !text.isEmpty else { return text }
        return "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m"
    }

    /// Decides whether a stream is coloured.
    ///
    /// `on` and `off` are taken as they are; `auto` colours a terminal unless
    /// `NO_COLOR` is set to a non-empty value or `TERM` is `dumb`.
    static func resolve(_ mode: ColorMode, isTerminal: Bool, environment: [String: String]) -> Bool {
        switch mode {
        case .on: return true
        case .off: return false
        case .auto:
            if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
            if environment["TERM"] == "dumb" { return false }
            return isTerminal
        }
    }
}
