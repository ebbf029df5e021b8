/* test_air.c — the AIR builder, symbolic DAG rules (iop.md §1.5), keygen validation and
 * trace-height constraints (conformance.md §6), the verifying-key codec (postcard), and the
 * debug constraint checker. */
#include <string.h>
#include "air/air_internal.h"
#include "air/keys.h"
#include "swirl.h"
#include "swirl_scenarios.h"
#include "test_util.h"

static swirl_system_params P;

static swirl_air *fib_air(void) {
    swirl_air *a = swirl_air_new("fib");
    swirl_air_set_common_main(a, 2);
    swirl_air_set_num_public_values(a, 3);
    swirl_expr l = swirl_air_main(a, SWIRL_PART_COMMON, 0, 0), r = swirl_air_main(a, SWIRL_PART_COMMON, 1, 0);
    swirl_expr nl = swirl_air_main(a, SWIRL_PART_COMMON, 0, 1), nr = swirl_air_main(a, SWIRL_PART_COMMON, 1, 1);
    swirl_expr first = swirl_air_is_first_row(a), trans = swirl_air_is_transition(a), last = swirl_air_is_last_row(a);
    swirl_air_assert_zero_when(a, first, swirl_air_sub(a, l, swirl_air_public(a, 0)));
    swirl_air_assert_zero_when(a, first, swirl_air_sub(a, r, swirl_air_public(a, 1)));
    swirl_air_assert_zero_when(a, trans, swirl_air_sub(a, nl, r));
    swirl_air_assert_zero_when(a, trans, swirl_air_sub(a, nr, swirl_air_add(a, l, r)));
    swirl_air_assert_zero_when(a, last, swirl_air_sub(a, r, swirl_air_public(a, 2)));
    return a;
}

static void fib_trace(size_t h, uint32_t a0, uint32_t b0, swirl_trace *t, uint32_t pv[3]) {
    t->height = h;
    t->width = 2;
    t->values = malloc(h * 2 * 4);
    uint32_t a = a0, b = b0;
    for (size_t i = 0; i < h; i++) {
        t->values[2 * i] = a;
        t->values[2 * i + 1] = b;
        uint32_t c = bb_add(a, b);
        a = b;
        b = c;
    }
    pv[0] = a0; pv[1] = b0; pv[2] = t->values[2 * (h - 1) + 1];
}

/* DummyInteractionAir(field_width 1): columns [count, field]; send (count) or receive (-count). */
static swirl_air *dummy_air(int send, uint16_t bus, uint32_t weight) {
    swirl_air *a = swirl_air_new(send ? "sender" : "receiver");
    swirl_air_set_common_main(a, 2);
    swirl_expr cnt = swirl_air_main(a, SWIRL_PART_COMMON, 0, 0), f = swirl_air_main(a, SWIRL_PART_COMMON, 1, 0);
    swirl_air_push_interaction(a, bus, &f, 1, send ? cnt : swirl_air_neg(a, cnt), weight);
    return a;
}

/* FibonacciSelectorAir with its bus-0 lookup (count = sel, weight 0). */
static swirl_air *fib_sel_air(size_t h) {
    swirl_air *a = swirl_air_new("fib_selector");
    uint32_t *sel = malloc(h * 4);
    for (size_t i = 0; i < h; i++) sel[i] = i % 2 == 0;
    swirl_trace st = {sel, h, 1};
    swirl_air_set_preprocessed(a, &st);
    free(sel);
    swirl_air_set_common_main(a, 2);
    swirl_air_set_num_public_values(a, 3);
    swirl_expr l = swirl_air_main(a, SWIRL_PART_COMMON, 0, 0), r = swirl_air_main(a, SWIRL_PART_COMMON, 1, 0);
    swirl_expr s = swirl_air_prep(a, 0, 0);
    swirl_air_assert_zero_when(a, swirl_air_is_first_row(a), swirl_air_sub(a, l, swirl_air_public(a, 0)));
    swirl_expr sum = swirl_air_add(a, l, r);
    swirl_air_push_interaction(a, 0, &sum, 1, s, 0);
    return a;
}

