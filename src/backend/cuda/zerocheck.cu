/* zerocheck.cu — round 0 of the batch constraint sumcheck on the device.
 *
 * Input: the trace's DAG compiled to a straight-line program (iop/zerocheck.h, swirl_zc_r0_input)
 * and its lifted columns. Two kernels:
 *  1. k_r0_extend: every chunk (2^l values) of every lifted column is extended to the E points
 *     by a 2^l-term product with the Lagrange weights W[pt][z] (computed on the host from the
 *     CPU NTT, so the values are the CPU path's exactly); results in Montgomery form.
 *  2. k_r0_eval: a thread per (chunk x, point pt) runs the program, keeping node values in a
 *     global scratch laid out [node][thread] (coalesced), then forms the lambda-batched
 *     constraint sum and the LogUp numerator / denominator sums, weighted by eqx[x].
 * The host adds the per-thread results into A, B, C. Field sums are exact, so the result equals
 * the CPU path's bit for bit whatever the order (tests/gpu/test_cuda_backend.c compares proofs).
 *
 * Ownership: every device buffer is allocated and released inside swirl_cuda_zc_round0; the call
 * is synchronous. Montgomery form only inside the kernels; inputs and outputs are canonical. */
#include <stdlib.h>
#include <string.h>
#include "backend/cuda/bb.cuh"
#include "backend/cuda/cuda_internal.h"
#include "util/alloc.h"
#include "util/check.h"

/* Device buffers of one round-0 call: the 14 uploads of round0_run, the extension, the node
 * scratch and the output block, all stream-ordered allocations from the device's pool (released
 * in stream order at the end). A count fixed by the code (not by the data: every size goes into
 * the allocations, never into this table); r0_track refuses a 18th buffer instead of writing
 * past the table, so a new buffer added without raising the count fails loudly. */
#define R0_MAX_BUFFERS 17
typedef struct {
    void *buf[R0_MAX_BUFFERS];
    int n;
} r0_buffers;

static int r0_track(swirl_cuda_dev *dev, r0_buffers *t, void *d) {
    SWIRL_VERIFY_CHECK(t->n < R0_MAX_BUFFERS);
    if (t->n >= R0_MAX_BUFFERS) {
        swirl_cuda_release(dev, d);
        return SWIRL_ERR_INTERNAL;
    }
    t->buf[t->n++] = d;
    return SWIRL_OK;
}

struct r0_prog {
    const uint32_t *op, *a0, *a1, *cn, *lp, *cnt, *moff, *msg, *bus, *bp, *ew, *eqx;
    uint32_t nn, ncons, ni, norm;
};

static __device__ __forceinline__ d_ef ef_zero_d() { d_ef r = {{0, 0, 0, 0}}; return r; }
static __device__ __forceinline__ d_ef ef_add_d(d_ef a, d_ef b) {
    d_ef r;
    for (int c = 0; c < 4; c++) r.c[c] = d_add(a.c[c], b.c[c]);
    return r;
}
static __device__ __forceinline__ d_ef ef_load(const uint32_t *p) { d_ef r = {{p[0], p[1], p[2], p[3]}}; return r; }
/* canonical EF value times a base element held in Montgomery form: canonical result */
static __device__ __forceinline__ d_ef ef_mul_m(const uint32_t *e, uint32_t vm) {
    d_ef r;
    for (int c = 0; c < 4; c++) r.c[c] = d_mont(e[c], vm);
    return r;
}

__global__ void k_r0_extend(const uint32_t *M, uint64_t Hl, uint32_t ch, uint32_t E, uint64_t nchunks_total,
                            uint32_t nx, const uint32_t *Wm, uint32_t *ext) {
    uint64_t i = (uint64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= nchunks_total * E) return;
    uint32_t pt = (uint32_t)(i % E);
    uint64_t cx = i / E; /* column * nx + chunk */
    uint64_t c = cx / nx, x = cx % nx;
    const uint32_t *src = M + c * Hl + x * ch;
    const uint32_t *w = Wm + (size_t)pt * ch;
    uint32_t acc = 0;
    for (uint32_t z = 0; z < ch; z++) acc = d_add(acc, d_mont(w[z], src[z]));
    ext[i] = acc; /* = (sum W M) * 2^32: Montgomery form */
}

