// SwiftPM links debug executables on Linux with `--defsym main=<Module>_main` (so
// tests can import them), but with -parse-as-library a Swift module defines no
// `<Module>_main`. These hand control to libFuzzer's driver instead; in release
// builds nothing references them and libFuzzer's own `main` is used.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *, size_t));

#define FUZZ_MAIN(name) \
    int name##_main(int argc, char **argv) { return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput); }

FUZZ_MAIN(FuzzCSV)
FUZZ_MAIN(FuzzXLSX)
FUZZ_MAIN(FuzzXLS)
FUZZ_MAIN(FuzzValues)
