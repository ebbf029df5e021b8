/* cuda_cache.h — what a device object keeps of a proving key across proofs: the compiled
 * constraint programs of its AIRs (zc_cuda.c, gkr_cuda.c) and the device copies of its
 * preprocessed commitments (swirl_cuda_resident_find below).
 *
 * Entries are keyed by (kind, uid). Uids come from util/uid.h when a proving key is made (its
 * AIR keys and preprocessed commitments; 0 = no identity, never cached) and a key is immutable,
 * so an entry stays right for as long as any key with that uid lives; the entries of a freed key
 * are never looked up again and age out. Lifetime rule: entries are added during a proof and
 * evicted only between proofs (swirl_cuda_cache_trim, called when a proof begins; least recently
 * used first while the entries hold more device memory than the cap), so a workspace may keep an
 * entry's device pointers until its proof ends. The cache belongs to its device object, which is
 * used by one thread at a time (its context's): no locking. Entries do not hold references to the
 * device object (they are part of it). */
#ifndef SWIRL_CUDA_CACHE_H
#define SWIRL_CUDA_CACHE_H

#include <stddef.h>
#include <stdint.h>
#include "backend/cuda/cuda_api.h"
#include "backend/cuda/cuda_resident.h"

enum { SWIRL_CUDA_CACHE_ZC_PROGRAM = 1, SWIRL_CUDA_CACHE_GKR_PROGRAM = 2, SWIRL_CUDA_CACHE_PREPROCESSED = 3 };

/* Releases a payload and the device memory it holds. */
typedef void (*swirl_cuda_cache_release_fn)(swirl_cuda_dev *dev, void *payload);

/* The payload cached under (kind, uid), or NULL (uid 0: always NULL). Counts a hit or a miss. */
void *swirl_cuda_cache_get(swirl_cuda_dev *dev, unsigned kind, uint64_t uid);
/* Caches payload (holding device_bytes of device memory) under (kind, uid), which must not be
 * cached yet. On failure (out of host memory) the payload is released and the status returned. */
int swirl_cuda_cache_put(swirl_cuda_dev *dev, unsigned kind, uint64_t uid, void *payload, size_t device_bytes,
                         swirl_cuda_cache_release_fn release);
/* Evicts least recently used entries until the rest hold at most cap_bytes (0: every entry).
 * Only between proofs. */
void swirl_cuda_cache_trim(swirl_cuda_dev *dev, size_t cap_bytes);
/* Every entry released and the table freed (the device object's teardown). */
void swirl_cuda_cache_destroy(swirl_cuda_dev *dev);

typedef struct swirl_cuda_cache_stats {
    size_t entries, device_bytes; /* now */
    size_t hits, misses;          /* since the last swirl_cuda_cache_stats_reset */
} swirl_cuda_cache_stats;
void swirl_cuda_cache_stats_get(swirl_cuda_dev *dev, swirl_cuda_cache_stats *out);
void swirl_cuda_cache_stats_reset(swirl_cuda_dev *dev);

/* The same table on its own, without a device object (the device functions above wrap these; the
 * tests drive them directly, with dev NULL passed to the releases). */
typedef struct swirl_cuda_cache swirl_cuda_cache;
swirl_cuda_cache *swirl_cuda_cache_new(void); /* NULL: out of memory */
void *swirl_cuda_cache_lookup(swirl_cuda_cache *c, unsigned kind, uint64_t uid);
int swirl_cuda_cache_insert(swirl_cuda_cache *c, swirl_cuda_dev *dev, unsigned kind, uint64_t uid, void *payload,
                            size_t device_bytes, swirl_cuda_cache_release_fn release);
void swirl_cuda_cache_evict(swirl_cuda_cache *c, swirl_cuda_dev *dev, size_t cap_bytes);
void swirl_cuda_cache_delete(swirl_cuda_cache *c, swirl_cuda_dev *dev);
void swirl_cuda_cache_table_stats(const swirl_cuda_cache *c, swirl_cuda_cache_stats *out);

/* The device copies of a commitment on dev: its own resident copies when this device made it,
 * else (a proving key's preprocessed commitment, uid != 0) the cached copies, uploaded on first
 * use (stacked matrix, message, codeword, tree). NULL when neither applies or the upload failed
 * (the caller then uploads what it needs itself and meets the same error there). */
const swirl_cuda_resident *swirl_cuda_resident_find(swirl_cuda_dev *dev, const swirl_stacked_pcs_data *data);

/* A host tree's layers into a new device tree (the swirl_cuda_tree layout); asynchronous. */
int swirl_cuda_tree_upload(swirl_cuda_dev *dev, const swirl_merkle_tree *host, swirl_cuda_tree *out);

/* The device object's slot for its cache (cuda_core.cu; NULL without CUDA). */
struct swirl_cuda_cache **swirl_cuda_dev_cache_slot(swirl_cuda_dev *dev);

#endif
