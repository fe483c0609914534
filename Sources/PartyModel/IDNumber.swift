/// A person's gender as recorded in returns.
public enum Gender: String, Sendable, Hashable, Codable, CaseIterable {
    /// 男.
    case male = "男"
    /// 女.
    case female = "女"

    /// Reads 男/女, 男性/女性, M/F, male/female (any case), and the GB/T 2261.1
    /// codes 1 (男) and 2 (女). Whitespace and full-width forms are ignored.
    /// - Returns: the gender, or nil for anything else (including blank).
    public static func parse(_ s: String) -> Gender? {
        let t = TextNormaliser.clean(s)
        if let g = table[t] { return g }
        guard t.utf8.count <= 6 else { return nil }
        switch t.lowercased() {
        case "male": return .male
        case "female": return .female
        default: return nil
        }
    }

    /// ``parse(_:)`` of a cell: a word of the table found by its bytes, or the text parsed.
    public static func parse(_ cell: CellText) -> Gender? { table.value(cell) { parse($0) } }

    private static let table = FastTable<Gender>([
        "男": .male, "男性": .male, "M": .male, "m": .male, "1": .male,
        "女": .female, "女性": .female, "F": .female, "f": .female, "2": .female,
    ])
}

/// A usable citizen identity number (公民身份号码, GB 11643-1999): 17 digits and a
/// check character (digit or `X`) with a real birth date inside.
///
/// Print it with ``masked`` (or `description`, which is the masked form);
/// ``value`` is the full number and is personal data.
public struct IDNumber: Hashable, Sendable, CustomStringConvertible {
    /// The 18 characters, check character `X` upper-case.
    public var value: String { withUTF8 { String(decoding: $0, as: UTF8.self) } }
    /// The 18 ASCII characters held inline (bytes 0–7, 8–15, 16–17): a member's ID is
    /// no string storage to allocate, share between threads and free.
    @usableFromInline let characters: (UInt64, UInt64, UInt16)
    /// True when the 18th character matches ``checkDigit(_:)`` of the first 17.
    public let checksumValid: Bool
    /// The birth date in characters 7–14.
    public let birthDate: Day
    /// From the 17th character: odd is male, even female.
    public let gender: Gender

    /// The first 6 characters, `********`, and the last 4: `410328********1234`.
    public var masked: String {
        let u = value.utf8
        return String(decoding: u.prefix(6), as: UTF8.self) + "********" + String(decoding: u.suffix(4), as: UTF8.self)
    }

    /// Same as ``masked``, so that interpolating an ID never leaks it.
    public var description: String { masked }

    /// Parses a text cell and returns the ID only when it is usable.
    public init?(_ text: String) {
        guard case .usable(let id, _) = IDNumber.parse(text: text) else { return nil }
        self = id
    }

