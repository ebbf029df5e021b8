/* keccakf.c — Plonky3's Keccak-f[1600] AIR (p3-keccak-air 0.4.3) and its trace generator
 * (workloads.md §1).
 *
 * Column layout (2633 columns): step_flags[24] | export | preimage[y][x][limb] | a[y][x][limb]
 * | c[x][z] | c_prime[x][z] | a_prime[y][x][z] | a_prime_prime[y][x][limb]
 * | a_prime_prime_0_0_bits[64] | a_prime_prime_prime_0_0_limbs[4]. Lanes are 4 limbs of 16 bits.
 *
 * eval() below emits constraints in the reference's order with the reference's expression
 * shapes (xor(x, y) = (x + y) - x * (y + y), andn(x, y) = (1 - x) * y, bool_check(x) =
 * x * (x - 1), limbs folded from the top bit down starting at the constant 0, nested when()
 * conditions as c1 * (c2 * e)), because the shapes decide the DAG and hence the vk. */
#include <stdlib.h>
#include <string.h>
#include "field/babybear.h"
#include "builtin.h"
#include "keccak_ref.h"
#include "swirl.h"
#include "swirl_scenarios.h"
#include "util/alloc.h"

#define K_STEP 0
#define K_EXPORT 24
#define K_PRE 25
#define K_A 125
#define K_C 225
#define K_CP 545
#define K_AP 865
#define K_APP 2465
#define K_APP00BITS 2565
#define K_APPP00 2629
#define K_WIDTH 2633

#define PRE(y, x, l) (K_PRE + ((y) * 5 + (x)) * 4 + (l))
#define AA(y, x, l) (K_A + ((y) * 5 + (x)) * 4 + (l))
#define CC(x, z) (K_C + (x) * 64 + (z))
#define CP(x, z) (K_CP + (x) * 64 + (z))
#define AP(y, x, z) (K_AP + ((y) * 5 + (x)) * 64 + (z))
#define APP(y, x, l) (K_APP + ((y) * 5 + (x)) * 4 + (l))

static swirl_expr V(swirl_air *a, size_t col) { return swirl_air_main(a, SWIRL_PART_COMMON, col, 0); }
static swirl_expr NX(swirl_air *a, size_t col) { return swirl_air_main(a, SWIRL_PART_COMMON, col, 1); }
static swirl_expr K(swirl_air *a, uint32_t c) { return swirl_air_const(a, c); }
static swirl_expr dbl(swirl_air *a, swirl_expr x) { return swirl_air_add(a, x, x); }
static swirl_expr xor2(swirl_air *a, swirl_expr x, swirl_expr y) {
    return swirl_air_sub(a, swirl_air_add(a, x, y), swirl_air_mul(a, x, dbl(a, y)));
}
static swirl_expr xor3(swirl_air *a, swirl_expr x, swirl_expr y, swirl_expr z) { return xor2(a, xor2(a, x, y), z); }
static swirl_expr andn(swirl_air *a, swirl_expr x, swirl_expr y) { return swirl_air_mul(a, swirl_air_sub(a, K(a, 1), x), y); }
static void assert_bool_col(swirl_air *a, size_t col) {
    swirl_expr x = V(a, col);
    swirl_air_assert_zero(a, swirl_air_mul(a, x, swirl_air_sub(a, x, K(a, 1))));
}

/* B[x, y, z] = A'[x' = (x + 3y) % 5, y' = x] rotated: a_prime[b][a][(z + 64 - r[a][b]) % 64] */
static size_t b_col(size_t x, size_t y, size_t z) {
    size_t aa = (x + 3 * y) % 5, bb = x;
    unsigned rot = swirl_keccak_rho[aa][bb];
    return AP(bb, aa, (z + 64 - rot) % 64);
}

static swirl_expr fold_limb_xor3(swirl_air *a, size_t y, size_t x, size_t limb) {
    swirl_expr acc = K(a, 0);
    for (size_t z = limb * 16 + 16; z-- > limb * 16;) {
        swirl_expr bit = xor3(a, V(a, AP(y, x, z)), V(a, CC(x, z)), V(a, CP(x, z)));
        acc = swirl_air_add(a, dbl(a, acc), bit);
    }
    return acc;
}

static swirl_expr fold_limb_chi(swirl_air *a, size_t y, size_t x, size_t limb) {
    swirl_expr acc = K(a, 0);
    for (size_t z = limb * 16 + 16; z-- > limb * 16;) {
        swirl_expr an = andn(a, V(a, b_col((x + 1) % 5, y, z)), V(a, b_col((x + 2) % 5, y, z)));
        swirl_expr bit = xor2(a, an, V(a, b_col(x, y, z)));
        acc = swirl_air_add(a, dbl(a, acc), bit);
    }
    return acc;
}

