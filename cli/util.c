/* util.c — option parsing and per-command help, scenario resolution, exit codes and the JSON
 * writer of the `swirl` command-line tool. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "cli.h"
#include "swirl_scenarios.h"

/* ---- options ---------------------------------------------------------------------------- */

enum { OPT_AIR, OPT_SIZE, OPT_PARAMS, OPT_BACKEND, OPT_SEED, OPT_THREADS, OPT_RUNS, OPT_OUT, OPT_VK, OPT_JSON,
       OPT_EXPECT_PARAMS, OPT_EXPECT_VK_HASH, OPT_MIN_SECURITY, OPT_PK, OPT_PK_OUT, OPT_TRACE, OPT_CACHED,
       OPT_PUBLIC, OPT_PUBLIC_FILE, OPT_EXPECT_PUBLIC, OPT_EXPECT_PUBLIC_FILE, OPT_MAX_INPUT, OPT_QUIET, OPT_COUNT };

#define CMDS_SCENARIO (CMD_KEYGEN | CMD_PROVE | CMD_VERIFY | CMD_BENCH)
#define CMDS_ALL (CMD_KEYGEN | CMD_PROVE | CMD_VERIFY | CMD_INSPECT | CMD_BENCH | CMD_EXPORT)
#define CMDS_READING (CMD_PROVE | CMD_VERIFY | CMD_INSPECT)
static const struct {
    const char *name;
    int id;
    const char *value; /* the value's placeholder; NULL for a flag */
    int cmds;          /* commands that accept the option */
    int repeatable;
    const char *help;
} k_opts[] = {
    {"--air", OPT_AIR, "NAME", CMDS_SCENARIO | CMD_EXPORT, 0, "built-in scenario (swirl --help lists them)"},
    {"--size", OPT_SIZE, "N", CMDS_SCENARIO | CMD_EXPORT, 0, "keccakf: permutations (default 1024); many_airs: top log2 height (default 20); others: log2 height (default 3)"},
    {"--params", OPT_PARAMS, "P", CMDS_SCENARIO, 0,
     "app (app_params_with_100_bits_security(21)) or test (test_system_params_small(2, 8, 3));\n"
     "default app for keccakf and many_airs, else test"},
    {"--seed", OPT_SEED, "S", CMDS_SCENARIO | CMD_EXPORT, 0, "seed of the scenario's random inputs (default 1)"},
    {"--backend", OPT_BACKEND, "B", CMDS_SCENARIO, 0, "auto (CUDA when available, default), cpu or cuda"},
    {"--threads", OPT_THREADS, "T", CMD_KEYGEN | CMD_PROVE | CMD_VERIFY | CMD_BENCH, 0, "worker threads (default 0: one per core)"},
    {"--runs", OPT_RUNS, "R", CMD_BENCH, 0, "bench repetitions (default 1)"},
    {"-o", OPT_OUT, "FILE", CMD_KEYGEN | CMD_PROVE | CMD_EXPORT, 0,
     "output: keygen the verifying key, prove the proof, export-traces a directory"},
    {"--out", OPT_OUT, "FILE", CMD_KEYGEN | CMD_PROVE | CMD_EXPORT, 0, "same as -o"},
    {"--pk-out", OPT_PK_OUT, "FILE", CMD_KEYGEN, 0, "also write the proving key (for prove --pk)"},
    {"--pk", OPT_PK, "FILE", CMD_PROVE, 0, "prove with this proving key from trace files (instead of --air)"},
    {"--trace", OPT_TRACE, "AIR:FILE", CMD_PROVE, 1,
     "common main trace of AIR (its index in the key) from a .npy file (docs/CLI.md);\n"
     "AIRs without a trace are absent from the proof"},
    {"--cached", OPT_CACHED, "AIR:PART:FILE", CMD_PROVE, 1, "cached main trace PART of AIR from a .npy file"},
    {"--public", OPT_PUBLIC, "AIR:V0,V1,...", CMD_PROVE, 1, "public values of AIR (decimal, each < p)"},
    {"--public-file", OPT_PUBLIC_FILE, "FILE", CMD_PROVE, 0, "public values, one AIR:V0,V1,... line per AIR"},
    {"--vk", OPT_VK, "FILE", CMD_VERIFY | CMD_INSPECT, 0, "verifying key file (from keygen)"},
    {"--expect-params", OPT_EXPECT_PARAMS, "PRESET", CMD_VERIFY, 0,
     "verify only if the key's parameters are the preset's: app, app:H, test,\n"
     "testing:H, leaf, internal, root, hook (H: log2 stacked height)"},
    {"--expect-vk-hash", OPT_EXPECT_VK_HASH, "HEX", CMD_VERIFY, 0,
     "verify only if the key's pre-hash is HEX (64 hex digits, as inspect --vk prints it)"},
    {"--min-security", OPT_MIN_SECURITY, "BITS", CMD_VERIFY, 0,
     "verify only if the key's soundness (calculator, largest proof the key admits) is\n"
     "at least BITS"},
    {"--expect-public", OPT_EXPECT_PUBLIC, "AIR:V0,V1,...", CMD_VERIFY, 1,
     "bind: the proof's AIR must be present with exactly these public values (exit 4 if not)"},
    {"--expect-public-file", OPT_EXPECT_PUBLIC_FILE, "FILE", CMD_VERIFY, 0, "expected public values, one AIR:V0,V1,... line per AIR"},
    {"--json", OPT_JSON, NULL, CMD_KEYGEN | CMD_INSPECT | CMD_BENCH, 0, "machine-readable output on stdout"},
    {"--max-input", OPT_MAX_INPUT, "BYTES", CMDS_READING, 0,
     "refuse input files larger than BYTES (suffix K, M or G: powers of 1024; default 1G)"},
    {"--quiet", OPT_QUIET, NULL, CMDS_ALL, 0, "no progress or reports on stderr (errors are still printed)"},
    {"-q", OPT_QUIET, NULL, CMDS_ALL, 0, "same as --quiet"},
};
#define NUM_OPTS (sizeof k_opts / sizeof k_opts[0])

