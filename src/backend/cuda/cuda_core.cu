/* cuda_core.cu — device discovery, the device object (stream + twiddles), memory helpers,
 * error mapping, and the field test kernel. No abort/exit: every failure is a status code. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "backend/cuda/bb.cuh"
#include "backend/cuda/cuda_internal.h"
#include "field/babybear.h"
#include "util/alloc.h"

static __thread char g_last_error[256] = "no error";

int swirl_cuda_status(cudaError_t e, const char *what) {
    snprintf(g_last_error, sizeof g_last_error, "%s: %s (%s)", what, cudaGetErrorString(e), cudaGetErrorName(e));
    cudaGetLastError(); /* clear sticky non-fatal errors */
    if (e == cudaErrorMemoryAllocation) return SWIRL_ERR_CUDA_OOM;
    if (e == cudaErrorNoDevice || e == cudaErrorInsufficientDriver) return SWIRL_ERR_NO_DEVICE;
    return SWIRL_ERR_CUDA;
}

extern "C" const char *swirl_cuda_last_error(void) { return g_last_error; }

extern "C" int swirl_cuda_device_count(void) {
    int n = 0;
    if (cudaGetDeviceCount(&n) != cudaSuccess) {
        cudaGetLastError();
        return 0;
    }
    return n;
}

/* Twiddles tw[h + j] = w_{2h}^j (Montgomery form) for every size up to 2^max_log_n. */
static int upload_twiddles(swirl_cuda_dev *d) {
    size_t n = (size_t)1 << d->max_log_n;
    uint32_t *h = (uint32_t *)swirl_malloc(n * sizeof *h);
    if (!h) return SWIRL_ERR_OUT_OF_MEMORY;
    h[0] = 0;
    for (unsigned s = 0; s < d->max_log_n; s++) {
        size_t half = (size_t)1 << s;
        bb_t w = bb_two_adic_generator(s + 1);
        bb_t acc = 1;
        for (size_t j = 0; j < half; j++) {
            h[half + j] = bb_to_monty(acc);
            acc = bb_mul(acc, w);
        }
    }
    cudaError_t e = cudaMalloc((void **)&d->d_twiddles, n * sizeof *h);
    d->counters.raw_allocs++;
    if (e == cudaSuccess) e = cudaMemcpy(d->d_twiddles, h, n * sizeof *h, cudaMemcpyHostToDevice);
    swirl_free(h);
    if (e != cudaSuccess) return swirl_cuda_status(e, "twiddles");
    return SWIRL_OK;
}

/* The device's default pool keeps freed memory (release threshold: all of it), so a warm proof
 * allocates from the pool without reaching the driver. */
static int setup_pool(swirl_cuda_dev *d) {
    CU_TRY(cudaDeviceGetDefaultMemPool(&d->pool, d->device), "cudaDeviceGetDefaultMemPool");
    uint64_t threshold = UINT64_MAX;
    CU_TRY(cudaMemPoolSetAttribute(d->pool, cudaMemPoolAttrReleaseThreshold, &threshold), "pool threshold");
    return SWIRL_OK;
}

