/* fuzz_npy.c — libFuzzer target: the CLI's .npy trace reader (cli/npy.c) never crashes or reads
 * out of bounds on any bytes; what it accepts is a trace the prover can take (rows a power of
 * two, at least one column, every value < p), and the writer's bytes for that trace parse back to
 * the same trace. (The reader is not canonical by design: it takes every header spelling numpy
 * writes, so the check is a round trip of the trace, not of the bytes.) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

int cli_err(const char *fmt, ...) { (void)fmt; return 0; } /* cli/io.c reports through it */

static void fail(const char *why) {
    fprintf(stderr, "fuzz_npy: %s\n", why);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    swirl_trace t;
    char msg[256];
    if (cli_npy_parse(data, size, &t, msg, sizeof msg) != 0) return 0;
    if (!t.height || (t.height & (t.height - 1)) || !t.width) fail("accepted a shape the prover cannot take");
    for (size_t i = 0; i < t.width * t.height; i++)
        if (t.values[i] >= SWIRL_P) fail("accepted a value >= p");
    uint8_t *enc = NULL;
    size_t len = 0;
    if (cli_npy_encode(&t, &enc, &len) != 0) fail("the writer refused an accepted trace");
    swirl_trace back;
    if (cli_npy_parse(enc, len, &back, msg, sizeof msg) != 0) fail("the writer's bytes do not parse");
    if (back.width != t.width || back.height != t.height ||
        memcmp(back.values, t.values, t.width * t.height * sizeof(uint32_t)))
        fail("the round trip changed the trace");
    free(back.values);
    free(enc);
    free(t.values);
    return 0;
}
