/* zc.cu — round 0 of the batch constraint sumcheck on the device (zc_cuda.c drives it).
 *
 * A thread per (chunk x, point pt) of a pass (T threads, passes in stream order over the
 * nx * E pairs). Each COL instruction extends its column's chunk to the point on the fly: the
 * 2^l values of the chunk read straight from the trace's device columns (rotation and the
 * repetition of short traces as index arithmetic, selectors from the row index) times the
 * extension weights W (times 2^64, so one Montgomery product leaves value * 2^32: Montgomery
 * form). The other instructions run on liveness-packed slots (slot s of thread t at
 * slots[s * T + t]: coalesced), so the scratch is nslots x T words, not nodes x threads. A
 * constraint's value is added into the lambda-batched sum (CACC) right after it is computed, so
 * it does not hold a slot to the end. The epilogue forms the LogUp sums in canonical EF, weights
 * them by eqx[x] and adds them with 64-bit atomics into per-point sums (canonical values < 2^31,
 * at most 2^32 of them: no wrap), which the host reduces mod p. Field sums are exact, so the
 * result equals the CPU ops' bit for bit (tests/gpu/test_zc_ops.c). */
#include "backend/cuda/cuda_internal.h"
#include "backend/cuda/cuda_zc.h"
#include "backend/cuda/ef.cuh"
#include "iop/zerocheck.h"

static __device__ __forceinline__ uint32_t zc_col_value(const swirl_cuda_zc_col &c, uint32_t i) {
    const uint32_t hm = (uint32_t)((1ull << c.log_h) - 1), r = (i + c.rot) & hm;
    switch (c.kind) {
    case SWIRL_CUDA_ZC_DATA: return ((const uint32_t *)c.base)[r];
    case SWIRL_CUDA_ZC_FIRST: return r == 0;
    case SWIRL_CUDA_ZC_LAST: return r == hm;
    default: return r != hm;
    }
}

/* the column's chunk x extended to point pt, Montgomery form */
static __device__ uint32_t zc_extend(const swirl_cuda_zc_r0 &p, uint32_t col, uint32_t x, uint32_t pt) {
    const swirl_cuda_zc_col c = p.cols[col];
    const uint32_t ch = 1u << p.l;
    uint32_t acc = 0;
    for (uint32_t z = 0; z < ch; z++) acc = d_add(acc, d_mont(p.W[(size_t)z * p.E + pt], zc_col_value(c, x * ch + z)));
    return acc;
}

/* canonical EF times a base value in Montgomery form: canonical */
static __device__ __forceinline__ d_ef zc_ef_mul_m(d_ef e, uint32_t vm) {
    d_ef r;
#pragma unroll
    for (int c = 0; c < 4; c++) r.c[c] = d_mont(e.c[c], vm);
    return r;
}

__global__ void k_zc_round0(swirl_cuda_zc_r0 p, uint64_t g0, uint64_t total, int w_shared) {
    extern __shared__ uint32_t w_sh[];
    if (w_shared) {
        for (uint32_t k = threadIdx.x; k < (p.E << p.l); k += blockDim.x) w_sh[k] = p.W[k];
        __syncthreads();
        p.W = w_sh;
    }
    const uint32_t t = blockIdx.x * blockDim.x + threadIdx.x;
    if (t >= p.T || g0 + t >= total) return;
    const uint64_t g = g0 + t;
    const uint32_t x = (uint32_t)(g / p.E), pt = (uint32_t)(g % p.E);
    uint32_t *S = p.slots + t;
    const size_t T = p.T;
    const uint4 *code = reinterpret_cast<const uint4 *>(p.code);
    d_ef C = def_zero(), sn = def_zero(), sd = def_zero();
    for (uint32_t k = 0; k < p.ninstr; k++) {
        const uint4 in = code[k];
        uint32_t v;
        if (in.x == SWIRL_CUDA_ZC_OP_CACC) { /* constraint in.w at slot in.z: C += lambda^in.w value */
            C = def_add(C, zc_ef_mul_m(def_load(p.lp, in.w), S[in.z * T]));
            continue;
        }
        switch (in.x) {
        case SWIRL_ZC_OP_COL: v = zc_extend(p, in.z, x, pt); break;
        case SWIRL_ZC_OP_CONST: v = in.z; break;
        case SWIRL_ZC_OP_ADD: v = d_add(S[in.z * T], S[in.w * T]); break;
        case SWIRL_ZC_OP_SUB: v = d_sub(S[in.z * T], S[in.w * T]); break;
        case SWIRL_ZC_OP_NEG: v = d_sub(0u, S[in.z * T]); break;
        default: v = d_mont(S[in.z * T], S[in.w * T]); break;
        }
        S[in.y * T] = v;
    }
    for (uint32_t i = 0; i < p.ni; i++) {
        d_ef ew = def_load(p.ew, i);
        sn = def_add(sn, zc_ef_mul_m(ew, S[p.cnt[i] * T]));
        d_ef den = def_load(p.den0, i);
        for (uint32_t q = p.moff[i], o = 0; q < p.moff[i + 1]; q++, o++) den = def_add(den, zc_ef_mul_m(def_load(p.bp, o), S[p.msg[q] * T]));
        sd = def_add(sd, def_mul(ew, den));
    }
    const d_ef ex = def_load(p.eqx, x);
    const d_ef ra = def_mul(ex, zc_ef_mul_m(sn, d_to_mont(p.norm))), rb = def_mul(ex, sd), rc = def_mul(ex, C);
    unsigned long long *a = p.acc + (size_t)pt * 4, *b = p.acc + ((size_t)p.E + pt) * 4, *c = p.acc + ((size_t)2 * p.E + pt) * 4;
#pragma unroll
    for (int k = 0; k < 4; k++) {
        if (p.ni) { atomicAdd(a + k, (unsigned long long)ra.c[k]); atomicAdd(b + k, (unsigned long long)rb.c[k]); }
        atomicAdd(c + k, (unsigned long long)rc.c[k]);
    }
}

extern "C" int swirl_cuda_zc_round0(swirl_cuda_dev *dev, const swirl_cuda_zc_r0 *p) {
    if (!dev || !p || !p->E || !p->T || p->l > 10 || !p->slots || !p->acc) return SWIRL_ERR_INVALID_ARG;
    const uint64_t total = (uint64_t)p->nx * p->E;
    const unsigned blocks = (unsigned)((p->T + 255) / 256);
    /* the extension weights in shared memory when they fit the default 48 KB */
    const size_t wbytes = ((size_t)p->E << p->l) * sizeof(uint32_t);
    const int w_shared = wbytes <= 48 * 1024;
    for (uint64_t g0 = 0; g0 < total; g0 += p->T) {
        k_zc_round0<<<blocks, 256, w_shared ? wbytes : 0, dev->stream>>>(*p, g0, total, w_shared);
        CU_LAUNCHED("k_zc_round0");
    }
    return SWIRL_OK;
}