__global__ void k_r0_eval(r0_prog p, const uint32_t *ext, uint32_t nx, uint32_t E, uint64_t g0, uint64_t total,
                          uint32_t T, uint32_t *val, uint32_t *out) {
    uint32_t t = blockIdx.x * blockDim.x + threadIdx.x;
    if (t >= T) return;
    uint64_t g = g0 + t;
    uint32_t *o = out + (size_t)t * 12;
    if (g >= total) {
        for (int k = 0; k < 12; k++) o[k] = 0;
        return;
    }
    uint32_t x = (uint32_t)(g / E), pt = (uint32_t)(g % E);
    for (uint32_t i = 0; i < p.nn; i++) {
        uint32_t op = p.op[i], a = p.a0[i], b = p.a1[i], v;
        switch (op) {
        case 0: v = ext[((size_t)a * nx + x) * E + pt]; break;          /* COL */
        case 1: v = d_to_mont(a); break;                                 /* CONST */
        case 2: v = d_add(val[(size_t)a * T + t], val[(size_t)b * T + t]); break;
        case 3: v = d_sub(val[(size_t)a * T + t], val[(size_t)b * T + t]); break;
        case 4: v = d_sub(0u, val[(size_t)a * T + t]); break;
        default: v = d_mont(val[(size_t)a * T + t], val[(size_t)b * T + t]); break;
        }
        val[(size_t)i * T + t] = v;
    }
    d_ef C = ef_zero_d(), sn = ef_zero_d(), sd = ef_zero_d();
    for (uint32_t k = 0; k < p.ncons; k++) C = ef_add_d(C, ef_mul_m(p.lp + 4 * (size_t)k, val[(size_t)p.cn[k] * T + t]));
    for (uint32_t i = 0; i < p.ni; i++) {
        sn = ef_add_d(sn, ef_mul_m(p.ew + 4 * (size_t)i, val[(size_t)p.cnt[i] * T + t]));
        uint32_t m0 = p.moff[i], m1 = p.moff[i + 1], len = m1 - m0;
        d_ef den = ef_mul_m(p.bp + 4 * (size_t)len, d_to_mont(p.bus[i] + 1));
        for (uint32_t q = 0; q < len; q++) den = ef_add_d(den, ef_mul_m(p.bp + 4 * (size_t)q, val[(size_t)p.msg[m0 + q] * T + t]));
        sd = ef_add_d(sd, d_ef_mul(ef_load(p.ew + 4 * (size_t)i), den));
    }
    d_ef ex = ef_load(p.eqx + 4 * (size_t)x);
    d_ef snn = ef_mul_m(sn.c, d_to_mont(p.norm));
    d_ef ra = d_ef_mul(ex, snn), rb = d_ef_mul(ex, sd), rc = d_ef_mul(ex, C);
    for (int c = 0; c < 4; c++) { o[c] = ra.c[c]; o[4 + c] = rb.c[c]; o[8 + c] = rc.c[c]; }
}

static uint32_t h_add(uint32_t a, uint32_t b) { uint32_t s = a + b; return s >= SWIRL_BB_P ? s - SWIRL_BB_P : s; }

/* device copy of a host array (count words); *d set to NULL for count 0 */
static int up(swirl_cuda_dev *dev, uint32_t **d, const uint32_t *h, size_t count, r0_buffers *track) {
    *d = NULL;
    if (!count) return SWIRL_OK;
    if (count > SIZE_MAX / 4) return SWIRL_ERR_OUT_OF_MEMORY;
    int rc = swirl_cuda_alloc(dev, (void **)d, count * 4);
    if (rc) return rc;
    rc = r0_track(dev, track, *d);
    if (rc != SWIRL_OK) return rc;
    return swirl_cuda_write_async(dev, *d, h, count * 4);
    return SWIRL_OK;
}

