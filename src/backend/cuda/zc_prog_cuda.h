/* zc_prog_cuda.h — the CUDA batch constraint sumcheck's compiled programs (zc_prog_cuda.c): an
 * AIR's DAG as the slot program of round 0 and the level program of the multilinear rounds, with
 * their epilogue tables, on the device. Built once per proving key and kept in the device
 * object's key cache (cuda_cache.h) by zc_cuda.c; public values are their only per-proof part. */
#ifndef SWIRL_ZC_PROG_CUDA_H
#define SWIRL_ZC_PROG_CUDA_H

#include <stddef.h>
#include <stdint.h>
#include "backend/cuda/cuda_api.h"
#include "iop/zc_internal.h"

/* Where a cached program holds public values (CONST operands taken from a proof's public
 * values): the word of each site (in the slot program, or with ZC_PUB_LEVEL in the level
 * program), the public value's index, and the Montgomery value the device copy holds now. */
#define ZC_PUB_LEVEL 0x80000000u
typedef struct {
    uint32_t *word, *index, *now;
    size_t n;
} pub_sites;
/* Room for the sites of `programs` programs of dag's AIR (each public node at most once in
 * each); SWIRL_ERR_OUT_OF_MEMORY, or SWIRL_OK with n = 0. */
int swirl_cuda_pub_sites_alloc(const swirl_dag *dag, unsigned programs, pub_sites *ps);
void swirl_cuda_pub_sites_free(pub_sites *ps);
/* A site: code word `word` holds public value `index`, now the value `now` (as the device holds it). */
void swirl_cuda_pub_sites_add(pub_sites *ps, uint32_t word, uint32_t index, uint32_t now);
/* Every site set to this proof's value (Montgomery form when montgomery, else canonical), only
 * the words that changed, stream-ordered (work already queued reads the old ones): a site word
 * with ZC_PUB_LEVEL is in level_base, the others in base. The zc programs and the GKR leaves
 * programs share it. */
int swirl_cuda_pub_sites_patch(swirl_cuda_dev *dev, pub_sites *ps, const uint32_t *public_values, int montgomery,
                               uint32_t *base, uint32_t *level_base);

/* A trace's compiled programs on the device, the same for every proof with its AIR key: cached
 * under the key's uid (cuda_cache.h), or owned by the workspace when the key has none (uid 0).
 * A proof's public values are the only per-proof part, patched in place (prog_patch). */
typedef struct {
    uint32_t *d_code;  /* slot program: ninstr x {op, dst, a, b} */
    uint32_t *d_tabs;  /* cnt | moff | msg (slots, offsets) */
    uint32_t *d_lcode; /* level program: code | lv | cacc_off | cacc | cnt | moff | msg */
    uint32_t *d_ucols; /* the lifted ids of the columns the program reads */
    uint32_t ninstr, nslots, ncons, ni, nmsg, maxlen;
    uint32_t lninstr, lnslots, nlevels, lncacc;
    size_t nu;
    uint32_t *ucols;   /* host copy of d_ucols */
    pub_sites pub;
    size_t device_bytes;
} zc_dev_prog;

/* Compile trace tr's AIR into both programs (public values from this proof) and upload them:
 * *out is new (release with swirl_cuda_zc_prog_release). SWIRL_ERR_INVALID_ARG for a DAG of 2^29
 * or more nodes and constraints (the site words need bit 31). */
int swirl_cuda_zc_prog_build(swirl_cuda_dev *dev, const swirl_zc_trace *tr, const colmap *m, zc_dev_prog **out);
/* The programs' public-value operands set to these values (only the words that changed; stream
 * ordered, so work already queued reads the old ones). */
int swirl_cuda_zc_prog_patch(swirl_cuda_dev *dev, zc_dev_prog *pr, const uint32_t *public_values);
/* Releases the programs and their device memory (NULL: nothing); the key cache's release. */
void swirl_cuda_zc_prog_release(swirl_cuda_dev *dev, void *payload);

#endif
