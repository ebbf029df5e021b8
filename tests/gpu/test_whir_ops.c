/* test_whir_ops.c — the contract of every WHIR operation (pcs/whir_ops.h): the CUDA
 * implementation returns exactly what the CPU one returns, op by op, on random commitments,
 * random challenges and random query indices; then whole WHIR proofs through the protocol are
 * byte-identical. The two workspaces are driven in lockstep; each op is compared through what it
 * returns (sums, roots, evaluations, g, openings), and the table ops (init, fold, weights) through
 * the sumcheck values that read them. Skips (exit 77) without a CUDA device. */
#include <stdlib.h>
#include <string.h>
#include "backend/cuda/cuda_api.h"
#include "backend/cuda/cuda_whir.h"
#include "pcs/whir.h"
#include "pcs/whir_ops.h"
#include "test_util.h"

static ef_t rand_ef(void) {
    ef_t r;
    for (int i = 0; i < 4; i++) r.c[i] = t_rand_bb();
    return r;
}

static int ef_same(ef_t a, ef_t b) { return !memcmp(a.c, b.c, 16); }

/* C commitments of random traces of the given widths (host data, made by the CPU commit). */
static int make_commits(const swirl_system_params *p, const size_t *widths, size_t C, swirl_stacked_pcs_data **out) {
    const size_t H = (size_t)1 << (p->l_skip + p->n_stack);
    for (size_t c = 0; c < C; c++) {
        swirl_trace t = {malloc(H * widths[c] * 4), H, widths[c]};
        for (size_t i = 0; i < H * widths[c]; i++) t.values[i] = t_rand_bb();
        const swirl_trace *tp[] = {&t};
        int rc = swirl_stacked_commit(p, tp, 1, NULL, &out[c]);
        free(t.values);
        if (rc) return rc;
    }
    return SWIRL_OK;
}

typedef struct pair {
    swirl_whir_ws *cpu, *gpu;
    const swirl_whir_ops *co, *go;
} pair;

static void check_sumcheck(pair *w, size_t mr, const char *after) {
    ef_t a1, a2, b1, b2;
    CHECK(w->co->sumcheck_eval(w->cpu, mr, &a1, &a2) == SWIRL_OK);
    CHECK(w->go->sumcheck_eval(w->gpu, mr, &b1, &b2) == SWIRL_OK);
    CHECK_MSG(ef_same(a1, b1) && ef_same(a2, b2), "sumcheck_eval after %s (mr %zu)", after, mr);
}

static void check_g(pair *w, size_t mr) {
    const size_t n = (size_t)1 << mr;
    ef_t *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
    CHECK(w->co->coefficients(w->cpu, mr) == SWIRL_OK);
    CHECK(w->go->coefficients(w->gpu, mr) == SWIRL_OK);
    CHECK(w->co->read_g(w->cpu, mr, a) == SWIRL_OK);
    CHECK(w->go->read_g(w->gpu, mr, b) == SWIRL_OK);
    CHECK_MSG(!memcmp(a, b, n * sizeof *a), "coefficients / read_g (mr %zu)", mr);
    ef_t z = rand_ef(), ya, yb;
    CHECK(w->co->eval_g(w->cpu, mr, z, &ya) == SWIRL_OK);
    CHECK(w->go->eval_g(w->gpu, mr, z, &yb) == SWIRL_OK);
    CHECK_MSG(ef_same(ya, yb), "eval_g (mr %zu)", mr);
    free(a);
    free(b);
}

/* Round-0 openings of every commitment at q random indices. */
static void check_open_initial(pair *w, swirl_stacked_pcs_data **cs, size_t C, size_t q, size_t L, size_t k) {
    size_t rows = (size_t)1 << k, depth = L - k, total = 0;
    swirl_whir_proof a, b;
    memset(&a, 0, sizeof a);
    a.num_queries0 = q;
    a.depth0 = depth;
    a.row_offset = calloc(C, sizeof(size_t));
    for (size_t c = 0; c < C; c++) {
        a.row_offset[c] = total;
        total += q * rows * cs[c]->layout.width;
    }
    b = a;
    b.row_offset = a.row_offset;
    a.initial_rows = calloc(total, 4);
    b.initial_rows = calloc(total, 4);
    a.initial_paths = calloc(C * q * depth, sizeof(swirl_digest));
    b.initial_paths = calloc(C * q * depth, sizeof(swirl_digest));
    size_t *idx = malloc(q * sizeof *idx);
    for (size_t i = 0; i < q; i++) idx[i] = t_rand64() % ((size_t)1 << depth);
    CHECK(w->co->open_initial(w->cpu, idx, q, L, &a) == SWIRL_OK);
    CHECK(w->go->open_initial(w->gpu, idx, q, L, &b) == SWIRL_OK);
    CHECK_MSG(!memcmp(a.initial_rows, b.initial_rows, total * 4), "open_initial rows");
    CHECK_MSG(!memcmp(a.initial_paths, b.initial_paths, C * q * depth * sizeof(swirl_digest)), "open_initial paths");
    free(idx);
    free(a.row_offset);
    free(a.initial_rows);
    free(b.initial_rows);
    free(a.initial_paths);
    free(b.initial_paths);
}

