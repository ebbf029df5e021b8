/* swirl.h — the public interface of swirl, a C implementation of the SWIRL STARK proof system
 * (the protocol of OpenVM stark-backend v2.0.1: BabyBear, Poseidon2-16, stacked PCS + WHIR,
 * LogUp-GKR, batch constraint sumcheck with univariate skip).
 *
 * This is the ONLY public header. Conventions:
 *  - Every field element crossing this interface is a uint32_t holding the canonical value in
 *    [0, p), p = 2013265921. Functions that accept field elements from outside validate them and
 *    return SWIRL_ERR_FIELD_RANGE for values >= p.
 *  - Every fallible function returns swirl_status (0 = success). swirl_status_str() names it;
 *    functions that take a swirl_error* also fill a human-readable message.
 *  - Objects returned by *_new / *_create are owned by the caller and released by the matching
 *    *_free / *_destroy, which accept NULL.
 *  - Library code never aborts, exits or prints.
 */
#ifndef SWIRL_H
#define SWIRL_H

/* SWIRL_API marks every function of this interface. libswirl is compiled with hidden visibility
 * (-fvisibility=hidden), so exactly the functions declared here are exported from the shared
 * library (tests/abi checks the list both ways; scripts/annotate-swirl-api.py adds the macro to
 * new declarations). A consumer may define SWIRL_API before including this header (to empty, or
 * to an import attribute of its own); swirl's own build uses the default below. */
#ifndef SWIRL_API
#if defined(__GNUC__) || defined(__clang__)
#define SWIRL_API __attribute__((visibility("default")))
#else
#define SWIRL_API
#endif
#endif

#include <stddef.h>
#include <stdint.h>

#ifndef SWIRL_API
#define SWIRL_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

#define SWIRL_VERSION_MAJOR 0
#define SWIRL_VERSION_MINOR 1
#define SWIRL_VERSION_PATCH 0
#define SWIRL_VERSION_STRING "0.1.0"

/* The BabyBear prime. */
#define SWIRL_P 2013265921u

/* ---- status codes -------------------------------------------------------------------------- */
typedef enum swirl_status {
    SWIRL_OK = 0,
    SWIRL_ERR_INVALID_ARG = 1,      /* null pointer, wrong size, inconsistent arguments */
    SWIRL_ERR_OUT_OF_MEMORY = 2,    /* host allocation failed */
    SWIRL_ERR_FIELD_RANGE = 3,      /* a field element >= p was supplied */
    SWIRL_ERR_DECODE = 4,           /* malformed bytes (proof, key): truncated, trailing, bad value */
    SWIRL_ERR_VERIFY = 5,           /* the proof was rejected; see swirl_error.detail */
    SWIRL_ERR_AIR = 6,              /* invalid AIR definition (keygen validation) */
    SWIRL_ERR_TRACE = 7,            /* trace does not match its AIR (width, height, constraints) */
    SWIRL_ERR_PARAMS = 8,           /* unsupported or inconsistent system parameters */
    SWIRL_ERR_CUDA = 9,             /* CUDA runtime error */
    SWIRL_ERR_CUDA_OOM = 10,        /* device allocation failed */
    SWIRL_ERR_NO_DEVICE = 11,       /* CUDA backend requested but no device / not built */
    SWIRL_ERR_IO = 12,              /* file could not be read or written */
    SWIRL_ERR_INTERNAL = 13         /* an invariant of swirl itself failed (a bug) */
} swirl_status;

/* Static string naming a status, e.g. "SWIRL_ERR_DECODE". Never NULL. */
SWIRL_API const char *swirl_status_str(int status);

/* Error report filled by functions that take one (may be NULL). `detail` is a machine-readable
 * sub-code for verification failures (a swirl_verify_error); 0 otherwise. */
typedef struct swirl_error {
    int status;
    int detail;
    char message[256];
} swirl_error;

/* swirl_error.detail when swirl_verify returns SWIRL_ERR_VERIFY: which check rejected the proof
 * (the reference's VerifierError variant in parentheses where it has one; the message names it
 * too). The numbers are stable. Hundreds group the stage: 1xx WHIR, 2xx LogUp GKR, 3xx stacked
 * reduction, 4xx batch constraint sumcheck, 5xx the proof as a whole (51x: swirl_verify_pinned's
 * key checks, below). Shape details cover every count or length that does not match the key and
 * its parameters; the message says which. */
typedef enum swirl_verify_error {
    SWIRL_VERIFY_ERR_WHIR_SHAPE = 100,             /* WHIR proof shape (rounds, commitments, queries, depths, widths) */
    SWIRL_VERIFY_ERR_WHIR_MU_POW = 101,            /* MuPoWInvalid */
    SWIRL_VERIFY_ERR_WHIR_FOLDING_POW = 102,       /* FoldingPoWInvalid */
    SWIRL_VERIFY_ERR_WHIR_QUERY_POW = 103,         /* QueryPhasePoWInvalid */
    SWIRL_VERIFY_ERR_WHIR_MERKLE = 104,            /* MerkleVerify: an opened row or codeword value and its path */
    SWIRL_VERIFY_ERR_WHIR_FINAL_POLY_DEGREE = 105, /* final polynomial length */
    SWIRL_VERIFY_ERR_WHIR_FINAL_POLY = 106,        /* FinalPolyConstraint */
    SWIRL_VERIFY_ERR_GKR_ZERO_ROUND_VALUE = 200,   /* InvalidZeroRoundValue: no interactions, q0_claim != 1 */
    SWIRL_VERIFY_ERR_GKR_ZERO_CHECK = 201,         /* ZeroCheckFailed: root numerator not zero */
    SWIRL_VERIFY_ERR_GKR_ROOT_CONSISTENCY = 202,   /* RootConsistencyCheckFailed */
    SWIRL_VERIFY_ERR_GKR_LAYER_CONSISTENCY = 203,  /* LayerConsistencyCheckFailed */
    SWIRL_VERIFY_ERR_GKR_SHAPE = 204,              /* number of GKR layers */
    SWIRL_VERIFY_ERR_STACKING_S0 = 300,            /* S0Mismatch */
    SWIRL_VERIFY_ERR_STACKING_FINAL_SUM = 301,     /* FinalSumMismatch */
    SWIRL_VERIFY_ERR_STACKING_SHAPE = 302,         /* stacking proof shape */
    SWIRL_VERIFY_ERR_GKR_NUMERATOR = 400,          /* GkrNumeratorMismatch */
    SWIRL_VERIFY_ERR_GKR_DENOMINATOR = 401,        /* GkrDenominatorMismatch */
    SWIRL_VERIFY_ERR_SUM_CLAIM = 402,              /* SumClaimMismatch */
    SWIRL_VERIFY_ERR_INCONSISTENT_CLAIMS = 403,    /* InconsistentClaims */
    SWIRL_VERIFY_ERR_BATCH_SHAPE = 404,            /* batch constraint proof shape */
    SWIRL_VERIFY_ERR_EMPTY_TRACES = 500,           /* EmptyTraces: no AIR present */
    SWIRL_VERIFY_ERR_PROOF_SHAPE = 501,            /* InvalidVDataLength, RequiredAirNoVData, PublicValuesNoVData,
                                                      InvalidCachedCommitments, LogHeightOutOfBounds,
                                                      InvalidPublicValues, PreprocessedTraceHeightMismatch,
                                                      TotalStackedWidthOutOfBounds */
    SWIRL_VERIFY_ERR_TRACE_HEIGHTS = 502,          /* TraceHeightsTooLarge */
    SWIRL_VERIFY_ERR_LOGUP_POW = 503               /* InvalidLogupPowWitness */
} swirl_verify_error;

