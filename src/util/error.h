/* error.h — internal helpers to fill a swirl_error. */
#ifndef SWIRL_ERROR_H
#define SWIRL_ERROR_H

#include <stdarg.h>
#include <stdio.h>
#include "swirl.h"

/* Fill err (if non-NULL) and return status, so call sites read `return swirl_fail(err, ...)`. */
static inline int swirl_fail(swirl_error *err, int status, int detail, const char *fmt, ...) {
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        err->status = status;
        err->detail = detail;
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return status;
}

#endif
