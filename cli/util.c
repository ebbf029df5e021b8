/* util.c — option parsing, scenario resolution, files, exit codes and the JSON writer of the
 * `swirl` command-line tool. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "cli.h"

/* ---- options ---------------------------------------------------------------------------- */

enum { OPT_AIR, OPT_SIZE, OPT_PARAMS, OPT_BACKEND, OPT_SEED, OPT_THREADS, OPT_RUNS, OPT_OUT, OPT_VK, OPT_JSON };

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
    {"--vk", OPT_VK, 1, CMD_VERIFY},
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
    int is_keccak = !strcmp(s->name, "keccakf");
    s->size = o->size_set ? o->size : (is_keccak ? 1024 : 3);
    s->params_name = o->params ? o->params : (is_keccak ? "app" : "test");
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
