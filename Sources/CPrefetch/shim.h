/* A hint that the cache line at `p` is about to be read and written: the CPU starts
   loading it and goes on (no fault, no result). Swift has no way to say this. */
static inline void partystats_prefetch_for_write(const void *p) {
    __builtin_prefetch(p, 1, 3);
}
