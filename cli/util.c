/* util.c — option parsing, scenario resolution, files, exit codes and the JSON writer of the
 * `swirl` command-line tool. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "cli.h"

/* ---- options ---------------------------------------------------------------------------- */

enum { OPT_AIR, OPT_SIZE, OPT_PARAMS, OPT_BACKEND, OPT_SEED, OPT_THREADS, OPT_RUNS, OPT_OUT, OPT_VK, OPT_JSON,
       OPT_EXPECT_PARAMS, OPT_EXPECT_VK_HASH, OPT_MIN_SECURITY };

#define CMDS_SCENARIO (CMD_KEYGEN | CMD_PROVE | CMD_VERIFY | CMD_BENCH)
static const struct {
    const char *name;
    int id;
    int has_value;
    int cmds; /* commands that accept the option */
} k_opts[] = {
    {"--air", OPT_AIR, 1, CMDS_SCENARIO},
    {"--size", OPT_SIZE, 1, CMDS_SCENARIO},
    {"--params", OPT_PARAMS, 1, CMDS_SCENARIO},
    {"--backend", OPT_BACKEND, 1, CMDS_SCENARIO},
    {"--seed", OPT_SEED, 1, CMDS_SCENARIO},
    {"--threads", OPT_THREADS, 1, CMDS_SCENARIO},
    {"--runs", OPT_RUNS, 1, CMD_BENCH},
    {"-o", OPT_OUT, 1, CMD_KEYGEN | CMD_PROVE},
    {"--out", OPT_OUT, 1, CMD_KEYGEN | CMD_PROVE},
    {"--vk", OPT_VK, 1, CMD_VERIFY | CMD_INSPECT},
    {"--expect-params", OPT_EXPECT_PARAMS, 1, CMD_VERIFY},
    {"--expect-vk-hash", OPT_EXPECT_VK_HASH, 1, CMD_VERIFY},
    {"--min-security", OPT_MIN_SECURITY, 1, CMD_VERIFY},
    {"--json", OPT_JSON, 0, CMD_KEYGEN | CMD_INSPECT | CMD_BENCH},
};

#define MAX_THREADS 4096u
#define MAX_RUNS 100000u

/* Strict decimal: digits only (no sign, no blanks, no base prefix), no overflow, <= max. */
static int parse_u64(const char *s, uint64_t max, uint64_t *out) {
    if (!s || *s < '0' || *s > '9') return 0;
    errno = 0;
    char *end = NULL;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno == ERANGE || !end || *end != '\0' || v > max) return 0;
    *out = (uint64_t)v;
    return 1;
}

static int bad_value(const cli_opts *o, const char *opt, const char *v, const char *want) {
    fprintf(stderr, "swirl %s: invalid value '%s' for %s (expected %s)\n", o->cmd_name, v, opt, want);
    return CLI_USAGE;
}

