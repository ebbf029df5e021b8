/* cuda_zc.h — the CUDA backend's batch constraint sumcheck operations (zc_cuda.c, kernels in
 * zc.cu), callable from C. Conventions as in cuda_sr.h: d_* are device pointers, EF values are 4
 * canonical words. */
#ifndef SWIRL_CUDA_ZC_H
#define SWIRL_CUDA_ZC_H

#include <stddef.h>
#include <stdint.h>
#include "backend/cuda/cuda_api.h"
#include "util/pool.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ops_ctx of swirl_zc_cuda_ops: the device, and the host pool for what stays on the host. */
typedef struct swirl_cuda_zc_ctx {
    swirl_cuda_dev *dev;
    swirl_pool *pool;
} swirl_cuda_zc_ctx;

struct swirl_zc_ops;
const struct swirl_zc_ops *swirl_zc_cuda_ops(void);

#ifdef __cplusplus
}
#endif
#endif
