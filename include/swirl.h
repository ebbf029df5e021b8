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

#include <stddef.h>
#include <stdint.h>

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
const char *swirl_status_str(int status);

/* Error report filled by functions that take one (may be NULL). `detail` is a machine-readable
 * sub-code for verification failures (a swirl_verify_error); 0 otherwise. */
typedef struct swirl_error {
    int status;
    int detail;
    char message[256];
} swirl_error;

/* Library version string, e.g. "0.1.0". */
const char *swirl_version(void);

/* ---- primitives ---------------------------------------------------------------------------- */

/* Poseidon2 over BabyBear, width 16 (Plonky3 default_babybear_poseidon2_16), in place.
 * Input lanes must be canonical (< p); outputs are canonical. Inputs >= p are reduced mod p. */
void swirl_poseidon2_permute(uint32_t state[16]);

/* Padding-free overwrite sponge (rate 8): digest of n canonical elements (n may be 0). */
void swirl_hash(const uint32_t *in, size_t n, uint32_t out[8]);

/* Two-to-one compression: first 8 lanes of Poseidon2(left || right). */
void swirl_compress(const uint32_t left[8], const uint32_t right[8], uint32_t out[8]);


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
 * Every heavy operation takes one; none spawns threads of its own. */
typedef struct swirl_ctx swirl_ctx;

typedef enum swirl_backend_kind {
    SWIRL_BACKEND_AUTO = 0, /* CUDA when built and a device is present, else CPU */
    SWIRL_BACKEND_CPU = 1,
    SWIRL_BACKEND_CUDA = 2
} swirl_backend_kind;

/* nthreads == 0: one worker per online core. */
int swirl_ctx_create(unsigned nthreads, swirl_backend_kind backend, swirl_ctx **out, swirl_error *err);
void swirl_ctx_free(swirl_ctx *ctx);

/* The backend a context resolved to: "cpu" or "cuda". SWIRL_BACKEND_AUTO picks CUDA when swirl
 * was built with CUDA and a device is present; SWIRL_BACKEND_CUDA without either makes
 * swirl_ctx_create fail with SWIRL_ERR_NO_DEVICE. */
const char *swirl_ctx_backend_name(const swirl_ctx *ctx);

/* ---- timing report ----------------------------------------------------------------------------
 * Every swirl_prove records named wall-clock spans in its context, named as the reference names
 * them: "prover" (the whole proof) and, below it, "prover.main_trace_commit" (.stacked_commit,
 * .rs_code_matrix, .merkle_tree), "prover.rap_constraints" (.logup_gkr, .round0, .mle_rounds),
 * "prover.openings" (.stacked_reduction, .whir). A span entered several times (one commitment
 * per cached trace, say) reports the sum. */
typedef struct swirl_span {
    const char *name; /* dotted path; valid until the next swirl_prove on this context */
    unsigned depth;   /* 0 for "prover", 1 for its stages, 2 for their parts */
    double seconds;
    uint64_t bytes_to_device;   /* host -> device bytes inside the span (0 on the CPU backend) */
    uint64_t bytes_from_device; /* device -> host bytes */
    uint64_t host_waits;        /* times the host waited for the device */
} swirl_span;
#define SWIRL_MAX_SPANS 32
/* Copies up to max spans of the last proof made with ctx (parents before children, in order of
 * first entry) and returns how many there are (0 before the first proof). */
size_t swirl_ctx_spans(const swirl_ctx *ctx, swirl_span *out, size_t max);

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
} swirl_device_stats;
int swirl_ctx_device_stats(const swirl_ctx *ctx, swirl_device_stats *out);

/* ---- traces ---------------------------------------------------------------------------------- */
/* A row-major matrix of canonical field elements: values[r * width + c]. `height` is a power of
 * two for every trace given to keygen, the checker or the prover. A trace returned by swirl
 * owns `values` (release with swirl_trace_free); a trace built by the caller is only read. */
