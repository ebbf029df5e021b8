/* io.c — the CLI's file input and output: capped reads that refuse what would never end, and
 * atomic writes that never damage an existing file. */
/* realpath (symbolic links of outputs) is X/Open, beyond the project's _POSIX_C_SOURCE */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli.h"

uint64_t cli_max_input = CLI_DEFAULT_MAX_INPUT;

static int too_large(const char *path, const char *how) {
    cli_err("swirl: %s is %s than the input cap of %llu bytes (raise it with --max-input BYTES)\n", path, how,
            (unsigned long long)cli_max_input);
    return CLI_USAGE;
}

/* Reads fd to its end into a buffer of at most cli_max_input bytes; `expect` is the size a
 * regular file announced (0 for a pipe), used as the first allocation. */
static int read_all(int fd, const char *path, size_t expect, uint8_t **bytes, size_t *len) {
    size_t cap = expect ? expect + 1 : ((size_t)1 << 16), n = 0;
    uint8_t *b = malloc(cap);
    if (!b) return cli_err("swirl: out of memory reading %s\n", path), CLI_INTERNAL;
    for (;;) {
        if (n == cap) {
            size_t grow = cap > SIZE_MAX / 2 ? SIZE_MAX : cap * 2;
            uint8_t *nb = grow > cap ? realloc(b, grow) : NULL;
            if (!nb) {
                free(b);
                return cli_err("swirl: out of memory reading %s\n", path), CLI_INTERNAL;
            }
            b = nb;
            cap = grow;
        }
        ssize_t got = read(fd, b + n, cap - n);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            int saved = errno;
            free(b);
            return cli_err("swirl: cannot read %s: %s\n", path, strerror(saved)), CLI_USAGE;
        }
        if (got == 0) break;
        n += (size_t)got;
        if ((uint64_t)n > cli_max_input) { /* a growing file or a pipe: stop at the cap */
            free(b);
            return too_large(path, "larger");
        }
    }
    *bytes = b;
    *len = n;
    return CLI_OK;
}

int cli_read_file(const char *path, uint8_t **bytes, size_t *len) {
    *bytes = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_NOCTTY);
    if (fd < 0) return cli_err("swirl: cannot open %s: %s\n", path, strerror(errno)), CLI_USAGE;
    struct stat st;
    int code = CLI_OK;
    if (fstat(fd, &st) != 0) {
        cli_err("swirl: cannot read %s: %s\n", path, strerror(errno));
        code = CLI_USAGE;
    } else if (S_ISDIR(st.st_mode)) {
        cli_err("swirl: cannot read %s: it is a directory\n", path);
        code = CLI_USAGE;
    } else if (S_ISREG(st.st_mode)) {
        if ((uint64_t)st.st_size > cli_max_input) code = too_large(path, "larger");
        else code = read_all(fd, path, (size_t)st.st_size, bytes, len);
    } else if (S_ISFIFO(st.st_mode)) {
        code = read_all(fd, path, 0, bytes, len);
    } else {
        /* a character or block device or a socket: /dev/zero and its kind never end */
        cli_err("swirl: cannot read %s: not a regular file or a pipe\n", path);
        code = CLI_USAGE;
    }
    close(fd);
    return code;
}

/* The directory part of path ("." when there is none); the caller frees it. */
static char *dir_of(const char *path) {
    const char *slash = strrchr(path, '/');
    size_t n = slash ? (size_t)(slash - path) : 1;
    if (slash == path) n = 1; /* "/name": the root */
    char *d = malloc(n + 1);
    if (!d) return NULL;
    if (slash) memcpy(d, path, n);
    else d[0] = '.';
    d[n] = '\0';
    return d;
}

/* A fresh temporary file next to path: "<path>.tmp-XXXXXX" (same directory, so the rename is
 * atomic). Returns its descriptor and name (the caller frees it), or -1 with errno. */