static void test_dag_rules(void) {
    swirl_air *a = swirl_air_new("rules");
    swirl_air_set_common_main(a, 2);
    swirl_expr x = swirl_air_main(a, SWIRL_PART_COMMON, 0, 0), y = swirl_air_main(a, SWIRL_PART_COMMON, 1, 0);
    swirl_expr c0 = swirl_air_const(a, 0), c1 = swirl_air_const(a, 1), c2 = swirl_air_const(a, 2), c3 = swirl_air_const(a, 3);
    swirl_air_assert_zero(a, swirl_air_add(a, c2, c3));                 /* const + const -> Constant(5) */
    swirl_air_assert_zero(a, swirl_air_add(a, c0, x));                  /* 0 + x -> x */
    swirl_air_assert_zero(a, swirl_air_add(a, y, c0));                  /* y + 0 -> y */
    swirl_air_assert_zero(a, swirl_air_add(a, x, swirl_air_neg(a, y))); /* x + (-y) -> Sub(x, y) */
    swirl_air_assert_zero(a, swirl_air_sub(a, x, swirl_air_neg(a, y))); /* x - (-y) -> Add(x, y) */
    swirl_air_assert_zero(a, swirl_air_sub(a, x, c0));                  /* x - 0 -> x (duplicate) */
    swirl_air_assert_zero(a, swirl_air_neg(a, c3));                     /* -3 -> Constant(p-3) */
    swirl_air_assert_zero(a, swirl_air_mul(a, x, c1));                  /* x * 1 -> x */
    swirl_air_assert_zero(a, swirl_air_mul(a, c1, y));                  /* 1 * y -> y */
    swirl_air_assert_zero(a, swirl_air_mul(a, c0, y));                  /* 0 * y -> 0 */
    swirl_air_assert_zero(a, swirl_air_mul(a, x, y));                   /* Mul */
    swirl_air_assert_zero(a, swirl_air_mul(a, swirl_air_main(a, SWIRL_PART_COMMON, 0, 0), swirl_air_main(a, SWIRL_PART_COMMON, 1, 0))); /* interned */
    swirl_dag d;
    CHECK(swirl_dag_build(a, &d) == SWIRL_OK);
    /* expected node order (post-order, interned):
       0 C2, 1 C3, 2 C5, 3 C0, 4 x, 5 y, 6 Neg(y), 7 Sub(x,y), 8 Add(x,y), 9 C(p-3), 10 C1, 11 Mul(x,y) */
    int ok = d.num_nodes == 12;
    if (ok) {
        ok &= d.nodes[0].kind == SW_NODE_CONST && d.nodes[0].value == 2;
        ok &= d.nodes[1].kind == SW_NODE_CONST && d.nodes[1].value == 3;
        ok &= d.nodes[2].kind == SW_NODE_CONST && d.nodes[2].value == 5;
        ok &= d.nodes[3].kind == SW_NODE_CONST && d.nodes[3].value == 0;
        ok &= d.nodes[4].kind == SW_NODE_VAR && d.nodes[4].index == 0 && d.nodes[4].part == 0;
        ok &= d.nodes[5].kind == SW_NODE_VAR && d.nodes[5].index == 1;
        ok &= d.nodes[6].kind == SW_NODE_NEG && d.nodes[6].left == 5;
        ok &= d.nodes[7].kind == SW_NODE_SUB && d.nodes[7].left == 4 && d.nodes[7].right == 5 && d.nodes[7].degree == 1;
        ok &= d.nodes[8].kind == SW_NODE_ADD && d.nodes[8].left == 4 && d.nodes[8].right == 5;
        ok &= d.nodes[9].kind == SW_NODE_CONST && d.nodes[9].value == SWIRL_P - 3;
        ok &= d.nodes[10].kind == SW_NODE_CONST && d.nodes[10].value == 1;
        ok &= d.nodes[11].kind == SW_NODE_MUL && d.nodes[11].left == 4 && d.nodes[11].right == 5 && d.nodes[11].degree == 2;
    }
    CHECK_MSG(ok, "DAG node list (%zu nodes)", d.num_nodes);
    /* constraints: {2, 4, 5, 7, 8, 4, 9, 4, 5, 3, 11, 11} sorted + dedup */
    static const uint32_t want[] = {2, 3, 4, 5, 7, 8, 9, 11};
    CHECK(d.num_constraints == 8 && !memcmp(d.constraint_idx, want, sizeof want));
    CHECK(!d.need_rot && d.max_degree == 2);
    swirl_dag_free(&d);
    swirl_air_free(a);

    /* stale degree: Mul(x, 1)'s degree 1 == x, but (x*1)*y keeps degree_multiple from the source
     * (1+0)+1 = 2, while x*(y*y) - (x*y)*y style nodes are distinguished by structure. Here:
     * Add(x*1, y) has degree max(1, 1) = 1 and interns with Add(x, y). */
    a = swirl_air_new("stale");
    swirl_air_set_common_main(a, 2);
    x = swirl_air_main(a, SWIRL_PART_COMMON, 0, 1);
    y = swirl_air_main(a, SWIRL_PART_COMMON, 1, 0);
    swirl_expr xc = swirl_air_mul(a, x, swirl_air_mul(a, y, swirl_air_const(a, 0))); /* x * (y*0) -> 0, source degree 2 */
    swirl_air_assert_zero(a, swirl_air_add(a, xc, y));  /* 0 + y -> y */
    swirl_air_assert_zero(a, swirl_air_sub(a, swirl_air_mul(a, x, y), swirl_air_mul(a, swirl_air_mul(a, x, swirl_air_const(a, 1)), y)));
    CHECK(swirl_dag_build(a, &d) == SWIRL_OK);
    CHECK(d.need_rot == 1);
    /* x*1 -> x so both Mul nodes are Mul(x, y) with degree 2: interned to one node */
    size_t muls = 0;
    for (size_t i = 0; i < d.num_nodes; i++) muls += d.nodes[i].kind == SW_NODE_MUL;
    CHECK(muls == 1);
    swirl_dag_free(&d);
    swirl_air_free(a);
}

