/* fuzz_common.h — shared check of the fuzz targets: the codecs are canonical, so whatever a
 * decoder accepts must encode back to exactly the bytes it consumed. A violation aborts (a
 * finding for libFuzzer, a failed regression test for the standalone driver). */
#ifndef SWIRL_FUZZ_COMMON_H
#define SWIRL_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* encode_rc: the encoder's status (0 = SWIRL_OK); encoded/encoded_len: its output; consumed /
 * consumed_len: the input bytes the decoder accepted. */
static void fuzz_require_reencode(const char *what, int encode_rc, const uint8_t *encoded, size_t encoded_len,
                                  const uint8_t *consumed, size_t consumed_len) {
    if (encode_rc != 0) {
        fprintf(stderr, "%s: decoded input fails to re-encode (status %d)\n", what, encode_rc);
        abort();
    }
    if (encoded_len != consumed_len || (consumed_len && memcmp(encoded, consumed, consumed_len) != 0)) {
        size_t first = 0;
        while (first < encoded_len && first < consumed_len && encoded[first] == consumed[first]) first++;
        fprintf(stderr, "%s: non-canonical input accepted: %zu bytes decoded, %zu re-encoded, first difference at byte %zu\n",
                what, consumed_len, encoded_len, first);
        abort();
    }
}

#endif
