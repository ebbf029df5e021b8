/* cuda_internal.h — shared between the backend's .cu files (C++ side only). */
#ifndef SWIRL_CUDA_INTERNAL_H
#define SWIRL_CUDA_INTERNAL_H

#include <cuda_runtime.h>
#include "backend/cuda/cuda_api.h"
#include "swirl.h"

struct swirl_cuda_dev {
    int device;
    cudaStream_t stream;
    unsigned max_log_n;
    uint32_t *d_twiddles; /* tw[h + j] = w_{2h}^j in Montgomery form, h = 2^s, s < max_log_n */
    char name[256];
};

/* Record a CUDA error (message for swirl_cuda_last_error) and map it to a status. */
int swirl_cuda_status(cudaError_t e, const char *what);
#define CU_TRY(call, what) do { cudaError_t _e = (call); if (_e != cudaSuccess) return swirl_cuda_status(_e, what); } while (0)
#define CU_LAUNCHED(what) do { cudaError_t _e = cudaGetLastError(); if (_e != cudaSuccess) return swirl_cuda_status(_e, what); } while (0)

#endif
