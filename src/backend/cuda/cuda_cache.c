/* cuda_cache.c — the device object's cache of proving-key copies (cuda_cache.h). A small table
 * searched linearly: a proof looks up a few entries per AIR (an OpenVM key has ~100 AIRs), which
 * costs microseconds against the uploads and compilations it saves. */
#include <string.h>
#include "backend/cuda/cuda_cache.h"
#include "util/alloc.h"

typedef struct {
    unsigned kind;
    uint64_t uid;
    void *payload;
    size_t device_bytes;
    uint64_t last_use; /* the cache's clock at the last get or put */
    swirl_cuda_cache_release_fn release;
} cache_entry;

struct swirl_cuda_cache {
    cache_entry *entries;
    size_t n, cap;
    size_t device_bytes; /* sum over the entries */
    uint64_t clock;
    size_t hits, misses;
};

static struct swirl_cuda_cache *cache_of(swirl_cuda_dev *dev, int create) {
    struct swirl_cuda_cache **slot = dev ? swirl_cuda_dev_cache_slot(dev) : NULL;
    if (!slot) return NULL;
    if (!*slot && create) *slot = swirl_cuda_cache_new();
    return *slot;
}

swirl_cuda_cache *swirl_cuda_cache_new(void) { return swirl_calloc(1, sizeof(swirl_cuda_cache)); }

void *swirl_cuda_cache_lookup(swirl_cuda_cache *c, unsigned kind, uint64_t uid) {
    if (!c || !uid) return NULL;
    for (size_t i = 0; i < c->n; i++) {
        cache_entry *e = &c->entries[i];
        if (e->kind != kind || e->uid != uid) continue;
        e->last_use = ++c->clock;
        c->hits++;
        return e->payload;
    }
    c->misses++;
    return NULL;
}

int swirl_cuda_cache_insert(swirl_cuda_cache *c, swirl_cuda_dev *dev, unsigned kind, uint64_t uid, void *payload,
                            size_t device_bytes, swirl_cuda_cache_release_fn release) {
    if (c && uid && c->n == c->cap) {
        const size_t cap = c->cap ? 2 * c->cap : 16; /* entries are small: no overflow before memory runs out */
        cache_entry *grown = swirl_realloc(c->entries, cap * sizeof *grown);
        if (grown) {
            c->entries = grown;
            c->cap = cap;
        }
    }
    if (!c || !uid || c->n == c->cap) {
        release(dev, payload);
        return c && uid ? SWIRL_ERR_OUT_OF_MEMORY : SWIRL_ERR_INVALID_ARG;
    }
    cache_entry *e = &c->entries[c->n++];
    e->kind = kind;
    e->uid = uid;
    e->payload = payload;
    e->device_bytes = device_bytes;
    e->last_use = ++c->clock;
    e->release = release;
    c->device_bytes += device_bytes;
    return SWIRL_OK;
}

static void evict(swirl_cuda_dev *dev, swirl_cuda_cache *c, size_t i) {
    cache_entry e = c->entries[i];
    c->entries[i] = c->entries[--c->n];
    c->device_bytes -= e.device_bytes;
    e.release(dev, e.payload);
}

void swirl_cuda_cache_evict(swirl_cuda_cache *c, swirl_cuda_dev *dev, size_t cap_bytes) {
    while (c && c->n && (cap_bytes == 0 || c->device_bytes > cap_bytes)) {
        size_t oldest = 0;
        for (size_t i = 1; i < c->n; i++)
            if (c->entries[i].last_use < c->entries[oldest].last_use) oldest = i;
        evict(dev, c, oldest);
    }
}

void swirl_cuda_cache_delete(swirl_cuda_cache *c, swirl_cuda_dev *dev) {
    if (!c) return;
    swirl_cuda_cache_evict(c, dev, 0);
    swirl_free(c->entries);
    swirl_free(c);
}

void swirl_cuda_cache_table_stats(const swirl_cuda_cache *c, swirl_cuda_cache_stats *out) {
    memset(out, 0, sizeof *out);
    if (!c) return;
    out->entries = c->n;
    out->device_bytes = c->device_bytes;
    out->hits = c->hits;
    out->misses = c->misses;
}

/* ---- the device object's table ---------------------------------------------------------------- */

void *swirl_cuda_cache_get(swirl_cuda_dev *dev, unsigned kind, uint64_t uid) {
    return uid ? swirl_cuda_cache_lookup(cache_of(dev, 1), kind, uid) : NULL;
}

