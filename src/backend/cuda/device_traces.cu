/* device_traces.cu — what swirl_prove_device needs of traces that the caller keeps in device
 * memory: a check that a pointer is device memory of this device (a host pointer given as a
 * device trace would fault inside a kernel and poison the context's stream), and the first
 * value >= p (the range check swirl_prove does on host traces). */
#include <stdint.h>
#include "backend/cuda/cuda_internal.h"

extern "C" int swirl_cuda_check_device_ptr(swirl_cuda_dev *d, const void *ptr) {
    if (!d || !ptr) return SWIRL_ERR_INVALID_ARG;
    cudaPointerAttributes at;
    cudaError_t e = cudaPointerGetAttributes(&at, ptr);
    if (e != cudaSuccess) {
        (void)cudaGetLastError(); /* not sticky: clear it so later calls do not see it */
        return SWIRL_ERR_INVALID_ARG;
    }
    int on_device = at.type == cudaMemoryTypeDevice || at.type == cudaMemoryTypeManaged;
    return on_device && at.device == d->device ? SWIRL_OK : SWIRL_ERR_INVALID_ARG;
}

/* first[0] = min { i : v[i] >= p } (initialised to UINT64_MAX by the launcher) */
static __global__ void k_first_out_of_range(const uint32_t *v, size_t n, unsigned long long *first) {
    size_t stride = (size_t)gridDim.x * blockDim.x;
    for (size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride)
        if (v[i] >= SWIRL_P) {
            atomicMin(first, (unsigned long long)i);
            return; /* later indices of this thread are larger */
        }
}

extern "C" int swirl_cuda_first_out_of_range(swirl_cuda_dev *d, const uint32_t *d_values, size_t n, size_t *first,
                                             uint32_t *value) {
    if (!d || !first || !value || (n && !d_values)) return SWIRL_ERR_INVALID_ARG;
    *first = SIZE_MAX;
    *value = 0;
    if (!n) return SWIRL_OK;
    unsigned long long none = ~0ull, found = 0;
    unsigned long long *d_first = (unsigned long long *)d->d_small;
    CU_TRY(cudaMemsetAsync(d_first, 0xff, sizeof *d_first, d->stream), "range check");
    size_t blocks = (n + 255) / 256;
    k_first_out_of_range<<<(unsigned)(blocks < 4096 ? blocks : 4096), 256, 0, d->stream>>>(d_values, n, d_first);
    CU_LAUNCHED("k_first_out_of_range");
    int rc = swirl_cuda_read_small(d, &found, d_first, sizeof found);
    if (rc || found == none) return rc;
    *first = (size_t)found;
    return swirl_cuda_read_small(d, value, d_values + found, sizeof *value);
}
