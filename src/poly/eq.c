/* eq.c — see eq.h. Closed forms from iop.md §0.5; each is tested against its defining sum. */
#include "poly/eq.h"

ef_t swirl_eq_ml(const ef_t *a, const ef_t *b, size_t n) {
    ef_t acc = ef_one();
    for (size_t i = 0; i < n; i++) {
        ef_t ab = ef_mul(a[i], b[i]);
        /* a b + (1 - a)(1 - b) = 1 - a - b + 2ab */
        acc = ef_mul(acc, ef_add(ef_sub(ef_sub(ef_one(), a[i]), b[i]), ef_double(ab)));
    }
    return acc;
}

void swirl_eq_table(const ef_t *x, size_t n, ef_t *out) {
    out[0] = ef_one();
    for (size_t j = 0; j < n; j++) {
        size_t h = (size_t)1 << j;
        ef_t om = ef_sub(ef_one(), x[j]);
        for (size_t i = h; i-- > 0;) {
            out[i + h] = ef_mul(out[i], x[j]);
            out[i] = ef_mul(out[i], om);
        }
    }
}

ef_t swirl_eq_uni(unsigned m, ef_t X, ef_t Y) {
    ef_t a = ef_one();
    for (unsigned i = 0; i < m; i++) {
        a = ef_add(ef_mul(ef_add(X, Y), a), ef_mul(ef_sub_bb(X, 1), ef_sub_bb(Y, 1)));
        X = ef_sqr(X);
        Y = ef_sqr(Y);
    }
    return ef_mul_bb(a, bb_inv_pow2(m));
}

ef_t swirl_eq_uni_one(unsigned m, ef_t X) {
    ef_t a = ef_one();
    for (unsigned i = 0; i < m; i++) {
        a = ef_mul(a, ef_add_bb(X, 1));
        X = ef_sqr(X);
    }
    return ef_mul_bb(a, bb_inv_pow2(m));
}

ef_t swirl_eq_sharp(unsigned l, const ef_t *xi, ef_t Z) {
    ef_t tab[1u << 10];
    if (l > 10) return ef_zero(); /* l_skip <= 10 is enforced by parameter validation */
    swirl_eq_table(xi, l, tab);
    bb_t w = bb_two_adic_generator(l), wj = 1;
    ef_t acc = ef_zero();
    for (size_t j = 0; j < ((size_t)1 << l); j++) {
        acc = ef_add(acc, ef_mul(tab[j], swirl_eq_uni(l, Z, ef_from_bb(wj))));
        wj = bb_mul(wj, w);
    }
    return acc;
}

ef_t swirl_in_n(unsigned l, int n, ef_t Z) {
    if (n >= 0) return ef_one();
    unsigned k = (unsigned)(-n);
    for (unsigned i = 0; i < l - k; i++) Z = ef_sqr(Z); /* Z^(2^(l+n)) */
    return swirl_eq_uni_one(k, Z);
}

ef_t swirl_rot_ml(const ef_t *a, const ef_t *b, size_t n) {
    ef_t rot = ef_one(), e = ef_one();
    for (size_t i = n; i-- > 0;) {
        ef_t ai = a[i], bi = b[i];
        ef_t oa = ef_sub(ef_one(), ai), ob = ef_sub(ef_one(), bi);
        ef_t nrot = ef_add(ef_mul(ef_mul(ai, ob), e), ef_mul(ef_mul(oa, bi), rot));
        e = ef_mul(e, ef_add(ef_mul(ai, bi), ef_mul(oa, ob)));
        rot = nrot;
    }
    return rot;
}

ef_t swirl_kappa_rot(unsigned l, const ef_t *u, const ef_t *r, size_t n) {
    bb_t w = bb_two_adic_generator(l);
    ef_t wr0 = ef_mul_bb(r[0], w);
    ef_t eqp = swirl_eq_ml(u + 1, r + 1, n);
    ef_t t1 = ef_mul(swirl_eq_uni(l, u[0], wr0), eqp);
    if (n == 0) return t1;
    ef_t t2 = ef_mul(ef_mul(swirl_eq_uni_one(l, u[0]), swirl_eq_uni_one(l, wr0)), ef_sub(swirl_rot_ml(u + 1, r + 1, n), eqp));
    return ef_add(t1, t2);
}
