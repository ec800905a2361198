/* The referral steps the service names in allowed_steps, as fgc commands. */
#ifndef FGC_STEPS_H
#define FGC_STEPS_H

#include <stddef.h>

/* The fgc command that takes step (as named in allowed_steps) for the referral, such as
 * "fgc accept 12"; an unknown step is written as it is. */
void step_command(char *buf, size_t size, const char *step, long long referral_id);
/* A status as words: "conference_held" -> "conference held". */
void status_words(char *buf, size_t size, const char *status);

#endif