int cli_parse(int cmd, const char *cmd_name, int argc, char **argv, cli_opts *o) {
    memset(o, 0, sizeof *o);
    o->cmd = cmd;
    o->cmd_name = cmd_name;
    o->backend = SWIRL_BACKEND_AUTO;
    o->seed = 1;
    o->runs = 1;
    int only_positional = 0;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (!only_positional && !strcmp(a, "--")) {
            only_positional = 1;
            continue;
        }
        if (only_positional || a[0] != '-' || a[1] == '\0') {
            if (!(cmd & (CMD_VERIFY | CMD_INSPECT))) {
                fprintf(stderr, "swirl %s: unexpected argument '%s'\n", cmd_name, a);
                return CLI_USAGE;
            }
            if (o->file) {
                fprintf(stderr, "swirl %s: more than one file given ('%s' and '%s')\n", cmd_name, o->file, a);
                return CLI_USAGE;
            }
            o->file = a;
            continue;
        }
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            o->help = 1;
            continue;
        }
        /* --name=value is accepted too */
        const char *eq = strchr(a, '=');
        size_t nlen = eq ? (size_t)(eq - a) : strlen(a);
        size_t k = 0, nk = sizeof k_opts / sizeof k_opts[0];
        while (k < nk && !(strlen(k_opts[k].name) == nlen && !strncmp(k_opts[k].name, a, nlen))) k++;
        if (k == nk) {
            fprintf(stderr, "swirl %s: unknown option '%s' (see swirl --help)\n", cmd_name, a);
            return CLI_USAGE;
        }
        const char *name = k_opts[k].name;
        if (!(k_opts[k].cmds & cmd)) {
            fprintf(stderr, "swirl %s: option %s does not apply to this command\n", cmd_name, name);
            return CLI_USAGE;
        }
        const char *v = NULL;
        if (k_opts[k].has_value) {
            if (eq) v = eq + 1;
            else if (i + 1 < argc) v = argv[++i];
            else {
                fprintf(stderr, "swirl %s: option %s needs a value\n", cmd_name, name);
                return CLI_USAGE;
            }
            if (*v == '\0') {
                fprintf(stderr, "swirl %s: empty value for %s\n", cmd_name, name);
                return CLI_USAGE;
            }
        } else if (eq) {
            fprintf(stderr, "swirl %s: option %s takes no value\n", cmd_name, name);
            return CLI_USAGE;
        }
        uint64_t x = 0;
        switch (k_opts[k].id) {
        case OPT_AIR: o->air = v; break;
        case OPT_SIZE:
            if (!parse_u64(v, SIZE_MAX, &x)) return bad_value(o, name, v, "a non-negative integer");
            o->size = (size_t)x;
            o->size_set = 1;
            break;
        case OPT_PARAMS:
            if (strcmp(v, "app") && strcmp(v, "test")) return bad_value(o, name, v, "app or test");
            o->params = v;
            break;
        case OPT_BACKEND:
            if (!strcmp(v, "auto")) o->backend = SWIRL_BACKEND_AUTO;
            else if (!strcmp(v, "cpu")) o->backend = SWIRL_BACKEND_CPU;
            else if (!strcmp(v, "cuda")) o->backend = SWIRL_BACKEND_CUDA;
            else return bad_value(o, name, v, "auto, cpu or cuda");
            break;
        case OPT_SEED:
            if (!parse_u64(v, UINT64_MAX, &x)) return bad_value(o, name, v, "an integer in 0..2^64-1");
            o->seed = x;
            break;
        case OPT_THREADS:
            if (!parse_u64(v, MAX_THREADS, &x)) return bad_value(o, name, v, "an integer in 0..4096 (0: all cores)");
            o->threads = (unsigned)x;
            break;
        case OPT_RUNS:
            if (!parse_u64(v, MAX_RUNS, &x) || x == 0) return bad_value(o, name, v, "an integer in 1..100000");
            o->runs = (unsigned)x;
            break;
        case OPT_OUT: o->out = v; break;
        case OPT_VK: o->vk = v; break;
        case OPT_EXPECT_PARAMS: {
            swirl_system_params ignored;
            if (!cli_params_from_spec(v, &ignored))
                return bad_value(o, name, v, "a preset: app, app:H, test, testing:H, leaf, internal, root or hook");
            o->expect_params = v;
            break;
        }
        case OPT_MIN_SECURITY:
            if (!parse_u64(v, 256, &x) || x == 0) return bad_value(o, name, v, "a number of bits in 1..256");
            o->min_security = (unsigned)x;
            break;
        case OPT_EXPECT_VK_HASH: {
            uint32_t ignored[8];
            if (!cli_parse_digest_hex(v, ignored)) return bad_value(o, name, v, "64 hex digits: 8 field elements < p, as swirl inspect --vk prints them");
            o->expect_vk_hash = v;
            break;
        }
        case OPT_JSON: o->json = 1; break;
        default: break;
        }
    }
    return CLI_OK;
}

/* ---- scenarios ---------------------------------------------------------------------------- */

void cli_print_names(FILE *f) {
    const char *const *names = swirl_builtin_names(NULL);
    for (size_t i = 0; names && names[i]; i++) fprintf(f, "%s%s", i ? ", " : "", names[i]);
}

