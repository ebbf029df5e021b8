/* test_zc_accel.c — the round-0 operation's contract of the batch constraint sumcheck
 * (iop/zc_ops.h, the op the CUDA backend takes over): a plain-C implementation of the round0 op,
 * written independently of the CPU ops' round-0 code (extension by a Lagrange weight matrix,
 * program run point by point), must give exactly the same batch proof and point r as the CPU
 * ops, over built-in scenarios with and without interactions, preprocessed and cached parts,
 * short traces and the app preset. */
#include <string.h>
#include "air/keys.h"
#include "field/babybear.h"
#include "iop/zc_internal.h"
#include "iop/zc_ops.h"
#include "iop/zerocheck.h"
#include "poly/eq.h"
#include "poly/ntt.h"
#include "swirl.h"
#include "swirl_scenarios.h"
#include "test_util.h"
#include "transcript/transcript.h"

static int calls;

/* A round-0 op written independently of the CPU ops' round-0 code (extension by a Lagrange
 * weight matrix, program run point by point) over the CPU workspace's lifted columns and
 * programs; every other op is the CPU one. */
struct swirl_zc_ws {
    swirl_zc_shape shape;
    swirl_zc_ws *hws;
};

static int ref_create(void *backend, const swirl_zc_shape *shape, swirl_zc_ws **out) {
    swirl_zc_ws *ws = calloc(1, sizeof *ws);
    if (!ws) return SWIRL_ERR_OUT_OF_MEMORY;
    ws->shape = *shape;
    int rc = swirl_zc_cpu_ops()->create(backend, shape, &ws->hws);
    if (rc) { free(ws); return rc; }
    *out = ws;
    return SWIRL_OK;
}
static void ref_destroy(swirl_zc_ws *ws) { swirl_zc_cpu_ops()->destroy(ws->hws); free(ws); }
static int ref_tables(swirl_zc_ws *ws, ef_t r0, const swirl_zc_bracket *bk, ef_t *br) { return swirl_zc_cpu_ops()->tables(ws->hws, r0, bk, br); }
static int ref_round(swirl_zc_ws *ws, size_t j, ef_t *acc) { return swirl_zc_cpu_ops()->round(ws->hws, j, acc); }
static int ref_fold(swirl_zc_ws *ws, size_t j, ef_t rj, ef_t *br) { return swirl_zc_cpu_ops()->fold(ws->hws, j, rj, br); }
static int ref_openings(swirl_zc_ws *ws, ef_t *out) { return swirl_zc_cpu_ops()->openings(ws->hws, out); }