/* Library version string, e.g. "0.1.0". */
SWIRL_API const char *swirl_version(void);

/* ---- primitives ---------------------------------------------------------------------------- */

/* These three have no error channel. Contract: every pointer must be valid (not NULL), except
 * `in` of swirl_hash when n == 0; a debug build (SWIRL_VERIFY) checks it and aborts. */

/* Poseidon2 over BabyBear, width 16 (Plonky3 default_babybear_poseidon2_16), in place.
 * Input lanes must be canonical (< p); outputs are canonical. Inputs >= p are reduced mod p.
 * state must not be NULL. */
SWIRL_API void swirl_poseidon2_permute(uint32_t state[16]);

/* Padding-free overwrite sponge (rate 8): digest of n canonical elements (n may be 0, and then
 * in may be NULL). out must not be NULL. */
SWIRL_API void swirl_hash(const uint32_t *in, size_t n, uint32_t out[8]);

/* Two-to-one compression: first 8 lanes of Poseidon2(left || right). No argument may be NULL. */
SWIRL_API void swirl_compress(const uint32_t left[8], const uint32_t right[8], uint32_t out[8]);


/* ---- system parameters (crypto_pcs.md §7, iop.md §0.2) -------------------------------------- */
#define SWIRL_MAX_WHIR_ROUNDS 16

typedef enum swirl_proximity_kind {
    SWIRL_PROX_UNIQUE = 0,            /* UniqueDecoding */
    SWIRL_PROX_SPLIT_UNIQUE_LIST = 1, /* SplitUniqueList { m, list_start_round } */
    SWIRL_PROX_LIST = 2               /* ListDecoding { m } */
} swirl_proximity_kind;

typedef struct swirl_proximity {
    swirl_proximity_kind kind;
    size_t m;                /* list multiplicity (SplitUniqueList, ListDecoding) */
    size_t list_start_round; /* SplitUniqueList only */
} swirl_proximity;

/* Field order follows the reference's declaration order (the vk's postcard encoding uses it). */
typedef struct swirl_whir_config {
    size_t k;                                  /* folding factor k_whir */
    size_t num_rounds;                         /* R = rounds.len() >= 1 */
    size_t num_queries[SWIRL_MAX_WHIR_ROUNDS]; /* rounds[r].num_queries */
    size_t mu_pow_bits;
    size_t query_phase_pow_bits;
    size_t folding_pow_bits;
    swirl_proximity proximity;
} swirl_whir_config;

typedef struct swirl_logup_params {
    uint32_t max_interaction_count;
    uint32_t log_max_message_length;
    size_t pow_bits;
} swirl_logup_params;

typedef struct swirl_system_params {
    size_t l_skip;
    size_t n_stack;
    size_t w_stack;
    size_t log_blowup;
    swirl_whir_config whir;
    swirl_logup_params logup;
    size_t max_constraint_degree;
} swirl_system_params;

/* ---- context --------------------------------------------------------------------------------- */
/* A context owns the worker threads (and, for the CUDA backend, the device and its streams).
 * Every heavy operation takes one; none spawns threads of its own.
 *
 * Thread-safety contract (what may run at the same time; anything not listed is one thread at a
 * time per object):
 * - A swirl_ctx is used by one thread at a time (it may move between threads between calls): it
 *   holds the worker pool, the spans and device statistics of its last proof, and (CUDA) the
 *   device state: stream, memory pool, staging buffers. Give each concurrent prover its own
 *   context; different contexts may be used by different threads at the same time.
 * - Keys (swirl_pk, swirl_vk) and AIR definitions are immutable once made (an AIR once its
 *   builder calls are done): any number of threads and contexts may read them at the same time
 *   (keygen and the checker read their AIRs, prove reads its key, verify its key, the encoders
 *   their object). Keys are host data whatever context made them (keygen commits preprocessed
 *   traces on the host). Freeing an object while another thread uses it is the caller's bug.
 * - A swirl_committed_trace made with a CPU context (or NULL) is host data, shareable like a key.
 *   One made with a CUDA context keeps its copies on that context's device and a reference to
 *   it: use it (prove with it, free it) only on the thread currently using that context; proofs
 *   on other contexts cannot open it (SWIRL_ERR_INVALID_ARG).
 * - The functions that take no context run on the calling thread over their arguments only and
 *   are reentrant: swirl_verify, swirl_verify_pinned, swirl_debug_check, swirl_proof_summarize,
 *   swirl_vk_encode / swirl_vk_decode / swirl_pk_encode, swirl_hash / swirl_compress /
 *   swirl_poseidon2_permute, the parameter functions (the allocator counters they touch are
 *   atomic). swirl_pk_decode takes a context (it re-commits preprocessed traces on its pool).
 * - Process-wide state: the Poseidon2 constants are built once, race-free (pthread_once); the CPU
 *   features are probed once, race-free (pthread_once; __builtin_cpu_supports reads what libgcc
 *   initialised at load time). The CUDA backend keeps its state per context (each context's
 *   device object uploads the Poseidon2 round constants on its own first use; two contexts on
 *   one GPU write the same bytes). The test hooks of the internal headers (allocation-failure injection
 *   and its observer in src/util/alloc.h, forcing an instruction set) are process-global and must
 *   not be changed while other threads run the library. */
typedef struct swirl_ctx swirl_ctx;

typedef enum swirl_backend_kind {
    SWIRL_BACKEND_AUTO = 0, /* CUDA when built and a device is present, else CPU */
    SWIRL_BACKEND_CPU = 1,
    SWIRL_BACKEND_CUDA = 2
} swirl_backend_kind;

/* nthreads == 0: one worker per online core. */
SWIRL_API int swirl_ctx_create(unsigned nthreads, swirl_backend_kind backend, swirl_ctx **out, swirl_error *err);
SWIRL_API void swirl_ctx_free(swirl_ctx *ctx);

/* The backend a context resolved to: "cpu" or "cuda". SWIRL_BACKEND_AUTO picks CUDA when swirl
 * was built with CUDA and a device is present; SWIRL_BACKEND_CUDA without either makes
 * swirl_ctx_create fail with SWIRL_ERR_NO_DEVICE. */