typedef struct swirl_trace {
    uint32_t *values;
    size_t height;
    size_t width;
} swirl_trace;

void swirl_trace_free(swirl_trace *t); /* frees t->values and zeroes t; not t itself */

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

swirl_air *swirl_air_new(const char *name); /* NULL on out of memory */
void swirl_air_free(swirl_air *air);
const char *swirl_air_name(const swirl_air *air);
/* Sticky builder status (SWIRL_OK or the first error); message copied into err if given. */
int swirl_air_status(const swirl_air *air, swirl_error *err);

/* Partitions. The preprocessed trace (row-major, height a power of two) is copied; its height
 * fixes the AIR's trace height. */
int swirl_air_set_preprocessed(swirl_air *air, const swirl_trace *trace);
int swirl_air_add_cached_main(swirl_air *air, size_t width); /* returns the part index (>= 0) or -status */
int swirl_air_set_common_main(swirl_air *air, size_t width);
int swirl_air_set_num_public_values(swirl_air *air, size_t n);
/* Required AIRs must be present in every proof (add_required_air); default: optional. */
int swirl_air_set_required(swirl_air *air, int required);

/* Variables. `next` = 0 for the current row, 1 for the next row (cyclically). */
swirl_expr swirl_air_main(swirl_air *air, int part, size_t col, int next);
swirl_expr swirl_air_prep(swirl_air *air, size_t col, int next);
swirl_expr swirl_air_public(swirl_air *air, size_t idx);
swirl_expr swirl_air_is_first_row(swirl_air *air);
swirl_expr swirl_air_is_last_row(swirl_air *air);
swirl_expr swirl_air_is_transition(swirl_air *air);
swirl_expr swirl_air_const(swirl_air *air, uint32_t value); /* value reduced mod p */

/* Arithmetic (Plonky3 SymbolicExpression semantics, including its construction-time rules). */
swirl_expr swirl_air_add(swirl_air *air, swirl_expr x, swirl_expr y);
swirl_expr swirl_air_sub(swirl_air *air, swirl_expr x, swirl_expr y);
swirl_expr swirl_air_mul(swirl_air *air, swirl_expr x, swirl_expr y);
swirl_expr swirl_air_neg(swirl_air *air, swirl_expr x);

/* Constraints, in eval() order. Plonky3 AirBuilder shapes: assert_one(x) = x - 1,
 * assert_eq(a, b) = a - b, assert_bool(x) = x * (x - 1); when(c).assert_zero(x) = c * x
 * (the condition is the LEFT factor), which swirl_air_assert_zero_when builds. */
int swirl_air_assert_zero(swirl_air *air, swirl_expr x);
int swirl_air_assert_zero_when(swirl_air *air, swirl_expr cond, swirl_expr x);
int swirl_air_assert_one(swirl_air *air, swirl_expr x);
int swirl_air_assert_eq(swirl_air *air, swirl_expr a, swirl_expr b);
int swirl_air_assert_bool(swirl_air *air, swirl_expr x);

/* A bus interaction (iop.md §1.4): message fields, multiplicity `count` (negative counts via
 * swirl_air_neg), bus index, and count_weight (used by the trace-height constraints). */
int swirl_air_push_interaction(swirl_air *air, uint16_t bus_index, const swirl_expr *message,
                               size_t message_len, swirl_expr count, uint32_t count_weight);

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
int swirl_params_app(size_t log_stacked_height, swirl_system_params *out); /* app_params_with_100_bits_security */
int swirl_params_leaf(swirl_system_params *out);
int swirl_params_internal(swirl_system_params *out);
int swirl_params_root(swirl_system_params *out);
int swirl_params_hook(swirl_system_params *out);
int swirl_params_test_small(size_t l_skip, size_t n_stack, size_t k_whir, swirl_system_params *out);
int swirl_params_default_test(swirl_system_params *out);          /* test_system_params_small(2, 8, 3) */
int swirl_params_for_testing(size_t log_stacked_height, swirl_system_params *out); /* new_for_testing */
/* WhirConfig::new(log_blowup, m, params, security_bits). */
int swirl_whir_config_derive(size_t log_blowup, size_t log_stacked_height, size_t k, size_t log_final_poly_len,
                             size_t mu_pow_bits, size_t query_phase_pow_bits, size_t folding_pow_bits,
                             swirl_proximity proximity, size_t security_bits, swirl_whir_config *out);
