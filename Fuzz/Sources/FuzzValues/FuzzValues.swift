import FuzzDriver
import PartyModel

/// libFuzzer entry point for the value normalisers (SPEC §3): ID numbers, dates,
/// money and counts, from text and from numeric cells. The first 8 bytes are also
/// read as a Double so the numeric paths see NaN, infinities and subnormals.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzValues(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let buffer = UnsafeBufferPointer(start: data, count: size)
    let text = String(decoding: buffer, as: UTF8.self)

    let outcome = IDNumber.parse(text: text)
    if let id = outcome.id {
        // A usable ID never shows more than its first 6 and last 4 characters.
        precondition(id.masked.count == 18, "mask length \(id.masked)")
    }
    let masked = IDNumber.maskAll(in: text)
    precondition(!masked.isEmpty || text.isEmpty, "maskAll emptied text")
    _ = IDNumber(text)
    _ = DateParser.parse(text)
    _ = DateParser.parse(text, date1904: true)
    _ = Fen.parse(text, unit: .yuan)
    _ = Fen.parse(text, unit: .wan)
    _ = CountParser.parse(text)
    _ = FlagParser.parse(text)
    _ = TextNormaliser.clean(text)
    _ = TextNormaliser.compact(text)
    _ = TextNormaliser.header(text)

    if size >= 8 {
        var bits: UInt64 = 0
        for i in 0..<8 { bits |= UInt64(buffer[i]) << (8 * UInt64(i)) }
        let number = Double(bitPattern: bits)
        _ = IDNumber.parse(number: number)
        _ = DateParser.fromSerial(number)
        _ = DateParser.fromSerial(number, date1904: true)
        _ = Fen.parse(number: number, unit: .yuan)
        _ = Fen.parse(number: number, unit: .wan)
        _ = CountParser.parse(number: number)
    }
    return 0
}