int swirl_cuda_cache_put(swirl_cuda_dev *dev, unsigned kind, uint64_t uid, void *payload, size_t device_bytes,
                         swirl_cuda_cache_release_fn release) {
    return swirl_cuda_cache_insert(uid ? cache_of(dev, 1) : NULL, dev, kind, uid, payload, device_bytes, release);
}

void swirl_cuda_cache_trim(swirl_cuda_dev *dev, size_t cap_bytes) { swirl_cuda_cache_evict(cache_of(dev, 0), dev, cap_bytes); }

void swirl_cuda_cache_destroy(swirl_cuda_dev *dev) {
    swirl_cuda_cache *c = cache_of(dev, 0);
    if (!c) return;
    swirl_cuda_cache_delete(c, dev);
    *swirl_cuda_dev_cache_slot(dev) = NULL;
}

void swirl_cuda_cache_stats_get(swirl_cuda_dev *dev, swirl_cuda_cache_stats *out) { swirl_cuda_cache_table_stats(cache_of(dev, 0), out); }

void swirl_cuda_cache_stats_reset(swirl_cuda_dev *dev) {
    swirl_cuda_cache *c = cache_of(dev, 0);
    if (c) c->hits = c->misses = 0;
}

/* ---- device copies of a proving key's preprocessed commitments -------------------------------- */

static void prep_release(swirl_cuda_dev *dev, void *payload) { swirl_cuda_resident_free_copies(dev, payload); }

/* A host tree's layers into the device layout of swirl_cuda_tree (layer j of S >> j digests at
 * node offset 2 S - 2 (S >> j), S = 2^depth leaves). */
int swirl_cuda_tree_upload(swirl_cuda_dev *dev, const swirl_merkle_tree *host, swirl_cuda_tree *out) {
    if (!host->layers) return SWIRL_ERR_INVALID_ARG;
    int rc = swirl_cuda_tree_alloc(dev, out, host->log_rows, host->k);
    const size_t S = (size_t)1 << out->depth;
    for (unsigned j = 0; rc == SWIRL_OK && j <= out->depth; j++) {
        const size_t offset = 2 * S - (S >> j) * 2;
        rc = swirl_cuda_write_async(dev, out->d_nodes + 8 * offset, host->layers[j], (S >> j) * sizeof(swirl_digest));
    }
    out->root = host->root;
    return rc;
}

static int prep_upload(swirl_cuda_dev *dev, const swirl_stacked_pcs_data *d, swirl_cuda_resident *r, size_t *bytes) {
    const size_t H = (size_t)1 << d->layout.log_stacked_height, W = d->layout.width;
    const size_t msg = H * W * sizeof(uint32_t), cw = (H << d->log_blowup) * W * sizeof(uint32_t);
    if (!d->stacked || !d->message || !d->codeword || !d->tree.layers) return SWIRL_ERR_INVALID_ARG;
    int rc = swirl_cuda_alloc(dev, (void **)&r->d_stacked, msg);
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(dev, (void **)&r->d_message, msg);
    if (rc == SWIRL_OK) rc = swirl_cuda_alloc(dev, (void **)&r->d_codeword, cw);
    if (rc == SWIRL_OK) rc = swirl_cuda_write_async(dev, r->d_stacked, d->stacked, msg);
    if (rc == SWIRL_OK) rc = swirl_cuda_write_async(dev, r->d_message, d->message, msg);
    if (rc == SWIRL_OK) rc = swirl_cuda_write_async(dev, r->d_codeword, d->codeword, cw);
    if (rc == SWIRL_OK) rc = swirl_cuda_tree_upload(dev, &d->tree, &r->tree);
    *bytes = 2 * msg + cw + ((size_t)2 << r->tree.depth) * sizeof(swirl_digest);
    return rc;
}

const swirl_cuda_resident *swirl_cuda_resident_find(swirl_cuda_dev *dev, const swirl_stacked_pcs_data *data) {
    const swirl_cuda_resident *own = swirl_cuda_resident_of(data, dev);
    if (own || !data || !data->uid || !data->layout.width) return own;
    swirl_cuda_resident *r = swirl_cuda_cache_get(dev, SWIRL_CUDA_CACHE_PREPROCESSED, data->uid);
    if (r) return r;
    r = swirl_calloc(1, sizeof *r);
    if (!r) return NULL;
    r->base.backend = swirl_cuda_resident_tag;
    r->dev = dev;
    size_t bytes = 0;
    if (prep_upload(dev, data, r, &bytes) != SWIRL_OK) {
        prep_release(dev, r);
        return NULL;
    }
    if (swirl_cuda_cache_put(dev, SWIRL_CUDA_CACHE_PREPROCESSED, data->uid, r, bytes, prep_release) != SWIRL_OK) return NULL;
    return r;
}
