/* backend.h — the table of prover stage operations that a backend implements.
 *
 * The protocol driver (prover/prove.c) owns the transcript order and every protocol decision; a
 * backend only computes. Each operation receives everything it needs as plain data, works on the
 * context's resources (thread pool, device) and records its sub-spans under the span the driver
 * has open. Backends must produce identical bytes: a backend changes where the work runs, never
 * what is computed (tests compare whole proofs across backends byte for byte).
 *
 * Ownership: commit returns a swirl_stacked_pcs_data owned by the caller (its host buffers
 * stacked / message / codeword / tree are valid on return; a device backend syncs before
 * returning). Proof parts written by the stage ops are owned by the caller's proof. */
#ifndef SWIRL_BACKEND_H
#define SWIRL_BACKEND_H

#include "iop/gkr.h"
#include "iop/stacked_reduction.h"
#include "iop/zerocheck.h"
#include "pcs/stacked.h"
#include "pcs/whir.h"
#include "swirl.h"
#include "transcript/transcript.h"
#include "util/spans.h"

/* Inputs of the RAP-constraints stage: LogUp-GKR then the batch constraint sumcheck. The
 * transcript is positioned after alpha and beta were sampled. */
typedef struct swirl_rap_job {
    const swirl_system_params *params;
    const swirl_zc_trace *traces; /* present traces, trace order */
    size_t num_traces;
    ef_t alpha, beta;
    uint64_t total_interactions;
    size_t n_logup, n_global; /* iop.md §4.2; xi gets l_skip + n_global entries */
    const swirl_zc_residence *residence; /* where the traces' parts were committed (NULL: unknown) */
} swirl_rap_job;

/* Inputs of the openings stage: stacked reduction then WHIR. */
typedef struct swirl_openings_job {
    const swirl_system_params *params;
    const swirl_stacked_pcs_data *const *commits; /* C commitments, proof order */
    size_t num_commits;
    const swirl_sr_slice *slices; /* claims of every unstacked column, global slice order */
    size_t num_slices;
    const ef_t *r; /* n_max + 1 values: the batch sumcheck's point */
    size_t n_max;
} swirl_openings_job;

/* Traces a backend has moved to its own memory ahead of their commitment (opaque; see upload). */
enum { SWIRL_UPLOAD_DEVICE_ROWS = 1 }; /* upload flag: the traces' values are device pointers */
typedef struct swirl_staged_traces swirl_staged_traces;

typedef struct swirl_backend_ops {
    const char *name;
    /* Called at the start of every proof (NULL: nothing to do): a device backend resets its
     * counters (swirl_ctx_device_stats reports one proof). */
    void (*proof_begin)(swirl_ctx *ctx);
    /* Optional (NULL: commit reads the host traces itself). Moves the traces of one commitment,
     * in stacking order, to where the backend computes, already stacked (the CUDA backend: the
     * one trace upload, prover.trace_upload). The result is consumed by commit. */
    int (*upload)(swirl_ctx *ctx, const swirl_system_params *params, const swirl_trace *const *traces,
                  size_t num_traces, unsigned flags, swirl_spans *spans, swirl_staged_traces **out);
    /* Traces in the caller's device memory (swirl_prove_device); NULL on a backend without one.
     * scan: SWIRL_ERR_INVALID_ARG when t->values is not memory of the context's device; else
     * *first = the first index of a value >= p (and *value), SIZE_MAX when all are canonical.
     * download: host[i] = t->values[i], for a stage that still reads host traces. */
    int (*scan_device_trace)(swirl_ctx *ctx, const swirl_trace *t, size_t *first, uint32_t *value);
    int (*download_trace)(swirl_ctx *ctx, const swirl_trace *t, uint32_t *host);
    /* Stacked commitment of traces given in stacking order (heights non-increasing). staged:
     * NULL, or what upload returned for these same traces; commit takes ownership of it (also
     * when it fails). */
    int (*commit)(swirl_ctx *ctx, const swirl_system_params *params, const swirl_trace *const *traces,
                  size_t num_traces, swirl_staged_traces *staged, swirl_spans *spans, swirl_stacked_pcs_data **out);
    /* Smallest proof-of-work witness for the transcript state (the transcript is not changed). */
    int (*grind)(swirl_ctx *ctx, const swirl_transcript *tr, unsigned bits, uint32_t *witness);
    /* Spans logup_gkr, round0, mle_rounds. r_out receives n_max + 1 values. */
    int (*prove_rap_constraints)(swirl_ctx *ctx, const swirl_rap_job *job, swirl_transcript *tr, swirl_spans *spans,
                                 swirl_gkr_proof *gkr, swirl_batch_proof *batch, ef_t *r_out);
    /* Spans stacked_reduction, whir. */
    int (*prove_openings)(swirl_ctx *ctx, const swirl_openings_job *job, swirl_transcript *tr, swirl_spans *spans,
                          swirl_stacking_proof *stacking, swirl_whir_proof *whir);
} swirl_backend_ops;

/* The RAP-constraints stage: LogUp-GKR on the operation table gkr_backend (iop/gkr_ops.h) and the
 * batch constraint sumcheck on zc (iop/zc_ops.h); NULL: the CPU ops on the context's pool. */
struct swirl_zc_backend;
struct swirl_gkr_backend;
int swirl_cpu_prove_rap_constraints(swirl_ctx *ctx, const swirl_rap_job *job, swirl_transcript *tr, swirl_spans *spans,
                                    const struct swirl_zc_backend *zc, const struct swirl_gkr_backend *gkr_backend,
                                    swirl_gkr_proof *gkr, swirl_batch_proof *batch, ef_t *r_out);

/* The openings stage (stacked reduction, then WHIR on the backend's operation table): the
 * protocol, written once (src/prover/openings.c). */
struct swirl_sr_backend;
struct swirl_whir_backend;
int swirl_prove_openings_with(swirl_ctx *ctx, const swirl_openings_job *job, swirl_transcript *tr, swirl_spans *spans,
                              const struct swirl_sr_backend *sr_backend, const struct swirl_whir_backend *whir_backend,
                              swirl_stacking_proof *stacking, swirl_whir_proof *whir);

/* The driver's view of the inputs (prover/prove.c), shared with the RAP stage on its own
 * (prover/rap_stage.c). present: the AIR has a trace in this proof. trace_order: lh[a] = the log
 * height of every present AIR (0 for absent ones) and order = the present AIRs in trace order
 * (log height descending, AIR id ascending); returns their number. */
int swirl_input_present(const swirl_air_inputs *in);
size_t swirl_trace_order(const swirl_air_inputs *in, size_t n, unsigned *lh, size_t *order);

/* The portable multithreaded backend (src/backend/cpu). */
const swirl_backend_ops *swirl_backend_cpu_ops(void);
/* The CUDA backend (src/backend/cuda); its ops fail with SWIRL_ERR_NO_DEVICE when swirl was built
 * without CUDA. */
const swirl_backend_ops *swirl_backend_cuda_ops(void);

#endif