/* Synopsis and description of each command (per-command help). */
static const struct {
    int cmd;
    const char *synopsis;
    const char *what;
} k_cmds[] = {
    {CMD_KEYGEN, "--air NAME [--size N] [--params P] [--seed S] -o vk.bin [--pk-out pk.bin] [--json]",
     "Build the scenario's AIRs and write the verifying key (and, with --pk-out, the proving key).\n"
     "--json prints the AIR statistics to stdout."},
    {CMD_PROVE,
     "(--air NAME [--size N] [--params P] [--seed S]\n"
     "                   | --pk pk.bin --trace AIR:FILE... [--cached AIR:PART:FILE...]\n"
     "                     [--public AIR:V0,... ... | --public-file FILE])\n"
     "                  [--backend B] [--threads T] -o proof.bin",
     "Prove a built-in scenario (--air), or any AIRs of a proving key from NumPy .npy trace files\n"
     "(--pk; format in docs/CLI.md). The fresh proof is verified before it is written. Progress on\n"
     "stderr: one line per stage with its time."},
    {CMD_VERIFY,
     "(--vk vk.bin | --air NAME [--size N] [--params P] [--seed S])\n"
     "                  [--expect-params PRESET] [--expect-vk-hash HEX] [--min-security BITS]\n"
     "                  [--expect-public AIR:V0,... ... | --expect-public-file FILE] proof.bin",
     "Verify a proof. Prints the key's parameters and pre-hash to stderr; on success prints\n"
     "\"valid\" and the proof's statement (present AIRs, log heights, public values) to stdout.\n"
     "Exit 1 when the proof is rejected or the key is not the pinned one, 4 when the proof is valid\n"
     "but its public values are not the expected ones (--expect-public)."},
    {CMD_INSPECT, "[--vk vk.bin] [proof.bin] [--json]",
     "Summarise a proof's statement, shape and section sizes (no key needed; with --vk the\n"
     "statement is also checked against the key), and/or the key's parameters and pre-hash."},
    {CMD_BENCH, "--air NAME [--size N] [--params P] [--backend B] [--seed S] [--runs R] [--threads T] [--json]",
     "Keygen once, prove and verify R times, report the median of every span."},
    {CMD_EXPORT, "--air NAME [--size N] [--seed S] -o DIR",
     "Write a built-in scenario's traces as .npy files (DIR/air<I>.npy, DIR/air<I>.cached<J>.npy)\n"
     "and its public values (DIR/public.txt, the --public-file format), the inputs of prove --pk."},
};

static void print_help_text(FILE *f, const char *text, int indent) {
    for (const char *p = text; *p; p++) {
        fputc(*p, f);
        if (*p == '\n') fprintf(f, "%*s", indent, "");
    }
}