int cli_resolve(const cli_opts *o, cli_setup *s) {
    memset(s, 0, sizeof *s);
    if (!o->air) {
        fprintf(stderr, "swirl %s: --air NAME is required (built-in: ", o->cmd_name);
        cli_print_names(stderr);
        fprintf(stderr, ")\n");
        return CLI_USAGE;
    }
    const char *const *names = swirl_builtin_names(NULL);
    for (size_t i = 0; names && names[i]; i++)
        if (!strcmp(names[i], o->air)) s->name = names[i];
    if (!s->name) {
        fprintf(stderr, "swirl %s: unknown built-in AIR '%s' (valid: ", o->cmd_name, o->air);
        cli_print_names(stderr);
        fprintf(stderr, ")\n");
        return CLI_USAGE;
    }
    int is_keccak = !strcmp(s->name, "keccakf"), is_many = !strcmp(s->name, "many_airs");
    s->size = o->size_set ? o->size : (is_keccak ? 1024 : is_many ? 20 : 3);
    s->params_name = o->params ? o->params : (is_keccak || is_many ? "app" : "test");
    int rc = !strcmp(s->params_name, "app") ? swirl_params_app(21, &s->params) : swirl_params_default_test(&s->params);
    if (rc) {
        fprintf(stderr, "swirl %s: parameter preset '%s' unavailable (%s)\n", o->cmd_name, s->params_name,
                swirl_status_str(rc));
        return CLI_INTERNAL;
    }
    return CLI_OK;
}

static const char *backend_word(swirl_backend_kind b) {
    return b == SWIRL_BACKEND_CPU ? "cpu" : b == SWIRL_BACKEND_CUDA ? "cuda" : "auto";
}

int cli_ctx_create(const cli_opts *o, swirl_ctx **ctx) {
    swirl_error e;
    memset(&e, 0, sizeof e);
    *ctx = NULL;
    int rc = swirl_ctx_create(o->threads, o->backend, ctx, &e);
    if (rc) {
        fprintf(stderr, "swirl %s: cannot create a context for backend %s: %s (%s)\n", o->cmd_name,
                backend_word(o->backend), e.message[0] ? e.message : "no message", swirl_status_str(rc));
        swirl_ctx_free(*ctx);
        *ctx = NULL;
        return CLI_INTERNAL;
    }
    return CLI_OK;
}

unsigned cli_effective_threads(unsigned threads) {
    if (threads) return threads;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 1u;
}

/* ---- errors ------------------------------------------------------------------------------- */

int cli_exit_for(int status) {
    switch (status) {
    case SWIRL_OK: return CLI_OK;
    case SWIRL_ERR_VERIFY: return CLI_REJECTED;
    case SWIRL_ERR_INVALID_ARG:
    case SWIRL_ERR_FIELD_RANGE:
    case SWIRL_ERR_DECODE:
    case SWIRL_ERR_AIR:
    case SWIRL_ERR_TRACE:
    case SWIRL_ERR_PARAMS:
    case SWIRL_ERR_IO: return CLI_USAGE;
    default: return CLI_INTERNAL; /* out of memory, CUDA, no device, internal */
    }
}

int cli_fail(const char *what, int status, const swirl_error *e) {
    const char *msg = e && e->message[0] ? e->message : "no message";
    fprintf(stderr, "swirl: %s: %s (%s)\n", what, msg, swirl_status_str(status));
    return cli_exit_for(status);
}

/* ---- files -------------------------------------------------------------------------------- */

int cli_read_file(const char *path, uint8_t **bytes, size_t *len) {
    *bytes = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "swirl: cannot open %s: %s\n", path, strerror(errno));
        return CLI_USAGE;
    }
    size_t cap = 1 << 16, n = 0;
    uint8_t *b = malloc(cap);
    if (!b) {
        fclose(f);
        fprintf(stderr, "swirl: out of memory reading %s\n", path);
        return CLI_INTERNAL;
    }
    for (;;) {
        if (n == cap) {
            if (cap > SIZE_MAX / 2) {
                free(b);
                fclose(f);
                fprintf(stderr, "swirl: %s is too large\n", path);
                return CLI_USAGE;
            }
            uint8_t *nb = realloc(b, cap * 2);
            if (!nb) {
                free(b);
                fclose(f);
                fprintf(stderr, "swirl: out of memory reading %s\n", path);
                return CLI_INTERNAL;
            }
            b = nb;
            cap *= 2;
        }
        size_t got = fread(b + n, 1, cap - n, f);
        n += got;
        if (got == 0) break;
    }
    int bad = ferror(f);
    int saved = errno;
    fclose(f);
    if (bad) {
        free(b);
        fprintf(stderr, "swirl: cannot read %s: %s\n", path, strerror(saved));
        return CLI_USAGE;
    }
    *bytes = b;
    *len = n;
    return CLI_OK;
}

