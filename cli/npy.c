/* npy.c — NumPy .npy traces: a strict reader of the one layout swirl accepts (2-D, '<u4', C
 * order) and the writer numpy.save's output matches. The reader works on the file's bytes
 * (already capped by cli_read_file); every length it reads from the header is checked against
 * what is there before it is used, so no input reads beyond the buffer or allocates more than
 * the data it holds. Format: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 * (magic "\x93NUMPY", version, little-endian header length, a Python dict literal, the data). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

static const uint8_t k_magic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};

static int fail_msg(char *msg, size_t msglen, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static int fail_msg(char *msg, size_t msglen, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, msglen, fmt, ap);
    va_end(ap);
    return CLI_USAGE;
}

/* A cursor over the header text [p, end). */
typedef struct hcur {
    const char *p, *end;
} hcur;

static void skip_ws(hcur *c) {
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r')) c->p++;
}

static int take(hcur *c, char ch) {
    skip_ws(c);
    if (c->p < c->end && *c->p == ch) {
        c->p++;
        return 1;
    }
    return 0;
}

/* A quoted string literal (' or ", no escapes: numpy's keys and dtype strings have none) into
 * out (at most outlen - 1 characters). */
static int take_string(hcur *c, char *out, size_t outlen) {
    skip_ws(c);
    if (c->p >= c->end || (*c->p != '\'' && *c->p != '"')) return 0;
    char q = *c->p++;
    size_t n = 0;
    while (c->p < c->end && *c->p != q) {
        if (*c->p == '\\' || n + 1 >= outlen) return 0;
        out[n++] = *c->p++;
    }
    if (c->p >= c->end) return 0;
    c->p++;
    out[n] = '\0';
    return 1;
}

static int take_word(hcur *c, const char *w) {
    skip_ws(c);
    size_t n = strlen(w);
    if ((size_t)(c->end - c->p) < n || memcmp(c->p, w, n)) return 0;
    c->p += n;
    return 1;
}

/* A non-negative decimal (Python int; numpy writes plain digits, maybe an L suffix in old files) up to 2^48. */
static int take_uint(hcur *c, uint64_t *v) {
    skip_ws(c);
    if (c->p >= c->end || *c->p < '0' || *c->p > '9') return 0;
    uint64_t x = 0;
    while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
        x = x * 10 + (uint64_t)(*c->p++ - '0');
        if (x > ((uint64_t)1 << 48)) return 0;
    }
    if (c->p < c->end && *c->p == 'L') c->p++;
    *v = x;
    return 1;
}

#define NPY_MAX_DIMS 32

typedef struct npy_header {
    char descr[32];
    int fortran_order;
    uint64_t shape[NPY_MAX_DIMS];
    size_t ndim;
} npy_header;

/* shape: "(" [n ("," n)* [","]] ")" */
static int take_shape(hcur *c, npy_header *h) {
    if (!take(c, '(')) return 0;
    h->ndim = 0;
    if (take(c, ')')) return 1;
    for (;;) {
        if (h->ndim == NPY_MAX_DIMS || !take_uint(c, &h->shape[h->ndim])) return 0;
        h->ndim++;
        if (take(c, ')')) return 1;
        if (!take(c, ',')) return 0;
        if (take(c, ')')) return 1;
    }
}

/* The header dict: exactly the keys descr, fortran_order and shape, in any order. */
static int parse_dict(hcur *c, npy_header *h, char *msg, size_t msglen) {
    int have_descr = 0, have_order = 0, have_shape = 0;
    if (!take(c, '{')) return fail_msg(msg, msglen, "the header is not a dictionary");
    while (!take(c, '}')) {
        char key[32];
        if (!take_string(c, key, sizeof key) || !take(c, ':')) return fail_msg(msg, msglen, "malformed header dictionary");
        if (!strcmp(key, "descr") && !have_descr) {
            if (!take_string(c, h->descr, sizeof h->descr))
                return fail_msg(msg, msglen, "the dtype is not a simple type string (structured arrays are not supported)");
            have_descr = 1;
        } else if (!strcmp(key, "fortran_order") && !have_order) {
            if (take_word(c, "True")) h->fortran_order = 1;
            else if (take_word(c, "False")) h->fortran_order = 0;
            else return fail_msg(msg, msglen, "fortran_order is neither True nor False");
            have_order = 1;
        } else if (!strcmp(key, "shape") && !have_shape) {
            if (!take_shape(c, h)) return fail_msg(msg, msglen, "malformed shape (a tuple of at most %d sizes up to 2^48)", NPY_MAX_DIMS);
            have_shape = 1;
        } else {
            return fail_msg(msg, msglen, "unexpected or repeated header key '%s'", key);
        }
        if (!take(c, ',')) {
            if (!take(c, '}')) return fail_msg(msg, msglen, "malformed header dictionary");
            break;
        }
    }
    skip_ws(c);
    if (c->p != c->end) return fail_msg(msg, msglen, "text after the header dictionary");
    if (!have_descr || !have_order || !have_shape)
        return fail_msg(msg, msglen, "the header lacks %s", !have_descr ? "descr" : !have_order ? "fortran_order" : "shape");
    return CLI_OK;
}