static void check_round(pair *w, size_t r, size_t mr, size_t L, size_t k, size_t q) {
    swirl_digest ra, rb;
    CHECK(w->co->commit_round(w->cpu, r, mr, L - 1, &ra) == SWIRL_OK);
    CHECK(w->go->commit_round(w->gpu, r, mr, L - 1, &rb) == SWIRL_OK);
    CHECK_MSG(!memcmp(&ra, &rb, sizeof ra), "commit_round %zu root", r);
    /* the next round opens this codeword (log size L - 1) */
    const size_t Ln = L - 1, rows = (size_t)1 << k, depth = Ln - k;
    size_t *idx = malloc(q * sizeof *idx);
    for (size_t i = 0; i < q; i++) idx[i] = t_rand64() % ((size_t)1 << depth);
    ef_t *va = calloc(q * rows, sizeof(ef_t)), *vb = calloc(q * rows, sizeof(ef_t));
    swirl_digest *pa = calloc(q * depth, sizeof *pa), *pb = calloc(q * depth, sizeof *pb);
    CHECK(w->co->open_round(w->cpu, r + 1, idx, q, Ln, va, pa) == SWIRL_OK);
    CHECK(w->go->open_round(w->gpu, r + 1, idx, q, Ln, vb, pb) == SWIRL_OK);
    CHECK_MSG(!memcmp(va, vb, q * rows * sizeof(ef_t)), "open_round %zu values", r + 1);
    CHECK_MSG(!memcmp(pa, pb, q * depth * sizeof *pa), "open_round %zu paths", r + 1);
    /* update_weights over the current tables, read back through the sumcheck */
    ef_t z0 = rand_ef(), gamma = rand_ef();
    CHECK(w->co->update_weights(w->cpu, mr, z0, gamma, idx, q, Ln - k) == SWIRL_OK);
    CHECK(w->go->update_weights(w->gpu, mr, z0, gamma, idx, q, Ln - k) == SWIRL_OK);
    check_sumcheck(w, mr, "update_weights");
    free(idx);
    free(va);
    free(vb);
    free(pa);
    free(pb);
}

static void lockstep(swirl_cuda_dev *dev, const swirl_system_params *p, const size_t *widths, size_t C) {
    swirl_stacked_pcs_data **cs = calloc(C, sizeof *cs);
    CHECK(make_commits(p, widths, C, cs) == SWIRL_OK);
    const size_t m = p->l_skip + p->n_stack, k = p->whir.k, lb = p->log_blowup;
    swirl_whir_shape shape = {m, k, p->whir.num_rounds, lb, C, 0, 40};
    for (size_t c = 0; c < C; c++) shape.total_width += widths[c];
    pair w = {NULL, NULL, swirl_whir_cpu_ops(), swirl_whir_cuda_ops()};
    const swirl_stacked_pcs_data *const *ccs = (const swirl_stacked_pcs_data *const *)cs;
    CHECK(w.co->create(NULL, &shape, ccs, &w.cpu) == SWIRL_OK);
    CHECK(w.go->create(dev, &shape, ccs, &w.gpu) == SWIRL_OK);
    if (!w.cpu || !w.gpu) return;
    ef_t *mu = malloc(shape.total_width * sizeof *mu), *u = malloc(m * sizeof *u);
    for (size_t i = 0; i < shape.total_width; i++) mu[i] = rand_ef();
    for (size_t i = 0; i < m; i++) u[i] = rand_ef();
    CHECK(w.co->init_tables(w.cpu, mu, u) == SWIRL_OK);
    CHECK(w.go->init_tables(w.gpu, mu, u) == SWIRL_OK);
    check_sumcheck(&w, m, "init_tables");
    check_open_initial(&w, cs, C, 37, m + lb, k);
    size_t mr = m, L = m + lb;
    for (size_t r = 0; r + 1 < p->whir.num_rounds; r++) {
        for (size_t s = 0; s < k; s++) {
            ef_t alpha = rand_ef();
            CHECK(w.co->fold(w.cpu, mr, alpha) == SWIRL_OK);
            CHECK(w.go->fold(w.gpu, mr, alpha) == SWIRL_OK);
            mr--;
            check_sumcheck(&w, mr, "fold");
        }
        check_g(&w, mr);
        check_round(&w, r, mr, L, k, 23);
        L--;
    }
    w.co->destroy(w.cpu);
    w.go->destroy(w.gpu);
    for (size_t c = 0; c < C; c++) swirl_stacked_pcs_data_free(cs[c]);
    free(cs);
    free(mu);
    free(u);
}

