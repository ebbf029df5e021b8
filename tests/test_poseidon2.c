/* test_poseidon2.c — Poseidon2-16 known answers (docs/protocol/crypto_pcs.md §2.5),
 * batched == scalar, compression and sponge vectors (crypto_pcs.md §3, §4.5). */
#include <string.h>
#include "hash/poseidon2.h"
#include "p2_kat.h"
#include "swirl.h"
#include "test_util.h"

static int eq16(const uint32_t *a, const uint32_t *b) { return memcmp(a, b, 64) == 0; }

static void check_hash(const uint32_t *in, size_t n, const uint32_t *want) {
    uint32_t out[8];
    swirl_hash(in, n, out);
    CHECK_MSG(memcmp(out, want, 32) == 0, "hash of %zu elements", n);
}

int main(void) {
    static const uint32_t kin[3][16] = {SWIRL_P2_KAT_ZEROS_IN, SWIRL_P2_KAT_RANGE_IN, SWIRL_P2_KAT_PLONKY3_IN};
    static const uint32_t kout[3][16] = {SWIRL_P2_KAT_ZEROS_OUT, SWIRL_P2_KAT_RANGE_OUT, SWIRL_P2_KAT_PLONKY3_OUT};
    for (int i = 0; i < 3; i++) {
        uint32_t s[16];
        memcpy(s, kin[i], sizeof s);
        swirl_poseidon2_permute(s);
        CHECK_MSG(eq16(s, kout[i]), "KAT %d", i);
        memcpy(s, kin[i], sizeof s);
        swirl_p2_permute_many(s, 1);
        CHECK_MSG(eq16(s, kout[i]), "KAT %d batched", i);
    }
    /* batched == scalar on random states, many batch sizes */
    for (size_t n = 1; n <= 70; n++) {
        uint32_t *a = malloc(n * 64), *b = malloc(n * 64);
        for (size_t i = 0; i < n * 16; i++) a[i] = b[i] = t_rand_bb();
        swirl_p2_permute_many(a, n);
        int ok = 1;
        for (size_t k = 0; k < n; k++) {
            swirl_poseidon2_permute(b + 16 * k);
            ok &= eq16(a + 16 * k, b + 16 * k);
            for (int i = 0; i < 16; i++) ok &= a[16 * k + i] < SWIRL_P;
        }
        CHECK_MSG(ok, "batched n=%zu", n);
        free(a); free(b);
    }
    /* edge lanes p-1 */
    {
        uint32_t s[16], t[16];
        for (int i = 0; i < 16; i++) s[i] = t[i] = SWIRL_P - 1 - (uint32_t)i;
        swirl_poseidon2_permute(s);
        swirl_p2_permute_many(t, 1);
        CHECK(eq16(s, t));
    }
    /* compression: C([0..7],[8..15]) = first 8 lanes of perm([0..15]) */
    {
        uint32_t l[8], r[8], o[8];
        for (int i = 0; i < 8; i++) { l[i] = (uint32_t)i; r[i] = (uint32_t)(8 + i); }
        swirl_compress(l, r, o);
        CHECK(memcmp(o, kout[1], 32) == 0);
    }
    /* sponge vectors of §4.5 */
    {
        uint32_t in[16];
        for (int i = 0; i < 16; i++) in[i] = (uint32_t)i;
        static const uint32_t h1[8] = {1380709490, 1568141733, 1163275192, 1977277973, 128327085, 765730249, 966740217, 365525466};
        static const uint32_t h1234[8] = {1170170810, 1361339308, 994821313, 422588324, 211569409, 645232537, 1706497947, 268995131};
        static const uint32_t h07[8] = {458038305, 257183205, 1951318676, 729287742, 1357995677, 631765864, 502434224, 1170329282};
        static const uint32_t h08[8] = {676812573, 1270559507, 381485534, 1698063116, 133058718, 707903278, 665192678, 1007467608};
        static const uint32_t h015[8] = {568621648, 260560799, 1787535874, 764831861, 341748543, 546488453, 1028837269, 1917944385};
        uint32_t one = 1;
        check_hash(&one, 1, h1);
        check_hash(in + 1, 4, h1234);
        check_hash(in, 8, h07);
        check_hash(in, 9, h08);
        check_hash(in, 16, h015);
        uint32_t z[8] = {0};
        check_hash(in, 0, z);
        /* negative: a different input must not match */
        uint32_t out[8];
        swirl_hash(in, 7, out);
        CHECK(memcmp(out, h07, 32) != 0);
    }
    return t_summary("test_poseidon2");
}
