/* test_cli_npy.c — the CLI's .npy reader and writer (cli/npy.c) at the byte level: the writer's
 * exact bytes (numpy.save's layout for a C-ordered '<u4' array, 64-byte aligned header), parse
 * round trips, format 2.0 and 3.0 headers, every truncation of a valid file refused, and random
 * mutations of valid files (bytes anywhere, header characters, lengths) never read outside the
 * buffer (run under the sanitizers in check-hardening) and, when accepted, yield a trace whose
 * re-encoding parses back to the same values. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "test_util.h"

/* npy.c's and io.c's only outside needs besides libc (progress.c's, without its terminal state) */
double cli_now(void) { return 0.0; }
int cli_err(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    return 0;
}

static uint8_t *copy(const uint8_t *b, size_t n) {
    uint8_t *c = malloc(n ? n : 1);
    if (!c) abort();
    memcpy(c, b, n);
    return c;
}

static void test_exact_bytes(void) {
    uint32_t v[8] = {0, 1, 1, 1, 1, 2, 2, 3};
    swirl_trace t = {v, 4, 2};
    uint8_t *b = NULL;
    size_t n = 0;
    CHECK(cli_npy_encode(&t, &b, &n) == CLI_OK);
    static const char head[] = "\x93NUMPY\x01\x00\x76\x00{'descr': '<u4', 'fortran_order': False, 'shape': (4, 2), }";
    CHECK_EQ_U64(n, 128 + 32);
    CHECK(b && !memcmp(b, head, sizeof head - 1));
    int pad_ok = 1;
    for (size_t i = sizeof head - 1; i < 127; i++) pad_ok &= b[i] == ' ';
    CHECK(pad_ok && b[127] == '\n');
    CHECK(b[128] == 0 && b[132] == 1 && b[156] == 3 && b[157] == 0);
    swirl_trace o;
    char msg[256];
    CHECK(cli_npy_parse(b, n, &o, msg, sizeof msg) == CLI_OK);
    CHECK(o.height == 4 && o.width == 2 && o.values && !memcmp(o.values, v, sizeof v));
    free(o.values);
    /* every truncation is refused (and allocates nothing that leaks) */
    int all = 1;
    for (size_t cut = 0; cut < n; cut++) {
        uint8_t *c = copy(b, cut);
        if (cli_npy_parse(c, cut, &o, msg, sizeof msg) != CLI_USAGE || o.values) all = 0;
        free(c);
    }
    CHECK(all);
    free(b);
}

static void test_versions(void) {
    /* format 2.0 / 3.0: 4-byte header length; double quotes, any key order, no trailing comma */
    const char dict[] = "{\"shape\": (2, 1), \"fortran_order\": False, \"descr\": \"<u4\"}\n";
    for (unsigned major = 2; major <= 3; major++) {
        size_t hl = sizeof dict - 1, n = 12 + hl + 8;
        uint8_t *b = malloc(n);
        if (!b) abort();
        memcpy(b, "\x93NUMPY", 6);
        b[6] = (uint8_t)major;
        b[7] = 0;
        b[8] = (uint8_t)hl;
        b[9] = b[10] = b[11] = 0;
        memcpy(b + 12, dict, hl);
        const uint8_t data[8] = {7, 0, 0, 0, 0, 0, 0, 0x78}; /* 7, 0x78000000 = 2013265920 = p - 1 */
        memcpy(b + 12 + hl, data, 8);
        swirl_trace o;
        char msg[256];
        CHECK(cli_npy_parse(b, n, &o, msg, sizeof msg) == CLI_OK);
        CHECK(o.height == 2 && o.width == 1 && o.values && o.values[0] == 7 && o.values[1] == SWIRL_P - 1);
        free(o.values);
        b[n - 1] = 0x79; /* p + 0x01000000 - 1: not a field element */
        CHECK(cli_npy_parse(b, n, &o, msg, sizeof msg) == CLI_USAGE);
        CHECK_MSG(strstr(msg, "row 1, column 0 is not a field element") != NULL, "%s", msg);
        free(b);
    }
}

static void test_mutations(void) {
    uint32_t v[16];
    for (int i = 0; i < 16; i++) v[i] = (uint32_t)i * 1000003u;
    swirl_trace t = {v, 8, 2};
    uint8_t *b = NULL;
    size_t n = 0;
    CHECK(cli_npy_encode(&t, &b, &n) == CLI_OK);
    if (!b) return;
    static const char alphabet[] = " (),:'\"0123456789{}TrueFalse<>u4i8\n\t";
    int accepted = 0, consistent = 1;
    t_seed(7);
    for (int it = 0; it < 100000; it++) {
        size_t len = n;
        if (t_rand64() % 4 == 0) len = (size_t)(t_rand64() % n);
        else if (t_rand64() % 4 == 0) len = n + (size_t)(t_rand64() % 9);
        uint8_t *c = malloc(len ? len : 1);
        if (!c) abort();
        for (size_t k = 0; k < len; k++) c[k] = k < n ? b[k] : (uint8_t)t_rand64();
        int flips = 1 + (int)(t_rand64() % 4);
        for (int f = 0; f < flips && len; f++) {
            size_t lim = len > 128 && t_rand64() % 2 ? 128 : len; /* half the flips in the header */
            size_t p = (size_t)(t_rand64() % lim);
            c[p] = t_rand64() % 2 ? (uint8_t)t_rand64() : (uint8_t)alphabet[t_rand64() % (sizeof alphabet - 1)];
        }
        swirl_trace o;
        char msg[256];
        int rc = cli_npy_parse(c, len, &o, msg, sizeof msg);
        free(c); /* the parsed trace owns its own copy */
        if (rc == CLI_OK) {
            accepted++;
            uint8_t *again = NULL;
            size_t an = 0;
            swirl_trace back;
            if (cli_npy_encode(&o, &again, &an) != CLI_OK || cli_npy_parse(again, an, &back, msg, sizeof msg) != CLI_OK ||
                back.height != o.height || back.width != o.width || memcmp(back.values, o.values, o.height * o.width * 4))
                consistent = 0;
            else
                free(back.values);
            free(again);
            free(o.values);
        } else if (rc != CLI_USAGE || o.values || !msg[0]) {
            consistent = 0;
        }
    }
    CHECK(consistent);
    CHECK(accepted > 0 && accepted < 100000);
    free(b);
}

int main(void) {
    test_exact_bytes();
    test_versions();
    test_mutations();
    return t_summary("test_cli_npy");
}