SWIRL_API const char *swirl_ctx_backend_name(const swirl_ctx *ctx);

/* ---- timing report ----------------------------------------------------------------------------
 * Every swirl_prove records named wall-clock spans in its context, named as the reference names
 * them: "prover" (the whole proof) and, below it, "prover.trace_upload" (a device backend's one
 * upload of the common main traces, stacked on the way; absent on the CPU backend),
 * "prover.main_trace_commit" (.stacked_commit, .rs_code_matrix, .merkle_tree),
 * "prover.rap_constraints" (.logup_gkr, .round0, .mle_rounds), "prover.openings"
 * (.stacked_reduction, .whir). Below those, swirl's own finer spans (names not in the
 * reference): round0's .create and .sums, the stacked reduction's .create, .round0, .rounds and
 * .openings, WHIR's .create, .init, .sumcheck, .pow, .commit, .queries and .weights (each summed
 * over the WHIR rounds). A span entered several times (one commitment per cached trace, say)
 * reports the sum. */
typedef struct swirl_span {
    const char *name; /* dotted path; valid until the next swirl_prove on this context */
    unsigned depth;   /* 0 for "prover", 1 for its stages, 2 for their parts, 3 for finer parts */
    double seconds;
    uint64_t bytes_to_device;   /* host -> device bytes inside the span (0 on the CPU backend) */
    uint64_t bytes_from_device; /* device -> host bytes */
    uint64_t host_waits;        /* times the host waited for the device */
} swirl_span;
#define SWIRL_MAX_SPANS 32
/* Copies up to max spans of the last proof made with ctx (parents before children, in order of
 * first entry) and returns how many there are (0 before the first proof). */
SWIRL_API size_t swirl_ctx_spans(const swirl_ctx *ctx, swirl_span *out, size_t max);

/* What the device did during the last proof of a CUDA context: stream-ordered allocations from
 * the context's memory pool (a warm proof takes them from memory the pool already holds), raw
 * driver allocations (cudaMalloc / cudaMallocHost: 0 in a warm proof), bytes each way, host
 * waits, and the pool's high-water mark of device memory in use. SWIRL_ERR_NO_DEVICE for a CPU
 * context or before the first proof. */
typedef struct swirl_device_stats {
    size_t pool_allocs;
    size_t raw_allocs;
    uint64_t bytes_to_device, bytes_from_device;
    size_t host_waits;
    size_t peak_device_bytes;
    size_t host_stage_ops; /* prover stage operations the device backend computed on the host */
    /* The key cache (swirl_ctx_set_device_cache_limit): entries and device bytes held now, and
     * the lookups of the last proof that found their entry (hits) or built it (misses). */
    size_t key_cache_entries, key_cache_bytes;
    size_t key_cache_hits, key_cache_misses;
} swirl_device_stats;
SWIRL_API int swirl_ctx_device_stats(const swirl_ctx *ctx, swirl_device_stats *out);

/* A CUDA context keeps device copies of the proving keys it proves with for its next proofs:
 * each AIR's compiled constraint programs and each preprocessed commitment (codeword, tree),
 * made on a key's first proof and found again by the key's identity (a key is immutable; a new
 * key, even at a freed key's address, gets new copies). Between proofs the least recently used
 * copies are released while they hold more device memory than the limit: by default an eighth
 * of the device's memory; this sets it (0: keep nothing across proofs) and applies it at once.
 * Freeing a key does not reach the contexts that proved with it: its copies age out, or call
 * this with 0. No effect on a CPU context (SWIRL_OK). */
SWIRL_API int swirl_ctx_set_device_cache_limit(swirl_ctx *ctx, size_t bytes);

/* ---- traces ---------------------------------------------------------------------------------- */
/* A row-major matrix of canonical field elements: values[r * width + c]. `height` is a power of
 * two for every trace given to keygen, the checker or the prover. A trace returned by swirl
 * owns `values` (release with swirl_trace_free); a trace built by the caller is only read. */
typedef struct swirl_trace {
    uint32_t *values;
    size_t height;
    size_t width;
} swirl_trace;

SWIRL_API void swirl_trace_free(swirl_trace *t); /* frees t->values and zeroes t; not t itself */

/* ---- AIR definition (iop.md §1) -------------------------------------------------------------
 * An AIR is described once, symbolically, through a builder: declare the partitions, build
 * expressions over the variables, and emit constraints (assert_zero) and bus interactions in the
 * same order the reference AIR's eval() does. swirl records the symbolic DAG exactly as the
 * reference does (interning, simplification, ascending constraint order, degrees, need_rot), so
 * the same AIR yields the same verifying key bytes and vk pre-hash.
 *
 * Expression handles are small integers owned by one swirl_air; they stay valid until the AIR
 * is freed. Builder calls never fail loudly: a bad argument (unknown column, foreign handle)
 * yields SWIRL_EXPR_INVALID and records a sticky error that swirl_air_status() and keygen
 * report with a message. */
typedef struct swirl_air swirl_air;
typedef int32_t swirl_expr;
#define SWIRL_EXPR_INVALID ((swirl_expr)-1)
/* `part` argument of swirl_air_main for the common main partition; cached partitions are
 * numbered 0, 1, ... in the order swirl_air_add_cached_main declared them. */
#define SWIRL_PART_COMMON (-1)

SWIRL_API swirl_air *swirl_air_new(const char *name); /* NULL on out of memory */
SWIRL_API void swirl_air_free(swirl_air *air);
SWIRL_API const char *swirl_air_name(const swirl_air *air);
/* Sticky builder status (SWIRL_OK or the first error); message copied into err if given. */
SWIRL_API int swirl_air_status(const swirl_air *air, swirl_error *err);

/* Size limits of one AIR (docs/PROTOCOL-NOTES.md, "Size limits"). The reference stores widths
 * as usize; swirl's bound (far beyond any real AIR, and the stacked layout's own bound) keeps
 * every count * size product of keygen, the prover and the codecs far from overflow. The
 * builder rejects larger widths (and more public values) with a sticky SWIRL_ERR_AIR, keygen
 * reports it and the key decoder rejects such keys (SWIRL_ERR_DECODE). */
#define SWIRL_MAX_AIR_WIDTH ((size_t)1 << 24)      /* columns of one partition (preprocessed, cached, common) */
#define SWIRL_MAX_PUBLIC_VALUES ((size_t)1 << 24)  /* public values of one AIR */

/* Partitions. The preprocessed trace (row-major, height a power of two) is copied; its height
 * fixes the AIR's trace height. Widths above SWIRL_MAX_AIR_WIDTH fail with SWIRL_ERR_AIR. */
SWIRL_API int swirl_air_set_preprocessed(swirl_air *air, const swirl_trace *trace);
SWIRL_API int swirl_air_add_cached_main(swirl_air *air, size_t width); /* returns the part index (>= 0) or -status */
SWIRL_API int swirl_air_set_common_main(swirl_air *air, size_t width);
SWIRL_API int swirl_air_set_num_public_values(swirl_air *air, size_t n);
/* Required AIRs must be present in every proof (add_required_air); default: optional. */
SWIRL_API int swirl_air_set_required(swirl_air *air, int required);

