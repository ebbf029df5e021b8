/* commit.cu — the stacked commitment's chunk transform on the device (crypto_pcs.md §5.4): the RS
 * message of a stacked column is, per chunk of 2^l values, the inverse DFT over the skip domain
 * followed by the zeta (subset-sum) transform over the l chunk bits.
 *
 * One thread per chunk. For l <= 5 the chunk lives in registers (a kernel per l, loops fully
 * unrolled); l = 6..10 (the limit of parameter validation) use run-time loops over local memory. The inverse DFT is the
 * forward radix-2 DIT (bit-reversed load, twiddles tw[h + j] = w_{2h}^j from the device table, in
 * Montgomery form so that d_mont(canonical, tw) is the canonical product), then the index
 * reversal j -> -j and the scaling by 2^-l. */
#include "backend/cuda/bb.cuh"
#include "backend/cuda/cuda_internal.h"
#include "backend/cuda/cuda_sr.h"
#include "field/babybear.h"

template <unsigned L>
static __global__ void k_chunk_message(const uint32_t *__restrict__ q, uint32_t *__restrict__ msg, size_t chunks,
                                const uint32_t *__restrict__ tw, uint32_t ninv_mont) {
    const size_t c = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (c >= chunks) return;
    constexpr unsigned N = 1u << L;
    uint32_t a[N];
    const uint32_t *src = q + c * N;
#pragma unroll
    for (unsigned i = 0; i < N; i++) {
        const unsigned r = L ? (__brev(i) >> (32 - L)) : 0;
        a[r] = src[i];
    }
#pragma unroll
    for (unsigned h = 1; h < N; h <<= 1)
#pragma unroll
        for (unsigned k = 0; k < N; k += 2 * h)
#pragma unroll
            for (unsigned j = 0; j < h; j++) {
                const uint32_t u = a[k + j];
                const uint32_t v = d_mont(a[k + j + h], tw[h + j]);
                a[k + j] = d_add(u, v);
                a[k + j + h] = d_sub(u, v);
            }
    /* idft(x)[j] = 2^-l dft(x)[-j mod N] */
    uint32_t b[N];
#pragma unroll
    for (unsigned j = 0; j < N; j++) b[j] = d_mont(a[(N - j) & (N - 1)], ninv_mont);
#pragma unroll
    for (int bit = 0; bit < (int)L; bit++)
#pragma unroll
        for (unsigned i = 0; i < N; i++)
            if (!(i & (1u << bit))) b[i | (1u << bit)] = d_add(b[i | (1u << bit)], b[i]);
    uint32_t *dst = msg + c * N;
#pragma unroll
    for (unsigned i = 0; i < N; i++) dst[i] = b[i];
}

/* l = 6..10: the same transform with run-time loops over a local array of 2^10 words. */
static __global__ void k_chunk_message_large(const uint32_t *__restrict__ q, uint32_t *__restrict__ msg, size_t chunks,
                                      unsigned l, const uint32_t *__restrict__ tw, uint32_t ninv_mont) {
    const size_t c = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (c >= chunks) return;
    const unsigned N = 1u << l;
    uint32_t a[1024];
    const uint32_t *src = q + c * N;
    for (unsigned i = 0; i < N; i++) a[__brev(i) >> (32 - l)] = src[i];
    for (unsigned h = 1; h < N; h <<= 1)
        for (unsigned k = 0; k < N; k += 2 * h)
            for (unsigned j = 0; j < h; j++) {
                const uint32_t u = a[k + j];
                const uint32_t v = d_mont(a[k + j + h], tw[h + j]);
                a[k + j] = d_add(u, v);
                a[k + j + h] = d_sub(u, v);
            }
    /* j <-> N - j (0 and N/2 stay), then the scaling */
    for (unsigned j = 1; j < N / 2; j++) {
        const uint32_t t = a[j];
        a[j] = a[N - j];
        a[N - j] = t;
    }
    for (unsigned j = 0; j < N; j++) a[j] = d_mont(a[j], ninv_mont);
    for (unsigned bit = 0; bit < l; bit++)
        for (unsigned i = 0; i < N; i++)
            if (!(i & (1u << bit))) a[i | (1u << bit)] = d_add(a[i | (1u << bit)], a[i]);
    uint32_t *dst = msg + c * N;
    for (unsigned i = 0; i < N; i++) dst[i] = a[i];
}

template <unsigned L>
static int launch_chunk_message(swirl_cuda_dev *d, const uint32_t *q, uint32_t *msg, size_t chunks) {
    const uint32_t ninv = bb_to_monty(bb_inv_pow2(L));
    const unsigned threads = 256;
    k_chunk_message<L><<<(unsigned)((chunks + threads - 1) / threads), threads, 0, d->stream>>>(q, msg, chunks,
                                                                                              d->d_twiddles, ninv);
    CU_LAUNCHED("k_chunk_message");
    return SWIRL_OK;
}

extern "C" int swirl_cuda_chunk_message(swirl_cuda_dev *d, const uint32_t *q, uint32_t *msg, size_t words, unsigned l) {
    if (!d || (words && (!q || !msg)) || l > 10 || (words & ((1u << l) - 1)) || l > d->max_log_n)
        return SWIRL_ERR_INVALID_ARG;
    const size_t chunks = words >> l;
    if (!chunks) return SWIRL_OK;
    switch (l) {
    case 0: return launch_chunk_message<0>(d, q, msg, chunks);
    case 1: return launch_chunk_message<1>(d, q, msg, chunks);
    case 2: return launch_chunk_message<2>(d, q, msg, chunks);
    case 3: return launch_chunk_message<3>(d, q, msg, chunks);
    case 4: return launch_chunk_message<4>(d, q, msg, chunks);
    case 5: return launch_chunk_message<5>(d, q, msg, chunks);
    default: break;
    }
    const uint32_t ninv = bb_to_monty(bb_inv_pow2(l));
    k_chunk_message_large<<<(unsigned)((chunks + 63) / 64), 64, 0, d->stream>>>(q, msg, chunks, l, d->d_twiddles, ninv);
    CU_LAUNCHED("k_chunk_message_large");
    return SWIRL_OK;
}