static void test_keygen_validation(void) {
    swirl_pk *pk;
    swirl_error e;
    swirl_air *a = swirl_air_new("zero");
    swirl_air_assert_zero(a, swirl_air_const(a, 0));
    CHECK(swirl_keygen(NULL, &P, &a, 1, &pk, NULL, &e) == SWIRL_ERR_AIR && strstr(e.message, "AirWidthZero"));
    swirl_air_free(a);
    a = swirl_air_new("empty");
    swirl_air_set_common_main(a, 1);
    CHECK(swirl_keygen(NULL, &P, &a, 1, &pk, NULL, &e) == SWIRL_ERR_AIR && strstr(e.message, "AirNoConstraintsOrInteractions"));
    swirl_air_free(a);
    a = swirl_air_new("emptymsg");
    swirl_air_set_common_main(a, 1);
    swirl_air_push_interaction(a, 0, NULL, 0, swirl_air_main(a, SWIRL_PART_COMMON, 0, 0), 1);
    CHECK(swirl_keygen(NULL, &P, &a, 1, &pk, NULL, &e) == SWIRL_ERR_AIR && strstr(e.message, "InteractionMessageEmpty"));
    swirl_air_free(a);
    a = swirl_air_new("deg");
    swirl_air_set_common_main(a, 1);
    swirl_expr x = swirl_air_main(a, SWIRL_PART_COMMON, 0, 0);
    swirl_air_assert_zero(a, swirl_air_mul(a, x, swirl_air_mul(a, x, swirl_air_mul(a, x, x))));
    CHECK(swirl_keygen(NULL, &P, &a, 1, &pk, NULL, &e) == SWIRL_ERR_AIR && strstr(e.message, "MaxConstraintDegreeExceeded"));
    swirl_air_free(a);
    a = swirl_air_new("badcol");
    swirl_air_set_common_main(a, 1);
    swirl_air_assert_zero(a, swirl_air_main(a, SWIRL_PART_COMMON, 5, 0));
    CHECK(swirl_keygen(NULL, &P, &a, 1, &pk, NULL, &e) == SWIRL_ERR_AIR && strstr(e.message, "column"));
    swirl_air_free(a);
    a = swirl_air_new("rot2");
    swirl_air_set_common_main(a, 1);
    swirl_air_assert_zero(a, swirl_air_main(a, SWIRL_PART_COMMON, 0, 2));
    CHECK(swirl_keygen(NULL, &P, &a, 1, &pk, NULL, &e) == SWIRL_ERR_AIR);
    swirl_air_free(a);
}