static void shape_text(const npy_header *h, char *buf, size_t len) {
    size_t n = (size_t)snprintf(buf, len, "(");
    for (size_t i = 0; i < h->ndim && n < len; i++)
        n += (size_t)snprintf(buf + n, len - n, "%s%llu", i ? ", " : "", (unsigned long long)h->shape[i]);
    if (n < len) snprintf(buf + n, len - n, h->ndim == 1 ? ",)" : ")");
}

/* Checks the header against swirl's layout; *rows / *cols on success. */
static int check_layout(const npy_header *h, size_t data_len, size_t *rows, size_t *cols, char *msg, size_t msglen) {
    char shape[96];
    shape_text(h, shape, sizeof shape);
    if (strcmp(h->descr, "<u4"))
        return fail_msg(msg, msglen, "dtype '%s' is not supported: a trace is uint32 little-endian ('<u4'; numpy: a.astype('<u4'))", h->descr);
    if (h->fortran_order)
        return fail_msg(msg, msglen, "the array is in Fortran (column-major) order: save a C-ordered array (numpy.ascontiguousarray)");
    if (h->ndim != 2) return fail_msg(msg, msglen, "shape %s is not 2-D: a trace is (rows, columns)", shape);
    uint64_t r = h->shape[0], c = h->shape[1];
    if (r == 0 || (r & (r - 1))) return fail_msg(msg, msglen, "%llu rows: the row count must be a power of two (pad the trace)", (unsigned long long)r);
    if (c == 0) return fail_msg(msg, msglen, "shape %s has no columns", shape);
    if (c > SWIRL_MAX_AIR_WIDTH) return fail_msg(msg, msglen, "%llu columns: more than swirl's %zu", (unsigned long long)c, SWIRL_MAX_AIR_WIDTH);
    /* r <= 2^48 and c <= 2^24: r * c * 4 may not fit in 64 bits, so compare by division first */
    if (r > (uint64_t)data_len / 4 / c)
        return fail_msg(msg, msglen, "truncated: the data is %zu bytes, shape %s of '<u4' needs more", data_len, shape);
    if (r * c * 4 != (uint64_t)data_len)
        return fail_msg(msg, msglen, "the data is %zu bytes, shape %s of '<u4' needs %llu (trailing bytes)", data_len, shape,
                        (unsigned long long)(r * c * 4));
    *rows = (size_t)r;
    *cols = (size_t)c;
    return CLI_OK;
}