void cli_command_usage(FILE *f, int cmd, const char *cmd_name) {
    for (size_t c = 0; c < sizeof k_cmds / sizeof k_cmds[0]; c++) {
        if (k_cmds[c].cmd != cmd) continue;
        fprintf(f, "usage: swirl %s %s\n\n", cmd_name, k_cmds[c].synopsis);
        fprintf(f, "%s\n\noptions:\n", k_cmds[c].what);
    }
    for (size_t k = 0; k < NUM_OPTS; k++) {
        if (!(k_opts[k].cmds & cmd)) continue;
        char head[48];
        snprintf(head, sizeof head, "%s%s%s", k_opts[k].name, k_opts[k].value ? " " : "", k_opts[k].value ? k_opts[k].value : "");
        fprintf(f, "  %-24s ", head);
        print_help_text(f, k_opts[k].help, 27);
        fprintf(f, "%s\n", k_opts[k].repeatable ? " (repeatable)" : "");
    }
    fprintf(f, "  %-24s %s\n", "--help, -h", "print this help");
    fprintf(f, "\nexit codes: 0 success / valid proof, 1 proof rejected, 2 bad usage or malformed input,\n"
               "            3 internal or device error%s\n",
            cmd == CMD_VERIFY ? ", 4 valid proof of another statement" : "");
}

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

/* BYTES with an optional K, M or G suffix (powers of 1024), 1..CLI_MAX_MAX_INPUT. */
static int parse_bytes(const char *s, uint64_t *out) {
    size_t n = strlen(s);
    unsigned shift = 0;
    char digits[32];
    if (n == 0 || n >= sizeof digits) return 0;
    memcpy(digits, s, n + 1);
    char last = digits[n - 1];
    if (last == 'K' || last == 'k') shift = 10;
    else if (last == 'M' || last == 'm') shift = 20;
    else if (last == 'G' || last == 'g') shift = 30;
    if (shift) digits[n - 1] = '\0';
    uint64_t v = 0;
    if (!parse_u64(digits, CLI_MAX_MAX_INPUT >> shift, &v) || v == 0) return 0;
    *out = v << shift;
    return 1;
}

static int bad_value(const cli_opts *o, const char *opt, const char *v, const char *want) {
    cli_err("swirl %s: invalid value '%s' for %s (expected %s)\n", o->cmd_name, v, opt, want);
    return CLI_USAGE;
}

void cli_opts_free(cli_opts *o) {
    if (!o) return;
    free(o->traces.items);
    free(o->cached.items);
    free(o->publics.items);
    free(o->expect_public.items);
    memset(o, 0, sizeof *o);
}

static int usage_error(cli_opts *o, int code) {
    cli_opts_free(o);
    return code;
}

/* Options that only make sense together, or never together (after every option is read). */
static int check_combinations(const cli_opts *o, const int *seen) {
    const char *scenario_opt = seen[OPT_SIZE] ? "--size" : seen[OPT_SEED] ? "--seed" : seen[OPT_PARAMS] ? "--params" : NULL;
    if (o->cmd == CMD_PROVE) {
        if (o->pk && o->air) return cli_err("swirl prove: --pk and --air conflict: prove either from files or a built-in scenario\n"), CLI_USAGE;
        if (o->pk && scenario_opt)
            return cli_err("swirl prove: %s applies to a built-in scenario (--air), not to --pk (the key fixes the AIRs and parameters)\n",
                           scenario_opt), CLI_USAGE;
        const char *file_opt = o->traces.n ? "--trace" : o->cached.n ? "--cached" : o->publics.n ? "--public" : o->public_file ? "--public-file" : NULL;
        if (!o->pk && file_opt) return cli_err("swirl prove: %s needs --pk pk.bin (built-in scenarios make their own traces)\n", file_opt), CLI_USAGE;
        if (o->publics.n && o->public_file) return cli_err("swirl prove: --public and --public-file conflict: give the public values one way\n"), CLI_USAGE;
    }
    if (o->cmd == CMD_VERIFY) {
        if (o->vk && o->air) return cli_err("swirl verify: --vk and --air conflict: give exactly one of --vk vk.bin and --air NAME\n"), CLI_USAGE;
        if (o->vk && scenario_opt)
            return cli_err("swirl verify: %s applies to a built-in scenario (--air), not to --vk (the key file is the whole key)\n",
                           scenario_opt), CLI_USAGE;
        if (o->expect_public.n && o->expect_public_file)
            return cli_err("swirl verify: --expect-public and --expect-public-file conflict: give the expected values one way\n"), CLI_USAGE;
    }
    return CLI_OK;
}

