/* Idempotency keys: a random UUID for each POST, reused only for its retry. */
#ifndef FGC_IDKEY_H
#define FGC_IDKEY_H

/* Writes a random (version 4) UUID, 36 characters and a NUL. Returns 0, or -1 when the system
 * has no randomness to give. */
int idkey_new(char out[37]);

#endif
