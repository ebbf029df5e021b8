/* cuda_api.h — the CUDA backend's launchers, callable from C.
 *
 * Every function returns a swirl_status: SWIRL_OK, SWIRL_ERR_NO_DEVICE (not built with CUDA,
 * or no device), SWIRL_ERR_CUDA (a runtime error; message available from
 * swirl_cuda_last_error), SWIRL_ERR_CUDA_OOM (device allocation failed), SWIRL_ERR_INVALID_ARG.
 *
 * Buffers named d_* are device pointers holding CANONICAL field values (identical bytes to the
 * CPU buffers). Kernels may use Montgomery form internally. All work of one device object runs
 * on its stream; functions that return host-visible results synchronise that stream; others
 * are asynchronous and ordered on the stream (swirl_cuda_sync waits). */
#ifndef SWIRL_CUDA_API_H
#define SWIRL_CUDA_API_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#include "hash/merkle.h"
#include "transcript/transcript.h"

typedef struct swirl_cuda_dev swirl_cuda_dev;

/* Number of usable CUDA devices; 0 (not an error) when none, no driver, or not built. */
int swirl_cuda_device_count(void);
/* Human-readable last CUDA error of this thread (static buffer). */
const char *swirl_cuda_last_error(void);

/* Device 0, one stream, NTT twiddles for sizes up to 2^max_log_n (<= 27). */
int swirl_cuda_dev_create(unsigned max_log_n, swirl_cuda_dev **out);
/* Drops one reference; the last one releases the device object. */
void swirl_cuda_dev_free(swirl_cuda_dev *dev);
/* Another reference (a resident commitment keeps its device object alive). */
void swirl_cuda_dev_retain(swirl_cuda_dev *dev);
/* Grow the twiddle table to 2^log_n points if it is smaller (the object stays the same). */
int swirl_cuda_ensure_twiddles(swirl_cuda_dev *dev, unsigned log_n);
int swirl_cuda_dev_name(const swirl_cuda_dev *dev, char *buf, size_t len);
/* Total memory of the device in bytes (0 when unknown). */
size_t swirl_cuda_dev_memory(swirl_cuda_dev *dev);
int swirl_cuda_sync(swirl_cuda_dev *dev);

/* Stream-ordered allocation from the device's pool (usable by later work on the stream at
 * once; released in stream order). SWIRL_ERR_CUDA_OOM when the device is out of memory. */
int swirl_cuda_alloc(swirl_cuda_dev *dev, void **d_ptr, size_t bytes);
void swirl_cuda_release(swirl_cuda_dev *dev, void *d_ptr);
int swirl_cuda_upload(swirl_cuda_dev *dev, void *d_dst, const void *h_src, size_t bytes);   /* synchronous */
int swirl_cuda_download(swirl_cuda_dev *dev, void *h_dst, const void *d_src, size_t bytes); /* synchronous */
/* Asynchronous copy of a small pageable host table to the device: the host buffer may be
 * reused as soon as this returns (the driver stages it). */
int swirl_cuda_write_async(swirl_cuda_dev *dev, void *d_dst, const void *h_src, size_t bytes);
/* Asynchronous device -> device copy. */
int swirl_cuda_copy(swirl_cuda_dev *dev, void *d_dst, const void *d_src, size_t bytes);
/* Device -> host through the pinned mailbox: one copy and one wait per 1 MiB. */
int swirl_cuda_read_small(swirl_cuda_dev *dev, void *h_dst, const void *d_src, size_t bytes);

/* Two pinned staging buffers of SWIRL_CUDA_STAGE_BYTES for large uploads, used in turn: acquire
 * waits until the slot's previous copy has left it and returns its host address; submit queues
 * the copy of `bytes` from the slot to d_dst on the stream. The host fills one slot while the
 * other is being copied. */
#define SWIRL_CUDA_STAGE_BYTES ((size_t)32 << 20)
int swirl_cuda_stage_acquire(swirl_cuda_dev *dev, unsigned slot, void **host_ptr);
int swirl_cuda_stage_submit(swirl_cuda_dev *dev, unsigned slot, void *d_dst, size_t bytes);
/* Scatter a row-major block of nrows x width values (rows row0 .. row0 + nrows of a trace) into
 * column-major destinations: element (r, c) goes to d_out[d_col_base[c] + (row0 + r) * stride]
 * (a 32 x 32 tiled transpose: coalesced on both sides). */
int swirl_cuda_scatter_rows(swirl_cuda_dev *dev, const uint32_t *d_rows, size_t nrows, size_t width, size_t row0,
                            const uint64_t *d_col_base, size_t stride, uint32_t *d_out);
int swirl_cuda_memset0(swirl_cuda_dev *dev, void *d_dst, size_t bytes);

/* Traces the caller keeps in device memory (swirl_prove_device, device_traces.cu).
 * SWIRL_OK when ptr is device (or managed) memory of this device, else SWIRL_ERR_INVALID_ARG
 * (the extent cannot be checked: the caller vouches for it). */