int cli_write_file(const char *path, const uint8_t *bytes, size_t len) {
    FILE *f = fopen(path, "wb");
    if (!f) {
        fprintf(stderr, "swirl: cannot write %s: %s\n", path, strerror(errno));
        return CLI_USAGE;
    }
    int ok = fwrite(bytes, 1, len, f) == len;
    ok &= fflush(f) == 0;
    int saved = errno;
    ok &= fclose(f) == 0;
    if (!ok) {
        fprintf(stderr, "swirl: write error on %s: %s\n", path, strerror(saved ? saved : errno));
        remove(path);
        return CLI_USAGE;
    }
    return CLI_OK;
}

int cli_check_writable(const char *path) {
    FILE *r = fopen(path, "rb");
    int existed = r != NULL;
    if (r) fclose(r);
    FILE *f = fopen(path, "ab");
    if (!f) {
        fprintf(stderr, "swirl: cannot write %s: %s\n", path, strerror(errno));
        return CLI_USAGE;
    }
    fclose(f);
    if (!existed) remove(path);
    return CLI_OK;
}

double cli_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* ---- JSON --------------------------------------------------------------------------------- */

void json_init(cli_json *j, FILE *f) {
    memset(j, 0, sizeof *j);
    j->f = f;
}

static void json_indent(cli_json *j, int depth) {
    for (int i = 0; i < depth; i++) fputs("  ", j->f);
}

static void json_write_string(FILE *f, const char *s) {
    if (!s) {
        fputs("null", f);
        return;
    }
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned c = *p;
        switch (c) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        case '\b': fputs("\\b", f); break;
        case '\f': fputs("\\f", f); break;
        default:
            if (c < 0x20 || c == 0x7f) fprintf(f, "\\u%04x", c);
            else fputc((int)c, f);
        }
    }
    fputc('"', f);
}

/* separator, newline and indentation before a value, then the key if any */
static void json_prefix(cli_json *j, const char *key) {
    if (j->depth > 0) {
        if (j->count[j->depth - 1]++ > 0) fputc(',', j->f);
        fputc('\n', j->f);
        json_indent(j, j->depth);
    }
    if (key) {
        json_write_string(j->f, key);
        fputs(": ", j->f);
    }
}

static void json_open(cli_json *j, const char *key, char c) {
    json_prefix(j, key);
    fputc(c, j->f);
    if (j->depth < CLI_JSON_MAX_DEPTH) j->count[j->depth] = 0;
    j->depth++;
}

static void json_close(cli_json *j, char c) {
    if (j->depth <= 0) return;
    j->depth--;
    if (j->depth < CLI_JSON_MAX_DEPTH && j->count[j->depth] > 0) {
        fputc('\n', j->f);
        json_indent(j, j->depth);
    }
    fputc(c, j->f);
}

void json_obj_begin(cli_json *j, const char *key) { json_open(j, key, '{'); }
void json_obj_end(cli_json *j) { json_close(j, '}'); }
void json_arr_begin(cli_json *j, const char *key) { json_open(j, key, '['); }
void json_arr_end(cli_json *j) { json_close(j, ']'); }

void json_str(cli_json *j, const char *key, const char *v) {
    json_prefix(j, key);
    json_write_string(j->f, v);
}

void json_uint(cli_json *j, const char *key, uint64_t v) {
    json_prefix(j, key);
    fprintf(j->f, "%llu", (unsigned long long)v);
}