/* Variables. `next` = 0 for the current row, 1 for the next row (cyclically). */
SWIRL_API swirl_expr swirl_air_main(swirl_air *air, int part, size_t col, int next);
SWIRL_API swirl_expr swirl_air_prep(swirl_air *air, size_t col, int next);
SWIRL_API swirl_expr swirl_air_public(swirl_air *air, size_t idx);
SWIRL_API swirl_expr swirl_air_is_first_row(swirl_air *air);
SWIRL_API swirl_expr swirl_air_is_last_row(swirl_air *air);
SWIRL_API swirl_expr swirl_air_is_transition(swirl_air *air);
SWIRL_API swirl_expr swirl_air_const(swirl_air *air, uint32_t value); /* value reduced mod p */

/* Arithmetic (Plonky3 SymbolicExpression semantics, including its construction-time rules). */
SWIRL_API swirl_expr swirl_air_add(swirl_air *air, swirl_expr x, swirl_expr y);
SWIRL_API swirl_expr swirl_air_sub(swirl_air *air, swirl_expr x, swirl_expr y);
SWIRL_API swirl_expr swirl_air_mul(swirl_air *air, swirl_expr x, swirl_expr y);
SWIRL_API swirl_expr swirl_air_neg(swirl_air *air, swirl_expr x);

/* Constraints, in eval() order. Plonky3 AirBuilder shapes: assert_one(x) = x - 1,
 * assert_eq(a, b) = a - b, assert_bool(x) = x * (x - 1); when(c).assert_zero(x) = c * x
 * (the condition is the LEFT factor), which swirl_air_assert_zero_when builds. */
SWIRL_API int swirl_air_assert_zero(swirl_air *air, swirl_expr x);
SWIRL_API int swirl_air_assert_zero_when(swirl_air *air, swirl_expr cond, swirl_expr x);
SWIRL_API int swirl_air_assert_one(swirl_air *air, swirl_expr x);
SWIRL_API int swirl_air_assert_eq(swirl_air *air, swirl_expr a, swirl_expr b);
SWIRL_API int swirl_air_assert_bool(swirl_air *air, swirl_expr x);

/* A bus interaction (iop.md §1.4): message fields, multiplicity `count` (negative counts via
 * swirl_air_neg), bus index, and count_weight (used by the trace-height constraints). */
SWIRL_API int swirl_air_push_interaction(swirl_air *air, uint16_t bus_index, const swirl_expr *message,
                                         size_t message_len, swirl_expr count, uint32_t count_weight);

/* ---- AIR builder helpers (docs/AIRS.md) ----------------------------------------------------------
 * Pure conveniences over the builder calls above: each helper emits exactly the expression trees
 * the reference's AIR code emits for the same statement, so an AIR written with them has the
 * same DAG and verifying-key bytes as the reference AIR (and as the hand-written builder calls
 * spelled out next to each helper). Errors follow the builder's sticky-error rule: a bad handle
 * or argument records the AIR's first error (swirl_air_status, keygen) and the call returns it.
 *
 * When-chains (Plonky3 AirBuilder::when and FilteredAirBuilder). A swirl_when is a small value
 * naming an AIR and a list of conditions. Every constraint asserted through it is multiplied by
 * the conditions, each condition the LEFT factor, the outermost condition outermost:
 *   builder.when(c1).when(c2).assert_zero(x)   ==  c1 * (c2 * x)
 * which is what the reference's nested FilteredAirBuilders record (note: not (c1 * c2) * x).
 *   builder.when(c)            swirl_air_when(air, c)
 *   builder.when_ne(x, y)      swirl_air_when_ne(air, x, y)       condition x - y
 *   builder.when_first_row()   swirl_air_when_first_row(air)      condition is_first_row
 *   builder.when_last_row()    swirl_air_when_last_row(air)       condition is_last_row
 *   builder.when_transition()  swirl_air_when_transition(air)     condition is_transition
 *   w.when(c), w.when_ne(x, y) swirl_when_and(w, c), swirl_when_and_ne(w, x, y)
 *   (w.when_first_row() etc.:  swirl_when_and(w, swirl_air_is_first_row(air)), the same trees)
 * Assertions under a chain, as the AirBuilder defaults (then multiplied by the chain):
 *   assert_zero(x) -> x, assert_eq(x, y) -> x - y, assert_one(x) -> x - 1,
 *   assert_bool(x) -> x * (x - 1); assert_zeros / assert_bools: one constraint per element.
 * A chain holds at most SWIRL_WHEN_MAX_DEPTH conditions; deeper nesting records SWIRL_ERR_AIR
 * and yields a failed chain whose assertions do nothing but return the AIR's sticky status. A
 * chain does not own anything: copy it, keep it, drop it freely while its AIR lives. */
#define SWIRL_WHEN_MAX_DEPTH 8

typedef struct swirl_when {
    swirl_air *air;
    unsigned depth;                              /* conditions in use; 0: unconditional */
    int failed;                                  /* nonzero: making the chain failed (sticky error on air) */
    swirl_expr conditions[SWIRL_WHEN_MAX_DEPTH]; /* conditions[0] outermost (the first `when`) */
} swirl_when;

SWIRL_API swirl_when swirl_air_always(swirl_air *air); /* no condition: assertions are plain assert_* */
SWIRL_API swirl_when swirl_air_when(swirl_air *air, swirl_expr cond);
SWIRL_API swirl_when swirl_air_when_ne(swirl_air *air, swirl_expr x, swirl_expr y);
SWIRL_API swirl_when swirl_air_when_first_row(swirl_air *air);
SWIRL_API swirl_when swirl_air_when_last_row(swirl_air *air);
SWIRL_API swirl_when swirl_air_when_transition(swirl_air *air);
SWIRL_API swirl_when swirl_when_and(swirl_when outer, swirl_expr cond);
SWIRL_API swirl_when swirl_when_and_ne(swirl_when outer, swirl_expr x, swirl_expr y);

/* The expression c1 * (c2 * ... (cn * x)) that the chain would assert (x itself for depth 0);
 * SWIRL_EXPR_INVALID for a failed chain or a bad handle. */
SWIRL_API swirl_expr swirl_when_apply(swirl_when w, swirl_expr x);
SWIRL_API int swirl_when_assert_zero(swirl_when w, swirl_expr x);
SWIRL_API int swirl_when_assert_eq(swirl_when w, swirl_expr x, swirl_expr y);
SWIRL_API int swirl_when_assert_one(swirl_when w, swirl_expr x);
SWIRL_API int swirl_when_assert_bool(swirl_when w, swirl_expr x);
SWIRL_API int swirl_when_assert_zeros(swirl_when w, const swirl_expr *xs, size_t n);
SWIRL_API int swirl_when_assert_bools(swirl_when w, const swirl_expr *xs, size_t n);