static int list_push(cli_list *l, const char *v, int argc) {
    if (!l->items) {
        l->items = calloc((size_t)(argc > 0 ? argc : 1), sizeof *l->items);
        if (!l->items) return 0;
    }
    l->items[l->n++] = v; /* at most one per argument: argc slots suffice */
    return 1;
}

int cli_parse(int cmd, const char *cmd_name, int argc, char **argv, cli_opts *o) {
    memset(o, 0, sizeof *o);
    o->cmd = cmd;
    o->cmd_name = cmd_name;
    o->backend = SWIRL_BACKEND_AUTO;
    o->seed = 1;
    o->runs = 1;
    o->max_input = CLI_DEFAULT_MAX_INPUT;
    int seen[OPT_COUNT];
    const char *seen_as[OPT_COUNT];
    memset(seen, 0, sizeof seen);
    memset(seen_as, 0, sizeof seen_as);
    int only_positional = 0;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (!only_positional && !strcmp(a, "--")) {
            only_positional = 1;
            continue;
        }
        if (only_positional || a[0] != '-' || a[1] == '\0') {
            if (!(cmd & (CMD_VERIFY | CMD_INSPECT))) {
                cli_err("swirl %s: unexpected argument '%s'\n", cmd_name, a);
                return usage_error(o, CLI_USAGE);
            }
            if (o->file) {
                cli_err("swirl %s: more than one file given ('%s' and '%s')\n", cmd_name, o->file, a);
                return usage_error(o, CLI_USAGE);
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
        size_t k = 0;
        while (k < NUM_OPTS && !(strlen(k_opts[k].name) == nlen && !strncmp(k_opts[k].name, a, nlen))) k++;
        if (k == NUM_OPTS) {
            cli_err("swirl %s: unknown option '%s' (see swirl %s --help)\n", cmd_name, a, cmd_name);
            return usage_error(o, CLI_USAGE);
        }
        const char *name = k_opts[k].name;
        int id = k_opts[k].id;
        if (!(k_opts[k].cmds & cmd)) {
            cli_err("swirl %s: option %s does not apply to this command (see swirl %s --help)\n", cmd_name, name, cmd_name);
            return usage_error(o, CLI_USAGE);
        }
        if (seen[id] && !k_opts[k].repeatable) {
            if (strcmp(seen_as[id], name))
                cli_err("swirl %s: option %s given twice (as %s and %s)\n", cmd_name, name, seen_as[id], name);
            else
                cli_err("swirl %s: option %s given twice\n", cmd_name, name);
            return usage_error(o, CLI_USAGE);
        }
        seen[id]++;
        seen_as[id] = name;
        const char *v = NULL;
        if (k_opts[k].value) {
            if (eq) v = eq + 1;
            else if (i + 1 < argc) v = argv[++i];
            else {
                cli_err("swirl %s: option %s needs a value\n", cmd_name, name);
                return usage_error(o, CLI_USAGE);
            }
            if (*v == '\0') {
                cli_err("swirl %s: empty value for %s\n", cmd_name, name);
                return usage_error(o, CLI_USAGE);
            }
        } else if (eq) {
            cli_err("swirl %s: option %s takes no value\n", cmd_name, name);
            return usage_error(o, CLI_USAGE);
        }
        uint64_t x = 0;
        int code = CLI_OK;
        switch (id) {
        case OPT_AIR: o->air = v; break;
        case OPT_SIZE:
            if (!parse_u64(v, SIZE_MAX, &x)) code = bad_value(o, name, v, "a non-negative integer");
            o->size = (size_t)x;
            o->size_set = 1;
            break;
        case OPT_PARAMS:
            if (strcmp(v, "app") && strcmp(v, "test")) code = bad_value(o, name, v, "app or test");
            o->params = v;
            break;
        case OPT_BACKEND:
            if (!strcmp(v, "auto")) o->backend = SWIRL_BACKEND_AUTO;
            else if (!strcmp(v, "cpu")) o->backend = SWIRL_BACKEND_CPU;
            else if (!strcmp(v, "cuda")) o->backend = SWIRL_BACKEND_CUDA;
            else code = bad_value(o, name, v, "auto, cpu or cuda");
            break;
        case OPT_SEED:
            if (!parse_u64(v, UINT64_MAX, &x)) code = bad_value(o, name, v, "an integer in 0..2^64-1");
            o->seed = x;
            break;
        case OPT_THREADS:
            if (!parse_u64(v, MAX_THREADS, &x)) code = bad_value(o, name, v, "an integer in 0..4096 (0: all cores)");
            o->threads = (unsigned)x;
            break;
        case OPT_RUNS:
            if (!parse_u64(v, MAX_RUNS, &x) || x == 0) code = bad_value(o, name, v, "an integer in 1..100000");
            o->runs = (unsigned)x;
            break;
        case OPT_OUT: o->out = v; break;
        case OPT_VK: o->vk = v; break;
        case OPT_PK: o->pk = v; break;
        case OPT_PK_OUT: o->pk_out = v; break;
        case OPT_EXPECT_PARAMS: {
            swirl_system_params ignored;
            if (!cli_params_from_spec(v, &ignored))
                code = bad_value(o, name, v, "a preset: app, app:H, test, testing:H, leaf, internal, root or hook");
            o->expect_params = v;
            break;
        }
        case OPT_MIN_SECURITY:
            if (!parse_u64(v, 256, &x) || x == 0) code = bad_value(o, name, v, "a number of bits in 1..256");
            o->min_security = (unsigned)x;
            break;
        case OPT_EXPECT_VK_HASH: {
            uint32_t ignored[8];
            if (!cli_parse_digest_hex(v, ignored))
                code = bad_value(o, name, v, "64 hex digits: 8 field elements < p, as swirl inspect --vk prints them");
            o->expect_vk_hash = v;
            break;
        }
        case OPT_TRACE:
        case OPT_CACHED:
        case OPT_PUBLIC:
        case OPT_EXPECT_PUBLIC: {
            cli_list *l = id == OPT_TRACE ? &o->traces : id == OPT_CACHED ? &o->cached : id == OPT_PUBLIC ? &o->publics : &o->expect_public;
            if (!list_push(l, v, argc)) {
                cli_err("swirl: out of memory\n");
                code = CLI_INTERNAL;
            }
            break;
        }
        case OPT_PUBLIC_FILE: o->public_file = v; break;
        case OPT_EXPECT_PUBLIC_FILE: o->expect_public_file = v; break;
        case OPT_MAX_INPUT:
            if (!parse_bytes(v, &o->max_input)) code = bad_value(o, name, v, "a size in bytes, 1..2^40, with an optional K, M or G suffix");
            break;
        case OPT_JSON: o->json = 1; break;
        case OPT_QUIET: o->quiet = 1; break;
        default: break;
        }
        if (code) return usage_error(o, code);
    }
    if (o->help) return CLI_OK; /* --help wins over everything else on the line */
    int code = check_combinations(o, seen);
    return code ? usage_error(o, code) : CLI_OK;
}

/* ---- scenarios ---------------------------------------------------------------------------- */

void cli_print_names(FILE *f) {
    const char *const *names = swirl_builtin_names(NULL);
    for (size_t i = 0; names && names[i]; i++) fprintf(f, "%s%s", i ? ", " : "", names[i]);
}

int cli_resolve(const cli_opts *o, cli_setup *s) {
    memset(s, 0, sizeof *s);
    if (!o->air) {
        cli_err("swirl %s: --air NAME is required (built-in: ", o->cmd_name);
        cli_print_names(stderr);
        fprintf(stderr, ")\n");
        return CLI_USAGE;
    }
    const char *const *names = swirl_builtin_names(NULL);
    for (size_t i = 0; names && names[i]; i++)
        if (!strcmp(names[i], o->air)) s->name = names[i];
    if (!s->name) {
        cli_err("swirl %s: unknown built-in AIR '%s' (valid: ", o->cmd_name, o->air);
        cli_print_names(stderr);
        fprintf(stderr, ")\n");
        return CLI_USAGE;
    }
    int is_keccak = !strcmp(s->name, "keccakf"), is_many = !strcmp(s->name, "many_airs");
    s->size = o->size_set ? o->size : (is_keccak ? 1024 : is_many ? 20 : 3);
    s->params_name = o->params ? o->params : (is_keccak || is_many ? "app" : "test");
    int rc = !strcmp(s->params_name, "app") ? swirl_params_app(21, &s->params) : swirl_params_default_test(&s->params);
    if (rc) {
        cli_err("swirl %s: parameter preset '%s' unavailable (%s)\n", o->cmd_name, s->params_name,
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
        cli_err("swirl %s: cannot create a context for backend %s: %s (%s)\n", o->cmd_name,
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
    cli_err("swirl: %s: %s (%s)\n", what, msg, swirl_status_str(status));
    return cli_exit_for(status);
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