void json_bool(cli_json *j, const char *key, int v) {
    json_prefix(j, key);
    fputs(v ? "true" : "false", j->f);
}

void json_ms(cli_json *j, const char *key, double seconds) {
    double ms = seconds * 1e3;
    if (!(ms >= 0.0 && ms < 1e15)) ms = 0.0; /* NaN, negative or absurd: never print nan/inf */
    json_prefix(j, key);
    fprintf(j->f, "%.3f", ms);
}

void json_u32_list(cli_json *j, const char *key, const uint32_t *v, size_t n) {
    json_prefix(j, key);
    fputc('[', j->f);
    for (size_t i = 0; i < n; i++) fprintf(j->f, "%s%lu", i ? ", " : "", (unsigned long)v[i]);
    fputc(']', j->f);
}

void json_size_list(cli_json *j, const char *key, const size_t *v, size_t n) {
    json_prefix(j, key);
    fputc('[', j->f);
    for (size_t i = 0; i < n; i++) fprintf(j->f, "%s%zu", i ? ", " : "", v[i]);
    fputc(']', j->f);
}

void json_finish(cli_json *j) { fputc('\n', j->f); }

/* ---- key parameters and pre-hash -------------------------------------------------------- */

#define CLI_MIN_HEIGHT 5  /* app:H and testing:H accept 5..27 (the presets' own range) */
#define CLI_MAX_HEIGHT 27

/* "NAME:H" with H a strict decimal in the presets' range; 1 when spec is that form. */
static int spec_with_height(const char *spec, const char *name, size_t *h) {
    size_t n = strlen(name);
    uint64_t v = 0;
    if (strncmp(spec, name, n) || spec[n] != ':' || !parse_u64(spec + n + 1, CLI_MAX_HEIGHT, &v) || v < CLI_MIN_HEIGHT)
        return 0;
    *h = (size_t)v;
    return 1;
}

int cli_params_from_spec(const char *spec, swirl_system_params *out) {
    size_t h = 0;
    int rc = SWIRL_ERR_PARAMS;
    if (!spec) return 0;
    if (!strcmp(spec, "app")) rc = swirl_params_app(21, out);
    else if (!strcmp(spec, "test")) rc = swirl_params_default_test(out);
    else if (!strcmp(spec, "leaf")) rc = swirl_params_leaf(out);
    else if (!strcmp(spec, "internal")) rc = swirl_params_internal(out);
    else if (!strcmp(spec, "root")) rc = swirl_params_root(out);
    else if (!strcmp(spec, "hook")) rc = swirl_params_hook(out);
    else if (spec_with_height(spec, "app", &h)) rc = swirl_params_app(h, out);
    else if (spec_with_height(spec, "testing", &h)) rc = swirl_params_for_testing(h, out);
    /* e.g. app:27 builds but exceeds BabyBear's two-adicity: not a usable configuration */
    return rc == SWIRL_OK && swirl_params_validate(out) == SWIRL_OK;
}

const char *cli_params_preset_name(const swirl_system_params *p, char *buf, size_t buflen) {
    static const char *const fixed[] = {"test", "leaf", "internal", "root", "hook"};
    swirl_system_params q;
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        if (cli_params_from_spec(fixed[i], &q) && swirl_params_equal(p, &q)) return fixed[i];
    for (size_t h = CLI_MIN_HEIGHT; h <= CLI_MAX_HEIGHT; h++) {
        if (swirl_params_app(h, &q) == SWIRL_OK && swirl_params_equal(p, &q)) {
            snprintf(buf, buflen, h == 21 ? "app" : "app:%zu", h);
            return buf;
        }
        if (swirl_params_for_testing(h, &q) == SWIRL_OK && swirl_params_equal(p, &q)) {
            snprintf(buf, buflen, "testing:%zu", h);
            return buf;
        }
    }
    return "custom";
}

static const char *proximity_word(swirl_proximity_kind k) {
    return k == SWIRL_PROX_UNIQUE ? "unique" : k == SWIRL_PROX_LIST ? "list" : "split-unique-list";
}