/* Transition helpers. The reference has no dedicated call; its AIRs write a step as
 * when_transition().assert_one(next - local) (a counter: PreprocessedCachedAir) or, generally,
 * when_transition().assert_eq(next - local, delta). These emit exactly that:
 *   swirl_when_assert_delta(w, local, next, delta)      w: (next - local) - delta
 *   swirl_air_assert_transition_delta(air, l, n, d)     is_transition * ((n - l) - d)
 * With delta = swirl_air_const(air, 1) the trees equal assert_one(next - local). For other
 * shapes (next = f(local)) use the chain directly: swirl_when_assert_eq(
 * swirl_air_when_transition(air), f_of_local, next) is when_transition().assert_eq(f, next). */
SWIRL_API int swirl_when_assert_delta(swirl_when w, swirl_expr local, swirl_expr next, swirl_expr delta);
SWIRL_API int swirl_air_assert_transition_delta(swirl_air *air, swirl_expr local, swirl_expr next, swirl_expr delta);

/* Buses, with the reference's conventions (openvm-stark-backend's LookupBus and
 * PermutationCheckBus). Each call is one swirl_air_push_interaction with the count and
 * count_weight below; count_weight feeds the trace-height constraints keygen derives: for every
 * bus, sum over AIRs of (sum of the count weights of the AIR's interactions on that bus) *
 * height < p must hold in every proof (see docs/AIRS.md).
 *
 * Lookup bus: a multiset of queries is contained in a table of keys.
 *   lookup_key(query, enabled)                count  enabled         weight 1
 *   add_key_with_lookups(key, num_lookups)    count  -num_lookups    weight 0
 * `enabled` must be constrained boolean by the caller (the lookup happens when it is 1); the
 * table's num_lookups is the number of enabled lookups of that key. Weight 1 on queries bounds
 * the total number of lookups below p, which is what makes the subset argument sound; the keys
 * need no bound.
 * Permutation bus: the multiset sent equals the multiset received.
 *   send(message, enabled)                    count  enabled         weight 1
 *   receive(message, enabled)                 count  -enabled        weight 1
 *   interact(message, direction)              count  direction       weight 1
 * `enabled` boolean, `direction` in {-1, 0, 1} (1 send, -1 receive), constrained by the caller.
 * A negated count is swirl_air_neg(count) (the reference's unary minus), not a multiplication
 * by p - 1: the two give different DAGs. */
#define SWIRL_LOOKUP_QUERY_COUNT_WEIGHT 1u
#define SWIRL_LOOKUP_KEY_COUNT_WEIGHT 0u
#define SWIRL_PERMUTATION_COUNT_WEIGHT 1u

typedef struct swirl_lookup_bus {
    uint16_t index;
} swirl_lookup_bus;

typedef struct swirl_permutation_bus {
    uint16_t index;
} swirl_permutation_bus;

typedef enum swirl_permutation_interaction_type {
    SWIRL_PERMUTATION_SEND = 0,
    SWIRL_PERMUTATION_RECEIVE = 1
} swirl_permutation_interaction_type;

SWIRL_API int swirl_lookup_bus_lookup_key(swirl_air *air, swirl_lookup_bus bus, const swirl_expr *query,
                                          size_t query_len, swirl_expr enabled);
SWIRL_API int swirl_lookup_bus_add_key_with_lookups(swirl_air *air, swirl_lookup_bus bus, const swirl_expr *key,
                                                    size_t key_len, swirl_expr num_lookups);
SWIRL_API int swirl_permutation_bus_send(swirl_air *air, swirl_permutation_bus bus, const swirl_expr *message,
                                         size_t message_len, swirl_expr enabled);
SWIRL_API int swirl_permutation_bus_receive(swirl_air *air, swirl_permutation_bus bus, const swirl_expr *message,
                                            size_t message_len, swirl_expr enabled);
/* send or receive by `type`; another value records SWIRL_ERR_INVALID_ARG. */
SWIRL_API int swirl_permutation_bus_send_or_receive(swirl_air *air, swirl_permutation_bus bus,
                                                    swirl_permutation_interaction_type type, const swirl_expr *message,
                                                    size_t message_len, swirl_expr enabled);
SWIRL_API int swirl_permutation_bus_interact(swirl_air *air, swirl_permutation_bus bus, const swirl_expr *message,
                                             size_t message_len, swirl_expr direction);
/* ---- end of AIR builder helpers ---------------------------------------------------------------- */

/* ---- per-AIR inputs of one proof (or of the debug checker) -----------------------------------
 * One entry per AIR of the key, in key order. An AIR is absent from this proof when common_main
 * is NULL (and it has no cached mains); absent AIRs must be optional. All parts of one AIR share
 * the same height. Traces are only read. */
typedef struct swirl_air_inputs {
    const swirl_trace *common_main;  /* NULL: AIR absent (or an AIR whose common main width is 0) */
    const swirl_trace *cached_mains; /* num_cached_mains traces, in declaration order */
    size_t num_cached_mains;
    const uint32_t *public_values;
    size_t num_public_values;
    /* Optional: num_cached_mains commitments made earlier with swirl_commit_cached_main (NULL,
     * or NULL entries: the prover commits those cached traces itself). A committed cached trace
     * is opened from its commitment; cached_mains[i] must still hold the same trace. */
    const struct swirl_committed_trace *const *cached_commitments;
} swirl_air_inputs;



/* ---- system parameter presets (crypto_pcs.md §7) --------------------------------------------
 * Each fills *out and returns SWIRL_OK, or SWIRL_ERR_PARAMS for an unsupported size. The WHIR
 * query counts are derived from the security formulas (§6.7), not tabulated. */
/* app_params_with_100_bits_security */
SWIRL_API int swirl_params_app(size_t log_stacked_height, swirl_system_params *out);
SWIRL_API int swirl_params_leaf(swirl_system_params *out);
SWIRL_API int swirl_params_internal(swirl_system_params *out);
SWIRL_API int swirl_params_root(swirl_system_params *out);
SWIRL_API int swirl_params_hook(swirl_system_params *out);
SWIRL_API int swirl_params_test_small(size_t l_skip, size_t n_stack, size_t k_whir, swirl_system_params *out);
SWIRL_API int swirl_params_default_test(swirl_system_params *out);          /* test_system_params_small(2, 8, 3) */
SWIRL_API int swirl_params_for_testing(size_t log_stacked_height, swirl_system_params *out); /* new_for_testing */
/* WhirConfig::new(log_blowup, m, params, security_bits). */
SWIRL_API int swirl_whir_config_derive(size_t log_blowup, size_t log_stacked_height, size_t k,
                                       size_t log_final_poly_len, size_t mu_pow_bits, size_t query_phase_pow_bits,
                                       size_t folding_pow_bits, swirl_proximity proximity, size_t security_bits,
                                       swirl_whir_config *out);