static void test_height_constraints(void) {
    swirl_air *airs[4] = {fib_sel_air(8), dummy_air(1, 0, 3), dummy_air(1, 0, 1), dummy_air(1, 1, 7)};
    swirl_pk *pk = NULL;
    swirl_vk *vk = NULL;
    swirl_error e = {0};
    CHECK_MSG(swirl_keygen(NULL, &P, airs, 4, &pk, &vk, &e) == SWIRL_OK, "%s", e.message);
    if (vk) {
        CHECK(swirl_vk_num_height_constraints(vk) == 3);
        const uint32_t *c;
        uint32_t thr;
        static const uint32_t w0[] = {0, 3, 1, 0}, w1[] = {0, 0, 0, 7}, w2[] = {1, 1, 1, 1};
        CHECK(swirl_vk_height_constraint(vk, 0, &c, &thr) == SWIRL_OK && !memcmp(c, w0, 16) && thr == SWIRL_P);
        CHECK(swirl_vk_height_constraint(vk, 1, &c, &thr) == SWIRL_OK && !memcmp(c, w1, 16) && thr == SWIRL_P);
        CHECK(swirl_vk_height_constraint(vk, 2, &c, &thr) == SWIRL_OK && !memcmp(c, w2, 16) && thr == (1u << 30));
        swirl_air_info info;
        CHECK(swirl_vk_air_info(vk, 0, &info) == SWIRL_OK && info.has_preprocessed && info.num_interactions == 1);
    }
    swirl_pk_free(pk);
    swirl_vk_free(vk);
    for (int i = 0; i < 4; i++) swirl_air_free(airs[i]);
    swirl_air *airs2[3] = {fib_sel_air(8), dummy_air(1, 0, 1), dummy_air(1, 1, 1)};
    CHECK(swirl_keygen(NULL, &P, airs2, 3, &pk, &vk, &e) == SWIRL_OK);
    if (vk) {
        CHECK(swirl_vk_num_height_constraints(vk) == 1);
        const uint32_t *c;
        uint32_t thr;
        static const uint32_t w[] = {1, 1, 1};
        CHECK(swirl_vk_height_constraint(vk, 0, &c, &thr) == SWIRL_OK && !memcmp(c, w, 12) && thr == (1u << 30));
    }
    swirl_pk_free(pk);
    swirl_vk_free(vk);
    for (int i = 0; i < 3; i++) swirl_air_free(airs2[i]);
}

/* Every proving key gets fresh identities (the device key cache's keys, util/uid.h): non-zero on
 * every AIR key and preprocessed commitment, distinct within a key and from every other key,
 * whichever way it was made (keygen, decode, from a verifying key). */
static void check_uids(const swirl_pk *a, const swirl_pk *b, const swirl_pk *c) {
    const swirl_pk *keys[3] = {a, b, c};
    uint64_t seen[64];
    size_t n = 0;
    for (size_t k = 0; k < 3; k++) {
        if (!keys[k]) continue;
        for (size_t i = 0; i < keys[k]->vk->num_airs && n + 2 <= 64; i++) {
            seen[n++] = keys[k]->vk->airs[i].uid;
            if (keys[k]->airs[i].prep_data) seen[n++] = keys[k]->airs[i].prep_data->uid;
        }
    }
    size_t zero = 0, dup = 0;
    for (size_t i = 0; i < n; i++) {
        zero += seen[i] == 0;
        for (size_t j = i + 1; j < n; j++) dup += seen[i] == seen[j];
    }
    CHECK_MSG(n >= 10 && zero == 0 && dup == 0, "%zu identities: %zu zero, %zu repeated", n, zero, dup);
}

