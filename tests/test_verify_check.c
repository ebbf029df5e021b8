/* test_verify_check.c — the contract macro of src/util/check.h behaves as documented in the build
 * it is compiled in:
 *  - default build: SWIRL_VERIFY_CHECK does not evaluate its condition (a side effect in it never
 *    happens) and a false condition does nothing;
 *  - VERIFY build (-DSWIRL_VERIFY=ON): a true condition passes, and a false one prints
 *    "file:line: contract violated: cond" and aborts (checked in a forked child: SIGABRT and
 *    the message on its stderr);
 *  - in both: the canonical-value helpers accept values < p and refuse p. */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include "util/check.h"
#include "test_util.h"

static int evaluations;
static int count_and_return(int v) {
    evaluations++;
    return v;
}

#ifdef SWIRL_VERIFY
/* a child violates a contract; returns 1 when it died of SIGABRT with the expected message */
static int child_aborts_with_message(void) {
    int fds[2];
    if (pipe(fds) != 0) return 0;
    pid_t pid = fork();
    if (pid < 0) return 0;
    if (pid == 0) {
        close(fds[0]);
        dup2(fds[1], 2);
        SWIRL_VERIFY_CHECK(count_and_return(0) == 1);
        _exit(0); /* not reached when the check works */
    }
    close(fds[1]);
    char buf[512] = {0};
    size_t got = 0;
    ssize_t r;
    while (got + 1 < sizeof buf && (r = read(fds[0], buf + got, sizeof buf - 1 - got)) > 0) got += (size_t)r;
    close(fds[0]);
    int status = 0;
    if (waitpid(pid, &status, 0) != pid) return 0;
    int aborted = WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
    int message = strstr(buf, "test_verify_check.c:") && strstr(buf, "contract violated: count_and_return(0) == 1");
    if (!aborted || !message) fprintf(stderr, "child status %d, stderr: %s\n", status, buf);
    return aborted && message;
}
#endif

int main(void) {
    uint32_t good[3] = {0, 1, SWIRL_BB_P - 1}, bad[3] = {5, SWIRL_BB_P, 7};
    CHECK(SWIRL_BB_CANONICAL(good, 3));
    CHECK(!SWIRL_BB_CANONICAL(bad, 3));
    CHECK(SWIRL_BB_CANONICAL(bad, 1)); /* only the first n words are read */
    uint32_t ef[8] = {1, 2, 3, 4, 5, 6, 7, SWIRL_BB_P - 1};
    CHECK(SWIRL_EF_CANONICAL(ef, 2));
    ef[5] = SWIRL_BB_P + 3;
    CHECK(!SWIRL_EF_CANONICAL(ef, 2));
    CHECK(SWIRL_EF_CANONICAL(ef, 1));
    evaluations = 0;
    SWIRL_VERIFY_CHECK(count_and_return(1) == 1);
#ifdef SWIRL_VERIFY
    CHECK_EQ_U64(SWIRL_VERIFY_ON, 1);
    CHECK_EQ_U64(evaluations, 1); /* evaluated, and it held */
    CHECK(child_aborts_with_message());
#else
    CHECK_EQ_U64(SWIRL_VERIFY_ON, 0);
    SWIRL_VERIFY_CHECK(count_and_return(0) == 1); /* false, yet nothing happens */
    CHECK_EQ_U64(evaluations, 0);                 /* never evaluated */
#endif
    return t_summary("test_verify_check");
}
