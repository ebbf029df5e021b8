/* test_alloc_failure.c — allocation-failure injection over the public API (issue 9 items 3-4).
 *
 * For each operation (scenario construction, keygen, cached commitment, prove, verify, the key
 * and proof codecs, the debug checker) of a multi-AIR scenario with preprocessed and cached
 * traces, interactions and public values: a clean run records the sequence of allocation sites
 * (util/alloc.h observer); then, for EVERY call index of that sequence (so every distinct site
 * at least once), the operation is rerun with exactly that allocation failing. Each rerun must return exactly SWIRL_ERR_OUT_OF_MEMORY (and say so in its
 * swirl_error), the injected failure must have fired, nothing may crash, and every block must
 * be released (swirl_alloc_live() back to its value before the call).
 *
 * The context has one thread, so the pool runs every task on the caller thread and the
 * sequence of allocations is deterministic (checked: a second clean run must record the same
 * sequence). The whole sweep (~2,800 reruns) takes about 10 s; TEST_ALLOC_FIRST_ONLY=1 in the
 * environment reruns only the first call index of each distinct site (for quick debugging), and
 * TEST_ALLOC_VERBOSE=1 names every injected allocation before it fails. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "swirl.h"
#include "swirl_scenarios.h"
#include "test_util.h"
#include "util/alloc.h"

/* ---- recording the allocation sites (the observer uses the C allocator, not the library's) ---- */

typedef struct {
    const char **site; /* site of call i (static strings "file:line") */
    size_t len, cap;
} site_log;

static site_log g_log;
static int g_recording;

static void observe(const char *site, void *user) {
    (void)user;
    if (!g_recording) return;
    if (g_log.len == g_log.cap) {
        size_t cap = g_log.cap ? 2 * g_log.cap : 4096;
        const char **grown = realloc(g_log.site, cap * sizeof *grown);
        if (!grown) abort(); /* the test's own memory, not the library's */
        g_log.site = grown;
        g_log.cap = cap;
    }
    g_log.site[g_log.len++] = site;
}

/* ---- the operations ---- */

typedef struct {
    swirl_ctx *ctx;
    swirl_system_params params;
    swirl_builtin *scenario; /* traces for prove / check */
    swirl_pk *pk;
    swirl_vk *vk;
    uint8_t *proof, *vk_bytes, *pk_bytes;
    size_t proof_len, vk_len, pk_len;
    const swirl_trace *cached_trace; /* a cached main trace of the scenario */
    /* the scenario's inputs with every cached main committed beforehand (cached_commitments) */
    swirl_air_inputs *inputs_pre;
    swirl_committed_trace **committed;        /* one per cached main, in AIR order */
    const swirl_committed_trace **commit_ptrs; /* the same, as the inputs point to them */
    size_t num_committed;
} fixture;

typedef int (*op_fn)(fixture *fx, swirl_error *err);

/* Each operation frees everything it made before returning (so live blocks can be compared). */
static int op_scenario(fixture *fx, swirl_error *err) {
    (void)fx;
    swirl_builtin *s = NULL;
    int rc = swirl_builtin_scenario("mixture", 1, 0, &s, err);
    swirl_builtin_free(s);
    return rc;
}

static int op_ctx_create(fixture *fx, swirl_error *err) {
    (void)fx;
    swirl_ctx *c = NULL;
    int rc = swirl_ctx_create(1, SWIRL_BACKEND_CPU, &c, err);
    swirl_ctx_free(c);
    return rc;
}

static int op_keygen(fixture *fx, swirl_error *err) {
    swirl_pk *pk = NULL;
    swirl_vk *vk = NULL;
    int rc = swirl_keygen(fx->ctx, &fx->params, fx->scenario->airs, fx->scenario->num_airs, &pk, &vk, err);
    swirl_pk_free(pk);
    swirl_vk_free(vk);
    return rc;
}