static void test_vk_codec(void) {
    swirl_air *airs[4] = {fib_air(), fib_sel_air(4), dummy_air(1, 2, 1), dummy_air(0, 2, 1)};
    swirl_pk *pk = NULL;
    swirl_vk *vk = NULL;
    swirl_error e = {0};
    CHECK(swirl_keygen(NULL, &P, airs, 4, &pk, &vk, &e) == SWIRL_OK);
    uint8_t *b = NULL;
    size_t len = 0;
    CHECK(swirl_vk_encode(vk, &b, &len, &e) == SWIRL_OK);
    /* the pre-hash of pk's and vk's keys agree and are not trivial */
    uint32_t h1[8], h2[8];
    swirl_vk_pre_hash(vk, h1);
    swirl_vk_pre_hash(swirl_pk_vk(pk), h2);
    CHECK(!memcmp(h1, h2, 32) && (h1[0] | h1[1] | h1[7]));
    swirl_vk *d = NULL;
    CHECK(swirl_vk_decode(b, len, &d, &e) == SWIRL_OK);
    uint8_t *b2 = NULL;
    size_t len2 = 0;
    if (d) CHECK(swirl_vk_encode(d, &b2, &len2, &e) == SWIRL_OK && len2 == len && !memcmp(b, b2, len));
    swirl_vk_free(d);
    swirl_bytes_free(b2);
    /* every truncation is rejected */
    size_t trunc_ok = 0;
    for (size_t n = 0; n < len; n++) {
        swirl_vk *t = NULL;
        if (swirl_vk_decode(b, n, &t, &e) == SWIRL_OK) { trunc_ok++; swirl_vk_free(t); }
    }
    CHECK_MSG(trunc_ok == 0, "%zu truncations decoded", trunc_ok);
    /* trailing byte */
    uint8_t *ext = malloc(len + 1);
    memcpy(ext, b, len);
    ext[len] = 0;
    swirl_vk *t = NULL;
    CHECK(swirl_vk_decode(ext, len + 1, &t, &e) == SWIRL_ERR_DECODE);
    free(ext);
    /* every single-byte change is rejected (the pre-hash binds the key) or re-encodes identically */
    size_t bad = 0;
    for (size_t i = 0; i < len; i++) {
        uint8_t save = b[i];
        b[i] ^= (uint8_t)(0x55 ^ (i & 0xff));
        if (b[i] == save) b[i] ^= 1;
        t = NULL;
        if (swirl_vk_decode(b, len, &t, &e) == SWIRL_OK) {
            uint8_t *rb = NULL;
            size_t rl = 0;
            swirl_vk_encode(t, &rb, &rl, NULL);
            if (rl != len || memcmp(rb, b, len)) bad++;
            swirl_bytes_free(rb);
            swirl_vk_free(t);
            bad++; /* an altered key must never decode: the stored pre-hash no longer matches */
        }
        b[i] = save;
    }
    CHECK_MSG(bad == 0, "%zu altered keys accepted", bad);
    swirl_bytes_free(b);
    /* proving key: round trip, truncations, trailing byte, altered preprocessed value */
    uint8_t *pb = NULL;
    size_t plen = 0;
    CHECK(swirl_pk_encode(pk, &pb, &plen, &e) == SWIRL_OK);
    swirl_pk *pk2 = NULL;
    CHECK(swirl_pk_decode(NULL, pb, plen, &pk2, &e) == SWIRL_OK);
    swirl_pk *pk3 = NULL;
    swirl_trace preps[4];
    for (size_t a = 0; a < 4; a++) preps[a] = pk->airs[a].prep;
    CHECK_MSG(swirl_pk_from_vk(NULL, vk, preps, NULL, 4, &pk3, &e) == SWIRL_OK, "%s", e.message);
    if (pk2) check_uids(pk, pk2, pk3);
    swirl_pk_free(pk3);
    if (pk2) {
        uint8_t *pb2 = NULL;
        size_t plen2 = 0;
        CHECK(swirl_pk_encode(pk2, &pb2, &plen2, &e) == SWIRL_OK && plen2 == plen && !memcmp(pb, pb2, plen));
        swirl_bytes_free(pb2);
        swirl_pk_free(pk2);
    }
    size_t ptrunc = 0;
    for (size_t n = 0; n < plen; n += 1 + n / 64) {
        swirl_pk *t2 = NULL;
        if (swirl_pk_decode(NULL, pb, n, &t2, &e) == SWIRL_OK) { ptrunc++; swirl_pk_free(t2); }
    }
    CHECK_MSG(ptrunc == 0, "%zu pk truncations decoded", ptrunc);
    /* the last 4 bytes are a preprocessed value of the last AIR with one... the fib_selector AIR
     * (index 1) holds the only preprocessed trace: flip its last value */
    {
        size_t off = 0;
        /* find the preprocessed block: search for the 4-byte LE height 4 followed by width 1 */
        for (size_t i = 0; i + 8 <= plen; i++)
            if (pb[i] == 4 && !pb[i + 1] && !pb[i + 2] && !pb[i + 3] && pb[i + 4] == 1 && !pb[i + 5] && !pb[i + 6] && !pb[i + 7]) { off = i + 8; break; }
        CHECK(off > 0);
        if (off) {
            pb[off] ^= 1;
            swirl_pk *t2 = NULL;
            CHECK(swirl_pk_decode(NULL, pb, plen, &t2, &e) == SWIRL_ERR_DECODE && strstr(e.message, "commitment"));
            pb[off] ^= 1;
        }
    }
    swirl_bytes_free(pb);
    swirl_pk_free(pk);
    swirl_vk_free(vk);
    for (int i = 0; i < 4; i++) swirl_air_free(airs[i]);
}

