/* cli.h — shared pieces of the `swirl` command-line tool (options, files, JSON, scenarios).
 * Only the public API (swirl.h) is used. */
#ifndef SWIRL_CLI_H
#define SWIRL_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "swirl.h"
#include "swirl_scenarios.h"

/* Exit codes. */
enum {
    CLI_OK = 0,       /* success / valid proof */
    CLI_REJECTED = 1, /* the proof was rejected */
    CLI_USAGE = 2,    /* bad usage or malformed input (options, files, decode errors) */
    CLI_INTERNAL = 3, /* internal or device error */
    CLI_MISMATCH = 4  /* verify: the proof is valid but its statement is not the expected one */
};

/* Commands (bit flags, so each option can name the commands that accept it). */
enum {
    CMD_KEYGEN = 1 << 0,
    CMD_PROVE = 1 << 1,
    CMD_VERIFY = 1 << 2,
    CMD_INSPECT = 1 << 3,
    CMD_BENCH = 1 << 4,
    CMD_EXPORT = 1 << 5 /* export-traces */
};

/* A repeatable option's values, in command-line order (pointers into argv). */
typedef struct cli_list {
    const char **items;
    size_t n;
} cli_list;

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
    const char *pk;         /* prove --pk: prove from files with this proving key */
    const char *pk_out;     /* keygen --pk-out: also write the proving key */
    const char *file;       /* the positional argument (verify, inspect) */
    const char *expect_params;  /* verify --expect-params PRESET: pin the key's parameters */
    const char *expect_vk_hash; /* verify --expect-vk-hash HEX: pin the key's pre-hash */
    unsigned min_security;      /* verify --min-security BITS (0: no minimum) */
    cli_list traces;        /* prove --trace AIR:FILE */
    cli_list cached;        /* prove --cached AIR:PART:FILE */
    cli_list publics;       /* prove --public AIR:V0,V1,... */
    const char *public_file;    /* prove --public-file FILE */
    cli_list expect_public;     /* verify --expect-public AIR:V0,V1,... */
    const char *expect_public_file; /* verify --expect-public-file FILE */
    uint64_t max_input;     /* --max-input: the largest input file read, bytes */
    int json;               /* --json */
    int quiet;              /* --quiet: no progress or reports on stderr (errors still) */
    int help;               /* --help after the command */
} cli_opts;

/* Parses argv[2..] for command cmd; prints a message and returns CLI_USAGE on error (then o
 * holds nothing). Rejects unknown options, options of other commands, a non-repeatable option
 * given twice and conflicting options. Release with cli_opts_free. */
int cli_parse(int cmd, const char *cmd_name, int argc, char **argv, cli_opts *o);
void cli_opts_free(cli_opts *o);
/* Per-command help (stdout for --help): synopsis and the options the command accepts. */
void cli_command_usage(FILE *f, int cmd, const char *cmd_name);

/* The default input cap (bytes) and the largest one --max-input accepts. */
#define CLI_DEFAULT_MAX_INPUT ((uint64_t)1 << 30)
#define CLI_MAX_MAX_INPUT ((uint64_t)1 << 40)
/* The cap cli_read_file applies (set from --max-input by main before the command runs). */
extern uint64_t cli_max_input;

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

/* Whole-file read (cli/io.c): refuses early a regular file above cli_max_input, a directory or
 * a device (/dev/zero would never end); a pipe is read up to the cap, then refused. Returns an
 * exit code; messages printed. *bytes is released with free(). */
int cli_read_file(const char *path, uint8_t **bytes, size_t *len);
/* Atomic write: a temporary file in the same directory, written, fsync'ed, renamed over path
 * (then the directory fsync'ed). A failure removes the temporary file and leaves an existing
 * file at path untouched. A path naming an existing device or pipe (e.g. /dev/stdout) is written
 * in place. Returns an exit code; messages printed. */
int cli_write_file(const char *path, const uint8_t *bytes, size_t len);
/* Fails early (before long work) when path cannot be written: a directory, or a directory that
 * does not exist or does not accept new files. Leaves nothing behind. */
int cli_check_writable(const char *path);

/* ---- progress on stderr (cli/progress.c) ----
 * One line per stage with its time; on a terminal the running stage is shown in place
 * ("swirl: prover.openings ...") and replaced by its finished line; elsewhere only finished
 * lines are printed. Nothing with --quiet. */
void cli_progress_init(int quiet);
int cli_progress_quiet(void);
void cli_stage_begin(const char *name);
void cli_stage_end(const char *name, double seconds);
/* Reports the prover's stages (spans of depth <= 1; deeper ones only in place on a terminal). */
void cli_progress_attach(swirl_ctx *ctx);
/* An error or report on stderr (printf format, as given): first ends a running stage's in-place
 * line, so the message starts a line of its own. Returns 0. */
int cli_err(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
/* A report line on stderr (printf format, newline added) unless quiet. */
void cli_note(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* ---- NumPy .npy traces (cli/npy.c) ----
 * Accepted: format versions 1.0, 2.0 and 3.0, dtype '<u4' (uint32 little-endian), C order,
 * 2-D shape (rows, columns) with rows a power of two and columns >= 1, every value < p, the data
 * exactly rows * columns * 4 bytes. The header is at most CLI_NPY_MAX_HEADER bytes. */
#define CLI_NPY_MAX_HEADER 65536
/* Parses a whole .npy file's bytes into out (values allocated with malloc; free()). 0 on
 * success, else CLI_USAGE (message in msg) or CLI_INTERNAL (out of memory). */
int cli_npy_parse(const uint8_t *bytes, size_t len, swirl_trace *out, char *msg, size_t msglen);
/* Reads a .npy file (cli_read_file's caps) into out; messages name the file. */
int cli_npy_load(const char *path, swirl_trace *out);
/* The .npy (version 1.0) bytes of t, as numpy.save writes a C-ordered '<u4' array. */
int cli_npy_encode(const swirl_trace *t, uint8_t **bytes, size_t *len);

/* ---- public values "AIR:V0,V1,..." (cli/inputs.c) ----
 * One AIR's values: a decimal AIR index, a colon, and comma-separated decimal values (none for
 * an AIR without public values: "2:"). A file holds one such entry per line (blank lines and
 * lines starting with '#' ignored). Values >= p and AIR indices >= num_airs are input errors. */
typedef struct cli_public_set {
    size_t num_airs;
    int *given;          /* num_airs flags */
    uint32_t **values;   /* num_airs arrays (malloc) */
    size_t *counts;      /* num_airs */
} cli_public_set;
/* Collects entries from the list (option name `opt`) and/or the file into set; an AIR named twice
 * is an error. Returns an exit code; messages printed. */
int cli_public_collect(const char *opt, const cli_list *list, const char *file, size_t num_airs,
                       cli_public_set *set);
void cli_public_free(cli_public_set *set);
/* prove --pk: loads the proving key, the traces and the public values, proves, verifies the
 * fresh proof and writes it. */
int cli_prove_from_files(const cli_opts *o);


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
int cmd_export_traces(const cli_opts *o);

#endif