int swirl_cuda_check_device_ptr(swirl_cuda_dev *dev, const void *ptr);
/* *first = the smallest i < n with d_values[i] >= p and *value = that value; *first = SIZE_MAX
 * when every value is canonical. Synchronous (one small readback). */
int swirl_cuda_first_out_of_range(swirl_cuda_dev *dev, const uint32_t *d_values, size_t n, size_t *first,
                                  uint32_t *value);

/* What the device object did since the last reset (allocations, copies, host waits) and the
 * pool's high-water mark of used memory. */
typedef struct swirl_cuda_counters {
    size_t pool_allocs;       /* swirl_cuda_alloc calls */
    size_t raw_allocs;        /* cudaMalloc / cudaMallocHost calls (device set-up only) */
    size_t h2d_bytes, d2h_bytes;
    size_t syncs;             /* host waits on the stream */
    size_t peak_bytes;        /* pool memory in use, high-water mark since the reset */
    size_t host_ops;          /* prover stage operations computed on the host (swirl_cuda_count_host_op) */
} swirl_cuda_counters;
int swirl_cuda_counters_get(swirl_cuda_dev *dev, swirl_cuda_counters *out);
void swirl_cuda_counters_reset(swirl_cuda_dev *dev);
/* Records one prover stage operation of the CUDA backend that ran on the host (a fallback: the
 * goal is none; swirl_ctx_device_stats reports the count as host_stage_ops). */
void swirl_cuda_count_host_op(swirl_cuda_dev *dev);

/* Test kernel: out[i] = op(a[i], b[i]) for op 0 add, 1 sub, 2 mul, 3 inv(a), 4 EF mul (a, b, out
 * hold n EF values = 4n words). */
int swirl_cuda_field_op(swirl_cuda_dev *dev, int op, const uint32_t *d_a, const uint32_t *d_b,
                        uint32_t *d_out, size_t n);

/* Batched in-place DFT / inverse DFT (natural order) of ncols columns of length 2^log_n,
 * column c at d_data + c * col_stride. */
int swirl_cuda_dft_batch(swirl_cuda_dev *dev, uint32_t *d_data, unsigned log_n, size_t ncols,
                         size_t col_stride, int inverse);
/* RS encode: out column c = DFT of size 2^(log_n+log_blowup) of in column c zero-padded. */
int swirl_cuda_rs_encode_batch(swirl_cuda_dev *dev, const uint32_t *d_in, size_t in_stride,
                               unsigned log_n, unsigned log_blowup, size_t ncols,
                               uint32_t *d_out, size_t out_stride);

/* n Poseidon2-16 permutations of contiguous 16-lane states, in place. */
int swirl_cuda_p2_permute(swirl_cuda_dev *dev, uint32_t *d_states, size_t n);
/* Leaf hashes of nrows rows (element (r,c) at d_base[r*row_stride + c*col_stride]) into
 * d_digests (8 words per row). */
int swirl_cuda_hash_rows(swirl_cuda_dev *dev, const uint32_t *d_base, size_t nrows, size_t width,
                         size_t row_stride, size_t col_stride, uint32_t *d_digests);
/* Build the query-group Merkle tree of a device matrix (crypto_pcs.md §3.3) and copy its layers
 * (Q up to the root) into a host tree that the caller frees with swirl_merkle_free. */
int swirl_cuda_merkle_build(swirl_cuda_dev *dev, const swirl_matrix_view *d_matrix, unsigned k,
                            swirl_merkle_tree *host_tree);
/* A query-group Merkle tree kept on the device (crypto_pcs.md §3.3): every layer in one pool
 * allocation, layer j (2^(depth - j) digests of 8 words) at d_nodes + 8 * (2^(depth+1) -
 * 2^(depth+1-j)); layer 0 is Q, layer depth the root. */
typedef struct swirl_cuda_tree {
    unsigned log_rows, k, depth;
    uint32_t *d_nodes;
    swirl_digest root;
} swirl_cuda_tree;
int swirl_cuda_tree_alloc(swirl_cuda_dev *dev, swirl_cuda_tree *tree, unsigned log_rows, unsigned k);
void swirl_cuda_tree_free(swirl_cuda_dev *dev, swirl_cuda_tree *tree);
/* Fill the tree from a device matrix of exactly 2^log_rows rows (row hash and the k
 * query-group layers fused: a thread per group) and read the root back (one small readback). */
int swirl_cuda_tree_build(swirl_cuda_dev *dev, swirl_cuda_tree *tree, const swirl_matrix_view *d_matrix);
/* paths[i * depth + j] = layer j's sibling of query index d_idx[i] (all device pointers). */
int swirl_cuda_tree_paths(swirl_cuda_dev *dev, const swirl_cuda_tree *tree, const uint32_t *d_idx, size_t q,
                          uint32_t *d_paths);
/* Smallest PoW witness for the transcript state (crypto_pcs.md §4.4); does NOT mutate t. */
int swirl_cuda_grind(swirl_cuda_dev *dev, const swirl_transcript *t, unsigned bits, uint32_t *witness);

#ifdef __cplusplus
}
#endif
#endif