static void test_checker(void) {
    swirl_air *airs[3] = {fib_air(), dummy_air(1, 5, 1), dummy_air(0, 5, 1)};
    swirl_pk *pk = NULL;
    swirl_error e = {0};
    CHECK(swirl_keygen(NULL, &P, airs, 3, &pk, NULL, &e) == SWIRL_OK);
    swirl_trace fib;
    uint32_t pv[3];
    fib_trace(16, 1, 1, &fib, pv);
    uint32_t sv[8 * 2], rv[4 * 2];
    /* sender: counts 1..8 of values 10+i; receiver: 4 rows absorbing the same multiset */
    for (int i = 0; i < 8; i++) { sv[2 * i] = 1; sv[2 * i + 1] = 10 + (uint32_t)(i % 4); }
    for (int i = 0; i < 4; i++) { rv[2 * i] = 2; rv[2 * i + 1] = 10 + (uint32_t)i; }
    swirl_trace st = {sv, 8, 2}, rt = {rv, 4, 2};
    swirl_air_inputs in[3];
    memset(in, 0, sizeof in);
    in[0].common_main = &fib; in[0].public_values = pv; in[0].num_public_values = 3;
    in[1].common_main = &st;
    in[2].common_main = &rt;
    swirl_check_report rep;
    CHECK_MSG(swirl_debug_check(pk, in, 3, &rep, &e) == SWIRL_OK, "%s", e.message);
    /* every single cell change of the fib trace is caught at the right AIR */
    size_t missed = 0;
    for (size_t cell = 0; cell < 32; cell++) {
        uint32_t save = fib.values[cell];
        fib.values[cell] = bb_add(save, 7);
        if (swirl_debug_check(pk, in, 3, &rep, &e) != SWIRL_ERR_TRACE || rep.kind != SWIRL_CHECK_CONSTRAINT || rep.air != 0) missed++;
        fib.values[cell] = save;
    }
    CHECK_MSG(missed == 0, "%zu cell changes missed", missed);
    /* a change in row 5 is reported at row 4 (transition into row 5) or row 5 */
    fib.values[2 * 5 + 1] = bb_add(fib.values[2 * 5 + 1], 1);
    CHECK(swirl_debug_check(pk, in, 3, &rep, &e) == SWIRL_ERR_TRACE && rep.kind == SWIRL_CHECK_CONSTRAINT && rep.row == 4);
    fib.values[2 * 5 + 1] = bb_sub(fib.values[2 * 5 + 1], 1);
    /* wrong public value */
    pv[2] = bb_add(pv[2], 1);
    CHECK(swirl_debug_check(pk, in, 3, &rep, &e) == SWIRL_ERR_TRACE && rep.kind == SWIRL_CHECK_CONSTRAINT && rep.row == 15);
    pv[2] = bb_sub(pv[2], 1);
    /* unbalanced bus: change a count or a message */
    rv[0] = 3;
    CHECK(swirl_debug_check(pk, in, 3, &rep, &e) == SWIRL_ERR_TRACE && rep.kind == SWIRL_CHECK_BUS && rep.bus == 5);
    rv[0] = 2;
    sv[3] = 99;
    CHECK(swirl_debug_check(pk, in, 3, &rep, &e) == SWIRL_ERR_TRACE && rep.kind == SWIRL_CHECK_BUS);
    sv[3] = 11;
    CHECK(swirl_debug_check(pk, in, 3, &rep, &e) == SWIRL_OK);
    /* shapes: wrong width, value >= p, missing public values */
    fib.width = 3;
    CHECK(swirl_debug_check(pk, in, 3, &rep, &e) == SWIRL_ERR_TRACE && rep.kind == SWIRL_CHECK_SHAPE);
    fib.width = 2;
    fib.values[0] = SWIRL_P;
    CHECK(swirl_debug_check(pk, in, 3, &rep, &e) == SWIRL_ERR_FIELD_RANGE && rep.kind == SWIRL_CHECK_SHAPE);
    fib.values[0] = 1;
    in[0].num_public_values = 2;
    CHECK(swirl_debug_check(pk, in, 3, &rep, &e) == SWIRL_ERR_TRACE && rep.kind == SWIRL_CHECK_SHAPE);
    in[0].num_public_values = 3;
    /* absent optional AIRs are fine (both bus AIRs absent: the bus is empty) */
    in[1].common_main = NULL;
    in[2].common_main = NULL;
    CHECK(swirl_debug_check(pk, in, 3, &rep, &e) == SWIRL_OK);
    CHECK(swirl_debug_check(pk, in, 2, &rep, &e) == SWIRL_ERR_INVALID_ARG);
    swirl_trace_free(&fib);
    swirl_pk_free(pk);
    for (int i = 0; i < 3; i++) swirl_air_free(airs[i]);
}

