/* fuzz_whir_proof.c — libFuzzer target: WHIR proof decoding, then verification against a fixed
 * small commitment (built once), must never crash; a decoded proof re-encodes to exactly the bytes
 * the decoder consumed. */
#include "fuzz_common.h"
#include "pcs/stacked.h"
#include "pcs/whir.h"
#include "swirl.h"

static swirl_system_params P;
static swirl_stacked_pcs_data *D;
static ef_t U[32], CLAIMS[16];

static void setup(void) {
    if (D) return;
    memset(&P, 0, sizeof P);
    P.l_skip = 2; P.n_stack = 3; P.w_stack = 64; P.log_blowup = 1; P.max_constraint_degree = 3;
    P.whir.k = 2; P.whir.num_rounds = 2; P.whir.num_queries[0] = 3; P.whir.num_queries[1] = 2;
    static uint32_t vals[32 * 2];
    for (int i = 0; i < 64; i++) vals[i] = (uint32_t)(i * 7 + 1);
    swirl_trace t = {vals, 32, 2};
    const swirl_trace *tp[] = {&t};
    if (swirl_stacked_commit(&P, tp, 1, NULL, &D) != SWIRL_OK) abort();
    for (int i = 0; i < 5; i++) U[i] = ef_make((bb_t)i + 1, 2, 3, 4);
    for (int i = 0; i < 2; i++) CLAIMS[i] = ef_make((bb_t)i, 0, 0, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    setup();
    swirl_reader r;
    swirl_reader_init(&r, data, size);
    swirl_whir_proof pf;
    if (swirl_whir_proof_decode(&r, &pf) != SWIRL_OK) return 0;
    swirl_writer w;
    swirl_writer_init(&w);
    int rc = swirl_whir_proof_encode(&pf, &w);
    fuzz_require_reencode("whir proof", rc, w.buf, w.len, data, r.pos);
    swirl_writer_free(&w);
    swirl_transcript tr;
    swirl_tr_init(&tr);
    size_t width = D->layout.width;
    swirl_error err;
    (void)swirl_whir_verify(&P, &tr, &D->commit, &width, 1, U, CLAIMS, &pf, &err);
    swirl_whir_proof_free(&pf);
    return 0;
}
