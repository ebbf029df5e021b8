/* uid.c — see uid.h. */
#include "util/uid.h"
#include <stdatomic.h>

static atomic_uint_fast64_t g_next_uid = 1;

uint64_t swirl_uid_next(void) { return (uint64_t)atomic_fetch_add(&g_next_uid, 1); }
