/* cuda_stub.c — the CUDA launchers when swirl is built without CUDA: every call reports
 * SWIRL_ERR_NO_DEVICE (and the device count is 0), so callers and tests link either way. */
#ifndef SWIRL_HAVE_CUDA
#include "backend/cuda/cuda_api.h"
#include "swirl.h"

int swirl_cuda_device_count(void) { return 0; }
const char *swirl_cuda_last_error(void) { return "swirl was built without CUDA"; }
int swirl_cuda_dev_create(unsigned max_log_n, swirl_cuda_dev **out) {
    (void)max_log_n;
    if (out) *out = NULL;
    return SWIRL_ERR_NO_DEVICE;
}
void swirl_cuda_dev_free(swirl_cuda_dev *dev) { (void)dev; }
int swirl_cuda_dev_name(const swirl_cuda_dev *dev, char *buf, size_t len) { (void)dev; (void)buf; (void)len; return SWIRL_ERR_NO_DEVICE; }
int swirl_cuda_sync(swirl_cuda_dev *dev) { (void)dev; return SWIRL_ERR_NO_DEVICE; }
int swirl_cuda_alloc(swirl_cuda_dev *dev, void **p, size_t n) { (void)dev; (void)n; if (p) *p = NULL; return SWIRL_ERR_NO_DEVICE; }
void swirl_cuda_release(swirl_cuda_dev *dev, void *p) { (void)dev; (void)p; }
int swirl_cuda_upload(swirl_cuda_dev *dev, void *d, const void *h, size_t n) { (void)dev; (void)d; (void)h; (void)n; return SWIRL_ERR_NO_DEVICE; }
int swirl_cuda_download(swirl_cuda_dev *dev, void *h, const void *d, size_t n) { (void)dev; (void)d; (void)h; (void)n; return SWIRL_ERR_NO_DEVICE; }
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
int swirl_cuda_zc_round0(swirl_cuda_dev *dev, const swirl_cuda_r0_desc *desc, uint32_t *A, uint32_t *B, uint32_t *C) {
    (void)dev; (void)desc; (void)A; (void)B; (void)C;
    return SWIRL_ERR_NO_DEVICE;
}
#endif
