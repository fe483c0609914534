import PartyModel

/// The known townships of a report year and how to recognise them (SPEC §2.4).
///
/// Names compare equal by `TownshipName.key`; the branch return's spelling is the
/// display name; the mapping file adds names and aliases.
public struct TownshipDirectory: Sendable {
    /// Comparison key → display name.
    private var byKey: [String: String] = [:]
    /// Keys longest first, for finding a name inside a title or file name.
    private var searchOrder: [(needle: String, display: String)] = []

    /// An empty directory.
    public init() {}

    /// True when no township is known.
    public var isEmpty: Bool { byKey.isEmpty }
    /// The display names, sorted.
    public var displayNames: [String] { Array(Set(byKey.values)).sorted() }

    /// Adds a name; an earlier spelling of the same key stays the display name.
    public mutating func add(_ name: String, display: String? = nil) {
        insert(name, display: display)
        rebuildSearchOrder()
    }

    /// Adds names as ``add(_:display:)`` does, sorting the search order once for all
    /// of them (adding them one by one sorts it once per name: quadratic time).
    public mutating func add(contentsOf names: [(name: String, display: String?)]) {
        for (name, display) in names { insert(name, display: display) }
        rebuildSearchOrder()
    }

    private mutating func insert(_ name: String, display: String?) {
        let key = TownshipName.key(name)
        guard !key.isEmpty else { return }
        let shown = display ?? TextNormaliser.compact(name)
        if byKey[key] == nil { byKey[key] = shown }
    }

    /// Adds the mapping file's townships and their aliases, in time linear in their
    /// number (plus one sort).
    public mutating func add(mapping: Mapping) {
        for (display, aliases) in mapping.townships {
            insert(display, display: TextNormaliser.compact(display))
            for alias in aliases {
                let key = TownshipName.key(alias)
                if !key.isEmpty && byKey[key] == nil { byKey[key] = byKey[TownshipName.key(display)] }
            }
        }
        rebuildSearchOrder()
    }

    private mutating func rebuildSearchOrder() {
        var needles: [(String, String)] = []
        for (key, display) in byKey {
            needles.append((key, display))
            let compactDisplay = TextNormaliser.compact(display)
            if compactDisplay != key { needles.append((compactDisplay, display)) }
        }
        searchOrder = needles.sorted { $0.0.count > $1.0.count }
    }

    /// The display name for a township written in a cell, or nil when unknown.
    public func resolve(_ written: String) -> String? {
        byKey[TownshipName.key(written)]
    }

    /// The known township whose name occurs in a text (title row, sheet name, file name).
    public func find(in text: String) -> String? {
        let haystack = TextNormaliser.compact(text)
        guard !haystack.isEmpty else { return nil }
        // Keys of one character (e.g. a township called 城) are too ambiguous to search for.
        for (needle, display) in searchOrder where needle.count >= 2 && haystack.contains(needle) {
            return display
        }
        return nil
    }
}