/* SWIRL_OK if the parameters are usable by swirl (sizes, rounds, PoW bits in range). */
int swirl_params_validate(const swirl_system_params *params);
/* 1 if equal field by field (the verifier's config == vk.params check), else 0. */
int swirl_params_equal(const swirl_system_params *a, const swirl_system_params *b);

/* ---- keys and keygen (iop.md §2) ---------------------------------------------------------------
 * swirl_keygen validates every AIR (clear SWIRL_ERR_AIR messages for zero-width AIRs, AIRs with
 * neither constraints nor interactions, empty interaction messages, messages too long for
 * log_max_message_length, constraint degree above params.max_constraint_degree, bad handles),
 * builds each AIR's symbolic DAG, commits preprocessed traces, derives the trace-height
 * constraints, and computes the vk pre-hash (postcard encoding of the key, hashed with the
 * Poseidon2 sponge). AIR order is the order of `airs`. The AIRs are only read. */
typedef struct swirl_pk swirl_pk;
typedef struct swirl_vk swirl_vk;

int swirl_keygen(swirl_ctx *ctx, const swirl_system_params *params, swirl_air *const *airs, size_t num_airs,
                 swirl_pk **pk_out, swirl_vk **vk_out, swirl_error *err);
void swirl_pk_free(swirl_pk *pk);
void swirl_vk_free(swirl_vk *vk);
const swirl_vk *swirl_pk_vk(const swirl_pk *pk); /* borrowed, lives as long as pk */

/* Verifying-key bytes: the postcard encoding of the reference's MultiStarkVerifyingKey
 * ({inner, pre_hash}). Decoding is strict (truncation, trailing bytes, bad varints, enum tags,
 * field elements >= p, DAG indices that are out of range or not topological, variables outside
 * the declared widths) and fails with SWIRL_ERR_DECODE and a message, never a crash. */
int swirl_vk_encode(const swirl_vk *vk, uint8_t **bytes_out, size_t *len_out, swirl_error *err);
int swirl_vk_decode(const uint8_t *bytes, size_t len, swirl_vk **vk_out, swirl_error *err);
void swirl_bytes_free(uint8_t *bytes);

/* Proving-key bytes: the verifying key plus AIR names and preprocessed traces. Decoding
 * recommits every preprocessed trace and rejects a key whose traces do not match. */
int swirl_pk_encode(const swirl_pk *pk, uint8_t **bytes_out, size_t *len_out, swirl_error *err);
int swirl_pk_decode(swirl_ctx *ctx, const uint8_t *bytes, size_t len, swirl_pk **pk_out, swirl_error *err);

void swirl_vk_pre_hash(const swirl_vk *vk, uint32_t out[8]);
const swirl_system_params *swirl_vk_params(const swirl_vk *vk);
size_t swirl_vk_num_airs(const swirl_vk *vk);

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
int swirl_vk_air_info(const swirl_vk *vk, size_t air, swirl_air_info *out);
size_t swirl_vk_num_height_constraints(const swirl_vk *vk);
/* coefficients has swirl_vk_num_airs entries. */
int swirl_vk_height_constraint(const swirl_vk *vk, size_t i, const uint32_t **coefficients, uint32_t *threshold);

/* ---- debug constraint checker ------------------------------------------------------------------
 * Evaluates every constraint of every present AIR on every row (selectors of the true height,
 * next row cyclic) and the LogUp balance of every bus over all present AIRs; reports the FIRST
 * failure. Returns SWIRL_OK when everything holds, SWIRL_ERR_TRACE with the report filled when
 * something does not, or another status for bad arguments. */
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

