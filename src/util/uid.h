/* uid.h — process-unique identities of immutable objects (a proving key's AIR verifying keys and
 * preprocessed commitments), so that a backend can keep derived copies (device programs, device
 * copies of commitments) across proofs and recognise them without trusting addresses, which a
 * freed object's successor may reuse. 0 means "no identity: do not cache". */
#ifndef SWIRL_UID_H
#define SWIRL_UID_H

#include <stdint.h>

/* The next identity: 1, 2, ... (atomic; never 0 and never repeated within a process). */
uint64_t swirl_uid_next(void);

#endif
