/* fuzz_gkr_proof.c — libFuzzer target: GKR proof decoding and verification never crash; a
 * decoded proof re-encodes to exactly the bytes the decoder consumed. */
#include "fuzz_common.h"
#include "iop/gkr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    swirl_reader r;
    swirl_reader_init(&r, data, size);
    swirl_gkr_proof pf;
    if (swirl_gkr_proof_decode(&r, &pf) != SWIRL_OK) return 0;
    swirl_writer w;
    swirl_writer_init(&w);
    int rc = swirl_gkr_proof_encode(&pf, &w);
    fuzz_require_reencode("gkr proof", rc, w.buf, w.len, data, r.pos);
    swirl_writer_free(&w);
    swirl_transcript tr;
    swirl_tr_init(&tr);
    ef_t P, Q, xi[32];
    swirl_error err;
    if (pf.num_layers >= 1 && pf.num_layers <= 30) (void)swirl_gkr_verify(&tr, &pf, (unsigned)pf.num_layers, &P, &Q, xi, &err);
    else (void)swirl_gkr_verify_empty(&pf, &err);
    swirl_gkr_proof_free(&pf);
    return 0;
}
