import CPrefetch

/// Asks the CPU to start loading the cache line at `address` for a write soon: a
/// lookup in a table far larger than the caches (the import's million-entry ID table)
/// then finds its slot loaded instead of waiting for memory. Only a hint: nothing is
/// read, and any address is allowed.
@inlinable @inline(__always)
public func prefetchForWrite(_ address: UnsafeRawPointer) {
    partystats_prefetch_for_write(address)
}