static int ref_round0_trace(const swirl_zc_shape *sh, size_t t, const trace_state *s, ef_t lambda, ef_t *A, ef_t *B, ef_t *C) {
    calls++;
    const swirl_dag *d = &sh->traces[t].vk->dag;
    const zc_prog *g = &s->prog;
    const size_t ch = (size_t)1 << sh->l, E = sh->E, nx = s->Hl / ch;
    /* W[pt][z]: the extension of the unit vector e_z */
    bb_t *id = calloc(ch * ch, sizeof *id), *ext = malloc(ch * E * sizeof *ext);
    bb_t *val = malloc((d->num_nodes + 1) * sizeof *val);
    ef_t *eqx = malloc(nx * sizeof *eqx), *lp = malloc((d->num_constraints + 1) * sizeof *lp), *bp = malloc(((size_t)g->off[d->num_interactions] + 2) * sizeof *bp);
    swirl_ntt_tables *tab = swirl_ntt_tables_create(sh->l + sh->b);
    if (!id || !ext || !val || !eqx || !lp || !bp || !tab) return SWIRL_ERR_OUT_OF_MEMORY;
    for (size_t z = 0; z < ch; z++) id[z * ch + z] = 1;
    swirl_idft_batch(tab, id, sh->l, ch, ch, NULL);
    swirl_rs_encode_batch(tab, id, ch, sh->l, sh->b, ch, ext, E, NULL);
    CHECK_MSG(sh->ext_weights && !memcmp(sh->ext_weights, ext, ch * E * sizeof *ext), "the shape's extension weights");
    swirl_eq_table(sh->xi + sh->l, s->ntil, eqx);
    lp[0] = bp[0] = ef_one();
    for (size_t k = 1; k <= d->num_constraints; k++) lp[k] = ef_mul(lp[k - 1], lambda);
    for (size_t k = 1; k < (size_t)g->off[d->num_interactions] + 2; k++) bp[k] = ef_mul(bp[k - 1], sh->beta);
    for (size_t x = 0; x < nx; x++)
        for (size_t pt = 0; pt < E; pt++) {
            for (size_t i = 0; i < d->num_nodes; i++) {
                uint32_t a = g->a0[i], b = g->a1[i];
                bb_t v = 0;
                switch (g->op[i]) {
                case SWIRL_ZC_OP_COL:
                    for (size_t z = 0; z < ch; z++) v = bb_add(v, bb_mul(ext[z * E + pt], s->M[a * s->Hl + x * ch + z]));
                    break;
                case SWIRL_ZC_OP_CONST: v = a; break;
                case SWIRL_ZC_OP_ADD: v = bb_add(val[a], val[b]); break;
                case SWIRL_ZC_OP_SUB: v = bb_sub(val[a], val[b]); break;
                case SWIRL_ZC_OP_NEG: v = bb_neg(val[a]); break;
                case SWIRL_ZC_OP_MUL: v = bb_mul(val[a], val[b]); break;
                default: return SWIRL_ERR_INTERNAL;
                }
                val[i] = v;
            }
            ef_t c = ef_zero(), sn = ef_zero(), sd = ef_zero();
            for (size_t k = 0; k < d->num_constraints; k++) c = ef_add(c, ef_mul_bb(lp[k], val[g->cn[k]]));
            for (size_t i = 0; i < d->num_interactions; i++) {
                size_t m0 = g->off[i], len = g->off[i + 1] - m0;
                ef_t den = ef_mul_bb(bp[len], g->bus[i] + 1);
                for (size_t q = 0; q < len; q++) den = ef_add(den, ef_mul_bb(bp[q], val[g->msg[m0 + q]]));
                sn = ef_add(sn, ef_mul_bb(sh->ew[t][i], val[g->cnt[i]]));
                sd = ef_add(sd, ef_mul(sh->ew[t][i], den));
            }
            A[pt] = ef_add(A[pt], ef_mul(eqx[x], ef_mul_bb(sn, s->norm)));
            B[pt] = ef_add(B[pt], ef_mul(eqx[x], sd));
            C[pt] = ef_add(C[pt], ef_mul(eqx[x], c));
        }
    swirl_ntt_tables_free(tab);
    free(id); free(ext); free(val); free(eqx); free(lp); free(bp);
    return SWIRL_OK;
}

static int ref_round0(swirl_zc_ws *ws, ef_t lambda, ef_t *A, ef_t *B, ef_t *C) {
    for (size_t t = 0; t < ws->shape.N; t++) {
        const size_t E = ws->shape.E;
        int rc = ref_round0_trace(&ws->shape, t, swirl_zc_cpu_trace(ws->hws, t), lambda, A + t * E, B + t * E, C + t * E);
        if (rc) return rc;
    }
    return SWIRL_OK;
}

static const swirl_zc_ops ref_ops = {ref_create, ref_destroy, ref_round0, ref_tables, ref_round, ref_fold, ref_openings};

static int same_batch(const swirl_batch_proof *a, const swirl_batch_proof *b) {
    if (a->num_univariate != b->num_univariate || a->n_max != b->n_max || a->num_openings != b->num_openings) return 0;
    if (memcmp(a->univariate, b->univariate, a->num_univariate * sizeof(ef_t))) return 0;
    if (a->n_max && memcmp(a->rounds, b->rounds, a->n_max * a->degree_plus_one * sizeof(ef_t))) return 0;
    if (memcmp(a->openings, b->openings, a->num_openings * sizeof(ef_t))) return 0;
    for (size_t t = 0; t < a->num_traces; t++)
        if (!ef_eq(a->sum_p[t], b->sum_p[t]) || !ef_eq(a->sum_q[t], b->sum_q[t])) return 0;
    return 1;
}

static unsigned log2u(size_t h) { unsigned l = 0; while (((size_t)1 << l) < h) l++; return l; }

