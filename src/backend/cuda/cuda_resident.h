/* cuda_resident.h — a commitment's device copies (the swirl_resident of a commitment made by the
 * CUDA backend): the RS message, the codeword and the Merkle tree stay in device memory from the
 * commit to the openings; only the root went back to the host. */
#ifndef SWIRL_CUDA_RESIDENT_H
#define SWIRL_CUDA_RESIDENT_H

#include "backend/cuda/cuda_api.h"
#include "pcs/stacked.h"

/* The tag of CUDA resident copies (its address identifies them; defined in cuda_backend.c). */
extern const char swirl_cuda_resident_tag[];

typedef struct swirl_cuda_resident {
    swirl_resident base;
    swirl_cuda_dev *dev;   /* a reference: the device outlives every resident commitment */
    uint32_t *d_stacked;   /* column-major 2^m x width: the stacked matrix Q */
    uint32_t *d_message;   /* column-major 2^m x width */
    uint32_t *d_codeword;  /* column-major 2^(m + log_blowup) x width */
    swirl_cuda_tree tree;
} swirl_cuda_resident;

/* Releases r's device copies (stacked matrix, message, codeword, tree; stream-ordered) and r
 * itself, not its device reference: a commitment's own copies drop that too, the key cache's
 * copies hold none (cuda_backend.c). */
void swirl_cuda_resident_free_copies(swirl_cuda_dev *dev, swirl_cuda_resident *r);

/* The commitment's device copies when they live on `dev`, else NULL. */
static inline const swirl_cuda_resident *swirl_cuda_resident_of(const swirl_stacked_pcs_data *d,
                                                               const swirl_cuda_dev *dev) {
    const swirl_resident *r = d ? d->resident : 0;
    if (!r || r->backend != swirl_cuda_resident_tag) return 0;
    const swirl_cuda_resident *cr = (const swirl_cuda_resident *)r;
    return cr->dev == dev ? cr : 0;
}

#endif