extern "C" int swirl_cuda_dev_create(unsigned max_log_n, swirl_cuda_dev **out) {
    if (!out || max_log_n > 27) return SWIRL_ERR_INVALID_ARG;
    *out = NULL;
    if (swirl_cuda_device_count() <= 0) return SWIRL_ERR_NO_DEVICE;
    swirl_cuda_dev *d = (swirl_cuda_dev *)swirl_calloc(1, sizeof *d);
    if (!d) return SWIRL_ERR_OUT_OF_MEMORY;
    d->refs = 1;
    d->device = 0;
    d->max_log_n = max_log_n;
    swirl_cuda_p2_consts_init(&d->p2);
    cudaError_t e = cudaSetDevice(0);
    if (e != cudaSuccess) {
        swirl_free(d);
        return swirl_cuda_status(e, "cudaSetDevice");
    }
    cudaDeviceProp prop;
    if (cudaGetDeviceProperties(&prop, 0) == cudaSuccess) {
        snprintf(d->name, sizeof d->name, "%s", prop.name);
        d->total_memory = prop.totalGlobalMem;
    }
    e = cudaStreamCreateWithFlags(&d->stream, cudaStreamNonBlocking);
    if (e != cudaSuccess) {
        swirl_free(d);
        return swirl_cuda_status(e, "cudaStreamCreate");
    }
    int rc = setup_pool(d);
    if (rc == SWIRL_OK) {
        e = cudaMallocHost(&d->mailbox, SWIRL_CUDA_MAILBOX_BYTES);
        d->counters.raw_allocs++;
        if (e != cudaSuccess) rc = swirl_cuda_status(e, "cudaMallocHost(mailbox)");
    }
    if (rc == SWIRL_OK) rc = upload_twiddles(d);
    if (rc == SWIRL_OK) {
        e = cudaMalloc(&d->d_small, SWIRL_CUDA_SMALL_BYTES);
        d->counters.raw_allocs++;
        if (e != cudaSuccess) rc = swirl_cuda_status(e, "cudaMalloc(small)");
    }
    for (int i = 0; rc == SWIRL_OK && i < 2; i++) {
        e = cudaMallocHost(&d->stage[i], SWIRL_CUDA_STAGE_BYTES);
        d->counters.raw_allocs++;
        if (e == cudaSuccess) e = cudaEventCreateWithFlags(&d->stage_done[i], cudaEventDisableTiming);
        if (e != cudaSuccess) rc = swirl_cuda_status(e, "staging");
    }
    if (rc) {
        swirl_cuda_dev_free(d);
        return rc;
    }
    *out = d;
    return SWIRL_OK;
}

extern "C" void swirl_cuda_dev_retain(swirl_cuda_dev *d) {
    if (d) d->refs++;
}

extern "C" int swirl_cuda_ensure_twiddles(swirl_cuda_dev *d, unsigned log_n) {
    if (!d || log_n > 27) return SWIRL_ERR_INVALID_ARG;
    if (log_n <= d->max_log_n) return SWIRL_OK;
    CU_TRY(cudaStreamSynchronize(d->stream), "twiddles sync");
    uint32_t *old = d->d_twiddles;
    const unsigned old_log = d->max_log_n;
    d->max_log_n = log_n;
    int rc = upload_twiddles(d);
    if (rc) {
        d->d_twiddles = old;
        d->max_log_n = old_log;
        return rc;
    }
    cudaFree(old);
    return SWIRL_OK;
}

extern "C" void swirl_cuda_cache_destroy(swirl_cuda_dev *dev); /* cuda_cache.h (a C header) */
extern "C" struct swirl_cuda_cache **swirl_cuda_dev_cache_slot(swirl_cuda_dev *d) { return d ? &d->cache : NULL; }

extern "C" void swirl_cuda_dev_free(swirl_cuda_dev *d) {
    if (!d) return;
    if (--d->refs > 0) return;
    swirl_cuda_cache_destroy(d); /* its entries are pool memory: released before the stream goes */
    if (d->ntt_scratch) cudaFreeAsync(d->ntt_scratch, d->stream);
    if (d->stream) cudaStreamSynchronize(d->stream);
    if (d->d_twiddles) cudaFree(d->d_twiddles);
    if (d->mailbox) cudaFreeHost(d->mailbox);
    if (d->d_small) cudaFree(d->d_small);
    for (int i = 0; i < 2; i++) {
        if (d->stage[i]) cudaFreeHost(d->stage[i]);
        if (d->stage_done[i]) cudaEventDestroy(d->stage_done[i]);
    }
    if (d->stream) cudaStreamDestroy(d->stream);
    swirl_free(d);
}

extern "C" size_t swirl_cuda_dev_memory(swirl_cuda_dev *d) { return d ? d->total_memory : 0; }

extern "C" int swirl_cuda_dev_name(const swirl_cuda_dev *d, char *buf, size_t len) {
    if (!d || !buf || !len) return SWIRL_ERR_INVALID_ARG;
    snprintf(buf, len, "%s", d->name);
    return SWIRL_OK;
}

extern "C" int swirl_cuda_sync(swirl_cuda_dev *d) {
    if (!d) return SWIRL_ERR_INVALID_ARG;
    d->counters.syncs++;
    CU_TRY(cudaStreamSynchronize(d->stream), "cudaStreamSynchronize");
    return SWIRL_OK;
}

extern "C" int swirl_cuda_alloc(swirl_cuda_dev *d, void **p, size_t bytes) {
    if (!d || !p) return SWIRL_ERR_INVALID_ARG;
    *p = NULL;
    d->counters.pool_allocs++;
    CU_TRY(cudaMallocFromPoolAsync(p, bytes ? bytes : 1, d->pool, d->stream), "cudaMallocFromPoolAsync");
    return SWIRL_OK;
}