int cli_npy_parse(const uint8_t *b, size_t len, swirl_trace *out, char *msg, size_t msglen) {
    memset(out, 0, sizeof *out);
    if (len < 10 || memcmp(b, k_magic, 6)) return fail_msg(msg, msglen, "not a NumPy .npy file (no \\x93NUMPY magic)");
    unsigned major = b[6], minor = b[7];
    if (major < 1 || major > 3 || minor != 0) return fail_msg(msg, msglen, ".npy format version %u.%u is not supported (1.0, 2.0, 3.0)", major, minor);
    size_t pre = major == 1 ? 10 : 12;
    if (len < pre) return fail_msg(msg, msglen, "truncated .npy header");
    uint64_t hlen = major == 1 ? (uint64_t)b[8] | (uint64_t)b[9] << 8
                               : (uint64_t)b[8] | (uint64_t)b[9] << 8 | (uint64_t)b[10] << 16 | (uint64_t)b[11] << 24;
    if (hlen > CLI_NPY_MAX_HEADER) return fail_msg(msg, msglen, "the header is %llu bytes, more than %d", (unsigned long long)hlen, CLI_NPY_MAX_HEADER);
    if (hlen > len - pre) return fail_msg(msg, msglen, "truncated .npy header (%llu bytes announced, %zu present)", (unsigned long long)hlen, len - pre);
    const char *text = (const char *)b + pre;
    for (size_t i = 0; i < hlen; i++)
        if ((unsigned char)text[i] < 0x20 && text[i] != '\n' && text[i] != '\t' && text[i] != '\r')
            return fail_msg(msg, msglen, "the header holds a control character");
        else if ((unsigned char)text[i] >= 0x7f)
            return fail_msg(msg, msglen, "the header is not ASCII");
    hcur c = {text, text + hlen};
    npy_header h;
    memset(&h, 0, sizeof h);
    int code = parse_dict(&c, &h, msg, msglen);
    if (code) return code;
    size_t data_off = pre + (size_t)hlen, rows = 0, cols = 0;
    if ((code = check_layout(&h, len - data_off, &rows, &cols, msg, msglen))) return code;
    uint32_t *v = malloc(rows * cols * sizeof *v);
    if (!v) return fail_msg(msg, msglen, "out of memory (%zu x %zu trace)", rows, cols), CLI_INTERNAL;
    const uint8_t *d = b + data_off;
    for (size_t i = 0; i < rows * cols; i++) {
        uint32_t x = (uint32_t)d[4 * i] | (uint32_t)d[4 * i + 1] << 8 | (uint32_t)d[4 * i + 2] << 16 | (uint32_t)d[4 * i + 3] << 24;
        if (x >= SWIRL_P) {
            free(v);
            return fail_msg(msg, msglen, "value %lu at row %zu, column %zu is not a field element (not below p = %lu)",
                            (unsigned long)x, i / cols, i % cols, (unsigned long)SWIRL_P);
        }
        v[i] = x;
    }
    out->values = v;
    out->height = rows;
    out->width = cols;
    return CLI_OK;
}

int cli_npy_load(const char *path, swirl_trace *out) {
    uint8_t *bytes = NULL;
    size_t len = 0;
    memset(out, 0, sizeof *out);
    int code = cli_read_file(path, &bytes, &len);
    if (code) return code;
    char msg[256];
    code = cli_npy_parse(bytes, len, out, msg, sizeof msg);
    free(bytes);
    if (code) cli_err("swirl: %s: %s\n", path, msg);
    return code;
}

int cli_npy_encode(const swirl_trace *t, uint8_t **bytes, size_t *len) {
    char dict[128];
    int n = snprintf(dict, sizeof dict, "{'descr': '<u4', 'fortran_order': False, 'shape': (%zu, %zu), }", t->height, t->width);
    if (n < 0 || (size_t)n >= sizeof dict) return CLI_INTERNAL;
    /* numpy pads with spaces and a final newline so that the data starts 64-byte aligned */
    size_t hlen = (size_t)n + 1;
    hlen += (64 - (10 + hlen) % 64) % 64;
    if (t->width && t->height > (SIZE_MAX - 10 - hlen) / 4 / t->width) return CLI_INTERNAL;
    size_t total = 10 + hlen + t->height * t->width * 4;
    uint8_t *b = malloc(total);
    if (!b) return CLI_INTERNAL;
    memcpy(b, k_magic, 6);
    b[6] = 1;
    b[7] = 0;
    b[8] = (uint8_t)(hlen & 0xff);
    b[9] = (uint8_t)(hlen >> 8);
    memcpy(b + 10, dict, (size_t)n);
    memset(b + 10 + n, ' ', hlen - (size_t)n - 1);
    b[10 + hlen - 1] = '\n';
    uint8_t *d = b + 10 + hlen;
    for (size_t i = 0; i < t->height * t->width; i++) {
        uint32_t x = t->values[i];
        d[4 * i] = (uint8_t)x;
        d[4 * i + 1] = (uint8_t)(x >> 8);
        d[4 * i + 2] = (uint8_t)(x >> 16);
        d[4 * i + 3] = (uint8_t)(x >> 24);
    }
    *bytes = b;
    *len = total;
    return CLI_OK;
}
