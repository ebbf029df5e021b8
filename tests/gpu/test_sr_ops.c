/* test_sr_ops.c — the contract of every stacked-reduction operation (iop/sr_ops.h): the CUDA
 * implementation returns exactly what the CPU one returns, op by op, on random stacked matrices
 * with random layouts (tall, short and sub-chunk traces, rotations on and off) and random
 * challenges; then whole stacked-reduction proofs through the protocol are identical. The table
 * ops (tables, fold) are compared through the round sums that read them and the final openings.
 * Skips (exit 77) without a CUDA device. */
#include <stdlib.h>
#include <string.h>
#include "backend/cuda/cuda_api.h"
#include "backend/cuda/cuda_sr.h"
#include "iop/sr_ops.h"
#include "pcs/stacked.h"
#include "test_util.h"

static ef_t rand_ef(void) {
    ef_t r;
    for (int i = 0; i < 4; i++) r.c[i] = t_rand_bb();
    return r;
}

static int same(const void *a, const void *b, size_t n) { return !memcmp(a, b, n); }

typedef struct fixture {
    unsigned l;
    size_t n_stack, C, W, ns;
    size_t widths[4];
    bb_t *stacked[4];
    swirl_sr_slice *slices;
} fixture;

/* C commitments, each a layout of a few traces of non-increasing random heights. */
static void make_fixture(unsigned l, size_t n_stack, size_t C, fixture *fx) {
    memset(fx, 0, sizeof *fx);
    fx->l = l;
    fx->n_stack = n_stack;
    fx->C = C;
    const size_t m = l + n_stack, H = (size_t)1 << m;
    fx->slices = calloc(4096, sizeof *fx->slices);
    for (size_t c = 0; c < C; c++) {
        size_t widths[6];
        unsigned lh[6];
        unsigned h = (unsigned)m;
        for (int i = 0; i < 6; i++) {
            widths[i] = 1 + t_rand64() % 4;
            lh[i] = h;
            if (h > 0 && t_rand64() % 2) h -= 1 + (unsigned)(t_rand64() % (h < 3 ? h : 3));
        }
        swirl_stacked_layout lay;
        CHECK(swirl_stacked_layout_build(l, m, widths, lh, 6, &lay) == SWIRL_OK);
        fx->widths[c] = lay.width;
        fx->stacked[c] = malloc(H * lay.width * sizeof(bb_t));
        for (size_t i = 0; i < H * lay.width; i++) fx->stacked[c][i] = t_rand_bb();
        for (size_t s = 0; s < lay.num_slices; s++) {
            swirl_sr_slice *x = &fx->slices[fx->ns++];
            x->commit = c;
            x->col = lay.slices[s].col_idx;
            x->row = lay.slices[s].row_idx;
            x->n = (int)lay.slices[s].log_height - (int)l;
            x->need_rot = (int)(t_rand64() % 2);
        }
        fx->W += lay.width;
        swirl_stacked_layout_free(&lay);
    }
}

static void free_fixture(fixture *fx) {
    for (size_t c = 0; c < fx->C; c++) free(fx->stacked[c]);
    free(fx->slices);
}

static swirl_sr_shape shape_of(const fixture *fx) {
    swirl_sr_shape s = {fx->l, fx->n_stack, fx->C, fx->widths, fx->W, fx->slices, fx->ns, fx->n_stack,
                        (const bb_t *const *)fx->stacked, NULL};
    return s;
}

static void lockstep(swirl_cuda_dev *dev, unsigned l, size_t n_stack, size_t C) {
    fixture fx;
    make_fixture(l, n_stack, C, &fx);
    swirl_sr_shape shape = shape_of(&fx);
    const swirl_sr_ops *co = swirl_sr_cpu_ops(), *go = swirl_sr_cuda_ops();
    swirl_sr_ws *a = NULL, *b = NULL;
    CHECK(co->create(NULL, &shape, &a) == SWIRL_OK);
    CHECK(go->create(dev, &shape, &b) == SWIRL_OK);
    if (a && b) {
        const size_t D2 = (size_t)2 << l;
        ef_t r[40], ea[2048], eb[2048];
        for (size_t i = 0; i <= n_stack; i++) r[i] = rand_ef();
        const ef_t lambda = rand_ef();
        CHECK(co->round0(a, lambda, r, ea) == SWIRL_OK);
        CHECK(go->round0(b, lambda, r, eb) == SWIRL_OK);
        CHECK_MSG(same(ea, eb, D2 * sizeof(ef_t)), "round0 evals (l %u, n_stack %zu, C %zu)", l, n_stack, C);
        const ef_t u0 = rand_ef();
        CHECK(co->tables(a, u0, r[0]) == SWIRL_OK);
        CHECK(go->tables(b, u0, r[0]) == SWIRL_OK);
        for (size_t len = (size_t)1 << n_stack; len >= 2; len /= 2) {
            ef_t s1a, s2a, s1b, s2b;
            CHECK(co->round(a, len, &s1a, &s2a) == SWIRL_OK);
            CHECK(go->round(b, len, &s1b, &s2b) == SWIRL_OK);
            CHECK_MSG(same(&s1a, &s1b, 16) && same(&s2a, &s2b, 16), "round at len %zu", len);
            const ef_t u = rand_ef();
            CHECK(co->fold(a, len, u) == SWIRL_OK);
            CHECK(go->fold(b, len, u) == SWIRL_OK);
        }
        ef_t *oa = calloc(fx.W, sizeof(ef_t)), *ob = calloc(fx.W, sizeof(ef_t));
        CHECK(co->openings(a, oa) == SWIRL_OK);
        CHECK(go->openings(b, ob) == SWIRL_OK);
        CHECK_MSG(same(oa, ob, fx.W * sizeof(ef_t)), "openings");
        free(oa);
        free(ob);
    }
    co->destroy(a);
    go->destroy(b);
    free_fixture(&fx);
}

