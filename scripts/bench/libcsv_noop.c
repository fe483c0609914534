/* The raw-parser peer of issue 7: libcsv over a file with no-op callbacks.
 * Usage: libcsv_noop FILE   (prints the number of fields and rows)
 * Same options as partystats' CSVPushParser: CSV_REPALL_NL, no space trimming. */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>

static size_t fields, rows;
static void on_field(void *s, size_t len, void *data) { (void)s; (void)len; (void)data; fields++; }
static void on_row(int c, void *data) { (void)c; (void)data; rows++; }
static int never_space(unsigned char c) { (void)c; return 0; }

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: %s FILE\n", argv[0]); return 64; }
    FILE *f = fopen(argv[1], "rb");
    if (!f) { perror(argv[1]); return 1; }
    struct csv_parser p;
    if (csv_init(&p, CSV_REPALL_NL) != 0) { fputs("csv_init failed\n", stderr); return 1; }
    csv_set_space_func(&p, never_space);
    static char buf[1 << 20];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        if (csv_parse(&p, buf, n, on_field, on_row, NULL) != n) {
            fprintf(stderr, "%s\n", csv_strerror(csv_error(&p)));
            return 1;
        }
    }
    csv_fini(&p, on_field, on_row, NULL);
    csv_free(&p);
    fclose(f);
    printf("%zu fields, %zu rows\n", fields, rows);
    return 0;
}