/* The largest max_constraint_degree swirl accepts (parameter validation, and the proof decoder's
 * bound on the batch constraint sumcheck's D + 1 evaluations per round agree on it). The
 * reference has no such bound (D is a usize; each AIR's degree must fit in a u8). */
#define SWIRL_MAX_CONSTRAINT_DEGREE 64
/* SWIRL_OK if the parameters are usable by swirl (sizes, rounds, PoW bits in range). */
SWIRL_API int swirl_params_validate(const swirl_system_params *params);
/* 1 if equal field by field (the verifier's config == vk.params check), else 0; 0 when either
 * argument is NULL (it has no error channel). */
SWIRL_API int swirl_params_equal(const swirl_system_params *a, const swirl_system_params *b);

/* ---- keys and keygen (iop.md §2) ---------------------------------------------------------------
 * swirl_keygen validates every AIR (clear SWIRL_ERR_AIR messages for zero-width AIRs, AIRs with
 * neither constraints nor interactions, empty interaction messages, messages too long for
 * log_max_message_length, constraint degree above params.max_constraint_degree, bad handles),
 * builds each AIR's symbolic DAG, commits preprocessed traces, derives the trace-height
 * constraints, and computes the vk pre-hash (postcard encoding of the key, hashed with the
 * Poseidon2 sponge). AIR order is the order of `airs`. The AIRs are only read. Parameters are
 * checked first: SWIRL_ERR_PARAMS when swirl_params_validate refuses them or the key's codec
 * cannot represent them (unknown proximity kind, w_stack or a query count >= 2^31, ...). An AIR
 * whose builder ran out of memory gives SWIRL_ERR_OUT_OF_MEMORY, any other builder error
 * SWIRL_ERR_AIR. */
typedef struct swirl_pk swirl_pk;
typedef struct swirl_vk swirl_vk;

SWIRL_API int swirl_keygen(swirl_ctx *ctx, const swirl_system_params *params, swirl_air *const *airs, size_t num_airs,
                           swirl_pk **pk_out, swirl_vk **vk_out, swirl_error *err);
SWIRL_API void swirl_pk_free(swirl_pk *pk);
SWIRL_API void swirl_vk_free(swirl_vk *vk);
SWIRL_API const swirl_vk *swirl_pk_vk(const swirl_pk *pk); /* borrowed, lives as long as pk */

/* Verifying-key bytes: the postcard encoding of the reference's MultiStarkVerifyingKey
 * ({inner, pre_hash}). Decoding is strict (truncation, trailing bytes, bad varints, enum tags,
 * field elements >= p, DAG indices that are out of range or not topological, variables outside
 * the declared widths) and fails with SWIRL_ERR_DECODE and a message, never a crash. */
SWIRL_API int swirl_vk_encode(const swirl_vk *vk, uint8_t **bytes_out, size_t *len_out, swirl_error *err);
SWIRL_API int swirl_vk_decode(const uint8_t *bytes, size_t len, swirl_vk **vk_out, swirl_error *err);
SWIRL_API void swirl_bytes_free(uint8_t *bytes);

/* Proving-key bytes: the verifying key plus AIR names and preprocessed traces. Decoding
 * recommits every preprocessed trace and rejects a key whose traces do not match. */
SWIRL_API int swirl_pk_encode(const swirl_pk *pk, uint8_t **bytes_out, size_t *len_out, swirl_error *err);
SWIRL_API int swirl_pk_decode(swirl_ctx *ctx, const uint8_t *bytes, size_t len, swirl_pk **pk_out, swirl_error *err);

/* A proving key for a verifying key made elsewhere (the OpenVM interop crate: the reference's
 * keygen makes the key, swirl proves with it). `preprocessed` has num_airs entries (NULL when no
 * AIR has a preprocessed trace): row-major, `values` NULL for an AIR without one. Each trace is
 * copied and committed; a commitment that differs from the key's fails with SWIRL_ERR_TRACE, a
 * missing or superfluous trace with SWIRL_ERR_INVALID_ARG. `names` (NULL, or NULL entries: "air<i>")
 * are the AIR names the pk codec stores. vk is copied, not kept. */
SWIRL_API int swirl_pk_from_vk(swirl_ctx *ctx, const swirl_vk *vk, const swirl_trace *preprocessed,
                               const char *const *names, size_t num_airs, swirl_pk **pk_out, swirl_error *err);

/* The Merkle root (8 canonical elements) of the stacked commitment of `traces` (row-major,
 * stacking order: heights powers of two, non-increasing, at most 2^(l_skip + n_stack)) made by
 * the context's backend, as swirl_prove commits its common main traces. For the OpenVM interop
 * crate's TraceCommitter stage. Bad shapes fail with SWIRL_ERR_TRACE, values >= p with
 * SWIRL_ERR_FIELD_RANGE. */
SWIRL_API int swirl_stacked_root(swirl_ctx *ctx, const swirl_system_params *params, const swirl_trace *const *traces,
                                 size_t num_traces, uint32_t root_out[8], swirl_error *err);

/* The RAP-constraints stage alone (LogUp proof-of-work, alpha, beta, LogUp-GKR, batch constraint
 * sumcheck) from a caller's transcript state, for the OpenVM interop crate's MultiRapProver
 * stage. The transcript is the duplex sponge's state (16 canonical lanes, absorb_idx < 8,
 * sample_idx <= 8) and is updated in place. The output bytes are the proof codec's LogUp witness,
 * GKR and batch-constraint sections (the reference's GkrProof then BatchConstraintProof
 * encodings; swirl_bytes_free); r_out (r_cap u32 values) receives the sumcheck point r, 4 values
 * per EF element, *r_len values in all. Inputs as swirl_prove; unbalanced interactions fail with
 * SWIRL_ERR_TRACE. */
typedef struct swirl_rap_transcript {
    uint32_t state[16];
    unsigned absorb_idx;
    unsigned sample_idx;
} swirl_rap_transcript;
SWIRL_API int swirl_prove_rap_stage(swirl_ctx *ctx, const swirl_pk *pk, const swirl_air_inputs *inputs, size_t num_airs,
                                    swirl_rap_transcript *transcript, uint8_t **sections_out, size_t *sections_len,
                                    uint32_t *r_out, size_t r_cap, size_t *r_len, swirl_error *err);

SWIRL_API void swirl_vk_pre_hash(const swirl_vk *vk, uint32_t out[8]);
SWIRL_API const swirl_system_params *swirl_vk_params(const swirl_vk *vk);
SWIRL_API size_t swirl_vk_num_airs(const swirl_vk *vk);