swirl_air *swirl_keccakf_air(void) {
    swirl_air *a = swirl_air_new("keccakf");
    if (!a) return NULL;
    swirl_air_set_common_main(a, K_WIDTH);
    /* eval_round_flags */
    swirl_expr first = swirl_air_is_first_row(a);
    swirl_air_assert_zero(a, swirl_air_mul(a, first, swirl_air_sub(a, V(a, K_STEP), K(a, 1))));
    for (size_t i = 1; i < 24; i++) swirl_air_assert_zero(a, swirl_air_mul(a, first, V(a, K_STEP + i)));
    swirl_expr trans = swirl_air_is_transition(a);
    for (size_t i = 0; i < 24; i++)
        swirl_air_assert_zero(a, swirl_air_mul(a, trans, swirl_air_sub(a, V(a, K_STEP + i), NX(a, K_STEP + (i + 1) % 24))));
    /* main eval */
    swirl_expr first_step = V(a, K_STEP);
    swirl_expr not_final = swirl_air_sub(a, K(a, 1), V(a, K_STEP + 23));
    for (size_t y = 0; y < 5; y++)
        for (size_t x = 0; x < 5; x++)
            for (size_t l = 0; l < 4; l++)
                swirl_air_assert_zero(a, swirl_air_mul(a, first_step, swirl_air_sub(a, V(a, PRE(y, x, l)), V(a, AA(y, x, l)))));
    for (size_t y = 0; y < 5; y++)
        for (size_t x = 0; x < 5; x++)
            for (size_t l = 0; l < 4; l++) {
                swirl_expr t = swirl_air_is_transition(a);
                swirl_expr e = swirl_air_sub(a, V(a, PRE(y, x, l)), NX(a, PRE(y, x, l)));
                swirl_air_assert_zero(a, swirl_air_mul(a, not_final, swirl_air_mul(a, t, e)));
            }
    assert_bool_col(a, K_EXPORT);
    swirl_air_assert_zero(a, swirl_air_mul(a, not_final, V(a, K_EXPORT)));
    for (size_t x = 0; x < 5; x++) {
        for (size_t z = 0; z < 64; z++) assert_bool_col(a, CC(x, z));
        for (size_t z = 0; z < 64; z++) {
            swirl_expr xr = xor3(a, V(a, CC(x, z)), V(a, CC((x + 4) % 5, z)), V(a, CC((x + 1) % 5, (z + 63) % 64)));
            swirl_air_assert_zero(a, swirl_air_sub(a, V(a, CP(x, z)), xr));
        }
    }
    for (size_t y = 0; y < 5; y++)
        for (size_t x = 0; x < 5; x++) {
            for (size_t z = 0; z < 64; z++) assert_bool_col(a, AP(y, x, z));
            for (size_t l = 0; l < 4; l++) swirl_air_assert_zero(a, swirl_air_sub(a, fold_limb_xor3(a, y, x, l), V(a, AA(y, x, l))));
        }
    for (size_t x = 0; x < 5; x++) {
        swirl_expr four = dbl(a, K(a, 2));
        for (size_t z = 0; z < 64; z++) {
            swirl_expr sum = V(a, AP(0, x, z));
            for (size_t y = 1; y < 5; y++) sum = swirl_air_add(a, sum, V(a, AP(y, x, z)));
            swirl_expr diff = swirl_air_sub(a, sum, V(a, CP(x, z)));
            swirl_expr e = swirl_air_mul(a, swirl_air_mul(a, diff, swirl_air_sub(a, diff, K(a, 2))), swirl_air_sub(a, diff, four));
            swirl_air_assert_zero(a, e);
        }
    }
    for (size_t y = 0; y < 5; y++)
        for (size_t x = 0; x < 5; x++)
            for (size_t l = 0; l < 4; l++) swirl_air_assert_zero(a, swirl_air_sub(a, fold_limb_chi(a, y, x, l), V(a, APP(y, x, l))));
    for (size_t z = 0; z < 64; z++) assert_bool_col(a, K_APP00BITS + z);
    for (size_t l = 0; l < 4; l++) {
        swirl_expr acc = K(a, 0);
        for (size_t z = l * 16 + 16; z-- > l * 16;) acc = swirl_air_add(a, dbl(a, acc), V(a, K_APP00BITS + z));
        swirl_air_assert_zero(a, swirl_air_sub(a, acc, V(a, APP(0, 0, l))));
    }
    for (size_t l = 0; l < 4; l++) {
        swirl_expr acc = K(a, 0);
        for (size_t z = l * 16 + 16; z-- > l * 16;) {
            swirl_expr rc = K(a, 0);
            for (size_t r = 0; r < 24; r++)
                rc = swirl_air_add(a, rc, swirl_air_mul(a, V(a, K_STEP + r), K(a, (uint32_t)((swirl_keccak_rc[r] >> z) & 1))));
            swirl_expr bit = xor2(a, rc, V(a, K_APP00BITS + z));
            acc = swirl_air_add(a, dbl(a, acc), bit);
        }
        swirl_air_assert_zero(a, swirl_air_sub(a, acc, V(a, K_APPP00 + l)));
    }
    for (size_t x = 0; x < 5; x++)
        for (size_t y = 0; y < 5; y++)
            for (size_t l = 0; l < 4; l++) {
                swirl_expr t = swirl_air_is_transition(a);
                size_t col = (x == 0 && y == 0) ? K_APPP00 + l : APP(y, x, l);
                swirl_expr e = swirl_air_sub(a, V(a, col), NX(a, AA(y, x, l)));
                swirl_air_assert_zero(a, swirl_air_mul(a, t, swirl_air_mul(a, not_final, e)));
            }
    return a;
}