static void check_scenario(const char *name, size_t size, const swirl_system_params *P) {
    swirl_builtin *bi = NULL;
    swirl_pk *pk = NULL;
    swirl_vk *vk = NULL;
    swirl_error e = {0};
    CHECK_MSG(swirl_builtin_scenario(name, size, 11, &bi, &e) == SWIRL_OK, "%s", e.message);
    CHECK_MSG(bi && swirl_keygen(NULL, P, bi->airs, bi->num_airs, &pk, &vk, &e) == SWIRL_OK, "%s", e.message);
    if (!pk) { swirl_builtin_free(bi); return; }
    /* present traces in trace order: log height descending, AIR id ascending */
    swirl_zc_trace zt[32];
    swirl_trace empty[32];
    memset(zt, 0, sizeof zt);
    memset(empty, 0, sizeof empty);
    size_t N = 0;
    for (unsigned lh = 40; lh-- > 0;)
        for (size_t a = 0; a < bi->num_airs && N < 32; a++) {
            const swirl_air_inputs *in = &bi->inputs[a];
            if (!in->common_main && !in->num_cached_mains) continue;
            size_t h = in->common_main ? in->common_main->height : in->cached_mains[0].height;
            if (log2u(h) != lh) continue;
            zt[N].vk = &pk->vk->airs[a];
            zt[N].log_height = lh;
            if (in->common_main) zt[N].common = in->common_main;
            else { empty[N].height = h; zt[N].common = &empty[N]; }
            zt[N].prep = pk->vk->airs[a].has_preprocessed ? &pk->airs[a].prep : NULL;
            zt[N].cached = in->cached_mains;
            zt[N].public_values = in->public_values;
            N++;
        }
    uint64_t total;
    size_t n_logup = swirl_logup_n(P, zt, N, &total);
    ef_t xi[96];
    swirl_transcript t0;
    swirl_tr_init(&t0);
    for (size_t i = 0; i < 96; i++) xi[i] = swirl_tr_sample_ext(&t0);
    ef_t beta = swirl_tr_sample_ext(&t0);
    swirl_transcript t1 = t0, t2 = t0;
    swirl_batch_proof b1, b2;
    ef_t r1[64], r2[64];
    swirl_zc_backend ref = {&ref_ops, NULL};
    int before = calls;
    int rc1 = swirl_zc_prove(P, &t1, zt, N, xi, n_logup, beta, NULL, NULL, NULL, NULL, &b1, r1);
    int rc2 = swirl_zc_prove(P, &t2, zt, N, xi, n_logup, beta, NULL, NULL, &ref, NULL, &b2, r2);
    CHECK_MSG(rc1 == SWIRL_OK && rc2 == SWIRL_OK, "%s/%zu: rc %d %d", name, size, rc1, rc2);
    CHECK_MSG(calls - before == (int)N, "%s/%zu: the reference round 0 ran %d times for %zu traces", name, size, calls - before, N);
    if (!rc1 && !rc2) {
        CHECK_MSG(same_batch(&b1, &b2), "%s/%zu: batch proofs differ", name, size);
        CHECK_MSG(!memcmp(r1, r2, (b1.n_max + 1) * sizeof(ef_t)), "%s/%zu: points differ", name, size);
        swirl_batch_proof_free(&b1);
        swirl_batch_proof_free(&b2);
    }
    swirl_pk_free(pk);
    swirl_vk_free(vk);
    swirl_builtin_free(bi);
}

int main(void) {
    swirl_system_params T, A;
    CHECK(swirl_params_default_test(&T) == SWIRL_OK);
    CHECK(swirl_params_app(21, &A) == SWIRL_OK);
    check_scenario("fib", 0, &T);
    check_scenario("fib", 5, &T);
    check_scenario("fib_selector", 3, &T);
    check_scenario("interactions", 0, &T);
    check_scenario("cached", 3, &T);
    check_scenario("preprocessed_cached", 2, &T);
    check_scenario("partitioned_sum", 4, &T);
    check_scenario("mixture", 1, &T);
    check_scenario("mixture", 3, &T);
    check_scenario("keccakf", 1, &A);
    return t_summary("test_zc_accel");
}