static int op_commit_cached(fixture *fx, swirl_error *err) {
    swirl_committed_trace *c = NULL;
    int rc = swirl_commit_cached_main(fx->ctx, fx->vk, fx->cached_trace, &c, err);
    swirl_committed_trace_free(c);
    return rc;
}

static int op_prove(fixture *fx, swirl_error *err) {
    uint8_t *b = NULL;
    size_t len = 0;
    int rc = swirl_prove(fx->ctx, fx->pk, fx->scenario->inputs, fx->scenario->num_airs, &b, &len, err);
    swirl_bytes_free(b);
    return rc;
}

static int op_prove_precommitted(fixture *fx, swirl_error *err) {
    uint8_t *b = NULL;
    size_t len = 0;
    int rc = swirl_prove(fx->ctx, fx->pk, fx->inputs_pre, fx->scenario->num_airs, &b, &len, err);
    swirl_bytes_free(b);
    return rc;
}

static int op_verify(fixture *fx, swirl_error *err) { return swirl_verify(fx->vk, fx->proof, fx->proof_len, err); }

static int op_summarize(fixture *fx, swirl_error *err) {
    swirl_proof_summary s;
    int rc = swirl_proof_summarize(fx->proof, fx->proof_len, &s, err);
    if (rc == SWIRL_OK) swirl_proof_summary_free(&s);
    return rc;
}

static int op_vk_encode(fixture *fx, swirl_error *err) {
    uint8_t *b = NULL;
    size_t len = 0;
    int rc = swirl_vk_encode(fx->vk, &b, &len, err);
    swirl_bytes_free(b);
    return rc;
}

static int op_vk_decode(fixture *fx, swirl_error *err) {
    swirl_vk *vk = NULL;
    int rc = swirl_vk_decode(fx->vk_bytes, fx->vk_len, &vk, err);
    swirl_vk_free(vk);
    return rc;
}

static int op_pk_encode(fixture *fx, swirl_error *err) {
    uint8_t *b = NULL;
    size_t len = 0;
    int rc = swirl_pk_encode(fx->pk, &b, &len, err);
    swirl_bytes_free(b);
    return rc;
}

static int op_pk_decode(fixture *fx, swirl_error *err) {
    swirl_pk *pk = NULL;
    int rc = swirl_pk_decode(fx->ctx, fx->pk_bytes, fx->pk_len, &pk, err);
    swirl_pk_free(pk);
    return rc;
}

static int op_debug_check(fixture *fx, swirl_error *err) {
    swirl_check_report rep;
    return swirl_debug_check(fx->pk, fx->scenario->inputs, fx->scenario->num_airs, &rep, err);
}

/* ---- the sweep ---- */

typedef struct {
    size_t ops, calls, sites, indices, failures;
} totals;

static totals g_tot;

/* distinct sites over all operations */
static const char *g_union[4096];
static size_t g_union_len;

static void union_add(const char *site) {
    for (size_t i = 0; i < g_union_len; i++)
        if (!strcmp(g_union[i], site)) return;
    if (g_union_len < sizeof g_union / sizeof g_union[0]) g_union[g_union_len++] = site;
}

/* Records one clean run's allocation sites into g_log; returns the operation's status. */
static int record(fixture *fx, op_fn fn) {
    swirl_error e;
    g_log.len = 0;
    g_recording = 1;
    int rc = fn(fx, &e);
    g_recording = 0;
    return rc;
}

/* Index list: the first call index (1-based) of every distinct site, or every index (full). */
static size_t pick_indices(const site_log *log, int full, size_t *idx, size_t *num_sites) {
    size_t n = 0, sites = 0;
    for (size_t i = 0; i < log->len; i++) {
        int first = 1;
        for (size_t j = 0; j < i && first; j++) first = strcmp(log->site[j], log->site[i]) != 0;
        sites += first;
        if (first || full) idx[n++] = i + 1;
    }
    *num_sites = sites;
    return n;
}