extern "C" void swirl_cuda_release(swirl_cuda_dev *d, void *p) {
    if (p && d) cudaFreeAsync(p, d->stream);
}

extern "C" int swirl_cuda_upload(swirl_cuda_dev *d, void *dst, const void *src, size_t bytes) {
    if (!d || (!dst && bytes) || (!src && bytes)) return SWIRL_ERR_INVALID_ARG;
    d->counters.h2d_bytes += bytes;
    CU_TRY(cudaMemcpyAsync(dst, src, bytes, cudaMemcpyHostToDevice, d->stream), "upload");
    return swirl_cuda_sync(d);
}

extern "C" int swirl_cuda_download(swirl_cuda_dev *d, void *dst, const void *src, size_t bytes) {
    if (!d || (!dst && bytes) || (!src && bytes)) return SWIRL_ERR_INVALID_ARG;
    d->counters.d2h_bytes += bytes;
    CU_TRY(cudaMemcpyAsync(dst, src, bytes, cudaMemcpyDeviceToHost, d->stream), "download");
    return swirl_cuda_sync(d);
}

extern "C" int swirl_cuda_write_async(swirl_cuda_dev *d, void *dst, const void *src, size_t bytes) {
    if (!d || (!dst && bytes) || (!src && bytes)) return SWIRL_ERR_INVALID_ARG;
    if (!bytes) return SWIRL_OK;
    d->counters.h2d_bytes += bytes;
    CU_TRY(cudaMemcpyAsync(dst, src, bytes, cudaMemcpyHostToDevice, d->stream), "write");
    return SWIRL_OK;
}

extern "C" int swirl_cuda_copy(swirl_cuda_dev *d, void *dst, const void *src, size_t bytes) {
    if (!d || (!dst && bytes) || (!src && bytes)) return SWIRL_ERR_INVALID_ARG;
    if (!bytes) return SWIRL_OK;
    CU_TRY(cudaMemcpyAsync(dst, src, bytes, cudaMemcpyDeviceToDevice, d->stream), "copy");
    return SWIRL_OK;
}

extern "C" int swirl_cuda_read_small(swirl_cuda_dev *d, void *dst, const void *src, size_t bytes) {
    if (!d || (!dst && bytes) || (!src && bytes)) return SWIRL_ERR_INVALID_ARG;
    for (size_t done = 0; done < bytes;) {
        size_t n = bytes - done < SWIRL_CUDA_MAILBOX_BYTES ? bytes - done : SWIRL_CUDA_MAILBOX_BYTES;
        d->counters.d2h_bytes += n;
        CU_TRY(cudaMemcpyAsync(d->mailbox, (const char *)src + done, n, cudaMemcpyDeviceToHost, d->stream), "read");
        int rc = swirl_cuda_sync(d);
        if (rc) return rc;
        memcpy((char *)dst + done, d->mailbox, n);
        done += n;
    }
    return SWIRL_OK;
}

extern "C" int swirl_cuda_stage_acquire(swirl_cuda_dev *d, unsigned slot, void **host_ptr) {
    if (!d || slot > 1 || !host_ptr) return SWIRL_ERR_INVALID_ARG;
    if (d->stage_busy[slot]) {
        d->counters.syncs++;
        CU_TRY(cudaEventSynchronize(d->stage_done[slot]), "staging wait");
        d->stage_busy[slot] = 0;
    }
    *host_ptr = d->stage[slot];
    return SWIRL_OK;
}

extern "C" int swirl_cuda_stage_submit(swirl_cuda_dev *d, unsigned slot, void *dst, size_t bytes) {
    if (!d || slot > 1 || !dst || bytes > SWIRL_CUDA_STAGE_BYTES) return SWIRL_ERR_INVALID_ARG;
    d->counters.h2d_bytes += bytes;
    CU_TRY(cudaMemcpyAsync(dst, d->stage[slot], bytes, cudaMemcpyHostToDevice, d->stream), "staged upload");
    CU_TRY(cudaEventRecord(d->stage_done[slot], d->stream), "staging event");
    d->stage_busy[slot] = 1;
    return SWIRL_OK;
}

