/* zc_internal.h — what the batch constraint sumcheck's prover files share (zerocheck.c drives the
 * protocol; zc_program.c lifts traces and compiles their DAGs; zc_round0.c accumulates round 0;
 * zc_mle.c runs the multilinear rounds). Not part of the iop interface. */
#ifndef SWIRL_ZC_INTERNAL_H
#define SWIRL_ZC_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "iop/zerocheck.h"
#include "poly/ntt.h"
#include "util/pool.h"

#define MAXP SWIRL_MAX_TRACE_PARTS

static inline size_t ntil_of(unsigned lh, unsigned l) { return lh > l ? lh - l : 0; }

/* 2^-32 mod p: converts a Montgomery-form value (x 2^32) back to the canonical one */
#define ZC_RINV 943718400u
static inline bb_t zc_canon(bb_t v, int mont) { return mont ? bb_mul(v, ZC_RINV) : v; }

/* ---- lifted columns: every part's columns and their rotations, then the three selectors ---- */
typedef struct {
    size_t nparts;
    size_t part_width[MAXP], part_base[MAXP]; /* base column id of each part (2 per column) */
    size_t ncols;                             /* 2 * total width + 3 */
    size_t sel;                               /* id of is_first; +1 is_last; +2 is_transition */
    int has_prep;
    size_t num_cached;
} colmap;

/* Parts of an AIR: common main, preprocessed, cached mains. Keygen and the vk decoder reject an
 * AIR with more than SWIRL_MAX_TRACE_PARTS (the proof's per-trace part tables have that many
 * slots), so every vk that reaches the IOP passes this; callers test it before zc_make_colmap. */
static inline int zc_parts_ok(const swirl_air_vk *v) { return v->num_cached < MAXP && 1 + (size_t)v->has_prep_width + v->num_cached <= MAXP; }
/* contract: zc_parts_ok(v) */
void zc_make_colmap(const swirl_air_vk *v, colmap *m);
/* lifted column of a (non-public) DAG variable */
size_t zc_var_column(const colmap *m, const swirl_node *n);
/* Lifted column matrix (column-major, Hl = 2^(l+ñ) rows; traces shorter than 2^l repeat). */
bb_t *zc_lift(const swirl_zc_trace *t, const colmap *m, unsigned l, size_t *Hl_out, swirl_pool *pool);
/* The DAG over EF at column values cols: lambda-batched constraint sum and per-interaction
 * numerator / denominator (h_beta without alpha). scratch holds num_nodes values. */
void zc_eval_dag(const swirl_air_vk *v, const colmap *m, const ef_t *cols, const uint32_t *pv, ef_t lambda, ef_t beta,
                 ef_t *scratch, ef_t *C, ef_t *num, ef_t *den);

/* ---- the DAG compiled to a straight-line program over lifted columns (swirl_zc_r0_input) ---- */
typedef struct {
    uint32_t *op, *a0, *a1, *cn, *cnt, *off, *msg, *bus;
    bb_t *cmont;     /* per node: CONST operand in Montgomery form */
    uint32_t *ccol;  /* per node: for COL ops, the index among the used columns */
    uint32_t *ucols; /* the lifted columns the program reads (a rotation column is often unused) */
    size_t nu;
} zc_prog;

int zc_prog_compile(const swirl_air_vk *v, const colmap *m, const uint32_t *public_values, zc_prog *g);
void zc_prog_free(zc_prog *g);

/* AVX-512F present (run-time check); SWIRL_NO_AVX512=1 forces the portable paths. */
int zc_have_avx512(void);

/* ---- per-trace prover state ---------------------------------------------------------------- */
typedef struct {
    colmap m;
    zc_prog prog;   /* compiled once, used by round 0 and the MLE rounds */
    size_t Hl, ntil;
    bb_t *M;        /* lifted base columns (freed once the r0 tables exist) */
    ef_t *T;        /* EF tables after round 0: ncols x 2^ñ */
    bb_t norm;
    size_t Tstride; /* column stride of T (2^ñ): columns fold in place, column c at T + c * Tstride */
    ef_t F;         /* full bracket once folded */
} trace_state;

/* Round 0 of one trace: adds its eq-weighted LogUp numerator / denominator and lambda-batched
 * constraint sums at the E = 2^(l+b) points into A, B, C (on the backend's hook when given). */
typedef struct {
    const swirl_air_vk *v;
    const trace_state *s;
    const swirl_ntt_tables *tab; /* up to 2^(l+b) points */
    unsigned l, b;
    const ef_t *xi, *ew;          /* xi: the sumcheck point (eq over chunks uses xi[l..]) */
    ef_t lambda, beta;
    const bb_t *weights;          /* extension weights [z][pt] (swirl_zc_extension_weights) */
    const bb_t *weights_mont;     /* the same times 2^64 for the AVX-512 path, NULL: portable path */
} zc_r0_trace;
int zc_round0_trace(const zc_r0_trace *in, swirl_pool *pool, const swirl_zc_accel *accel, ef_t *A, ef_t *B, ef_t *C);

/* Rounds 1..n_max: builds the tables at r_0, runs the rounds (observing s_j, sampling r_j), and
 * leaves every trace's columns folded to their values at r (T[c * Tstride]) and F set. */
typedef struct {
    const swirl_zc_trace *traces;
    trace_state *ts;
    size_t N, n_max, D;
    unsigned l;
    const ef_t *xi, *mup; /* mup: powers of mu, 3N + 1 */
    ef_t *const *ew;      /* per-trace LogUp weights */
    ef_t lambda, beta;
} zc_mle_input;
int zc_mle_rounds(const zc_mle_input *in, swirl_transcript *tr, swirl_pool *pool, ef_t *rounds_out, ef_t *r);

#endif
