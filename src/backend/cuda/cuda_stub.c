/* cuda_stub.c — the CUDA launchers when swirl is built without CUDA: every call reports
 * SWIRL_ERR_NO_DEVICE (and the device count is 0), so callers and tests link either way. */
#ifndef SWIRL_HAVE_CUDA
#include "backend/cuda/cuda_api.h"
#include "backend/cuda/cuda_cache.h"
#include "backend/cuda/cuda_gkr.h"
#include "backend/cuda/cuda_sr.h"
#include "backend/cuda/cuda_whir.h"
#include "backend/cuda/cuda_zc.h"
#include "swirl.h"

int swirl_cuda_device_count(void) { return 0; }
const char *swirl_cuda_last_error(void) { return "swirl was built without CUDA"; }
int swirl_cuda_dev_create(unsigned max_log_n, swirl_cuda_dev **out) {
    (void)max_log_n;
    if (out) *out = NULL;
    return SWIRL_ERR_NO_DEVICE;
}
void swirl_cuda_dev_free(swirl_cuda_dev *dev) { (void)dev; }
size_t swirl_cuda_dev_memory(swirl_cuda_dev *dev) { (void)dev; return 0; }
struct swirl_cuda_cache **swirl_cuda_dev_cache_slot(swirl_cuda_dev *dev) { (void)dev; return NULL; }
int swirl_cuda_dev_name(const swirl_cuda_dev *dev, char *buf, size_t len) { (void)dev; (void)buf; (void)len; return SWIRL_ERR_NO_DEVICE; }
int swirl_cuda_sync(swirl_cuda_dev *dev) { (void)dev; return SWIRL_ERR_NO_DEVICE; }
int swirl_cuda_alloc(swirl_cuda_dev *dev, void **p, size_t n) { (void)dev; (void)n; if (p) *p = NULL; return SWIRL_ERR_NO_DEVICE; }
void swirl_cuda_release(swirl_cuda_dev *dev, void *p) { (void)dev; (void)p; }
int swirl_cuda_upload(swirl_cuda_dev *dev, void *d, const void *h, size_t n) { (void)dev; (void)d; (void)h; (void)n; return SWIRL_ERR_NO_DEVICE; }
int swirl_cuda_download(swirl_cuda_dev *dev, void *h, const void *d, size_t n) { (void)dev; (void)d; (void)h; (void)n; return SWIRL_ERR_NO_DEVICE; }
int swirl_cuda_check_device_ptr(swirl_cuda_dev *dev, const void *p) { (void)dev; (void)p; return SWIRL_ERR_NO_DEVICE; }
int swirl_cuda_first_out_of_range(swirl_cuda_dev *dev, const uint32_t *v, size_t n, size_t *first, uint32_t *value) {
    (void)dev; (void)v; (void)n; (void)first; (void)value; return SWIRL_ERR_NO_DEVICE;
}
int swirl_cuda_field_op(swirl_cuda_dev *dev, int op, const uint32_t *a, const uint32_t *b, uint32_t *o, size_t n) {
    (void)dev; (void)op; (void)a; (void)b; (void)o; (void)n; return SWIRL_ERR_NO_DEVICE;
}
int swirl_cuda_dft_batch(swirl_cuda_dev *dev, uint32_t *d, unsigned l, size_t c, size_t s, int inv) {
    (void)dev; (void)d; (void)l; (void)c; (void)s; (void)inv; return SWIRL_ERR_NO_DEVICE;
}
int swirl_cuda_rs_encode_batch(swirl_cuda_dev *dev, const uint32_t *i, size_t is, unsigned l, unsigned b, size_t c, uint32_t *o, size_t os) {
    (void)dev; (void)i; (void)is; (void)l; (void)b; (void)c; (void)o; (void)os; return SWIRL_ERR_NO_DEVICE;
}
int swirl_cuda_p2_permute(swirl_cuda_dev *dev, uint32_t *s, size_t n) { (void)dev; (void)s; (void)n; return SWIRL_ERR_NO_DEVICE; }
int swirl_cuda_hash_rows(swirl_cuda_dev *dev, const uint32_t *b, size_t n, size_t w, size_t rs, size_t cs, uint32_t *d) {
    (void)dev; (void)b; (void)n; (void)w; (void)rs; (void)cs; (void)d; return SWIRL_ERR_NO_DEVICE;
}
int swirl_cuda_merkle_build(swirl_cuda_dev *dev, const swirl_matrix_view *m, unsigned k, swirl_merkle_tree *t) {
    (void)dev; (void)m; (void)k; (void)t; return SWIRL_ERR_NO_DEVICE;
}
int swirl_cuda_grind(swirl_cuda_dev *dev, const swirl_transcript *t, unsigned bits, uint32_t *w) {
    (void)dev; (void)t; (void)bits; (void)w; return SWIRL_ERR_NO_DEVICE;
}
int swirl_cuda_write_async(swirl_cuda_dev *dev, void *d, const void *h, size_t n) { (void)dev; (void)d; (void)h; (void)n; return SWIRL_ERR_NO_DEVICE; }
int swirl_cuda_read_small(swirl_cuda_dev *dev, void *h, const void *d, size_t n) { (void)dev; (void)d; (void)h; (void)n; return SWIRL_ERR_NO_DEVICE; }
int swirl_cuda_copy(swirl_cuda_dev *dev, void *d, const void *s, size_t n) { (void)dev; (void)d; (void)s; (void)n; return SWIRL_ERR_NO_DEVICE; }
int swirl_cuda_counters_get(swirl_cuda_dev *dev, swirl_cuda_counters *out) { (void)dev; (void)out; return SWIRL_ERR_NO_DEVICE; }
void swirl_cuda_counters_reset(swirl_cuda_dev *dev) { (void)dev; }
void swirl_cuda_count_host_op(swirl_cuda_dev *dev) { (void)dev; }
void swirl_cuda_dev_retain(swirl_cuda_dev *dev) { (void)dev; }
int swirl_cuda_ensure_twiddles(swirl_cuda_dev *dev, unsigned l) { (void)dev; (void)l; return SWIRL_ERR_NO_DEVICE; }
int swirl_cuda_tree_alloc(swirl_cuda_dev *dev, swirl_cuda_tree *t, unsigned l, unsigned k) { (void)dev; (void)t; (void)l; (void)k; return SWIRL_ERR_NO_DEVICE; }
void swirl_cuda_tree_free(swirl_cuda_dev *dev, swirl_cuda_tree *t) { (void)dev; (void)t; }
int swirl_cuda_tree_build(swirl_cuda_dev *dev, swirl_cuda_tree *t, const swirl_matrix_view *m) { (void)dev; (void)t; (void)m; return SWIRL_ERR_NO_DEVICE; }
int swirl_cuda_tree_paths(swirl_cuda_dev *dev, const swirl_cuda_tree *t, const uint32_t *i, size_t q, uint32_t *p) {
    (void)dev; (void)t; (void)i; (void)q; (void)p; return SWIRL_ERR_NO_DEVICE;
}
int swirl_cuda_whir_combine(swirl_cuda_dev *dev, const uint32_t *const *c, const uint32_t *m, size_t W, size_t H, uint32_t *f) {
    (void)dev; (void)c; (void)m; (void)W; (void)H; (void)f; return SWIRL_ERR_NO_DEVICE;
}
int swirl_cuda_ef_zeta(swirl_cuda_dev *dev, uint32_t *a, unsigned n, int inv) { (void)dev; (void)a; (void)n; (void)inv; return SWIRL_ERR_NO_DEVICE; }
int swirl_cuda_whir_weights(swirl_cuda_dev *dev, uint32_t *w, const uint32_t *k, unsigned m) { (void)dev; (void)w; (void)k; (void)m; return SWIRL_ERR_NO_DEVICE; }
int swirl_cuda_whir_sumcheck(swirl_cuda_dev *dev, const uint32_t *f, const uint32_t *w, size_t h, uint32_t *s, uint32_t o[8]) {
    (void)dev; (void)f; (void)w; (void)h; (void)s; (void)o; return SWIRL_ERR_NO_DEVICE;
}
int swirl_cuda_whir_fold(swirl_cuda_dev *dev, const uint32_t *f, uint32_t *f2, const uint32_t *w, uint32_t *w2, size_t h, const uint32_t a[4]) {
    (void)dev; (void)f; (void)f2; (void)w; (void)w2; (void)h; (void)a; return SWIRL_ERR_NO_DEVICE;
}
int swirl_cuda_ef_split(swirl_cuda_dev *dev, const uint32_t *g, size_t gl, uint32_t *c, size_t n) { (void)dev; (void)g; (void)gl; (void)c; (void)n; return SWIRL_ERR_NO_DEVICE; }
int swirl_cuda_ef_eval(swirl_cuda_dev *dev, const uint32_t *g, size_t gl, const uint32_t *z, uint32_t *s, uint32_t o[4]) {
    (void)dev; (void)g; (void)gl; (void)z; (void)s; (void)o; return SWIRL_ERR_NO_DEVICE;
}
int swirl_cuda_gather_rows(swirl_cuda_dev *dev, const uint32_t *m, size_t cs, size_t w, const uint32_t *i, size_t q, unsigned k, size_t S, uint32_t *o) {
    (void)dev; (void)m; (void)cs; (void)w; (void)i; (void)q; (void)k; (void)S; (void)o; return SWIRL_ERR_NO_DEVICE;
}
int swirl_cuda_whir_update_weights(swirl_cuda_dev *dev, uint32_t *w, unsigned nv, const uint32_t *e, const uint32_t *b, size_t q) {
    (void)dev; (void)w; (void)nv; (void)e; (void)b; (void)q; return SWIRL_ERR_NO_DEVICE;
}
int swirl_cuda_sr_round0(swirl_cuda_dev *dev, unsigned l, const swirl_cuda_sr_slice *s, const swirl_cuda_sr_block *b, size_t nb,
                         const uint32_t *y, const uint32_t *z, const uint32_t *w, uint64_t *a, uint32_t *e) {
    (void)dev; (void)l; (void)s; (void)b; (void)nb; (void)y; (void)z; (void)w; (void)a; (void)e; return SWIRL_ERR_NO_DEVICE;
}
int swirl_cuda_sr_qtable(swirl_cuda_dev *dev, unsigned l, const uint32_t *const *c, size_t W, size_t n, const uint32_t *l0, uint32_t *q) {
    (void)dev; (void)l; (void)c; (void)W; (void)n; (void)l0; (void)q; return SWIRL_ERR_NO_DEVICE;
}
int swirl_cuda_sr_wtable(swirl_cuda_dev *dev, const swirl_cuda_sr_slice *s, const swirl_cuda_sr_block *b, size_t nb,
                         const uint32_t *y, const uint32_t *z, size_t W, size_t n, uint32_t *w) {
    (void)dev; (void)s; (void)b; (void)nb; (void)y; (void)z; (void)W; (void)n; (void)w; return SWIRL_ERR_NO_DEVICE;
}
int swirl_cuda_sr_round(swirl_cuda_dev *dev, const uint32_t *q, const uint32_t *w, size_t W, size_t n, size_t len, uint32_t *s, uint32_t o[8]) {
    (void)dev; (void)q; (void)w; (void)W; (void)n; (void)len; (void)s; (void)o; return SWIRL_ERR_NO_DEVICE;
}
int swirl_cuda_sr_fold(swirl_cuda_dev *dev, const uint32_t *q, uint32_t *q2, const uint32_t *w, uint32_t *w2, size_t W, size_t n, size_t len, const uint32_t u[4]) {
    (void)dev; (void)q; (void)q2; (void)w; (void)w2; (void)W; (void)n; (void)len; (void)u; return SWIRL_ERR_NO_DEVICE;
}
int swirl_cuda_sr_first(swirl_cuda_dev *dev, const uint32_t *q, size_t W, size_t n, uint32_t *o) {
    (void)dev; (void)q; (void)W; (void)n; (void)o; return SWIRL_ERR_NO_DEVICE;
}
int swirl_cuda_chunk_message(swirl_cuda_dev *dev, const uint32_t *q, uint32_t *m, size_t w, unsigned l) {
    (void)dev; (void)q; (void)m; (void)w; (void)l; return SWIRL_ERR_NO_DEVICE;
}
int swirl_cuda_stage_acquire(swirl_cuda_dev *dev, unsigned s, void **h) { (void)dev; (void)s; (void)h; return SWIRL_ERR_NO_DEVICE; }
int swirl_cuda_stage_submit(swirl_cuda_dev *dev, unsigned s, void *d, size_t n) { (void)dev; (void)s; (void)d; (void)n; return SWIRL_ERR_NO_DEVICE; }
int swirl_cuda_scatter_rows(swirl_cuda_dev *dev, const uint32_t *r, size_t n, size_t w, size_t r0, const uint64_t *b, size_t s, uint32_t *o) {
    (void)dev; (void)r; (void)n; (void)w; (void)r0; (void)b; (void)s; (void)o; return SWIRL_ERR_NO_DEVICE;
}
int swirl_cuda_memset0(swirl_cuda_dev *dev, void *d, size_t n) { (void)dev; (void)d; (void)n; return SWIRL_ERR_NO_DEVICE; }
/* the GKR launchers the contract tests call directly (the ops reach the rest only with a device) */
int swirl_cuda_gkr_layer(swirl_cuda_dev *dev, const uint32_t *lp, const uint32_t *lq, size_t m, const uint32_t *xi, unsigned nv,
                         uint32_t *eqs, uint32_t *tab, size_t cap) {
    (void)dev; (void)lp; (void)lq; (void)m; (void)xi; (void)nv; (void)eqs; (void)tab; (void)cap;
    return SWIRL_ERR_NO_DEVICE;
}
int swirl_cuda_gkr_round(swirl_cuda_dev *dev, const uint32_t *tab, size_t cap, size_t len, const uint32_t lambda[4],
                         uint32_t *partial, uint32_t s[12]) {
    (void)dev; (void)tab; (void)cap; (void)len; (void)lambda; (void)partial; (void)s;
    return SWIRL_ERR_NO_DEVICE;
}
int swirl_cuda_gkr_fold(swirl_cuda_dev *dev, const uint32_t *src, uint32_t *dst, size_t cap, size_t len, const uint32_t r[4]) {
    (void)dev; (void)src; (void)dst; (void)cap; (void)len; (void)r;
    return SWIRL_ERR_NO_DEVICE;
}
int swirl_cuda_gkr_fold_round(swirl_cuda_dev *dev, const uint32_t *src, uint32_t *dst, size_t cap, size_t len, const uint32_t r[4],
                              const uint32_t lambda[4], uint32_t *partial, uint32_t s[12]) {
    (void)dev; (void)src; (void)dst; (void)cap; (void)len; (void)r; (void)lambda; (void)partial; (void)s;
    return SWIRL_ERR_NO_DEVICE;
}
int swirl_cuda_zc_round0(swirl_cuda_dev *dev, const swirl_cuda_zc_r0 *job) { (void)dev; (void)job; return SWIRL_ERR_NO_DEVICE; }
int swirl_cuda_zc_round0_multi(swirl_cuda_dev *dev, const swirl_cuda_zc_r0m *p) { (void)dev; (void)p; return SWIRL_ERR_NO_DEVICE; }
int swirl_cuda_zc_r0_tables(swirl_cuda_dev *dev, const swirl_cuda_zc_eft *d, size_t n, uint64_t total, const uint32_t *h, const uint32_t *xi) {
    (void)dev; (void)d; (void)n; (void)total; (void)h; (void)xi; return SWIRL_ERR_NO_DEVICE;
}
int swirl_cuda_zc_tables_all(swirl_cuda_dev *dev, const swirl_cuda_zc_tab *t, const uint64_t *p, size_t n, uint64_t total, unsigned l, const uint32_t *L0) {
    (void)dev; (void)t; (void)p; (void)n; (void)total; (void)l; (void)L0; return SWIRL_ERR_NO_DEVICE;
}
int swirl_cuda_zc_fold_all(swirl_cuda_dev *dev, const swirl_cuda_zc_tab *t, const uint64_t *p, size_t n, uint64_t total, unsigned j, const uint32_t r[4]) {
    (void)dev; (void)t; (void)p; (void)n; (void)total; (void)j; (void)r; return SWIRL_ERR_NO_DEVICE;
}
int swirl_cuda_zc_first_all(swirl_cuda_dev *dev, const swirl_cuda_zc_tab *t, const uint64_t *p, size_t n, uint64_t total, uint32_t *o) {
    (void)dev; (void)t; (void)p; (void)n; (void)total; (void)o; return SWIRL_ERR_NO_DEVICE;
}
int swirl_cuda_zc_eqy(swirl_cuda_dev *dev, const uint32_t *xi, unsigned j, unsigned m, uint32_t *o) { (void)dev; (void)xi; (void)j; (void)m; (void)o; return SWIRL_ERR_NO_DEVICE; }
int swirl_cuda_zc_mle_sums(swirl_cuda_dev *dev, const swirl_cuda_zc_mle *job, size_t o) { (void)dev; (void)job; (void)o; return SWIRL_ERR_NO_DEVICE; }
int swirl_cuda_zc_mle_optin(swirl_cuda_dev *dev, size_t *o) { (void)dev; (void)o; return SWIRL_ERR_NO_DEVICE; }
int swirl_cuda_zc_mle_reserve(swirl_cuda_dev *dev, size_t b) { (void)dev; (void)b; return SWIRL_ERR_NO_DEVICE; }
int swirl_cuda_zc_mle_batch_sums(swirl_cuda_dev *dev, const swirl_cuda_zc_mle_batch *b) { (void)dev; (void)b; return SWIRL_ERR_NO_DEVICE; }
#endif
