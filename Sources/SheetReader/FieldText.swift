/// The UTF-8 text of consecutive fields as a block of a CSV file is parsed: the
/// bytes, and the bounds where each field ends. Owns its two buffers and frees them
/// in `deinit`, or hands them to the ``TextFields`` its rows share (``split(keepingFrom:)``).
///
/// Field `i` runs from `bounds[i]` to `bounds[i + 1]`; `bounds[0]` is always set.
struct FieldText: ~Copyable {
    private var bytes: UnsafeMutablePointer<UInt8>
    private var byteCount = 0
    private var byteCapacity: Int
    private var bounds: UnsafeMutablePointer<Int>
    /// The number of complete fields (`bounds` holds one more).
    private(set) var fieldCount = 0
    private var boundsCapacity: Int

    static let initialBytes = 1 << 21
    static let initialBounds = 1 << 18

    init(byteCapacity: Int = FieldText.initialBytes, boundsCapacity: Int = FieldText.initialBounds) {
        self.byteCapacity = max(byteCapacity, 1)
        self.boundsCapacity = max(boundsCapacity, 2)
        bytes = .allocate(capacity: self.byteCapacity)
        bounds = .allocate(capacity: self.boundsCapacity)
        bounds[0] = 0
    }

    deinit {
        bytes.deallocate()
        bounds.deallocate()
    }

    /// Appends a field of exactly these bytes.
    @inline(__always)
    mutating func appendField(_ field: UnsafeRawBufferPointer) {
        let count = field.count
        if count > 0, let base = field.baseAddress {
            reserve(count)
            (bytes + byteCount).update(from: base.assumingMemoryBound(to: UInt8.self), count: count)
            byteCount &+= count
        }
        endField()
    }

    /// Appends a field that `write` writes to room for `capacity` bytes and returns the
    /// count of; nothing (and false) when `write` gives nil.
    @inline(__always)
    mutating func appendField(reserving capacity: Int, _ write: (UnsafeMutablePointer<UInt8>) -> Int?) -> Bool {
        reserve(capacity)
        guard let written = write(bytes + byteCount) else { return false }
        byteCount &+= written
        endField()
        return true
    }

    /// The bytes of the last field appended.
    var lastField: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: bytes + bounds[fieldCount - 1], count: bounds[fieldCount] - bounds[fieldCount - 1])
    }

    /// Hands fields `0 ..< first` (with the bytes of all fields) to a ``TextFields``,
    /// and keeps the fields from `first` on, renumbered from 0, as the start of the
    /// next text (a record not yet ended when a block is sealed).
    mutating func split(keepingFrom first: Int) -> TextFields {
        let carryStart = bounds[first]
        let carryBytes = byteCount - carryStart
        let nextCapacity = max(FieldText.initialBytes, 2 * carryBytes)
        let nextBytes = UnsafeMutablePointer<UInt8>.allocate(capacity: nextCapacity)
        nextBytes.update(from: bytes + carryStart, count: carryBytes)
        let carryFields = fieldCount - first
        let nextBoundsCapacity = max(FieldText.initialBounds, 2 * (carryFields + 1))
        let nextBounds = UnsafeMutablePointer<Int>.allocate(capacity: nextBoundsCapacity)
        for i in 0...carryFields { nextBounds[i] = bounds[first + i] - carryStart }
        let shared = TextFields(taking: bytes, bounds: bounds)
        bytes = nextBytes
        byteCount = carryBytes
        byteCapacity = nextCapacity
        bounds = nextBounds
        fieldCount = carryFields
        boundsCapacity = nextBoundsCapacity
        return shared
    }

    @inline(__always)
    private mutating func endField() {
        if fieldCount &+ 1 == boundsCapacity { growBounds() }
        fieldCount &+= 1
        bounds[fieldCount] = byteCount
    }

    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if byteCount &+ extra > byteCapacity { growBytes(extra) }
    }

    private mutating func growBytes(_ extra: Int) {
        let capacity = max(2 * byteCapacity, byteCount + extra)
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        grown.update(from: bytes, count: byteCount)
        bytes.deallocate()
        bytes = grown
        byteCapacity = capacity
    }

    private mutating func growBounds() {
        let capacity = 2 * boundsCapacity
        let grown = UnsafeMutablePointer<Int>.allocate(capacity: capacity)
        grown.update(from: bounds, count: fieldCount + 1)
        bounds.deallocate()
        bounds = grown
        boundsCapacity = capacity
    }
}
