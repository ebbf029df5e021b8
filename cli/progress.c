/* progress.c — stage lines on stderr. On a terminal the running stage is shown in place and
 * replaced by its finished line (carriage return + erase line); elsewhere (a log, a pipe) only
 * finished lines, so logs hold one plain line per stage. --quiet prints nothing. */
#include <stdarg.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"

static int g_quiet;
static int g_tty;
static int g_line_open; /* a terminal line ("... stage ...") is showing, without its newline */
static double g_started;

void cli_progress_init(int quiet) {
    g_quiet = quiet;
    g_tty = isatty(STDERR_FILENO);
    g_line_open = 0;
    g_started = cli_now();
}

int cli_progress_quiet(void) { return g_quiet; }

static void clear_open_line(void) {
    if (g_line_open) fputs("\r\033[K", stderr);
    g_line_open = 0;
}

void cli_stage_begin(const char *name) {
    if (g_quiet || !g_tty) return;
    clear_open_line();
    fprintf(stderr, "swirl: %-36s ...", name);
    fflush(stderr);
    g_line_open = 1;
}

void cli_stage_end(const char *name, double seconds) {
    if (g_quiet) return;
    clear_open_line();
    fprintf(stderr, "swirl: %-36s %10.3f s   (at %.3f s)\n", name, seconds, cli_now() - g_started);
    fflush(stderr);
}

int cli_err(const char *fmt, ...) {
    /* the running stage's line stays visible (it says where the error happened) */
    if (g_line_open) fputc('\n', stderr);
    g_line_open = 0;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    return 0;
}

void cli_note(const char *fmt, ...) {
    if (g_quiet) return;
    clear_open_line();
    va_list ap;
    va_start(ap, fmt);
    fputs("swirl: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    fflush(stderr);
}

/* The prover's spans: its stages (depth <= 1) get lines; their parts only show in place. */
static void on_span(void *user, const char *name, unsigned depth, int finished, double seconds) {
    (void)user;
    if (depth <= 1) {
        if (finished) cli_stage_end(name, seconds);
        else cli_stage_begin(name);
    } else if (!finished) {
        cli_stage_begin(name);
    }
}

void cli_progress_attach(swirl_ctx *ctx) {
    if (!g_quiet) swirl_ctx_set_progress(ctx, on_span, NULL);
}