static void test_unused_and_info(void) {
    swirl_air *a = swirl_air_new("unused");
    swirl_air_add_cached_main(a, 2);
    swirl_air_set_common_main(a, 3);
    swirl_expr c1 = swirl_air_main(a, 0, 1, 0), m0n = swirl_air_main(a, SWIRL_PART_COMMON, 0, 1);
    swirl_air_assert_zero(a, swirl_air_sub(a, c1, m0n));
    swirl_pk *pk = NULL;
    swirl_vk *vk = NULL;
    swirl_error e;
    CHECK(swirl_keygen(NULL, &P, &a, 1, &pk, &vk, &e) == SWIRL_OK);
    if (vk) {
        const swirl_air_vk *v = &vk->airs[0];
        /* unused as (part, column, offset): cached part 0: (0,0),(0,1),(1,1); common part 1: (0,0),(1,0),(1,1),(2,0),(2,1) */
        static const uint32_t want[][3] = {{0, 0, 0}, {0, 0, 1}, {0, 1, 1}, {1, 0, 0}, {1, 1, 0}, {1, 1, 1}, {1, 2, 0}, {1, 2, 1}};
        int ok = v->num_unused == 8;
        for (size_t i = 0; ok && i < 8; i++)
            ok &= v->unused[i].part == want[i][0] && v->unused[i].index == want[i][1] && v->unused[i].offset == want[i][2];
        CHECK_MSG(ok, "unused variables (%zu)", v->num_unused);
        swirl_air_info info;
        CHECK(swirl_vk_air_info(vk, 0, &info) == SWIRL_OK && info.need_rot && info.num_cached_mains == 1 &&
              info.cached_main_widths[0] == 2 && info.common_main_width == 3 && info.num_constraints == 1);
        /* the common main is part 1 (after the cached part) in the DAG */
        int part_ok = 0;
        for (size_t i = 0; i < v->dag.num_nodes; i++)
            if (v->dag.nodes[i].kind == SW_NODE_VAR && v->dag.nodes[i].offset == 1) part_ok = v->dag.nodes[i].part == 1;
        CHECK(part_ok);
    }
    swirl_pk_free(pk);
    swirl_vk_free(vk);
    swirl_air_free(a);
}

/* An AIR with more trace parts than swirl supports is refused at keygen with SWIRL_ERR_AIR; at the
 * limit (7 cached + common, or 6 cached + preprocessed + common) it is accepted. */
