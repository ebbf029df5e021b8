/* make_corpus.c — writes seed corpora for the fuzz targets: real verifying/proving keys of the
 * built-in AIRs, a real WHIR proof for fuzz_whir_proof's fixed commitment, and real GKR proofs.
 *   make_corpus OUTDIR   (creates OUTDIR/{vk,pk,whir,gkr,proof,npy}/seed_*) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "iop/gkr.h"
#include "pcs/stacked.h"
#include "pcs/whir.h"
#include "swirl.h"
#include "swirl_scenarios.h"

static void put(const char *dir, const char *sub, int i, const uint8_t *b, size_t n) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, sub);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/%s/seed_%d", dir, sub, i);
    FILE *f = fopen(path, "wb");
    if (!f) { perror(path); exit(1); }
    fwrite(b, 1, n, f);
    fclose(f);
}

/* A .npy file as numpy.save writes it (version 1.0, header padded to 64 bytes) of rows x cols
 * values v(i) = i * 7919 mod p; fortran selects the (refused) column-major spelling. */
static void put_npy(const char *dir, int i, size_t rows, size_t cols, int fortran) {
    char head[128];
    int n = snprintf(head, sizeof head, "{'descr': '<u4', 'fortran_order': %s, 'shape': (%zu, %zu), }",
                     fortran ? "True" : "False", rows, cols);
    size_t hlen = 64 * (size_t)((10 + n + 1 + 63) / 64) - 10;
    size_t total = 10 + hlen + 4 * rows * cols;
    uint8_t *b = calloc(total, 1);
    if (!b) exit(1);
    memcpy(b, "\x93NUMPY\x01\x00", 8);
    b[8] = (uint8_t)hlen;
    b[9] = (uint8_t)(hlen >> 8);
    memset(b + 10, ' ', hlen);
    memcpy(b + 10, head, (size_t)n);
    b[10 + hlen - 1] = '\n';
    for (size_t k = 0; k < rows * cols; k++) {
        uint32_t v = (uint32_t)((k * 7919u) % 2013265921u);
        for (int j = 0; j < 4; j++) b[10 + hlen + 4 * k + (size_t)j] = (uint8_t)(v >> (8 * j));
    }
    put(dir, "npy", i, b, total);
    free(b);
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: make_corpus OUTDIR\n"); return 2; }
    mkdir(argv[1], 0755);
    put_npy(argv[1], 0, 8, 2, 0);
    put_npy(argv[1], 1, 1, 1, 0);
    put_npy(argv[1], 2, 4, 3, 1);
    put_npy(argv[1], 3, 16, 5, 0);
    swirl_system_params p;
    swirl_params_default_test(&p);
    uint8_t sels[8] = {1, 0, 1, 0, 1, 0, 1, 0};
    swirl_air *sets[3][2] = {{swirl_fib_air(), NULL}, {swirl_fib_selector_air(sels, 8, 1), swirl_dummy_interaction_air(1, 1, 0, 0, 1)},
                             {swirl_preprocessed_cached_air(sels, 8, 2), swirl_self_interaction_air(3, 1)}};
    for (int s = 0; s < 3; s++) {
        swirl_pk *pk;
        swirl_vk *vk;
        if (swirl_keygen(NULL, &p, sets[s], sets[s][1] ? 2 : 1, &pk, &vk, NULL) != SWIRL_OK) return 1;
        uint8_t *b;
        size_t n;
        swirl_vk_encode(vk, &b, &n, NULL);
        put(argv[1], "vk", s, b, n);
        swirl_bytes_free(b);
        swirl_pk_encode(pk, &b, &n, NULL);
        put(argv[1], "pk", s, b, n);
        swirl_bytes_free(b);
        swirl_pk_free(pk);
        swirl_vk_free(vk);
    }
    /* WHIR proof for the fixed commitment of fuzz_whir_proof.c */
    memset(&p, 0, sizeof p);
    p.l_skip = 2; p.n_stack = 3; p.w_stack = 64; p.log_blowup = 1; p.max_constraint_degree = 3;
    p.whir.k = 2; p.whir.num_rounds = 2; p.whir.num_queries[0] = 3; p.whir.num_queries[1] = 2;
    static uint32_t vals[64];
    for (int i = 0; i < 64; i++) vals[i] = (uint32_t)(i * 7 + 1);
    swirl_trace t = {vals, 32, 2};
    const swirl_trace *tp[] = {&t};
    swirl_stacked_pcs_data *d;
    swirl_stacked_commit(&p, tp, 1, NULL, &d);
    ef_t u[5];
    for (int i = 0; i < 5; i++) u[i] = ef_make((bb_t)i + 1, 2, 3, 4);
    swirl_transcript tr;
    swirl_tr_init(&tr);
    swirl_whir_proof wp;
    const swirl_stacked_pcs_data *cs[] = {d};
    swirl_whir_prove(&p, &tr, cs, 1, u, NULL, &wp, NULL);
    swirl_writer w;
    swirl_writer_init(&w);
    swirl_whir_proof_encode(&wp, &w);
    put(argv[1], "whir", 0, w.buf, w.len);
    swirl_writer_free(&w);
    swirl_whir_proof_free(&wp);
    swirl_stacked_pcs_data_free(d);
    /* GKR proofs */
    for (unsigned L = 1; L <= 4; L++) {
        size_t n = (size_t)1 << L;
        ef_t pp[16], qq[16], xi[8], s = ef_zero();
        for (size_t k = 0; k < n; k++) {
            qq[k] = ef_make((bb_t)(k + 3), 1, 0, 0);
            pp[k] = ef_make((bb_t)(k + 1), 0, 0, 0);
            if (k + 1 < n) s = ef_add(s, ef_mul(pp[k], ef_inv(qq[k])));
        }
        pp[n - 1] = ef_neg(ef_mul(s, qq[n - 1]));
        swirl_tr_init(&tr);
        swirl_gkr_proof gp;
        swirl_gkr_prove(&tr, pp, qq, L, NULL, &gp, xi);
        swirl_writer_init(&w);
        swirl_gkr_proof_encode(&gp, &w);
        put(argv[1], "gkr", (int)L, w.buf, w.len);
        swirl_writer_free(&w);
        swirl_gkr_proof_free(&gp);
    }
    /* full proofs for fuzz_proof_verify's keys (fib; default test params, then one WHIR round) */
    {
        swirl_system_params tp;
        swirl_params_default_test(&tp);
        swirl_air *fa = swirl_fib_air();
        swirl_pk *fpk;
        if (swirl_keygen(NULL, &tp, &fa, 1, &fpk, NULL, NULL) != SWIRL_OK) return 1;
        for (unsigned h = 1; h <= 5; h += 2) {
            swirl_trace ft;
            uint32_t pv[3];
            swirl_fib_trace(1, 1, h, &ft, pv);
            swirl_air_inputs in = {&ft, NULL, 0, pv, 3, NULL};
            uint8_t *pb;
            size_t pl;
            if (swirl_prove(NULL, fpk, &in, 1, &pb, &pl, NULL) != SWIRL_OK) return 1;
            put(argv[1], "proof", (int)h, pb, pl);
            swirl_bytes_free(pb);
            swirl_trace_free(&ft);
        }
        swirl_pk_free(fpk);
        /* one-round WHIR configuration (fuzz_proof_verify's second key) */
        if (swirl_params_test_small(2, 2, 3, &tp) != SWIRL_OK || swirl_keygen(NULL, &tp, &fa, 1, &fpk, NULL, NULL) != SWIRL_OK)
            return 1;
        for (unsigned h = 2; h <= 4; h += 2) {
            swirl_trace ft;
            uint32_t pv[3];
            swirl_fib_trace(1, 1, h, &ft, pv);
            swirl_air_inputs in = {&ft, NULL, 0, pv, 3, NULL};
            uint8_t *pb;
            size_t pl;
            if (swirl_prove(NULL, fpk, &in, 1, &pb, &pl, NULL) != SWIRL_OK) return 1;
            put(argv[1], "proof", 100 + (int)h, pb, pl);
            swirl_bytes_free(pb);
            swirl_trace_free(&ft);
        }
        swirl_pk_free(fpk);
        swirl_air_free(fa);
    }
    for (int s2 = 0; s2 < 3; s2++) { swirl_air_free(sets[s2][0]); swirl_air_free(sets[s2][1]); }
    return 0;
}