/* One rerun with the k-th allocation failing: exact status, fired, no leak. */
static void inject(fixture *fx, const char *name, op_fn fn, size_t k, const char *site) {
    if (getenv("TEST_ALLOC_VERBOSE")) fprintf(stderr, "%s: failing allocation %zu (%s)\n", name, k, site);
    swirl_error e;
    memset(&e, 0, sizeof e);
    long live0 = swirl_alloc_live();
    swirl_alloc_fail_at(k);
    int rc = fn(fx, &e);
    int fired = swirl_alloc_fail_fired();
    swirl_alloc_fail_at(0);
    long leaked = swirl_alloc_live() - live0;
    int ok = rc == SWIRL_ERR_OUT_OF_MEMORY && fired && leaked == 0 && e.status == SWIRL_ERR_OUT_OF_MEMORY && e.message[0];
    CHECK_MSG(ok, "%s: allocation %zu (%s) failing: %s (err %s '%s'), fired %d, %ld blocks leaked", name, k, site,
              swirl_status_str(rc), swirl_status_str(e.status), e.message, fired, leaked);
    if (!ok) g_tot.failures++;
}

static void sweep(fixture *fx, const char *name, op_fn fn, int full) {
    swirl_error e;
    CHECK_MSG(fn(fx, &e) == SWIRL_OK, "%s: warm-up run failed: %s", name, e.message); /* lazy one-time state */
    long live0 = swirl_alloc_live();
    int rc = record(fx, fn);
    CHECK_MSG(rc == SWIRL_OK && swirl_alloc_live() == live0, "%s: clean run: %s, live %ld -> %ld", name, swirl_status_str(rc),
              live0, swirl_alloc_live());
    size_t n = g_log.len;
    const char **clean = malloc((n + 1) * sizeof *clean);
    size_t *idx = malloc((n + 1) * sizeof *idx);
    if (!clean || !idx) abort();
    memcpy(clean, g_log.site, n * sizeof *clean);
    /* determinism: a second clean run allocates at the same sites in the same order */
    record(fx, fn);
    int same = g_log.len == n;
    for (size_t i = 0; same && i < n; i++) same = !strcmp(g_log.site[i], clean[i]);
    CHECK_MSG(same, "%s: the allocation sequence differs between two clean runs (%zu vs %zu calls)", name, n, g_log.len);
    size_t sites = 0, m = pick_indices(&(site_log){clean, n, n}, full, idx, &sites);
    for (size_t i = 0; i < n; i++) union_add(clean[i]);
    for (size_t i = 0; i < m; i++) inject(fx, name, fn, idx[i], clean[idx[i] - 1]);
    printf("  %-18s %6zu allocation calls, %4zu distinct sites, %5zu injected\n", name, n, sites, m);
    g_tot.ops++;
    g_tot.calls += n;
    g_tot.sites += sites;
    g_tot.indices += m;
    free(clean);
    free(idx);
}

/* A cached main trace of the scenario (the CachedFixture11 receiver's or sender's fields). */
static const swirl_trace *find_cached_trace(const swirl_builtin *s) {
    for (size_t a = 0; a < s->num_airs; a++)
        if (s->inputs[a].num_cached_mains > 0) return &s->inputs[a].cached_mains[0];
    return NULL;
}

/* Commits every cached main of the scenario once and points a copy of its inputs at them. */
static int setup_precommitted(fixture *fx) {
    const swirl_builtin *s = fx->scenario;
    size_t total = 0;
    for (size_t a = 0; a < s->num_airs; a++) total += s->inputs[a].num_cached_mains;
    fx->inputs_pre = calloc(s->num_airs, sizeof *fx->inputs_pre);
    fx->committed = calloc(total + 1, sizeof *fx->committed);
    fx->commit_ptrs = calloc(total + 1, sizeof *fx->commit_ptrs);
    if (!fx->inputs_pre || !fx->committed || !fx->commit_ptrs) return 0;
    swirl_error e;
    for (size_t a = 0; a < s->num_airs; a++) {
        fx->inputs_pre[a] = s->inputs[a];
        if (!s->inputs[a].num_cached_mains) continue;
        fx->inputs_pre[a].cached_commitments = fx->commit_ptrs + fx->num_committed;
        for (size_t c = 0; c < s->inputs[a].num_cached_mains; c++, fx->num_committed++) {
            if (swirl_commit_cached_main(fx->ctx, fx->vk, &s->inputs[a].cached_mains[c], &fx->committed[fx->num_committed], &e)) return 0;
            fx->commit_ptrs[fx->num_committed] = fx->committed[fx->num_committed];
        }
    }
    return fx->num_committed > 0;
}