typedef struct swirl_air_info {
    int has_preprocessed;
    size_t preprocessed_width;
    size_t num_cached_mains;
    const size_t *cached_main_widths; /* borrowed */
    size_t common_main_width;
    size_t num_public_values;
    int need_rot;
    size_t num_constraints;   /* after deduplication */
    size_t num_interactions;
    unsigned max_degree;
    size_t num_dag_nodes;
    int is_required;
} swirl_air_info;
SWIRL_API int swirl_vk_air_info(const swirl_vk *vk, size_t air, swirl_air_info *out);
SWIRL_API size_t swirl_vk_num_height_constraints(const swirl_vk *vk);
/* coefficients has swirl_vk_num_airs entries. */
SWIRL_API int swirl_vk_height_constraint(const swirl_vk *vk, size_t i, const uint32_t **coefficients,
                                         uint32_t *threshold);

/* ---- debug constraint checker ------------------------------------------------------------------
 * Evaluates every constraint of every present AIR on every row (selectors of the true height,
 * next row cyclic) and the LogUp balance of every bus over all present AIRs; reports the FIRST
 * failure. Returns SWIRL_OK when everything holds, SWIRL_ERR_TRACE with the report filled when
 * something does not, or another status for bad arguments (SWIRL_ERR_FIELD_RANGE, with a SHAPE
 * report, for a trace or public value >= p; SWIRL_ERR_INVALID_ARG for NULL pointers). */
typedef enum swirl_check_kind {
    SWIRL_CHECK_OK = 0,
    SWIRL_CHECK_SHAPE = 1,      /* inputs do not match the key (widths, heights, public values) */
    SWIRL_CHECK_CONSTRAINT = 2, /* constraint `constraint` of AIR `air` fails at `row` */
    SWIRL_CHECK_BUS = 3         /* bus `bus` does not balance for the message in `message` */
} swirl_check_kind;

typedef struct swirl_check_report {
    swirl_check_kind kind;
    size_t air;
    size_t constraint;
    size_t row;
    uint16_t bus;
    char message[256];
} swirl_check_report;

SWIRL_API int swirl_debug_check(const swirl_pk *pk, const swirl_air_inputs *inputs, size_t num_airs,
                                swirl_check_report *report, swirl_error *err);

/* A cached main trace committed once (the stacked commitment of that single trace under the
 * key's parameters) and reusable across proofs: the point of cached partitions. The object
 * keeps its own copy of everything it needs. */
typedef struct swirl_committed_trace swirl_committed_trace;
SWIRL_API int swirl_commit_cached_main(swirl_ctx *ctx, const swirl_vk *vk, const swirl_trace *trace,
                                       swirl_committed_trace **out, swirl_error *err);
SWIRL_API void swirl_committed_trace_free(swirl_committed_trace *c);
/* The Merkle root (8 canonical elements) that proofs carry for this cached trace. */
SWIRL_API void swirl_committed_trace_root(const swirl_committed_trace *c, uint32_t out[8]);

/* ---- proving and verifying (iop.md §3) ---------------------------------------------------------
 * swirl_prove: one input per AIR of the key (absent optional AIRs have no traces). Cached main
 * traces are committed by the prover. Returns the proof bytes (codec v3, swirl_bytes_free).
 * Unbalanced interactions fail with SWIRL_ERR_TRACE; traces that violate constraints still
 * produce bytes, which the verifier rejects. Inputs that do not match the key (widths, heights,
 * counts) fail with SWIRL_ERR_TRACE, a trace or public value >= p with SWIRL_ERR_FIELD_RANGE,
 * pointers that contradict their counts (num_cached_mains > 0 with cached_mains NULL, ...) with
 * SWIRL_ERR_INVALID_ARG.
 * swirl_verify: SWIRL_OK, or SWIRL_ERR_DECODE for malformed bytes, or SWIRL_ERR_VERIFY with
 * err->detail naming the failed check.
 * Both (like every function here) report an allocation failure as SWIRL_ERR_OUT_OF_MEMORY, never
 * as a rejection or a decoding error, and leave nothing allocated behind. */
SWIRL_API int swirl_prove(swirl_ctx *ctx, const swirl_pk *pk, const swirl_air_inputs *inputs, size_t num_airs,
                          uint8_t **proof_out, size_t *len_out, swirl_error *err);
SWIRL_API int swirl_verify(const swirl_vk *vk, const uint8_t *proof, size_t len, swirl_error *err);

/* swirl_prove for traces the caller already holds in device memory (traces generated on the
 * GPU): every trace's `values` (common main and cached mains) points to memory of the context's
 * CUDA device, row-major as in host traces, unchanged until the call returns (the call uses the
 * context's own stream and synchronises before returning; the caller must have finished writing
 * the traces, e.g. cudaDeviceSynchronize, before the call). Public values stay in host memory.
 * The traces are stacked straight from the caller's memory (no host copy for the commitment);
 * the proof is byte-identical to swirl_prove's on the same values. Errors as swirl_prove, and
 * SWIRL_ERR_INVALID_ARG when the context's backend is not CUDA, when a trace pointer is not
 * device memory of that device (its extent cannot be checked: the caller vouches for it), or
 * when pre-made cached commitments are given (they take host traces). Until the constraint
 * phase reads the resident commitment, the RAP stage works on a host copy of the traces
 * (span prover.trace_download; docs/ARCHITECTURE.md). */
SWIRL_API int swirl_prove_device(swirl_ctx *ctx, const swirl_pk *pk, const swirl_air_inputs *inputs, size_t num_airs,
                                 uint8_t **proof_out, size_t *len_out, swirl_error *err);

/* Verification against a key the verifier does not fully trust (e.g. a vk file shipped next to
 * the proof). swirl_verify takes the system parameters from the key, so a key made with weaker
 * parameters verifies weaker proofs; the reference's verifier instead takes its parameters from
 * its own configuration and rejects a key made for others (SystemParamsMismatch). This entry
 * point pins either or both:
 *   expected_params    NULL: not pinned. Otherwise the key's parameters must equal them
 *                      in every field the key encodes (query counts past the last round and
 *                      proximity fields the kind does not carry are ignored), else
 *                      SWIRL_ERR_VERIFY with detail
 *                      SWIRL_VERIFY_ERR_SYSTEM_PARAMS_MISMATCH. Expected parameters that fail
 *                      swirl_params_validate are a caller error: SWIRL_ERR_PARAMS.
 *   expected_pre_hash  NULL: not pinned. Otherwise the key's pre-hash (swirl_vk_pre_hash, 8
 *                      canonical elements) must equal it, else SWIRL_ERR_VERIFY with detail
 *                      SWIRL_VERIFY_ERR_VK_PRE_HASH_MISMATCH. The pre-hash commits to the whole
 *                      key, parameters included, so it pins the exact key.
 * The pins are checked first, in that order, before the proof bytes are decoded: a key that
 * is not the expected one is reported whatever the proof. Then it is swirl_verify (with both
 * pins NULL it is exactly swirl_verify). */
