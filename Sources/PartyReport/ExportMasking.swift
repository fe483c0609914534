import Foundation
import PartyModel

/// Masks a phone number for human-facing output: the first three and last four
/// digits stay, every digit between becomes `*` (`13812345678` → `138****5678`).
///
/// Separators are kept in place (`0377-1234 5678` → `037*-**** 5678`); a value
/// with fewer than eight digits is masked entirely, since keeping seven of
/// seven digits would hide nothing.
///
/// - Parameter phone: the phone number as stored.
/// - Returns: the masked text.
package func maskPhoneNumber(_ phone: String) -> String {
    let digitCount = phone.unicodeScalars.filter { ("0"..."9").contains($0) }.count
    var seen = 0
    var out = String.UnicodeScalarView()
    for scalar in phone.unicodeScalars {
        guard ("0"..."9").contains(scalar) else {
            out.append(scalar)
            continue
        }
        seen += 1
        let keep = digitCount >= 8 && (seen <= 3 || seen > digitCount - 4)
        out.append(keep ? scalar : "*")
    }
    return String(out)
}

/// Masks every 18-character ID number in `text` (`410328********1234`).
package func maskIDNumbers(in text: String) -> String {
    IDNumber.maskAll(in: text)
}
