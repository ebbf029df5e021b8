/* main.c — the `swirl` command-line tool over the public API (swirl.h).
 *
 *   swirl --version | --help
 *   swirl keygen  --air NAME [--size N] [--params app|test] [--seed S] -o vk.bin [--json]
 *   swirl prove   --air NAME [--size N] [--params app|test] [--backend auto|cpu|cuda] [--seed S]
 *                 [--threads T] -o proof.bin
 *   swirl verify  (--vk vk.bin | --air NAME [--size N] [--params app|test] [--seed S])
 *                 [--expect-params PRESET] [--expect-vk-hash HEX] [--min-security BITS] proof.bin
 *   swirl inspect [--vk vk.bin] [proof.bin] [--json]
 *   swirl bench   --air NAME [--size N] [--params app|test] [--backend ...] [--seed S] [--runs R]
 *                 [--threads T] [--json]
 *
 * Exit codes: 0 success / valid, 1 proof rejected, 2 bad usage or malformed input, 3 internal or
 * device error. stdout carries machine-readable output (JSON, "valid", the bench table); progress
 * and errors go to stderr. Pieces: util.c (options, files, JSON), commands.c (the commands). */
#include <string.h>
#include "cli.h"

static void usage(FILE *f) {
    fprintf(f,
            "usage: swirl <command> [options]\n"
            "\n"
            "commands:\n"
            "  --version    print the version\n"
            "  --help       print this help\n"
            "  keygen       --air NAME [--size N] [--params app|test] [--seed S] -o vk.bin [--json]\n"
            "               write the verifying key; --json prints AIR statistics to stdout\n"
            "  prove        --air NAME [--size N] [--params app|test] [--backend auto|cpu|cuda]\n"
            "               [--seed S] [--threads T] -o proof.bin\n"
            "               prove the scenario, print the timing spans and the proof size to stderr\n"
            "  verify       (--vk vk.bin | --air NAME [--size N] [--params app|test] [--seed S])\n"
            "               [--expect-params PRESET] [--expect-vk-hash HEX] [--min-security BITS] proof.bin\n"
            "               print the key's parameters and pre-hash to stderr, then \"valid\" and exit 0,\n"
            "               or exit 1 when the proof is rejected or the key is not the expected one\n"
            "  inspect      [--vk vk.bin] [proof.bin] [--json]\n"
            "               summarise a proof's shape and section sizes (no key needed); with --vk,\n"
            "               the key's parameters and pre-hash\n"
            "  bench        --air NAME [--size N] [--params app|test] [--backend auto|cpu|cuda]\n"
            "               [--seed S] [--runs R] [--threads T] [--json]\n"
            "               keygen once, prove and verify R times, report the median of every span\n"
            "\n"
            "options:\n"
            "  --air NAME       built-in scenario (below)\n"
            "  --size N         keccakf: permutations (default 1024); many_airs: top log2 height\n"
            "                   (default 20); others: log2 height (default 3)\n"
            "  --params P       app (app_params_with_100_bits_security(21)) or test\n"
            "                   (test_system_params_small(2, 8, 3)); default app for keccakf and\n"
            "                   many_airs, else test\n"
            "  --backend B      auto (CUDA when available, default), cpu or cuda\n"
            "  --seed S         seed of the scenario's random inputs (default 1)\n"
            "  --threads T      worker threads (default 0: one per core)\n"
            "  --runs R         bench repetitions (default 1)\n"
            "  --expect-params PRESET  verify only if the key's parameters are the preset's: app, app:H,\n"
            "                   test, testing:H, leaf, internal, root, hook (H: log2 stacked height)\n"
            "  --expect-vk-hash HEX    verify only if the key's pre-hash is HEX (64 hex digits, as\n"
            "                   inspect --vk prints it)\n"
            "  --min-security BITS     verify only if the key's soundness (calculator, largest proof\n"
            "                   the key admits) is at least BITS\n"
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
            "            3 internal or device error\n");
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
        {"inspect", CMD_INSPECT, cmd_inspect}, {"bench", CMD_BENCH, cmd_bench},
    };
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        if (strcmp(cmd, cmds[i].name)) continue;
        cli_opts o;
        int code = cli_parse(cmds[i].id, cmds[i].name, argc, argv, &o);
        if (code) return code;
        if (o.help) {
            usage(stdout);
            return CLI_OK;
        }
        return cmds[i].run(&o);
    }
    fprintf(stderr, "swirl: unknown command '%s' (commands: keygen, prove, verify, inspect, bench; see swirl --help)\n",
            cmd);
    return CLI_USAGE;
}
