/* cli.h — shared pieces of the `swirl` command-line tool (options, files, JSON, scenarios).
 * Only the public API (swirl.h) is used. */
#ifndef SWIRL_CLI_H
#define SWIRL_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "swirl.h"

/* Exit codes. */
enum {
    CLI_OK = 0,       /* success / valid proof */
    CLI_REJECTED = 1, /* the proof was rejected */
    CLI_USAGE = 2,    /* bad usage or malformed input (options, files, decode errors) */
    CLI_INTERNAL = 3  /* internal or device error */
};

/* Commands (bit flags, so each option can name the commands that accept it). */
enum {
    CMD_KEYGEN = 1 << 0,
    CMD_PROVE = 1 << 1,
    CMD_VERIFY = 1 << 2,
    CMD_INSPECT = 1 << 3,
    CMD_BENCH = 1 << 4
};

typedef struct cli_opts {
    int cmd;                /* one CMD_* */
    const char *cmd_name;
    const char *air;        /* --air */
    size_t size;            /* --size (valid when size_set) */
    int size_set;
    const char *params;     /* --params: "app", "test" or NULL (scenario default) */
    swirl_backend_kind backend; /* --backend */
    uint64_t seed;          /* --seed, default 1 */
    unsigned threads;       /* --threads, 0 = all cores */
    unsigned runs;          /* --runs, default 1 */
    const char *out;        /* -o */
    const char *vk;         /* --vk */
    const char *file;       /* the positional argument (verify, inspect) */
    const char *expect_params;  /* verify --expect-params PRESET: pin the key's parameters */
    const char *expect_vk_hash; /* verify --expect-vk-hash HEX: pin the key's pre-hash */
    unsigned min_security;      /* verify --min-security BITS (0: no minimum) */
    int json;               /* --json */
    int help;               /* --help after the command */
} cli_opts;

/* Parses argv[2..] for command cmd; prints a message and returns CLI_USAGE on error. */
int cli_parse(int cmd, const char *cmd_name, int argc, char **argv, cli_opts *o);

/* A resolved scenario: canonical name, size, parameter preset. */
typedef struct cli_setup {
    const char *name;        /* static string from swirl_builtin_names */
    size_t size;
    const char *params_name; /* "app" or "test" */
    swirl_system_params params;
} cli_setup;

/* Checks the name against the registry and applies the defaults; returns an exit code. */
int cli_resolve(const cli_opts *o, cli_setup *s);
/* Writes the built-in names as "a, b, c". */
void cli_print_names(FILE *f);

/* Creates the context of o->threads / o->backend; returns an exit code (messages printed). */
int cli_ctx_create(const cli_opts *o, swirl_ctx **ctx);
/* Number of worker threads a context made with `threads` runs. */
unsigned cli_effective_threads(unsigned threads);

/* Exit code for a library status outside verification (decode/usage-level errors -> 2, the rest -> 3). */
int cli_exit_for(int status);
/* Prints "swirl: <what>: <message> (<STATUS>)" and returns cli_exit_for(status). */
int cli_fail(const char *what, int status, const swirl_error *e);

/* Whole-file read / write. Return an exit code; messages printed. */
int cli_read_file(const char *path, uint8_t **bytes, size_t *len);
int cli_write_file(const char *path, const uint8_t *bytes, size_t len);
/* Fails early (before long work) when path cannot be opened for writing; leaves no new file. */
int cli_check_writable(const char *path);

double cli_now(void); /* monotonic seconds */

/* ---- key parameters and pre-hash (verify pinning, inspect, keygen) ----
 * Preset specs: app (app_params_with_100_bits_security(21), what --params app means), app:H
 * (log stacked height H), test (test_system_params_small(2, 8, 3)), testing:H (new_for_testing),
 * leaf, internal, root, hook. */
int cli_params_from_spec(const char *spec, swirl_system_params *out); /* 1 = ok, 0 = unknown */
/* The spec of the preset equal to p (swirl_params_equal), "custom" if none; buf holds >= 16. */
const char *cli_params_preset_name(const swirl_system_params *p, char *buf, size_t buflen);
/* One line, no newline: the preset name, then every field of p. */
void cli_print_params(FILE *f, const swirl_system_params *p);
/* A digest as hex: its 32 bytes in the codec's order (8 elements, each 4 bytes little-endian),
 * lowercase, 64 characters. */
void cli_digest_hex(const uint32_t d[8], char out[65]);
/* Parses exactly 64 hex digits (either case) into 8 elements; 0 when malformed or an element
 * is >= p (not a digest). */
int cli_parse_digest_hex(const char *hex, uint32_t out[8]);

/* ---- minimal JSON writer (pretty, 2-space indent) ---- */
#define CLI_JSON_MAX_DEPTH 16
typedef struct cli_json {
    FILE *f;
    int depth;
    int count[CLI_JSON_MAX_DEPTH]; /* elements written at each level */
} cli_json;

void json_init(cli_json *j, FILE *f);
void json_obj_begin(cli_json *j, const char *key); /* key NULL: root or array element */
void json_obj_end(cli_json *j);
void json_arr_begin(cli_json *j, const char *key);
void json_arr_end(cli_json *j);
void json_str(cli_json *j, const char *key, const char *v);
void json_uint(cli_json *j, const char *key, uint64_t v);
void json_bool(cli_json *j, const char *key, int v);
void json_ms(cli_json *j, const char *key, double seconds); /* milliseconds, 3 decimals */
void json_u32_list(cli_json *j, const char *key, const uint32_t *v, size_t n); /* inline array */
void json_size_list(cli_json *j, const char *key, const size_t *v, size_t n);  /* inline array */
void json_finish(cli_json *j); /* trailing newline after the root */
/* The parameters as an object: preset (cli_params_preset_name) and every field. */
void json_params(cli_json *j, const char *key, const swirl_system_params *p);

/* ---- commands ---- */
int cmd_keygen(const cli_opts *o);
int cmd_prove(const cli_opts *o);
int cmd_verify(const cli_opts *o);
int cmd_inspect(const cli_opts *o);
int cmd_bench(const cli_opts *o);

#endif
