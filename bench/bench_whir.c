/* bench_whir.c — CPU stacked commit (stack + RS message + RS encode + Merkle) and WHIR opening
 * under the app preset.
 *
 *   bench_whir [--quick]     full: a 2^21 x 42 stacked matrix (one 2^15 x 2633 trace, the
 *                            keccakf shape) under app(21); quick: app(15) with 2^12 x 42. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "pcs/stacked.h"
#include "pcs/whir.h"
#include "swirl.h"
#include "transcript/transcript.h"
#include "util/pool.h"

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv) {
    int quick = argc > 1 && !strcmp(argv[1], "--quick");
    swirl_system_params p;
    swirl_params_app(quick ? 15 : 21, &p);
    size_t lh = quick ? 9 : 15, width = quick ? (42u << 6) / 8 : 2633;
    swirl_trace t = {NULL, (size_t)1 << lh, width};
    t.values = malloc(t.height * t.width * 4);
    uint64_t s = 0x9e3779b97f4a7c15ull;
    for (size_t i = 0; i < t.height * t.width; i++) {
        s ^= s << 13; s ^= s >> 7; s ^= s << 17;
        t.values[i] = (uint32_t)(s % SWIRL_P);
    }
    swirl_pool *pool = swirl_pool_create(0);
    const swirl_trace *tp[] = {&t};
    swirl_stacked_pcs_data *d = NULL;
    double t0 = now_s();
    int rc = swirl_stacked_commit(&p, tp, 1, pool, &d);
    double tc = now_s() - t0;
    if (rc) { fprintf(stderr, "commit failed %d\n", rc); return 1; }
    printf("== stacked PCS + WHIR (CPU, %u threads), app(%zu)\n", swirl_pool_size(pool), p.l_skip + p.n_stack);
    printf("stacked commit: trace 2^%zu x %zu -> stacked 2^%zu x %zu -> codeword 2^%zu: %.3f s\n", lh, width,
           p.l_skip + p.n_stack, d->layout.width, p.l_skip + p.n_stack + p.log_blowup, tc);
    ef_t u[32];
    for (size_t i = 0; i < p.l_skip + p.n_stack; i++) u[i] = ef_make((bb_t)(i + 3), (bb_t)(7 * i + 1), 5, 9);
    swirl_transcript tr;
    swirl_tr_init(&tr);
    swirl_whir_proof pf;
    const swirl_stacked_pcs_data *cs[] = {d};
    t0 = now_s();
    rc = swirl_whir_prove(&p, &tr, cs, 1, u, pool, &pf, NULL);
    double tw = now_s() - t0;
    if (rc) { fprintf(stderr, "whir failed %d\n", rc); return 1; }
    swirl_writer w;
    swirl_writer_init(&w);
    swirl_whir_proof_encode(&pf, &w);
    printf("WHIR open (%zu rounds, queries", p.whir.num_rounds);
    for (size_t r = 0; r < p.whir.num_rounds; r++) printf(" %zu", p.whir.num_queries[r]);
    printf("): %.3f s, proof %zu bytes\n", tw, w.len);
    swirl_writer_free(&w);
    swirl_whir_proof_free(&pf);
    swirl_stacked_pcs_data_free(d);
    swirl_pool_destroy(pool);
    free(t.values);
    return 0;
}