static void whole(swirl_cuda_dev *dev, const swirl_system_params *p, size_t C) {
    fixture fx;
    make_fixture((unsigned)p->l_skip, p->n_stack, C, &fx);
    swirl_sr_shape shape = shape_of(&fx);
    ef_t r[40], ua[40], ub[40];
    for (size_t i = 0; i <= p->n_stack; i++) r[i] = rand_ef();
    swirl_transcript ta, tb;
    swirl_tr_init(&ta);
    swirl_tr_observe(&ta, 777);
    tb = ta;
    swirl_sr_backend cb = {swirl_sr_cpu_ops(), NULL}, gb = {swirl_sr_cuda_ops(), dev};
    swirl_stacking_proof pa, pb;
    CHECK(swirl_sr_prove_on(p, &ta, &shape, r, &cb, &pa, ua, NULL) == SWIRL_OK);
    CHECK(swirl_sr_prove_on(p, &tb, &shape, r, &gb, &pb, ub, NULL) == SWIRL_OK);
    CHECK_MSG(same(pa.univariate, pb.univariate, pa.num_univariate * sizeof(ef_t)), "whole: univariate");
    CHECK_MSG(same(pa.rounds, pb.rounds, 2 * p->n_stack * sizeof(ef_t)), "whole: rounds");
    CHECK_MSG(same(pa.openings, pb.openings, fx.W * sizeof(ef_t)), "whole: openings");
    CHECK(same(ua, ub, (p->n_stack + 1) * sizeof(ef_t)));
    CHECK(same(ta.state, tb.state, sizeof ta.state));
    swirl_stacking_proof_free(&pa);
    swirl_stacking_proof_free(&pb);
    free_fixture(&fx);
}

/* The commitment's chunk transform (commit.cu) against the CPU's swirl_stacked_message. */
static void chunk_message(swirl_cuda_dev *dev, unsigned l, size_t n_stack) {
    swirl_system_params p;
    CHECK(swirl_params_test_small(l, n_stack, 1, &p) == SWIRL_OK);
    const size_t H = (size_t)1 << (l + n_stack), w = 3;
    swirl_trace t = {malloc(H * w * 4), H, w};
    for (size_t i = 0; i < H * w; i++) t.values[i] = t_rand_bb();
    const swirl_trace *tp[] = {&t};
    swirl_stacked_pcs_data *d = NULL;
    CHECK(swirl_stacked_prepare(&p, tp, 1, NULL, &d) == SWIRL_OK);
    if (d) {
        const size_t words = H * d->layout.width;
        CHECK(swirl_stacked_message(&p, d, NULL) == SWIRL_OK);
        uint32_t *dq = NULL, *dm = NULL, *host = malloc(words * 4);
        CHECK(swirl_cuda_alloc(dev, (void **)&dq, words * 4) == SWIRL_OK);
        CHECK(swirl_cuda_alloc(dev, (void **)&dm, words * 4) == SWIRL_OK);
        CHECK(swirl_cuda_upload(dev, dq, d->stacked, words * 4) == SWIRL_OK);
        CHECK(swirl_cuda_chunk_message(dev, dq, dm, words, l) == SWIRL_OK);
        CHECK(swirl_cuda_download(dev, host, dm, words * 4) == SWIRL_OK);
        CHECK_MSG(same(host, d->message, words * 4), "chunk message, l = %u", l);
        swirl_cuda_release(dev, dq);
        swirl_cuda_release(dev, dm);
        free(host);
    }
    swirl_stacked_pcs_data_free(d);
    free(t.values);
}

int main(void) {
    if (swirl_cuda_device_count() <= 0) {
        printf("skipped: no CUDA device\n");
        return 77;
    }
    swirl_cuda_dev *dev = NULL;
    CHECK(swirl_cuda_dev_create(22, &dev) == SWIRL_OK);
    if (!dev) return t_summary("gpu_test_sr_ops");
    t_seed(4242);
    lockstep(dev, 2, 6, 1);
    lockstep(dev, 2, 8, 3);
    lockstep(dev, 3, 9, 2);
    lockstep(dev, 4, 10, 2);
    lockstep(dev, 0, 7, 2);
    lockstep(dev, 7, 5, 1);
    for (unsigned l = 0; l <= 10; l++) chunk_message(dev, l, 3);
    swirl_system_params T, S, A;
    CHECK(swirl_params_default_test(&T) == SWIRL_OK);
    CHECK(swirl_params_test_small(3, 12, 4, &S) == SWIRL_OK);
    CHECK(swirl_params_app(21, &A) == SWIRL_OK);
    whole(dev, &T, 1);
    whole(dev, &T, 3);
    whole(dev, &S, 2);
    whole(dev, &A, 2);
    swirl_cuda_dev_free(dev);
    return t_summary("gpu_test_sr_ops");
}
