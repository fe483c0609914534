import Digest
import XCTest

final class SHA256DigestTests: XCTestCase {
    private func hex(_ chunks: [[UInt8]]) throws -> String {
        let digest = try SHA256Digest()
        for chunk in chunks { try chunk.withUnsafeBytes { try digest.update($0) } }
        return try digest.hexDigest()
    }

    func testKnownVectors() throws {
        // FIPS 180-2 examples.
        XCTAssertEqual(try hex([]), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(try hex([Array("abc".utf8)]), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(try hex([Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)]),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    func testChunksGiveTheSameDigestAsTheWhole() throws {
        let million = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        XCTAssertEqual(try hex([million]), expected)
        XCTAssertEqual(try hex(stride(from: 0, to: million.count, by: 65_537).map {
            Array(million[$0..<min($0 + 65_537, million.count)])
        }), expected)
    }
}
