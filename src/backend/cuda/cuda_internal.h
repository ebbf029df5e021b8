/* cuda_internal.h — shared between the backend's .cu files (C++ side only). */
#ifndef SWIRL_CUDA_INTERNAL_H
#define SWIRL_CUDA_INTERNAL_H

#include <cuda_runtime.h>
#include "backend/cuda/cuda_api.h"
#include "swirl.h"

/* Poseidon2-16 round constants and internal diagonal, Montgomery form (poseidon2.cu). The device
 * object owns one copy; every Poseidon2 kernel takes it by value, so it lives in the kernel's
 * constant bank (628 bytes, well under the 4 KB parameter limit) and no module-global device
 * state exists. */
struct swirl_p2_consts { uint32_t init[64], internal[13], term[64], diag[16]; };
extern "C" void swirl_cuda_p2_consts_init(swirl_p2_consts *k);

/* One device, one stream, and the memory the device object owns for its whole life:
 * allocations come from the device's stream-ordered pool (its release threshold is set to the
 * maximum, so memory freed by one proof is reused by the next without cudaMalloc), small
 * results come back through a pinned mailbox, counters record every allocation, copy and host
 * wait (reported by `swirl bench --json`). */
struct swirl_cuda_dev {
    int refs;             /* the context's reference plus one per resident commitment */
    int device;
    cudaStream_t stream;
    unsigned max_log_n;
    uint32_t *d_twiddles; /* tw[h + j] = w_{2h}^j in Montgomery form, h = 2^s, s < max_log_n */
    cudaMemPool_t pool;
    void *mailbox;        /* pinned host memory, SWIRL_CUDA_MAILBOX_BYTES */
    void *d_small;        /* SWIRL_CUDA_SMALL_BYTES of device memory for small results (grind) */
    void *stage[2];       /* pinned upload staging, SWIRL_CUDA_STAGE_BYTES each */
    cudaEvent_t stage_done[2]; /* recorded after the copy out of stage[i] */
    int stage_busy[2];
    void *ntt_scratch;    /* the three-pass NTT's intermediate (grown to the largest transform) */
    size_t ntt_scratch_bytes;
    swirl_p2_consts p2;   /* Poseidon2 constants, built at creation; passed by value to its kernels */
    swirl_cuda_counters counters;
    struct swirl_cuda_cache *cache; /* proving-key copies kept across proofs (cuda_cache.h) */
    size_t total_memory;  /* the device's memory in bytes (its properties at creation; 0: unknown) */
    char name[256];
};

#define SWIRL_CUDA_MAILBOX_BYTES ((size_t)1 << 20)
#define SWIRL_CUDA_SMALL_BYTES ((size_t)4096)

/* Record a CUDA error (message for swirl_cuda_last_error) and map it to a status. */
int swirl_cuda_status(cudaError_t e, const char *what);
/* The three-pass natural-order DFT (ntt3.cu), used by the batched DFT and the RS encoding for
 * 2^15 .. 2^24 points. */
extern "C" int swirl_cuda_ntt3_usable(unsigned n, size_t ncols);
extern "C" int swirl_cuda_ntt3(swirl_cuda_dev *d, const uint32_t *in, size_t in_stride, size_t in_len, unsigned n,
                               size_t ncols, uint32_t *out, size_t out_stride);
#define CU_TRY(call, what) do { cudaError_t _e = (call); if (_e != cudaSuccess) return swirl_cuda_status(_e, what); } while (0)
#define CU_LAUNCHED(what) do { cudaError_t _e = cudaGetLastError(); if (_e != cudaSuccess) return swirl_cuda_status(_e, what); } while (0)

#endif