static int grind_on_device(void *ctx, const swirl_transcript *tr, unsigned bits, uint32_t *witness) {
    return swirl_cuda_grind(ctx, tr, bits, witness);
}

/* Whole WHIR proofs through the protocol: identical bytes on both backends. */
static void whole_proof(swirl_cuda_dev *dev, const swirl_system_params *p, const size_t *widths, size_t C) {
    swirl_stacked_pcs_data **cs = calloc(C, sizeof *cs);
    CHECK(make_commits(p, widths, C, cs) == SWIRL_OK);
    const size_t m = p->l_skip + p->n_stack;
    ef_t *u = malloc(m * sizeof *u);
    for (size_t i = 0; i < m; i++) u[i] = rand_ef();
    swirl_whir_backend cb = {swirl_whir_cpu_ops(), NULL, NULL, NULL, NULL};
    swirl_whir_backend gb = {swirl_whir_cuda_ops(), dev, grind_on_device, dev, NULL};
    swirl_whir_proof pa, pb;
    swirl_transcript ta, tb;
    swirl_tr_init(&ta);
    swirl_tr_observe(&ta, 12345);
    tb = ta;
    const swirl_stacked_pcs_data *const *ccs = (const swirl_stacked_pcs_data *const *)cs;
    swirl_whir_stats st;
    CHECK(swirl_whir_prove_on(p, &ta, ccs, C, u, &cb, &pa, NULL, NULL) == SWIRL_OK);
    CHECK(swirl_whir_prove_on(p, &tb, ccs, C, u, &gb, &pb, &st, NULL) == SWIRL_OK);
    CHECK_MSG(st.round_allocs == 0, "device WHIR rounds allocated %zu times", st.round_allocs);
    swirl_writer wa, wb;
    swirl_writer_init(&wa);
    swirl_writer_init(&wb);
    CHECK(swirl_whir_proof_encode(&pa, &wa) == SWIRL_OK);
    CHECK(swirl_whir_proof_encode(&pb, &wb) == SWIRL_OK);
    CHECK_MSG(wa.len == wb.len && !memcmp(wa.buf, wb.buf, wa.len), "whole WHIR proof differs (C = %zu)", C);
    CHECK(!memcmp(ta.state, tb.state, sizeof ta.state));
    swirl_writer_free(&wa);
    swirl_writer_free(&wb);
    swirl_whir_proof_free(&pa);
    swirl_whir_proof_free(&pb);
    for (size_t c = 0; c < C; c++) swirl_stacked_pcs_data_free(cs[c]);
    free(cs);
    free(u);
}

int main(void) {
    if (swirl_cuda_device_count() <= 0) {
        printf("skipped: no CUDA device\n");
        return 77;
    }
    swirl_cuda_dev *dev = NULL;
    CHECK(swirl_cuda_dev_create(22, &dev) == SWIRL_OK);
    if (!dev) return t_summary("gpu_test_whir_ops");
    t_seed(20261201);
    swirl_system_params T, S;
    CHECK(swirl_params_default_test(&T) == SWIRL_OK);        /* l 2, n_stack 8, k 3 */
    CHECK(swirl_params_test_small(3, 12, 4, &S) == SWIRL_OK); /* m = 15 */
    const size_t w1[] = {5}, w3[] = {3, 1, 9};
    lockstep(dev, &T, w1, 1);
    lockstep(dev, &T, w3, 3);
    lockstep(dev, &S, w3, 3);
    whole_proof(dev, &T, w1, 1);
    whole_proof(dev, &T, w3, 3);
    whole_proof(dev, &S, w3, 3);
    if (!getenv("SWIRL_GPU_QUICK")) {
        swirl_system_params A;
        CHECK(swirl_params_app(21, &A) == SWIRL_OK);
        const size_t wk[] = {42};
        whole_proof(dev, &A, wk, 1);
    }
    swirl_cuda_dev_free(dev);
    return t_summary("gpu_test_whir_ops");
}