void cli_print_params(FILE *f, const swirl_system_params *p) {
    char buf[32];
    const swirl_whir_config *w = &p->whir;
    fprintf(f, "%s: l_skip %zu, n_stack %zu, w_stack %zu, log_blowup %zu; WHIR k %zu, %zu round%s, queries [",
            cli_params_preset_name(p, buf, sizeof buf), p->l_skip, p->n_stack, p->w_stack, p->log_blowup, w->k, w->num_rounds,
            w->num_rounds == 1 ? "" : "s");
    for (size_t r = 0; r < w->num_rounds && r < SWIRL_MAX_WHIR_ROUNDS; r++) fprintf(f, "%s%zu", r ? " " : "", w->num_queries[r]);
    fprintf(f, "], PoW bits mu %zu / query %zu / folding %zu, proximity %s", w->mu_pow_bits, w->query_phase_pow_bits,
            w->folding_pow_bits, proximity_word(w->proximity.kind));
    if (w->proximity.kind == SWIRL_PROX_SPLIT_UNIQUE_LIST) fprintf(f, " (m %zu from round %zu)", w->proximity.m, w->proximity.list_start_round);
    else if (w->proximity.kind == SWIRL_PROX_LIST) fprintf(f, " (m %zu)", w->proximity.m);
    fprintf(f, "; LogUp max count %lu, log max message %lu, PoW bits %zu; max constraint degree %zu",
            (unsigned long)p->logup.max_interaction_count, (unsigned long)p->logup.log_max_message_length, p->logup.pow_bits,
            p->max_constraint_degree);
}

void json_params(cli_json *j, const char *key, const swirl_system_params *p) {
    char buf[32];
    const swirl_whir_config *w = &p->whir;
    json_obj_begin(j, key);
    json_str(j, "preset", cli_params_preset_name(p, buf, sizeof buf));
    json_uint(j, "l_skip", p->l_skip);
    json_uint(j, "n_stack", p->n_stack);
    json_uint(j, "w_stack", p->w_stack);
    json_uint(j, "log_blowup", p->log_blowup);
    json_uint(j, "whir_k", w->k);
    json_uint(j, "whir_rounds", w->num_rounds);
    json_size_list(j, "whir_queries", w->num_queries, w->num_rounds < SWIRL_MAX_WHIR_ROUNDS ? w->num_rounds : SWIRL_MAX_WHIR_ROUNDS);
    json_uint(j, "mu_pow_bits", w->mu_pow_bits);
    json_uint(j, "query_phase_pow_bits", w->query_phase_pow_bits);
    json_uint(j, "folding_pow_bits", w->folding_pow_bits);
    json_str(j, "proximity", proximity_word(w->proximity.kind));
    json_uint(j, "proximity_m", w->proximity.m);
    json_uint(j, "proximity_list_start_round", w->proximity.list_start_round);
    json_uint(j, "logup_max_interaction_count", p->logup.max_interaction_count);
    json_uint(j, "logup_log_max_message_length", p->logup.log_max_message_length);
    json_uint(j, "logup_pow_bits", p->logup.pow_bits);
    json_uint(j, "max_constraint_degree", p->max_constraint_degree);
    json_obj_end(j);
}

void cli_digest_hex(const uint32_t d[8], char out[65]) {
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 8; i++)
        for (int b = 0; b < 4; b++) {
            unsigned byte = (unsigned)(d[i] >> (8 * b)) & 0xffu;
            out[8 * i + 2 * b] = digits[byte >> 4];
            out[8 * i + 2 * b + 1] = digits[byte & 0xf];
        }
    out[64] = '\0';
}

static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

int cli_parse_digest_hex(const char *hex, uint32_t out[8]) {
    if (!hex || strlen(hex) != 64) return 0;
    for (int i = 0; i < 8; i++) {
        uint32_t v = 0;
        for (int b = 0; b < 4; b++) {
            int hi = hex_value(hex[8 * i + 2 * b]), lo = hex_value(hex[8 * i + 2 * b + 1]);
            if (hi < 0 || lo < 0) return 0;
            v |= (uint32_t)(hi << 4 | lo) << (8 * b);
        }
        if (v >= SWIRL_P) return 0;
        out[i] = v;
    }
    return 1;
}
