/* proof.h — the SWIRL proof (iop.md §8) and its byte codec (CODEC_VERSION 3). */
#ifndef SWIRL_PROOF_H
#define SWIRL_PROOF_H

#include <stddef.h>
#include "codec/bytes.h"
#include "iop/gkr.h"
#include "iop/stacked_reduction.h"
#include "iop/zerocheck.h"
#include "pcs/whir.h"

typedef struct swirl_trace_vdata {
    int present;
    unsigned log_height;
    size_t num_cached;
    swirl_digest *cached;
} swirl_trace_vdata;

typedef struct swirl_proof {
    swirl_digest common_main_commit;
    size_t num_airs;
    swirl_trace_vdata *vdata;  /* num_airs, AIR-id order */
    size_t *num_pv;            /* num_airs */
    uint32_t **pv;             /* num_airs */
    bb_t logup_pow_witness;
    swirl_gkr_proof gkr;
    swirl_batch_proof batch;
    swirl_stacking_proof stacking;
    swirl_whir_proof whir;
} swirl_proof;

void swirl_proof_free(swirl_proof *p);
int swirl_proof_encode(const swirl_proof *p, swirl_writer *w);
/* The batch constraint section alone (the reference's BatchConstraintProof encoding), as the
 * whole-proof codec writes it (the RAP stage of the interop crate returns it on its own). */
void swirl_batch_proof_encode(const swirl_batch_proof *b, swirl_writer *w);
/* Strict: version, bitmap padding, field ranges, lengths, trailing bytes -> SWIRL_ERR_DECODE. */
int swirl_proof_decode(const uint8_t *bytes, size_t len, swirl_proof *out);

#endif
