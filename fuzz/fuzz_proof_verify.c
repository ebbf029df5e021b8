/* fuzz_proof_verify.c — libFuzzer target: decode-then-verify of full proofs (codec v3) against
 * two fixed small verifying keys of the fib AIR: the default test preset (three WHIR rounds) and
 * test_small(2, 2, 3) (one WHIR round, the shape of issue 9's malleable depth field). Must never
 * crash; a proof that decodes re-encodes to exactly the input bytes. And the verifier is an
 * oracle: the only proofs that may verify are the honest ones (fib from 1, 1 at every log
 * height the key allows up to 5; the seed corpus holds some), up to their proof-of-work
 * witnesses (with the presets' few PoW bits another witness is often valid too). Anything else
 * that verifies is a forgery or a malleable encoding: abort. */
#include "fuzz_common.h"
#include "iop/proof.h"
#include "swirl.h"
#include "swirl_scenarios.h"

#define NUM_KEYS 2
#define HONEST_HEIGHTS 6 /* log heights 0..5, those the key's stacked height allows */

typedef struct key_case {
    swirl_vk *vk;
    unsigned num_honest;
    uint8_t *honest[HONEST_HEIGHTS];
    size_t honest_len[HONEST_HEIGHTS];
    swirl_proof honest_pf[HONEST_HEIGHTS];
} key_case;

static key_case KEYS[NUM_KEYS];
static int READY;

static void setup_key(const swirl_system_params *p, key_case *kc) {
    swirl_air *a = swirl_fib_air();
    swirl_pk *pk;
    if (swirl_keygen(NULL, p, &a, 1, &pk, &kc->vk, NULL) != SWIRL_OK) abort();
    size_t max_h = p->l_skip + p->n_stack;
    for (unsigned h = 0; h < HONEST_HEIGHTS && h <= max_h; h++) {
        swirl_trace t;
        uint32_t pv[3];
        if (swirl_fib_trace(1, 1, h, &t, pv) != SWIRL_OK) abort();
        swirl_air_inputs in = {&t, NULL, 0, pv, 3, NULL};
        if (swirl_prove(NULL, pk, &in, 1, &kc->honest[h], &kc->honest_len[h], NULL) != SWIRL_OK) abort();
        if (swirl_proof_decode(kc->honest[h], kc->honest_len[h], &kc->honest_pf[h]) != SWIRL_OK) abort();
        swirl_trace_free(&t);
        kc->num_honest = h + 1;
    }
    swirl_pk_free(pk);
    swirl_air_free(a);
}

static void setup(void) {
    if (READY) return;
    swirl_system_params p;
    swirl_params_default_test(&p);
    setup_key(&p, &KEYS[0]);
    swirl_params_test_small(2, 2, 3, &p);
    setup_key(&p, &KEYS[1]);
    READY = 1;
}

/* Copies the PoW witnesses of `from` into `to` (same WHIR shape: both verified under one key). */
static void copy_witnesses(swirl_proof *to, const swirl_proof *from) {
    to->logup_pow_witness = from->logup_pow_witness;
    to->whir.mu_pow_witness = from->whir.mu_pow_witness;
    for (size_t i = 0; i < to->whir.num_sumcheck; i++) to->whir.folding_pow_witnesses[i] = from->whir.folding_pow_witnesses[i];
    for (size_t i = 0; i < to->whir.num_rounds; i++) to->whir.query_phase_pow_witnesses[i] = from->whir.query_phase_pow_witnesses[i];
}

/* 1 when the input bytes are an honest proof with, at most, other PoW witnesses: an honest
 * proof given pf's witnesses encodes to exactly the input. (Comparing the raw bytes, not a
 * re-encoding of pf, also catches bytes the decoder would ignore.) Runs only for inputs that
 * verified, so decoding the honest proof afresh each time costs nothing that matters. */
static int honest_up_to_pow(const key_case *kc, const swirl_proof *pf, const uint8_t *data, size_t size) {
    int found = 0;
    for (unsigned h = 0; h < kc->num_honest && !found; h++) {
        const swirl_proof *hp = &kc->honest_pf[h];
        if (pf->whir.num_sumcheck != hp->whir.num_sumcheck || pf->whir.num_rounds != hp->whir.num_rounds) continue;
        swirl_proof copy;
        if (swirl_proof_decode(kc->honest[h], kc->honest_len[h], &copy) != SWIRL_OK) abort();
        copy_witnesses(&copy, pf);
        swirl_writer w;
        swirl_writer_init(&w);
        found = swirl_proof_encode(&copy, &w) == SWIRL_OK && w.len == size && !memcmp(w.buf, data, size);
        swirl_writer_free(&w);
        swirl_proof_free(&copy);
    }
    return found;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    setup();
    swirl_proof pf;
    int decoded = swirl_proof_decode(data, size, &pf) == SWIRL_OK;
    if (decoded) {
        swirl_writer w;
        swirl_writer_init(&w);
        int rc = swirl_proof_encode(&pf, &w);
        fuzz_require_reencode("proof", rc, w.buf, w.len, data, size);
        swirl_writer_free(&w);
    }
    for (int k = 0; k < NUM_KEYS; k++) {
        swirl_error err;
        if (swirl_verify(KEYS[k].vk, data, size, &err) != SWIRL_OK) continue;
        if (!decoded || !honest_up_to_pow(&KEYS[k], &pf, data, size)) {
            fprintf(stderr, "proof: key %d accepted an input that is not an honest proof (up to PoW witnesses)\n", k);
            abort();
        }
    }
    if (decoded) swirl_proof_free(&pf);
    return 0;
}
