/* keccak_ref.h — a plain Keccak-f[1600] permutation (FIPS 202), the reference the keccakf AIR's
 * trace generator is tested against. state[x + 5y] = lane (x, y). */
#ifndef SWIRL_KECCAK_REF_H
#define SWIRL_KECCAK_REF_H

#include <stdint.h>

extern const uint64_t swirl_keccak_rc[24];
extern const unsigned swirl_keccak_rho[5][5]; /* rho[x][y] */
void swirl_keccak_f1600(uint64_t state[25]);

#endif
