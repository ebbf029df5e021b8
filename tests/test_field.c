/* test_field.c — BabyBear and EF4 identities, generator orders, inverses. */
#include "field/babybear.h"
#include "test_util.h"

static bb_t rnd_edge(void) {
    static const bb_t edge[] = {0, 1, 2, BB_P - 1, BB_P - 2, (BB_P - 1) / 2, (BB_P + 1) / 2};
    uint64_t r = t_rand64();
    if ((r & 7) == 0) return edge[(r >> 3) % 7];
    return t_rand_bb();
}
static ef_t rnd_ef(void) { return ef_make(rnd_edge(), rnd_edge(), rnd_edge(), rnd_edge()); }

/* Reference EF multiplication straight from the definition (schoolbook then X^4 = 11). */
static ef_t ef_mul_ref(ef_t a, ef_t b) {
    uint64_t t[7] = {0};
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) t[i + j] = (t[i + j] + (uint64_t)a.c[i] * b.c[j]) % BB_P;
    ef_t r;
    for (int i = 0; i < 4; i++) r.c[i] = (bb_t)((t[i] + (i + 4 < 7 ? 11 * t[i + 4] : 0)) % BB_P);
    return r;
}

int main(void) {
    /* base field */
    for (int it = 0; it < 200000; it++) {
        bb_t a = rnd_edge(), b = rnd_edge(), c = rnd_edge();
        CHECK(bb_add(a, b) == (bb_t)(((uint64_t)a + b) % BB_P));
        CHECK(bb_sub(bb_add(a, b), b) == a);
        CHECK(bb_add(a, bb_neg(a)) == 0);
        CHECK(bb_mul(a, bb_add(b, c)) == bb_add(bb_mul(a, b), bb_mul(a, c)));
        CHECK(bb_mul(bb_mul(a, b), c) == bb_mul(a, bb_mul(b, c)));
        CHECK(bb_halve(bb_double(a)) == a);
        CHECK(a < BB_P && bb_mul(a, b) < BB_P && bb_sub(a, b) < BB_P);
        if (a) CHECK(bb_mul(a, bb_inv(a)) == 1);
    }
    CHECK(bb_inv(0) == 0);
    CHECK(bb_mul(BB_P - 1, BB_P - 1) == 1);
    CHECK(bb_from_i64(-1) == BB_P - 1);
    CHECK(bb_mul(bb_inv_pow2(27), 1u << 27) == 1);
    CHECK(bb_from_monty(bb_to_monty(123456789)) == 123456789);
    CHECK(bb_to_monty(1) == SWIRL_BB_MONTY_R);
    /* generators: exact order 2^bits, chain property, g[27] = 31^15 */
    CHECK(bb_two_adic_generator(27) == bb_pow(31, 15));
    for (unsigned b = 0; b <= 27; b++) {
        bb_t g = bb_two_adic_generator(b);
        CHECK(bb_pow(g, 1ull << b) == 1);
        if (b > 0) CHECK(bb_pow(g, 1ull << (b - 1)) != 1);
        if (b > 0) CHECK(bb_sqr(g) == bb_two_adic_generator(b - 1));
    }
    /* batch inverse incl. zeros */
    {
        enum { N = 1000 };
        bb_t v[N], w[N], s[N];
        for (int i = 0; i < N; i++) v[i] = w[i] = (i % 97 == 0) ? 0 : t_rand_bb();
        bb_batch_inv(v, N, s);
        for (int i = 0; i < N; i++) CHECK(v[i] == bb_inv(w[i]));
    }
    /* extension field laws */
    for (int it = 0; it < 50000; it++) {
        ef_t a = rnd_ef(), b = rnd_ef(), c = rnd_ef();
        CHECK(ef_eq(ef_mul(a, b), ef_mul_ref(a, b)));
        CHECK(ef_eq(ef_mul(a, b), ef_mul(b, a)));
        CHECK(ef_eq(ef_mul(ef_mul(a, b), c), ef_mul(a, ef_mul(b, c))));
        CHECK(ef_eq(ef_mul(a, ef_add(b, c)), ef_add(ef_mul(a, b), ef_mul(a, c))));
        CHECK(ef_eq(ef_sub(ef_add(a, b), b), a));
        CHECK(ef_eq(ef_sqr(a), ef_mul(a, a)));
        if (!ef_is_zero(a)) CHECK(ef_eq(ef_mul(a, ef_inv(a)), ef_one()));
    }
    {
        ef_t x = ef_make(0, 1, 0, 0);
        CHECK(ef_eq(ef_pow(x, 4), ef_from_bb(11)));
        /* Frobenius: a^(p^4) = a */
        ef_t a = rnd_ef();
        ef_t f = a;
        for (int i = 0; i < 4; i++) f = ef_pow(f, BB_P);
        CHECK(ef_eq(f, a));
        CHECK(ef_is_zero(ef_inv(ef_zero())));
    }
    {
        enum { N = 100000 };
        ef_t *v = malloc(N * sizeof *v), *w = malloc(N * sizeof *w), *s = malloc(N * sizeof *s);
        for (int i = 0; i < N; i++) v[i] = w[i] = (i % 1001 == 0) ? ef_zero() : rnd_ef();
        ef_batch_inv(v, N, s);
        int ok = 1;
        for (int i = 0; i < N; i++) {
            if (ef_is_zero(w[i])) ok &= ef_is_zero(v[i]);
            else ok &= ef_eq(ef_mul(v[i], w[i]), ef_one());
        }
        CHECK(ok);
        free(v); free(w); free(s);
    }
    return t_summary("test_field");
}