int swirl_debug_check(const swirl_pk *pk, const swirl_air_inputs *inputs, size_t num_airs,
                      swirl_check_report *report, swirl_error *err);

/* ---- built-in AIRs (workloads.md) ---------------------------------------------------------------
 * keccakf: Plonky3's Keccak-f[1600] AIR (2633 columns, 24 rows per permutation). The trace of n
 * inputs has next_power_of_two(24 n) rows; missing permutations use the all-zero state and the
 * last one may be cut short, as Plonky3 does. input[x + 5y] is lane (x, y). */
swirl_air *swirl_keccakf_air(void);
int swirl_keccakf_generate_trace(const uint64_t (*inputs)[25], size_t num_inputs, swirl_trace *out);
void swirl_keccakf_random_inputs(uint64_t seed, size_t n, uint64_t (*out)[25]);

/* The reference's test AIRs (stark-backend test_utils/dummy_airs), same constraints and shapes.
 * Trace generators allocate the traces they return (swirl_trace_free). */
swirl_air *swirl_fib_air(void); /* columns left, right; public values a, b, x */
int swirl_fib_trace(uint32_t a, uint32_t b, unsigned log_height, swirl_trace *out, uint32_t public_values[3]);
/* sels: n selector bits (n a power of two); with_bus adds the bus-0 key lookup (count -sel). */
swirl_air *swirl_fib_selector_air(const uint8_t *sels, size_t n, int with_bus);
int swirl_fib_selector_trace(uint32_t a, uint32_t b, const uint8_t *sels, size_t n, swirl_trace *out,
                             uint32_t public_values[3]);
/* count column + field_width fields (partition: fields in cached main 0); send count or receive -count. */
swirl_air *swirl_dummy_interaction_air(size_t field_width, int is_send, uint16_t bus, int partition, uint32_t count_weight);
swirl_air *swirl_self_interaction_air(size_t width, uint16_t bus);
int swirl_self_interaction_trace(size_t width, unsigned log_height, swirl_trace *out);
swirl_air *swirl_preprocessed_cached_air(const uint8_t *sels, size_t n, size_t num_cached);
int swirl_preprocessed_cached_traces(const uint8_t *sels, size_t n, size_t num_cached, swirl_trace *common,
                                     swirl_trace *cached);
/* Traces of a dummy interaction AIR (n >= 1 rows of count + field_width fields, fields row-major;
 * height next_power_of_two(n), zero padding). Partitioned: common = count, cached = fields. */
int swirl_dummy_interaction_traces(size_t field_width, int partition, const uint32_t *counts, const uint32_t *fields,
                                   size_t n, swirl_trace *common, swirl_trace *cached);
/* SumAir of stark-backend's tests/partitioned_sum_air.rs: common main x, cached main y[width];
 * x = y_0 + ... + y_{width-1}. Traces: y below 1000 from the seed, x the row sums. */
swirl_air *swirl_partitioned_sum_air(size_t width);
int swirl_partitioned_sum_traces(size_t width, unsigned log_height, uint64_t seed, swirl_trace *common,
                                 swirl_trace *cached);