static void test_part_limit(void) {
    for (int with_prep = 0; with_prep <= 1; with_prep++)
        for (size_t nc = 5; nc <= 8; nc++) {
            swirl_air *a = swirl_air_new("parts");
            if (with_prep) {
                uint32_t pv[4] = {1, 2, 3, 4};
                swirl_trace pt = {pv, 4, 1};
                swirl_air_set_preprocessed(a, &pt);
            }
            swirl_air_set_common_main(a, 1);
            for (size_t c = 0; c < nc; c++) swirl_air_add_cached_main(a, 1);
            swirl_expr x = swirl_air_main(a, SWIRL_PART_COMMON, 0, 0);
            for (size_t c = 0; c < nc; c++) x = swirl_air_add(a, x, swirl_air_main(a, (int)c, 0, 0));
            swirl_air_assert_zero(a, x);
            swirl_pk *pk = NULL;
            swirl_vk *vk = NULL;
            swirl_error e = {0};
            int rc = swirl_keygen(NULL, &P, &a, 1, &pk, &vk, &e);
            int ok = 1 + (size_t)with_prep + nc <= 8;
            CHECK_MSG(ok ? rc == SWIRL_OK : (rc == SWIRL_ERR_AIR && strstr(e.message, "limit")), "parts %d+%zu: rc %d (%s)",
                      with_prep, nc, rc, e.message);
            swirl_pk_free(pk);
            swirl_vk_free(vk);
            swirl_air_free(a);
        }
}

/* Trace heights that violate a trace-height constraint are refused before proving, with the
 * reference's error name, by the prover and the debug checker alike. */
static void test_height_constraint_violation(void) {
    swirl_air *airs[2] = {swirl_dummy_interaction_air(1, 1, 0, 0, 1u << 22), swirl_dummy_interaction_air(1, 0, 0, 0, 1u << 22)};
    swirl_pk *pk = NULL;
    swirl_vk *vk = NULL;
    swirl_error e = {0};
    CHECK_MSG(swirl_keygen(NULL, &P, airs, 2, &pk, &vk, &e) == SWIRL_OK, "%s", e.message);
    for (unsigned lh = 3; pk && lh <= 9; lh += 6) {
        size_t n = (size_t)1 << lh;
        uint32_t *counts = calloc(n, 4), *fields = calloc(n, 4);
        for (size_t i = 0; i < n; i++) { counts[i] = 1; fields[i] = (uint32_t)i; }
        swirl_trace c0 = {0}, c1 = {0};
        CHECK(swirl_dummy_interaction_traces(1, 0, counts, fields, n, &c0, NULL) == SWIRL_OK);
        CHECK(swirl_dummy_interaction_traces(1, 0, counts, fields, n, &c1, NULL) == SWIRL_OK);
        swirl_air_inputs in[2];
        memset(in, 0, sizeof in);
        in[0].common_main = &c0;
        in[1].common_main = &c1;
        uint64_t sum = 0;
        const uint32_t *coef = NULL;
        uint32_t thr = 0;
        int violated = 0;
        for (size_t i = 0; i < swirl_vk_num_height_constraints(vk); i++) {
            swirl_vk_height_constraint(vk, i, &coef, &thr);
            sum = ((uint64_t)coef[0] << lh) + ((uint64_t)coef[1] << lh);
            if (sum >= thr) violated = 1;
        }
        CHECK_MSG(violated == (lh == 9), "lh %u: expected the constraint %s", lh, lh == 9 ? "violated" : "satisfied");
        swirl_check_report rep;
        int rc = swirl_debug_check(pk, in, 2, &rep, &e);
        if (violated) {
            CHECK_MSG(rc == SWIRL_ERR_TRACE && rep.kind == SWIRL_CHECK_SHAPE && strstr(e.message, "TraceHeightsTooLarge"), "%s", e.message);
            uint8_t *proof = NULL;
            size_t len = 0;
            swirl_error e2 = {0};
            CHECK(swirl_prove(NULL, pk, in, 2, &proof, &len, &e2) == SWIRL_ERR_TRACE && strstr(e2.message, "TraceHeightsTooLarge"));
            swirl_bytes_free(proof);
        } else {
            CHECK_MSG(rc == SWIRL_OK, "%s", e.message);
        }
        swirl_trace_free(&c0);
        swirl_trace_free(&c1);
        free(counts);
        free(fields);
    }
    swirl_pk_free(pk);
    swirl_vk_free(vk);
    swirl_air_free(airs[0]);
    swirl_air_free(airs[1]);
}

int main(void) {
    CHECK(swirl_params_default_test(&P) == SWIRL_OK);
    test_dag_rules();
    test_keygen_validation();
    test_height_constraints();
    test_vk_codec();
    test_checker();
    test_unused_and_info();
    test_part_limit();
    test_height_constraint_violation();
    return t_summary("test_air");
}
