/* zc_internal.h — what the batch constraint sumcheck's prover files share (zerocheck.c drives the
 * protocol; zc_program.c lifts traces and compiles their DAGs; the backends' zc ops, e.g.
 * src/backend/cpu/zc_cpu.c, run round 0 and the multilinear rounds). Not part of the iop
 * interface. */
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
 * slots), so every vk that reaches the IOP passes this; callers test it before swirl_zc_make_colmap. */
static inline int zc_parts_ok(const swirl_air_vk *v) { return v->num_cached < MAXP && 1 + (size_t)v->has_prep_width + v->num_cached <= MAXP; }
/* contract: zc_parts_ok(v) */
void swirl_zc_make_colmap(const swirl_air_vk *v, colmap *m);
/* lifted column of a (non-public) DAG variable */
size_t swirl_zc_var_column(const colmap *m, const swirl_node *n);
/* Lifted column matrix (column-major, Hl = 2^(l+ñ) rows; traces shorter than 2^l repeat). */
bb_t *swirl_zc_lift(const swirl_zc_trace *t, const colmap *m, unsigned l, size_t *Hl_out, swirl_pool *pool);
/* The DAG over EF at column values cols: lambda-batched constraint sum and per-interaction
 * numerator / denominator (h_beta without alpha). scratch holds num_nodes values. */
void swirl_zc_eval_dag(const swirl_air_vk *v, const colmap *m, const ef_t *cols, const uint32_t *pv, ef_t lambda, ef_t beta,
                 ef_t *scratch, ef_t *C, ef_t *num, ef_t *den);

/* ---- the DAG compiled to a straight-line program over lifted columns ---- */
typedef struct {
    uint32_t *op, *a0, *a1, *cn, *cnt, *off, *msg, *bus;
    bb_t *cmont;     /* per node: CONST operand in Montgomery form */
    uint32_t *ccol;  /* per node: for COL ops, the index among the used columns */
    uint32_t *ucols; /* the lifted columns the program reads (a rotation column is often unused) */
    size_t nu;
} zc_prog;

int swirl_zc_prog_compile(const swirl_air_vk *v, const colmap *m, const uint32_t *public_values, zc_prog *g);
void swirl_zc_prog_free(zc_prog *g);

/* AVX-512F present (run-time check); SWIRL_NO_AVX512=1 forces the portable paths. */
int swirl_zc_have_avx512(void);

/* ---- per-trace prover state of the CPU ops (src/backend/cpu/zc_cpu.c) ---------------------------------------------------------------- */
typedef struct {
    colmap m;
    zc_prog prog;   /* compiled once, used by round 0 and the MLE rounds */
    size_t Hl, ntil;
    bb_t *M;        /* lifted base columns (freed once the r0 tables exist) */
    ef_t *T;        /* EF tables after round 0: ncols x 2^ñ */
    bb_t norm;
    size_t Tstride; /* column stride of T (2^ñ): columns fold in place, column c at T + c * Tstride */
} trace_state;

/* Trace t's state in a workspace of the CPU ops (tests/test_zc_accel.c's reference round 0 wraps
 * a CPU workspace and reads the lifted columns and programs from it). */
struct swirl_zc_ws;
const trace_state *swirl_zc_cpu_trace(const struct swirl_zc_ws *ws, size_t t);

#endif