/* Scenario registry: a named bundle of AIRs (key order) with their proof inputs, used by the CLI,
 * the end-to-end tests and the benchmarks. `size` per scenario:
 *   keccakf             number of permutations, 1..65536 (height next_power_of_two(24 size));
 *                       inputs from swirl_keccakf_random_inputs(seed, size).
 *   fib                 log2 height, 0..24; a, b = 0, 1 for seed 0, else drawn from the seed.
 *   fib_selector        log2 height, 0..24; the reference's PreprocessedFibFixture: no bus,
 *                       sels[i] = (i even), a, b = 0, 1 for seed 0; other seeds draw a, b, sels.
 *   interactions        a sender and a receiver (DummyInteractionAir, 1 field, bus 0). size 0:
 *                       the reference's InteractionsFixture11 traces (4 and 8 rows); size s in
 *                       1..24: both 2^s rows, the receiver a seeded shuffle of the sender's rows.
 *   cached              as interactions with the fields in a cached main (CachedFixture11).
 *   self_interaction    log2 height, 0..20; six SelfInteractionAirs of widths 4, 7, 8, 8, 10, 100
 *                       on bus 4 (multi_interaction_traces_stark). Seed unused.
 *   preprocessed_cached log2 height, 0..24; PreprocessedCachedAir with 2 cached parts, sels as
 *                       fib_selector.
 *   partitioned_sum     log2 height, 0..24; SumAir of width 5, y from the seed.
 *   mixture             log2 height, 0..20; the reference's MixtureFixture::standard: fib(8, 8),
 *                       InteractionsFixture11, CachedFixture11, PreprocessedFibFixture(7, 3,
 *                       alternating sels) and the six self-interaction AIRs on bus 5 (12 AIRs).
 *                       Seeds other than 0 draw the fib values and selectors.
 * Everything in the bundle is owned by it (swirl_builtin_free). */
typedef struct swirl_builtin {
    const char *name;          /* the scenario name (static string) */
    swirl_air **airs;          /* num_airs AIRs, key order */
    size_t num_airs;
    swirl_air_inputs *inputs;  /* num_airs entries; common_main NULL when built without traces */
    unsigned max_log_height;   /* log2 of the tallest trace of the scenario */
} swirl_builtin;

int swirl_builtin_scenario(const char *name, size_t size, uint64_t seed, swirl_builtin **out, swirl_error *err);
/* The same bundle without traces or public values (inputs all absent): enough for keygen. */
int swirl_builtin_airs(const char *name, size_t size, uint64_t seed, swirl_builtin **out, swirl_error *err);
void swirl_builtin_free(swirl_builtin *b);
/* NULL-terminated list of the scenario names; *n (if n) receives their number. */
const char *const *swirl_builtin_names(size_t *n);

/* A cached main trace committed once (the stacked commitment of that single trace under the
 * key's parameters) and reusable across proofs: the point of cached partitions. The object
 * keeps its own copy of everything it needs. */
typedef struct swirl_committed_trace swirl_committed_trace;
int swirl_commit_cached_main(swirl_ctx *ctx, const swirl_vk *vk, const swirl_trace *trace,
                             swirl_committed_trace **out, swirl_error *err);
void swirl_committed_trace_free(swirl_committed_trace *c);
/* The Merkle root (8 canonical elements) that proofs carry for this cached trace. */
void swirl_committed_trace_root(const swirl_committed_trace *c, uint32_t out[8]);

/* ---- proving and verifying (iop.md §3) ---------------------------------------------------------
 * swirl_prove: one input per AIR of the key (absent optional AIRs have no traces). Cached main
 * traces are committed by the prover. Returns the proof bytes (codec v3, swirl_bytes_free).
 * Unbalanced interactions fail with SWIRL_ERR_TRACE; traces that violate constraints still
 * produce bytes, which the verifier rejects.
 * swirl_verify: SWIRL_OK, or SWIRL_ERR_DECODE for malformed bytes, or SWIRL_ERR_VERIFY with
 * err->detail naming the failed check. */
int swirl_prove(swirl_ctx *ctx, const swirl_pk *pk, const swirl_air_inputs *inputs, size_t num_airs, uint8_t **proof_out,
                size_t *len_out, swirl_error *err);
int swirl_verify(const swirl_vk *vk, const uint8_t *proof, size_t len, swirl_error *err);

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
int swirl_proof_summarize(const uint8_t *proof, size_t len, swirl_proof_summary *out, swirl_error *err);
void swirl_proof_summary_free(swirl_proof_summary *s);

#ifdef __cplusplus
}
#endif
#endif
