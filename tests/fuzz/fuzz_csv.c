/* libFuzzer target: daemon/csv.c (csv_open_memory, csv_next) over arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The first byte picks a record limit, small ones to reach CSV_TOO_LONG, 0 the default. */
    size_t max_record = 0;
    if (size > 0) {
        max_record = data[0] & 0x80 ? (size_t)(data[0] & 0x7f) + 1 : 0;
        data++;
        size--;
    }
    /* libFuzzer's buffer ends exactly at the input's end, so ASan catches any read past it. */
    struct csv_reader *r = csv_open_memory((const char *)data, size, max_record);
    struct csv_record rec;
    int rc;
    long last_line = 0;
    while ((rc = csv_next(r, &rec)) == 1) {
        /* The reader's promises: NUL-terminated fields of the stated length, lines in order. */
        for (size_t i = 0; i < rec.nfields; i++)
            if (strlen(rec.fields[i]) != rec.lengths[i])
                __builtin_trap();
        if (rec.line < last_line || rec.end_line < rec.line)
            __builtin_trap();
        last_line = rec.end_line;
    }
    if (rc != 0 || csv_bytes(r) > (long long)size)
        __builtin_trap();
    (void)csv_line(r);
    (void)csv_had_bom(r);
    csv_close(r);
    return 0;
}
