/* main.c — the `swirl` command-line tool. */
#include <stdio.h>
#include <string.h>
#include "swirl.h"

static void usage(FILE *f) {
    fprintf(f,
            "usage: swirl <command> [options]\n"
            "\n"
            "commands:\n"
            "  --version            print the version and exit\n"
            "  --help               print this help and exit\n"
            "\n"
            "exit codes: 0 success / valid proof, 1 proof rejected, 2 bad usage or malformed input,\n"
            "            3 internal or device error\n");
}

int main(int argc, char **argv) {
    if (argc < 2) { usage(stderr); return 2; }
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
        printf("swirl %s\n", swirl_version());
        return 0;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "help") || !strcmp(argv[1], "-h")) {
        usage(stdout);
        return 0;
    }
    fprintf(stderr, "swirl: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
