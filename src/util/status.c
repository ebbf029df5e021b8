/* status.c — names of status codes and the version string. */
#include "swirl.h"

const char *swirl_version(void) { return SWIRL_VERSION_STRING; }

const char *swirl_status_str(int status) {
    switch (status) {
    case SWIRL_OK: return "SWIRL_OK";
    case SWIRL_ERR_INVALID_ARG: return "SWIRL_ERR_INVALID_ARG";
    case SWIRL_ERR_OUT_OF_MEMORY: return "SWIRL_ERR_OUT_OF_MEMORY";
    case SWIRL_ERR_FIELD_RANGE: return "SWIRL_ERR_FIELD_RANGE";
    case SWIRL_ERR_DECODE: return "SWIRL_ERR_DECODE";
    case SWIRL_ERR_VERIFY: return "SWIRL_ERR_VERIFY";
    case SWIRL_ERR_AIR: return "SWIRL_ERR_AIR";
    case SWIRL_ERR_TRACE: return "SWIRL_ERR_TRACE";
    case SWIRL_ERR_PARAMS: return "SWIRL_ERR_PARAMS";
    case SWIRL_ERR_CUDA: return "SWIRL_ERR_CUDA";
    case SWIRL_ERR_CUDA_OOM: return "SWIRL_ERR_CUDA_OOM";
    case SWIRL_ERR_NO_DEVICE: return "SWIRL_ERR_NO_DEVICE";
    case SWIRL_ERR_IO: return "SWIRL_ERR_IO";
    case SWIRL_ERR_INTERNAL: return "SWIRL_ERR_INTERNAL";
    default: return "SWIRL_ERR_UNKNOWN";
    }
}
