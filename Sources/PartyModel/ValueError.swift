/// Why a numeric cell (count or amount) could not be read. The raw values
/// (`invalid`, `negative`, `fractional`, `tooPrecise`, `tooLarge`) are stable.
public enum ValueError: String, Error, Sendable, Hashable, CaseIterable {
    /// Not a number at all (text, blank, malformed separators).
    case invalid
    /// A number below zero.
    case negative
    /// A count with a fractional part (`1.5`).
    case fractional
    /// An amount with more precision than one fen (`1.234` 元).
    case tooPrecise
    /// Beyond what a 64-bit count or fen amount holds.
    case tooLarge
}