extern "C" int swirl_cuda_memset0(swirl_cuda_dev *d, void *dst, size_t bytes) {
    if (!d || (!dst && bytes)) return SWIRL_ERR_INVALID_ARG;
    if (!bytes) return SWIRL_OK;
    CU_TRY(cudaMemsetAsync(dst, 0, bytes, d->stream), "memset");
    return SWIRL_OK;
}

/* Tile (32 rows x 32 columns) of the row-major block through shared memory: reads along rows,
 * writes along each column's rows. */
static __global__ void k_scatter_rows(const uint32_t *__restrict__ rows, size_t nrows, size_t width, size_t row0,
                               const uint64_t *__restrict__ col_base, size_t stride, uint32_t *__restrict__ out) {
    __shared__ uint32_t tile[32][33];
    const size_t c0 = (size_t)blockIdx.x * 32, r0 = (size_t)blockIdx.y * 32;
    const unsigned tx = threadIdx.x, ty = threadIdx.y; /* 32 x 8 */
    for (unsigned k = ty; k < 32; k += 8) {
        const size_t r = r0 + k, c = c0 + tx;
        tile[k][tx] = (r < nrows && c < width) ? rows[r * width + c] : 0;
    }
    __syncthreads();
    for (unsigned k = ty; k < 32; k += 8) {
        const size_t c = c0 + k, r = r0 + tx;
        if (r < nrows && c < width) out[col_base[c] + (row0 + r) * stride] = tile[tx][k];
    }
}

extern "C" int swirl_cuda_scatter_rows(swirl_cuda_dev *d, const uint32_t *rows, size_t nrows, size_t width, size_t row0,
                                       const uint64_t *col_base, size_t stride, uint32_t *out) {
    if (!d || (nrows && width && (!rows || !col_base || !out))) return SWIRL_ERR_INVALID_ARG;
    if (!nrows || !width) return SWIRL_OK;
    dim3 grid((unsigned)((width + 31) / 32), (unsigned)((nrows + 31) / 32));
    if (grid.y > 65535) return SWIRL_ERR_INVALID_ARG;
    k_scatter_rows<<<grid, dim3(32, 8), 0, d->stream>>>(rows, nrows, width, row0, col_base, stride, out);
    CU_LAUNCHED("k_scatter_rows");
    return SWIRL_OK;
}

extern "C" int swirl_cuda_counters_get(swirl_cuda_dev *d, swirl_cuda_counters *out) {
    if (!d || !out) return SWIRL_ERR_INVALID_ARG;
    *out = d->counters;
    uint64_t high = 0;
    if (cudaMemPoolGetAttribute(d->pool, cudaMemPoolAttrUsedMemHigh, &high) == cudaSuccess) out->peak_bytes = (size_t)high;
    return SWIRL_OK;
}

extern "C" void swirl_cuda_count_host_op(swirl_cuda_dev *d) {
    if (d) d->counters.host_ops++;
}

extern "C" void swirl_cuda_counters_reset(swirl_cuda_dev *d) {
    if (!d) return;
    memset(&d->counters, 0, sizeof d->counters);
    uint64_t zero = 0;
    cudaMemPoolSetAttribute(d->pool, cudaMemPoolAttrUsedMemHigh, &zero);
}

static __global__ void k_field_op(int op, const uint32_t *a, const uint32_t *b, uint32_t *o, size_t n) {
    size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    switch (op) {
    case 0: o[i] = d_add(a[i], b[i]); break;
    case 1: o[i] = d_sub(a[i], b[i]); break;
    case 2: o[i] = d_mul(a[i], b[i]); break;
    case 3: o[i] = d_inv(a[i]); break;
    case 4: {
        d_ef x, y;
        for (int k = 0; k < 4; k++) { x.c[k] = a[4 * i + k]; y.c[k] = b[4 * i + k]; }
        d_ef z = d_ef_mul(x, y);
        for (int k = 0; k < 4; k++) o[4 * i + k] = z.c[k];
        break;
    }
    }
}

extern "C" int swirl_cuda_field_op(swirl_cuda_dev *d, int op, const uint32_t *a, const uint32_t *b, uint32_t *o, size_t n) {
    if (!d || op < 0 || op > 4) return SWIRL_ERR_INVALID_ARG;
    if (n == 0) return SWIRL_OK;
    k_field_op<<<(unsigned)((n + 255) / 256), 256, 0, d->stream>>>(op, a, b, o, n);
    CU_LAUNCHED("k_field_op");
    return swirl_cuda_sync(d);
}