static int make_temp(const char *path, char **name) {
    size_t n = strlen(path);
    char *t = malloc(n + 12);
    if (!t) {
        errno = ENOMEM;
        return -1;
    }
    memcpy(t, path, n);
    memcpy(t + n, ".tmp-XXXXXX", 12);
    int fd = mkstemp(t);
    if (fd < 0) {
        int saved = errno;
        free(t);
        errno = saved;
        return -1;
    }
    *name = t;
    return fd;
}

static int write_fd(int fd, const uint8_t *bytes, size_t len) {
    while (len) {
        ssize_t w = write(fd, bytes, len);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return -1;
        bytes += w;
        len -= (size_t)w;
    }
    return 0;
}

/* An existing device or pipe at path (e.g. /dev/stdout): written in place, no rename. */
static int write_in_place(const char *path, const uint8_t *bytes, size_t len) {
    int fd = open(path, O_WRONLY | O_NOCTTY);
    if (fd < 0) return cli_err("swirl: cannot write %s: %s\n", path, strerror(errno)), CLI_USAGE;
    int bad = write_fd(fd, bytes, len);
    int saved = errno;
    if (close(fd) != 0 && !bad) bad = 1, saved = errno;
    if (bad) return cli_err("swirl: write error on %s: %s\n", path, strerror(saved)), CLI_USAGE;
    return CLI_OK;
}

/* Writes to path, which names no symbolic link (cli_write_file resolved it). */
static int write_resolved(const char *path, const uint8_t *bytes, size_t len) {
    struct stat st;
    int existed = stat(path, &st) == 0;
    if (existed) {
        if (S_ISDIR(st.st_mode)) return cli_err("swirl: cannot write %s: it is a directory\n", path), CLI_USAGE;
        if (!S_ISREG(st.st_mode)) return write_in_place(path, bytes, len);
    }
    char *tmp = NULL;
    int fd = make_temp(path, &tmp);
    if (fd < 0) return cli_err("swirl: cannot write %s: %s\n", path, strerror(errno)), CLI_USAGE;
    /* mkstemp makes the file 0600; outputs are keys and proofs, not secrets: the usual mode */
    mode_t mask = umask(0);
    umask(mask);
    int bad = fchmod(fd, 0666 & ~mask) != 0;
    bad = bad || write_fd(fd, bytes, len) != 0;
    bad = bad || fsync(fd) != 0;
    int saved = errno;
    if (close(fd) != 0 && !bad) bad = 1, saved = errno;
    if (!bad && rename(tmp, path) != 0) bad = 1, saved = errno;
    if (bad) {
        unlink(tmp);
        free(tmp);
        return cli_err("swirl: write error on %s: %s (%s)\n", path, strerror(saved),
                       existed ? "the existing file there is unchanged" : "no file was created"), CLI_USAGE;
    }
    free(tmp);
    /* make the rename itself durable; a directory that cannot be opened or synced (some file
     * systems) leaves the file written all the same */
    char *dir = dir_of(path);
    int dfd = dir ? open(dir, O_RDONLY) : -1;
    if (dfd >= 0) {
        (void)fsync(dfd);
        close(dfd);
    }
    free(dir);
    return CLI_OK;
}

int cli_write_file(const char *path, const uint8_t *bytes, size_t len) {
    /* a symbolic link is followed: its target is replaced, the link stays */
    struct stat lst;
    char *real = lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode) ? realpath(path, NULL) : NULL;
    int code = write_resolved(real ? real : path, bytes, len);
    free(real);
    return code;
}

int cli_check_writable(const char *path) {
    struct stat st;
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode)) return cli_err("swirl: cannot write %s: it is a directory\n", path), CLI_USAGE;
        if (!S_ISREG(st.st_mode)) {
            if (access(path, W_OK) != 0) return cli_err("swirl: cannot write %s: %s\n", path, strerror(errno)), CLI_USAGE;
            return CLI_OK;
        }
    }
    char *tmp = NULL;
    int fd = make_temp(path, &tmp);
    if (fd < 0) return cli_err("swirl: cannot write %s: %s\n", path, strerror(errno)), CLI_USAGE;
    close(fd);
    unlink(tmp);
    free(tmp);
    return CLI_OK;
}
