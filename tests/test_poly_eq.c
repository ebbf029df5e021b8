/* test_poly_eq.c — eq-type polynomials against their defining sums (iop.md §0.5). */
#include "field/babybear.h"
#include "poly/eq.h"
#include "test_util.h"

static ef_t rnd(void) { return ef_make(t_rand_bb(), t_rand_bb(), t_rand_bb(), t_rand_bb()); }

/* PLE of f (table of 2^l * 2^n values, row i = (w_l^(i mod 2^l), bits(i >> l))) at (z, x) */
static ef_t ple(const bb_t *f, unsigned l, size_t n, ef_t z, const ef_t *x) {
    bb_t w = bb_two_adic_generator(l);
    ef_t acc = ef_zero();
    for (size_t i = 0; i < ((size_t)1 << (l + n)); i++) {
        size_t zi = i & ((1u << l) - 1), xi = i >> l;
        ef_t e = swirl_eq_uni(l, z, ef_from_bb(bb_pow(w, zi)));
        for (size_t j = 0; j < n; j++) e = ef_mul(e, (xi >> j) & 1 ? x[j] : ef_sub(ef_one(), x[j]));
        acc = ef_add(acc, ef_mul_bb(e, f[i]));
    }
    return acc;
}

int main(void) {
    /* eq_uni: Kronecker delta on the subgroup, symmetric, matches the defining sum */
    for (unsigned m = 0; m <= 4; m++) {
        bb_t w = bb_two_adic_generator(m);
        size_t N = (size_t)1 << m;
        int ok = 1;
        for (size_t a = 0; a < N; a++)
            for (size_t b = 0; b < N; b++) {
                ef_t v = swirl_eq_uni(m, ef_from_bb(bb_pow(w, a)), ef_from_bb(bb_pow(w, b)));
                ok &= ef_eq(v, a == b ? ef_one() : ef_zero());
            }
        CHECK_MSG(ok, "eq_uni delta m=%u", m);
        ef_t X = rnd(), Y = rnd();
        CHECK(ef_eq(swirl_eq_uni(m, X, Y), swirl_eq_uni(m, Y, X)));
        ef_t s = ef_zero();
        for (size_t k = 0; k < N; k++) s = ef_add(s, ef_mul(ef_pow(X, k), ef_pow(Y, (N - k) % N)));
        CHECK(ef_eq(swirl_eq_uni(m, X, Y), ef_mul_bb(s, bb_inv_pow2(m))));
        CHECK(ef_eq(swirl_eq_uni_one(m, X), swirl_eq_uni(m, X, ef_one())));
    }
    /* eq_ml and eq tables */
    {
        ef_t a[6], b[6], tab[64];
        for (int i = 0; i < 6; i++) { a[i] = rnd(); b[i] = rnd(); }
        swirl_eq_table(a, 6, tab);
        int ok = 1;
        for (size_t k = 0; k < 64; k++) {
            ef_t bits[6];
            for (int i = 0; i < 6; i++) bits[i] = (k >> i) & 1 ? ef_one() : ef_zero();
            ok &= ef_eq(tab[k], swirl_eq_ml(a, bits, 6));
        }
        CHECK(ok);
        CHECK(ef_eq(swirl_eq_ml(a, b, 6), swirl_eq_ml(b, a, 6)));
    }
    /* eq_sharp agrees on D with the multilinear eq over the bits of the D-index */
    for (unsigned l = 0; l <= 4; l++) {
        ef_t xi[4];
        for (unsigned i = 0; i < l; i++) xi[i] = rnd();
        bb_t w = bb_two_adic_generator(l);
        int ok = 1;
        for (size_t j = 0; j < ((size_t)1 << l); j++) {
            ef_t bits[4];
            for (unsigned i = 0; i < l; i++) bits[i] = (j >> i) & 1 ? ef_one() : ef_zero();
            ok &= ef_eq(swirl_eq_sharp(l, xi, ef_from_bb(bb_pow(w, j))), swirl_eq_ml(xi, bits, l));
        }
        CHECK_MSG(ok, "eq_sharp l=%u", l);
    }
    /* in_n: on D, 1 exactly on the subgroup <w_{l+n}> */
    for (unsigned l = 1; l <= 4; l++)
        for (int n = -(int)l; n <= 1; n++) {
            bb_t w = bb_two_adic_generator(l);
            int ok = 1;
            for (size_t j = 0; j < ((size_t)1 << l); j++) {
                int inside = n >= 0 || (j % ((size_t)1 << (unsigned)(-n))) == 0;
                ok &= ef_eq(swirl_in_n(l, n, ef_from_bb(bb_pow(w, j))), inside ? ef_one() : ef_zero());
            }
            CHECK_MSG(ok, "in_n l=%u n=%d", l, n);
        }
    /* rot_n: on the cube, 1 iff int(x) = int(y) + 1 mod 2^n; multilinear extension vs brute force */
    for (size_t n = 0; n <= 4; n++) {
        size_t N = (size_t)1 << n;
        int ok = 1;
        for (size_t x = 0; x < N; x++)
            for (size_t y = 0; y < N; y++) {
                ef_t bx[4], by[4];
                for (size_t i = 0; i < n; i++) { bx[i] = (x >> i) & 1 ? ef_one() : ef_zero(); by[i] = (y >> i) & 1 ? ef_one() : ef_zero(); }
                ok &= ef_eq(swirl_rot_ml(bx, by, n), x == (y + 1) % N ? ef_one() : ef_zero());
            }
        CHECK_MSG(ok, "rot_n on the cube n=%zu", n);
        ef_t a[4], b[4], brute = ef_zero();
        for (size_t i = 0; i < n; i++) { a[i] = rnd(); b[i] = rnd(); }
        for (size_t x = 0; x < N; x++) {
            size_t y = (x + N - 1) % N;
            ef_t bx[4], by[4];
            for (size_t i = 0; i < n; i++) { bx[i] = (x >> i) & 1 ? ef_one() : ef_zero(); by[i] = (y >> i) & 1 ? ef_one() : ef_zero(); }
            brute = ef_add(brute, ef_mul(swirl_eq_ml(a, bx, n), swirl_eq_ml(b, by, n)));
        }
        CHECK_MSG(ef_eq(brute, swirl_rot_ml(a, b, n)), "rot_n MLE n=%zu", n);
    }
    /* kappa_rot: sum_{y in D_n} f(y) kappa(y, r) = f_rot(r) */
    for (unsigned l = 1; l <= 3; l++)
        for (size_t n = 0; n <= 3; n++) {
            size_t H = (size_t)1 << (l + n);
            bb_t f[64], frot[64];
            for (size_t i = 0; i < H; i++) f[i] = t_rand_bb();
            for (size_t i = 0; i < H; i++) frot[i] = f[(i + 1) % H];
            ef_t r[4];
            for (size_t i = 0; i <= n; i++) r[i] = rnd();
            bb_t w = bb_two_adic_generator(l);
            ef_t acc = ef_zero();
            for (size_t i = 0; i < H; i++) {
                ef_t y[4];
                y[0] = ef_from_bb(bb_pow(w, i & ((1u << l) - 1)));
                for (size_t j = 0; j < n; j++) y[1 + j] = ((i >> l) >> j) & 1 ? ef_one() : ef_zero();
                acc = ef_add(acc, ef_mul_bb(swirl_kappa_rot(l, y, r, n), f[i]));
            }
            CHECK_MSG(ef_eq(acc, ple(frot, l, n, r[0], r + 1)), "kappa_rot l=%u n=%zu", l, n);
        }
    return t_summary("test_poly_eq");
}
