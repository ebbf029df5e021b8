/* params.h — SystemParams and the WHIR configuration (crypto_pcs.md §6.7, §7; iop.md §0.2).
 *
 * Field order matches the reference's struct declaration order, which the postcard encoding of
 * the verifying key (iop.md §2.5) follows. */
#ifndef SWIRL_PARAMS_H
#define SWIRL_PARAMS_H

#include <stddef.h>
#include <stdint.h>

/* The structs are public (include/swirl.h); this header holds the internal helpers. */
#include "swirl.h"

#endif