enum swirl_verify_pin_detail {
    SWIRL_VERIFY_ERR_SYSTEM_PARAMS_MISMATCH = 510, /* SystemParamsMismatch */
    SWIRL_VERIFY_ERR_VK_PRE_HASH_MISMATCH = 511    /* the key is not the pinned one */
};
SWIRL_API int swirl_verify_pinned(const swirl_vk *vk, const swirl_system_params *expected_params,
                                  const uint32_t expected_pre_hash[8], const uint8_t *proof, size_t len,
                                  swirl_error *err);

/* The key's soundness in bits (the reference's SoundnessCalculator::calculate_from_vk: the
 * key's parameters for the largest proof the key admits: all AIRs present, heights up to
 * 2^(l_skip + n_stack)). swirl_params_validate only rejects what cannot be sound at all (e.g. a
 * WHIR round without queries; the test presets, a few bits strong, stay valid); a verifier that
 * needs a minimum compares this against it. SWIRL_ERR_PARAMS / SWIRL_ERR_INVALID_ARG when the
 * calculator cannot evaluate the key's shape. */
SWIRL_API int swirl_vk_security_bits(const swirl_vk *vk, double *bits_out, swirl_error *err);

/* ---- proof inspection -------------------------------------------------------------------------
 * Decodes proof bytes (strictly, as swirl_verify does) without a key and summarises their shape.
 * Sizes are in bytes of the encoding; the five sections partition the proof. */
typedef struct swirl_proof_air_summary {
    int present;
    unsigned log_height;      /* 0 when absent */
    size_t num_cached_mains;
    size_t num_public_values;
} swirl_proof_air_summary;

typedef struct swirl_proof_summary {
    size_t total_bytes;
    size_t num_airs, num_present;
    swirl_proof_air_summary *airs; /* num_airs entries, owned (swirl_proof_summary_free) */
    uint32_t common_main_commit[8];
    uint32_t logup_pow_witness;
    size_t gkr_layers;           /* 0 without interactions */
    size_t constraint_rounds;    /* MLE rounds of the batch constraint sumcheck (n_max) */
    size_t num_column_openings;  /* EF values opened by the batch constraint sumcheck */
    size_t stacking_rounds;      /* n_stack */
    size_t num_commitments;      /* stacked commitments opened by WHIR */
    size_t whir_rounds, whir_sumcheck_rounds, whir_queries;
    size_t whir_final_poly_len;
    size_t preamble_bytes, gkr_bytes, constraint_bytes, stacking_bytes, whir_bytes;
} swirl_proof_summary;
SWIRL_API int swirl_proof_summarize(const uint8_t *proof, size_t len, swirl_proof_summary *out, swirl_error *err);
SWIRL_API void swirl_proof_summary_free(swirl_proof_summary *s);

/* ---- the statement of a proof ------------------------------------------------------------------
 * What a proof claims, as opposed to its shape (swirl_proof_summarize): which AIRs of the key are
 * present, the log2 height of each present AIR's trace, and every AIR's public values. A verifier
 * that accepts a proof has accepted exactly this statement; binding "valid" to the values it
 * expects is the caller's comparison (swirl_statement_expect_public does it with exact reasons).
 * swirl_proof_statement does NOT verify the proof: run swirl_verify (or _pinned) for that.
 *
 * vk may be NULL: then the bytes are only decoded (strictly, as swirl_verify decodes them).
 * With a key, the statement must also fit it the way the verifier's first checks require (the
 * same number of AIRs, required AIRs present, an absent AIR without public values, a present AIR
 * with the key's number of public values and cached commitments); a proof that does not fails
 * with SWIRL_ERR_VERIFY, detail SWIRL_VERIFY_ERR_PROOF_SHAPE, and the message names the AIR.
 * Errors: SWIRL_ERR_INVALID_ARG (out NULL, or bytes NULL with len > 0), SWIRL_ERR_DECODE
 * (malformed bytes), SWIRL_ERR_OUT_OF_MEMORY. On any error *out is left empty (nothing to free,
 * swirl_statement_free on it is harmless). */
typedef struct swirl_statement_air {
    int present;
    unsigned log_height;           /* 0 when absent */
    size_t num_public_values;      /* 0 when absent */
    const uint32_t *public_values; /* num_public_values canonical elements; owned by the statement */
} swirl_statement_air;

typedef struct swirl_statement {
    size_t num_airs;           /* AIRs of the proof (the key's, when a key was given) */
    size_t num_present;
    swirl_statement_air *airs; /* num_airs entries, AIR-id (key) order */
    uint32_t *storage_;        /* backing array of every public_values pointer; do not use */
} swirl_statement;

SWIRL_API int swirl_proof_statement(const swirl_vk *vk, const uint8_t *proof, size_t len, swirl_statement *out,
                                    swirl_error *err);
SWIRL_API void swirl_statement_free(swirl_statement *s); /* frees what s holds and zeroes it; NULL is fine */

/* swirl_error.detail when swirl_statement_expect_public finds the statement is not the expected
 * one (status SWIRL_ERR_VERIFY). */
enum swirl_statement_detail {
    SWIRL_STATEMENT_ERR_AIR_ABSENT = 520,        /* values expected for an AIR the proof does not contain */
    SWIRL_STATEMENT_ERR_PUBLIC_COUNT = 521,      /* the AIR has a different number of public values */
    SWIRL_STATEMENT_ERR_PUBLIC_VALUE = 522       /* public value *index_out differs */
};
/* Compares AIR `air`'s public values with expected[0..n). SWIRL_OK when the AIR is present and
 * its values are exactly these; otherwise SWIRL_ERR_VERIFY with a detail above (the message
 * names the AIR, the index and both values; *index_out, if given, receives the first differing
 * index, or n for a count mismatch). Caller errors: SWIRL_ERR_INVALID_ARG (s NULL, air >=
 * s->num_airs, expected NULL with n > 0), SWIRL_ERR_FIELD_RANGE (an expected value >= p: never a
 * public value, so it is the caller's input error, reported before any comparison; *index_out
 * receives its index). */
SWIRL_API int swirl_statement_expect_public(const swirl_statement *s, size_t air, const uint32_t *expected, size_t n,
                                            size_t *index_out, swirl_error *err);

/* ---- progress ----------------------------------------------------------------------------------
 * A callback told when each timing span of swirl_prove (the names of swirl_ctx_spans) opens
 * (finished = 0, seconds = 0) and closes (finished = 1, seconds = the time since it opened), for
 * progress reports during long proofs. It runs on the thread that called swirl_prove, between two
 * stages (never inside a parallel region), must not call back into swirl with the same context,
 * and should return quickly. `name` is the span's dotted path, valid during the call only. Spans
 * the recorder drops (SWIRL_MAX_SPANS exceeded) are not reported. fn NULL removes the callback.
 * The setting stays with the context across proofs. */
typedef void (*swirl_progress_fn)(void *user, const char *name, unsigned depth, int finished, double seconds);
SWIRL_API void swirl_ctx_set_progress(swirl_ctx *ctx, swirl_progress_fn fn, void *user);

#ifdef __cplusplus
}
#endif
#endif
