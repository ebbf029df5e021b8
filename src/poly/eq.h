/* eq.h — equality-type polynomials of the SWIRL IOP (iop.md §0.5), evaluated over EF.
 *
 * Conventions: hypercube points are little-endian (variable i <-> index bit i); D = <w_l> is the
 * univariate-skip domain of size 2^l; w_l = two_adic_generator(l). */
#ifndef SWIRL_EQ_H
#define SWIRL_EQ_H

#include <stddef.h>
#include "field/babybear.h"

/* eq(a, b) = prod_i (a_i b_i + (1 - a_i)(1 - b_i)) over n variables. */
ef_t swirl_eq_ml(const ef_t *a, const ef_t *b, size_t n);
/* eq table over n variables: out[k] = eq(x, bits(k)), 2^n entries. */
void swirl_eq_table(const ef_t *x, size_t n, ef_t *out);
/* Univariate eq over the subgroup of size 2^m: eq_m(X, Y) = 2^-m sum_k X^k Y^((2^m - k) mod 2^m);
 * the Kronecker delta on subgroup points. */
ef_t swirl_eq_uni(unsigned m, ef_t X, ef_t Y);
/* eq_m(X, 1) = 2^-m prod_{i<m} (1 + X^(2^i)). */
ef_t swirl_eq_uni_one(unsigned m, ef_t X);
/* eq#_{xi}(Z) = sum_{j<2^l} eq(xi, bits_l(j)) eq_l(Z, w_l^j) for xi in EF^l. */
ef_t swirl_eq_sharp(unsigned l, const ef_t *xi, ef_t Z);
/* Indicator of the subdomain <w_{l+n}> for n < 0 (1 for n >= 0): eq_{-n}(Z^(2^(l+n)), 1). */
ef_t swirl_in_n(unsigned l, int n, ef_t Z);
/* Cyclic rotation kernel on the hypercube: rot_n(x, y) = 1 iff int(x) = int(y) + 1 mod 2^n. */
ef_t swirl_rot_ml(const ef_t *a, const ef_t *b, size_t n);
/* Prism rotation kernel kappa_rot(u, r) over D x H_n (u, r of length n + 1; l is the log size of
 * the univariate domain used: l_skip, or l_skip + n_t for short traces with n = 0). */
ef_t swirl_kappa_rot(unsigned l, const ef_t *u, const ef_t *r, size_t n);

#endif