    /// Calls `body` with the 18 characters' bytes (valid only inside `body`).
    @inlinable
    public func withUTF8<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        var characters = self.characters
        return try withUnsafeBytes(of: &characters) { raw in
            try body(UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: 18))
        }
    }

    /// Equal when the characters and what was derived from them are.
    public static func == (a: IDNumber, b: IDNumber) -> Bool {
        a.characters == b.characters && a.checksumValid == b.checksumValid && a.birthDate == b.birthDate
            && a.gender == b.gender
    }

    /// Hashes the 18 characters.
    public func hash(into hasher: inout Hasher) {
        withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// - Parameter characters: the 18 characters.
    private init(characters full: UnsafeBufferPointer<UInt8>, checksumValid: Bool, birthDate: Day, gender: Gender) {
        precondition(full.count == 18)
        let raw = UnsafeRawBufferPointer(full)
        characters = (raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self),
                      raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                      raw.loadUnaligned(fromByteOffset: 16, as: UInt16.self))
        self.checksumValid = checksumValid
        self.birthDate = birthDate
        self.gender = gender
    }

    /// ``parse(text:)`` of a cell's cleaned text; the usual cell, 17 ASCII digits and a
    /// digit or `X`/`x`, is read from its bytes.
    public static func parse(_ cell: CellText) -> IDParseOutcome {
        if let outcome = parse(utf8: cell.bytes) { return outcome }
        return cell.text.map { parse(text: $0) } ?? .empty
    }

    /// ``parse(text:)`` for the usual cell, 17 ASCII digits and a digit or `X`/`x`,
    /// read from its bytes; nil for any other bytes (``parse(text:)`` then decides).
    static func parse(utf8 b: UnsafeBufferPointer<UInt8>) -> IDParseOutcome? {
        guard b.count == 18 else { return nil }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 18) { buffer -> IDParseOutcome? in
            for i in 0..<17 {
                guard b[i] &- 0x30 < 10 else { return nil }
                buffer[i] = b[i]
            }
            let last = b[17]
            guard last &- 0x30 < 10 || last == UInt8(ascii: "X") || last == UInt8(ascii: "x") else { return nil }
            buffer[17] = last == UInt8(ascii: "x") ? UInt8(ascii: "X") : last
            return fromCharacters(buffer, count: 18)
        }
    }

    /// Parses an ID written as text.
    ///
    /// Removes all whitespace, folds full-width characters, upper-cases `x`, and
    /// ignores a leading `'` (Excel's force-text mark). Then:
    /// - 18 characters, 17 digits and a digit or `X`, with a real birth date
    ///   (years 1800–2100): `.usable` (check digit verified into `checksumValid`);
    /// - 15 digits with a real birth date `19YYMMDD`: upgraded to 18 (insert `19`
    ///   after the region code, append the computed check digit),
    ///   `.usable(…, upgradedFrom15: true)`;
    /// - number-shaped text that went through a float: exponent notation such as
    ///   `4.10328E+17` (at least 10^14), or more than 15 integer digits followed by
    ///   a `.0…` fraction: `.lostPrecision`; `410328199001011.0` is read as the
    ///   15-digit ID it exactly is;
    /// - blank: `.empty`; anything else: `.invalid`.
    public static func parse(text: String) -> IDParseOutcome {
        // The usual cell, read from its bytes; the loop below would copy the same 18 characters.
        if text.utf8.count == 18 {
            var t = text
            if let outcome = t.withUTF8(parse(utf8:)) { return outcome }
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 18) { buffer in
            var count = 0
            for scalar in text.unicodeScalars {
                if TextNormaliser.isSpace(scalar) { continue }
                let c = TextNormaliser.fold(scalar)
                let byte: UInt8
                switch c {
                case "0"..."9": byte = UInt8(c.value)
                case "X", "x": byte = UInt8(ascii: "X")
                case "'" where count == 0: continue
                default: return numberShaped(text)
                }
                guard count < 18 else { return numberShaped(text) }
                buffer[count] = byte
                count += 1
            }
            return count == 0 ? .empty : fromCharacters(buffer, count: count)
        }
    }

    /// Parses an ID that arrived as a numeric spreadsheet cell.
    ///
    /// A double holds at most 15–16 significant digits, so an 18-digit ID stored
    /// as a number has lost its last digits (Excel shows `4.10328E+17`): any value
    /// of 10^15 or more is `.lostPrecision`. A 15-digit integer is exact and is
    /// upgraded as in ``parse(text:)``. Anything else (fractions, negatives,
    /// too few digits, NaN) is `.invalid`.
    public static func parse(number: Double) -> IDParseOutcome {
        guard number.isFinite, number > 0 else { return .invalid }
        if number >= 1e15 { return .lostPrecision }
        guard number == number.rounded(.towardZero) else { return .invalid }
        return parse(text: String(Int64(number)))
    }

    /// The GB 11643-1999 check character for the first 17 digits: weights
    /// 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, sum mod 11 indexes `10X98765432`.
    ///
    /// - Parameter first17: the 17 digits, either as ASCII bytes (`"0"`…`"9"`, as
    ///   from `value.utf8.prefix(17)`) or as digit values 0…9. Other bytes count
    ///   as 0; elements beyond the 17th are ignored.
    public static func checkDigit(_ first17: some Collection<UInt8>) -> Character {
        var sum = 0
        for (weight, b) in zip(weights, first17) {
            let digit: UInt8
            switch b {
            case 0...9: digit = b
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - UInt8(ascii: "0")
            default: digit = 0
            }
            sum += weight * Int(digit)
        }
        return Character(Unicode.Scalar(checkBytes[sum % 11]))
    }

    /// ``checkDigit(_:)`` as an ASCII byte, for 17 ASCII digits at the start of `id`
    /// (the parser's hot path: no `Character`, no generic collection walk).
    @inline(__always)
    static func checkByte(_ id: UnsafeBufferPointer<UInt8>) -> UInt8 {
        var sum = 0
        weights.withUnsafeBufferPointer { w in
            for i in 0..<17 { sum &+= w[i] &* Int(id[i] &- UInt8(ascii: "0")) }
        }
        return checkBytes[sum % 11]
    }

    private static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    private static let checkBytes = Array("10X98765432".utf8)

    /// Builds the outcome from `count` cleaned characters (digits and `X` only) at
    /// the start of `id`, which has room for 18.
    private static func fromCharacters(_ id: UnsafeMutableBufferPointer<UInt8>, count: Int) -> IDParseOutcome {
        let x = UInt8(ascii: "X")
        let upgraded: Bool
        switch count {
        case 18:
            guard !id[0..<17].contains(x) else { return .invalid }
            upgraded = false
        case 15:
            guard !id[0..<15].contains(x) else { return .invalid }
            // Region code, "19", the 6-digit date remainder and sequence, check digit.
            for i in stride(from: 14, through: 6, by: -1) { id[i + 2] = id[i] }
            id[6] = UInt8(ascii: "1")
            id[7] = UInt8(ascii: "9")
            id[17] = checkByte(UnsafeBufferPointer(id))
            upgraded = true
        default:
            return .invalid
        }
        let full = UnsafeBufferPointer(id)
        guard let year = digitsValue(full, 6..<10), let month = digitsValue(full, 10..<12),
              let day = digitsValue(full, 12..<14), (1800...2100).contains(year),
              let birth = Day(year: year, month: month, day: day) else { return .invalid }
        let check = checkByte(full)
        let value = IDNumber(characters: full,
                             checksumValid: full[17] == check,
                             birthDate: birth,
                             gender: (full[16] - UInt8(ascii: "0")) % 2 == 1 ? .male : .female)
        return .usable(value, upgradedFrom15: upgraded)
    }

    private static func digitsValue(_ bytes: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Int? {
        var v = 0
        for b in bytes[r] {
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
            v = v * 10 + Int(b - UInt8(ascii: "0"))
        }
        return v
    }

    /// Classifies text that is not a plain run of ID characters: float-shaped
    /// text is `.lostPrecision` (or a 15-digit ID with a `.0` tail), else `.invalid`.
    private static func numberShaped(_ text: String) -> IDParseOutcome {
        var s = TextNormaliser.compact(text)
        if s.utf8.first == UInt8(ascii: "'") { s.removeFirst() }
        guard case .number(let d, let suffix) = DecimalText.scan(s.unicodeScalars[...], allowCurrency: false),
              suffix.isEmpty, !d.negative, !d.isZero else { return .invalid }
        let magnitudeDigits = d.significantDigits + d.exponent  // digits before the point
        let hasExponent = s.utf8.contains(UInt8(ascii: "E")) || s.utf8.contains(UInt8(ascii: "e"))
        // Plain digits of the wrong length (or with separators) are a typo, not a float.
        guard hasExponent || s.utf8.contains(UInt8(ascii: ".")) else { return .invalid }
        if hasExponent { return magnitudeDigits >= 15 ? .lostPrecision : .invalid }
        guard d.exponent >= 0 else { return .invalid }  // a real fraction
        if magnitudeDigits > 15 { return .lostPrecision }
        if magnitudeDigits == 15, case .success(let v) = d.scaledMagnitude(by: 0) {
            return parse(text: String(v))
        }
        return .invalid
    }
}

/// The result of reading an ID cell; see ``IDNumber/parse(text:)``.
public enum IDParseOutcome: Sendable, Equatable {
    /// 17 digits and a digit or `X` with a real birth date. `checksumValid` may be
    /// false (the caller warns `id.checksum`). `upgradedFrom15` when it was written
    /// with 15 digits.
    case usable(IDNumber, upgradedFrom15: Bool)
    /// The ID went through a floating-point number and lost digits
    /// (`id.lost_precision`).
    case lostPrecision
    /// Wrong length or characters, or an impossible birth date.
    case invalid
    /// Blank.
    case empty

    /// The ID when usable, else nil.
    public var id: IDNumber? {
        if case .usable(let id, _) = self { return id }
        return nil
    }
}