static int setup(fixture *fx) {
    swirl_error e;
    memset(fx, 0, sizeof *fx);
    if (swirl_ctx_create(1, SWIRL_BACKEND_CPU, &fx->ctx, &e) || swirl_params_default_test(&fx->params) ||
        swirl_builtin_scenario("mixture", 1, 0, &fx->scenario, &e))
        return 0;
    fx->cached_trace = find_cached_trace(fx->scenario);
    return fx->cached_trace && !swirl_keygen(fx->ctx, &fx->params, fx->scenario->airs, fx->scenario->num_airs, &fx->pk, &fx->vk, &e) &&
           !swirl_prove(fx->ctx, fx->pk, fx->scenario->inputs, fx->scenario->num_airs, &fx->proof, &fx->proof_len, &e) &&
           !swirl_verify(fx->vk, fx->proof, fx->proof_len, &e) && !swirl_vk_encode(fx->vk, &fx->vk_bytes, &fx->vk_len, &e) &&
           !swirl_pk_encode(fx->pk, &fx->pk_bytes, &fx->pk_len, &e) && setup_precommitted(fx);
}

static void teardown(fixture *fx) {
    for (size_t i = 0; fx->committed && i < fx->num_committed; i++) swirl_committed_trace_free(fx->committed[i]);
    free(fx->committed);
    free(fx->commit_ptrs);
    free(fx->inputs_pre);
    swirl_bytes_free(fx->proof);
    swirl_bytes_free(fx->vk_bytes);
    swirl_bytes_free(fx->pk_bytes);
    swirl_pk_free(fx->pk);
    swirl_vk_free(fx->vk);
    swirl_builtin_free(fx->scenario);
    swirl_ctx_free(fx->ctx);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0); /* a crash must not swallow the lines before it */
    const char *env = getenv("TEST_ALLOC_FIRST_ONLY");
    int full = !(env && env[0] == '1');
    long live_start = swirl_alloc_live();
    fixture fx;
    int ok = setup(&fx);
    CHECK_MSG(ok, "setup: the mixture scenario does not prove and verify cleanly");
    if (ok) {
        swirl_alloc_set_observer(observe, NULL);
        printf("allocation-failure injection over 'mixture' (size 1, 12 AIRs), 1 thread, %s:\n",
               full ? "every call index" : "first index of each site");
        static const struct { const char *name; op_fn fn; } ops[] = {
            {"ctx_create", op_ctx_create}, {"scenario", op_scenario},   {"keygen", op_keygen},       {"commit_cached", op_commit_cached},
            {"prove", op_prove},           {"prove_precommitted", op_prove_precommitted}, {"verify", op_verify},       {"summarize", op_summarize}, {"vk_encode", op_vk_encode},
            {"vk_decode", op_vk_decode},   {"pk_encode", op_pk_encode}, {"pk_decode", op_pk_decode}, {"debug_check", op_debug_check},
        };
        for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) sweep(&fx, ops[i].name, ops[i].fn, full);
        swirl_alloc_set_observer(NULL, NULL);
        printf("total: %zu operations, %zu allocation calls, %zu distinct sites (%zu operation-site pairs), %zu injected failures, %zu wrong\n",
               g_tot.ops, g_tot.calls, g_union_len, g_tot.sites, g_tot.indices, g_tot.failures);
    }
    teardown(&fx);
    CHECK_MSG(swirl_alloc_live() == live_start, "live blocks %ld at the end, %ld at the start", swirl_alloc_live(), live_start);
    free(g_log.site);
    return t_summary("test_alloc_failure");
}