static void put_limbs(uint32_t *row, size_t col, uint64_t v) {
    for (int l = 0; l < 4; l++) row[col + (size_t)l] = (uint32_t)((v >> (16 * l)) & 0xffff);
}
static void put_bits(uint32_t *row, size_t col, uint64_t v) {
    for (int z = 0; z < 64; z++) row[col + (size_t)z] = (uint32_t)((v >> z) & 1);
}
static uint64_t rotl64(uint64_t v, unsigned r) { return r ? (v << r) | (v >> (64 - r)) : v; }

/* 24 rows of one permutation (or fewer, for a cut-off last chunk). s[x][y] = lane (x, y). */
static void gen_perm(uint32_t *rows, size_t nrows, const uint64_t in[25]) {
    uint64_t s[5][5];
    for (int x = 0; x < 5; x++)
        for (int y = 0; y < 5; y++) s[x][y] = in[x + 5 * y];
    uint64_t init[5][5];
    memcpy(init, s, sizeof s);
    for (size_t r = 0; r < nrows; r++) {
        uint32_t *row = rows + r * K_WIDTH;
        row[K_STEP + r] = 1;
        for (int y = 0; y < 5; y++)
            for (int x = 0; x < 5; x++) {
                put_limbs(row, PRE(y, x, 0), init[x][y]);
                put_limbs(row, AA(y, x, 0), s[x][y]); /* equals the previous row's A''' */
            }
        uint64_t c[5], cp[5];
        for (int x = 0; x < 5; x++) c[x] = s[x][0] ^ s[x][1] ^ s[x][2] ^ s[x][3] ^ s[x][4];
        for (int x = 0; x < 5; x++) cp[x] = c[x] ^ c[(x + 4) % 5] ^ rotl64(c[(x + 1) % 5], 1);
        for (int x = 0; x < 5; x++) { put_bits(row, CC(x, 0), c[x]); put_bits(row, CP(x, 0), cp[x]); }
        for (int x = 0; x < 5; x++)
            for (int y = 0; y < 5; y++) {
                s[x][y] ^= c[x] ^ cp[x];
                put_bits(row, AP(y, x, 0), s[x][y]);
            }
        uint64_t b[5][5];
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 5; j++) {
                int ni = (i + 3 * j) % 5, nj = i;
                b[i][j] = rotl64(s[ni][nj], swirl_keccak_rho[ni][nj]);
            }
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 5; j++) s[i][j] = b[i][j] ^ (~b[(i + 1) % 5][j] & b[(i + 2) % 5][j]);
        for (int x = 0; x < 5; x++)
            for (int y = 0; y < 5; y++) put_limbs(row, APP(y, x, 0), s[x][y]);
        put_bits(row, K_APP00BITS, s[0][0]);
        s[0][0] ^= swirl_keccak_rc[r];
        put_limbs(row, K_APPP00, s[0][0]);
    }
}

int swirl_keccakf_generate_trace(const uint64_t (*inputs)[25], size_t n, swirl_trace *out) {
    if (!out || (n && !inputs) || n > ((size_t)1 << 30) / 24) return SWIRL_ERR_INVALID_ARG;
    memset(out, 0, sizeof *out);
    size_t rows = 1;
    while (rows < 24 * n) rows <<= 1;
    uint32_t *v = swirl_calloc(rows * K_WIDTH, sizeof *v);
    if (!v) return SWIRL_ERR_OUT_OF_MEMORY;
    static const uint64_t zero[25] = {0};
    for (size_t p = 0; p * 24 < rows; p++) {
        size_t nr = rows - p * 24 < 24 ? rows - p * 24 : 24;
        gen_perm(v + p * 24 * K_WIDTH, nr, p < n ? inputs[p] : zero);
    }
    out->values = v;
    out->height = rows;
    out->width = K_WIDTH;
    return SWIRL_OK;
}

void swirl_keccakf_random_inputs(uint64_t seed, size_t n, uint64_t (*out)[25]) {
    if (!out) return;
    uint64_t s = seed;
    for (size_t i = 0; i < n; i++)
        for (int j = 0; j < 25; j++) out[i][j] = swirl_splitmix64(&s);
}
