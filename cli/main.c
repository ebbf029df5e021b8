/* main.c — the `swirl` command-line tool over the public API (swirl.h).
 *
 *   swirl --version | --help
 *   swirl <command> --help            per-command usage
 *   swirl keygen  --air NAME [--size N] [--params app|test] [--seed S] -o vk.bin [--pk-out pk.bin] [--json]
 *   swirl prove   (--air NAME [--size N] [--params app|test] [--seed S]
 *                  | --pk pk.bin --trace AIR:FILE... [--cached AIR:PART:FILE...] [--public AIR:V,... | --public-file F])
 *                 [--backend auto|cpu|cuda] [--threads T] -o proof.bin
 *   swirl verify  (--vk vk.bin | --air NAME [--size N] [--params app|test] [--seed S])
 *                 [--expect-params PRESET] [--expect-vk-hash HEX] [--min-security BITS]
 *                 [--expect-public AIR:V,... | --expect-public-file F] proof.bin
 *   swirl inspect [--vk vk.bin] [proof.bin] [--json]
 *   swirl bench   --air NAME [--size N] [--params app|test] [--backend ...] [--seed S] [--runs R]
 *                 [--threads T] [--json]
 *   swirl export-traces --air NAME [--size N] [--seed S] -o DIR
 *   (every command: --quiet; reading commands: --max-input BYTES)
 *
 * Exit codes: 0 success / valid, 1 proof rejected, 2 bad usage or malformed input, 3 internal or
 * device error, 4 (verify) valid proof of another statement. stdout carries machine-readable
 * output (JSON, "valid" and the statement, the bench table); progress and errors go to stderr.
 * Pieces: util.c (options, help, JSON), io.c (files), progress.c, npy.c (.npy traces), inputs.c
 * (public values, prove --pk, export-traces), commands.c (the commands). docs/CLI.md is the
 * manual. */
#include <signal.h>
#include <string.h>
#include "cli.h"
#include "swirl_scenarios.h"

static void usage(FILE *f) {
    fprintf(f,
            "usage: swirl <command> [options]\n"
            "\n"
            "commands:\n"
            "  --version      print the version\n"
            "  --help         print this help; swirl <command> --help prints the command's\n"
            "  keygen         write the verifying key (and with --pk-out the proving key) of a built-in scenario\n"
            "  prove          prove a built-in scenario (--air) or any AIRs from .npy trace files (--pk)\n"
            "  verify         verify a proof; print \"valid\" and its statement (AIRs, heights, public values);\n"
            "                 bind it to expected public values (--expect-public)\n"
            "  inspect        summarise a proof (statement, shape, sizes) and/or a key\n"
            "  bench          keygen once, prove and verify R times, report the median of every span\n"
            "  export-traces  write a built-in scenario's traces as .npy and its public values (inputs of prove --pk)\n"
            "\n"
            "common options: --quiet (no progress or reports on stderr), --max-input BYTES (largest input\n"
            "file read; default 1G), --help. Options may be given once each, except --trace, --cached,\n"
            "--public and --expect-public. The manual: docs/CLI.md.\n"
            "\n"
            "built-in scenarios (--air):\n");
    const char *const *names = swirl_builtin_names(NULL);
    int col = 0;
    for (size_t i = 0; names && names[i]; i++) {
        int w = (int)strlen(names[i]) + (names[i + 1] ? 1 : 0);
        if (col == 0 || col + 1 + w > 80) {
            fprintf(f, "%s  ", col ? "\n" : "");
            col = 2;
        } else {
            fputc(' ', f);
            col++;
        }
        fprintf(f, "%s%s", names[i], names[i + 1] ? "," : "");
        col += w;
    }
    fprintf(f,
            "\n"
            "\n"
            "exit codes: 0 success / valid proof, 1 proof rejected, 2 bad usage or malformed input,\n"
            "            3 internal or device error, 4 valid proof of another statement (verify --expect-public)\n");
}

int main(int argc, char **argv) {
    if (argc < 2 || !argv[1]) {
        usage(stderr);
        return CLI_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V") || !strcmp(cmd, "version")) {
        printf("swirl %s\n", swirl_version());
        return fflush(stdout) ? CLI_USAGE : CLI_OK;
    }
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        usage(stdout);
        return fflush(stdout) ? CLI_USAGE : CLI_OK;
    }
    static const struct {
        const char *name;
        int id;
        int (*run)(const cli_opts *);
    } cmds[] = {
        {"keygen", CMD_KEYGEN, cmd_keygen},     {"prove", CMD_PROVE, cmd_prove}, {"verify", CMD_VERIFY, cmd_verify},
        {"inspect", CMD_INSPECT, cmd_inspect}, {"bench", CMD_BENCH, cmd_bench}, {"export-traces", CMD_EXPORT, cmd_export_traces},
    };
    /* a write beyond a file-size limit fails with EFBIG (reported, the old file kept) instead of
     * killing the process half-way */
    signal(SIGXFSZ, SIG_IGN);
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        if (strcmp(cmd, cmds[i].name)) continue;
        cli_opts o;
        int code = cli_parse(cmds[i].id, cmds[i].name, argc, argv, &o);
        if (code) return code;
        if (o.help) {
            cli_command_usage(stdout, cmds[i].id, cmds[i].name);
            cli_opts_free(&o);
            return fflush(stdout) ? CLI_USAGE : CLI_OK;
        }
        cli_max_input = o.max_input;
        cli_progress_init(o.quiet);
        code = cmds[i].run(&o);
        cli_opts_free(&o);
        return code;
    }
    cli_err("swirl: unknown command '%s' (commands: keygen, prove, verify, inspect, bench, export-traces; see swirl --help)\n",
            cmd);
    return CLI_USAGE;
}