static int round0_run(swirl_cuda_dev *dev, const swirl_cuda_r0_desc *in, uint32_t *A, uint32_t *B, uint32_t *C,
                      r0_buffers *track) {
    const size_t ch = (size_t)1 << in->l, nx = in->Hl / ch, E = in->E;
    const uint64_t total = (uint64_t)nx * E;
    r0_prog p;
    memset(&p, 0, sizeof p);
    p.nn = (uint32_t)in->num_nodes;
    p.ncons = (uint32_t)in->num_constraints;
    p.ni = (uint32_t)in->num_interactions;
    p.norm = in->norm;
    uint32_t *d_op, *d_a0, *d_a1, *d_cn, *d_lp, *d_cnt, *d_moff, *d_msg, *d_bus, *d_bp, *d_ew, *d_eqx, *d_M, *d_W;
    size_t maxlen = 0;
    for (size_t i = 0; i < in->num_interactions; i++) {
        size_t len = in->msg_offsets[i + 1] - in->msg_offsets[i];
        if (len > maxlen) maxlen = len;
    }
    int rc = SWIRL_OK;
#define UP(dst, src, n) do { if ((rc = up(dev, &dst, src, n, track)) != SWIRL_OK) return rc; } while (0)
    UP(d_op, in->op, in->num_nodes);
    UP(d_a0, in->arg0, in->num_nodes);
    UP(d_a1, in->arg1, in->num_nodes);
    UP(d_cn, in->constraint_nodes, in->num_constraints);
    UP(d_lp, in->lp, 4 * in->num_constraints);
    UP(d_cnt, in->count_nodes, in->num_interactions);
    UP(d_moff, in->msg_offsets, in->num_interactions + 1);
    UP(d_msg, in->msg_nodes, in->msg_offsets[in->num_interactions]);
    UP(d_bus, in->bus, in->num_interactions);
    UP(d_bp, in->bp, 4 * (maxlen + 1));
    UP(d_ew, in->ew, 4 * in->num_interactions);
    UP(d_eqx, in->eqx, 4 * nx);
    UP(d_M, in->M, in->ncols * in->Hl);
    UP(d_W, in->W, E * ch);
#undef UP
    p.op = d_op; p.a0 = d_a0; p.a1 = d_a1; p.cn = d_cn; p.lp = d_lp; p.cnt = d_cnt; p.moff = d_moff;
    p.msg = d_msg; p.bus = d_bus; p.bp = d_bp; p.ew = d_ew; p.eqx = d_eqx;
    /* extension of every chunk of every column */
    uint32_t *d_ext = NULL;
    const uint64_t nchunks = (uint64_t)in->ncols * nx;
    if ((rc = swirl_cuda_alloc(dev, (void **)&d_ext, nchunks * E * 4 + 4)) != SWIRL_OK) return rc;
    if ((rc = r0_track(dev, track, d_ext)) != SWIRL_OK) return rc;
    {
        uint64_t n = nchunks * E;
        /* a grid of at most 2^31 - 1 blocks; a larger extension could not be allocated anyway */
        if ((n + 255) / 256 > 0x7fffffffu) return SWIRL_ERR_CUDA_OOM;
        k_r0_extend<<<(unsigned)((n + 255) / 256), 256, 0, dev->stream>>>(d_M, in->Hl, (uint32_t)ch, (uint32_t)E, nchunks,
                                                                            (uint32_t)nx, d_W, d_ext);
        CU_LAUNCHED("k_r0_extend");
    }
    /* threads per pass: the node scratch (nodes x T words) within a quarter of free memory, <= 12 GiB */
    size_t free_b = 0, total_b = 0;
    CU_TRY(cudaMemGetInfo(&free_b, &total_b), "cudaMemGetInfo");
    size_t budget = free_b / 4 < ((size_t)12 << 30) ? free_b / 4 : ((size_t)12 << 30);
    size_t per = (in->num_nodes + 1) * 4 + 48;
    size_t T = budget / per;
    if (T > total) T = (size_t)total;
    T = (T + 255) / 256 * 256;
    if (T == 0 || budget < per * 256) return SWIRL_ERR_CUDA_OOM;
    uint32_t *d_val = NULL, *d_out = NULL;
    if ((rc = swirl_cuda_alloc(dev, (void **)&d_val, (in->num_nodes + 1) * T * 4)) != SWIRL_OK) return rc;
    if ((rc = r0_track(dev, track, d_val)) != SWIRL_OK) return rc;
    if ((rc = swirl_cuda_alloc(dev, (void **)&d_out, T * 48)) != SWIRL_OK) return rc;
    if ((rc = r0_track(dev, track, d_out)) != SWIRL_OK) return rc;
    uint32_t *h_out = (uint32_t *)swirl_malloc(T * 48);
    if (!h_out) return SWIRL_ERR_OUT_OF_MEMORY;
    for (uint64_t g0 = 0; g0 < total && rc == SWIRL_OK; g0 += T) {
        k_r0_eval<<<(unsigned)(T / 256), 256, 0, dev->stream>>>(p, d_ext, (uint32_t)nx, (uint32_t)E, g0, total, (uint32_t)T,
                                                             d_val, d_out);
        cudaError_t e = cudaGetLastError();
        if (e != cudaSuccess) { rc = swirl_cuda_status(e, "k_r0_eval"); break; }
        rc = swirl_cuda_download(dev, h_out, d_out, T * 48);
        if (rc) break;
        for (size_t t = 0; t < T && g0 + t < total; t++) {
            size_t pt = (size_t)((g0 + t) % E);
            const uint32_t *o = h_out + t * 12;
            for (int c = 0; c < 4; c++) {
                A[4 * pt + c] = h_add(A[4 * pt + c], o[c]);
                B[4 * pt + c] = h_add(B[4 * pt + c], o[4 + c]);
                C[4 * pt + c] = h_add(C[4 * pt + c], o[8 + c]);
            }
        }
    }
    swirl_free(h_out);
    return rc;
}

extern "C" int swirl_cuda_zc_round0(swirl_cuda_dev *dev, const swirl_cuda_r0_desc *in, uint32_t *A, uint32_t *B,
                                    uint32_t *C) {
    if (!dev || !in || !A || !B || !C || !in->M || !in->W || in->E == 0 || in->l > 10) return SWIRL_ERR_INVALID_ARG;
    if (in->num_nodes >= 0xffffffffu || in->Hl % ((size_t)1 << in->l)) return SWIRL_ERR_INVALID_ARG;
    r0_buffers track;
    memset(&track, 0, sizeof track);
    int rc = round0_run(dev, in, A, B, C, &track);
    for (int i = 0; i < track.n; i++) swirl_cuda_release(dev, track.buf[i]);
    return rc;
}
