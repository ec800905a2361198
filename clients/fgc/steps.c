/* Turns the service's step and status names into fgc commands and words. */
#include "steps.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static const struct {
    const char *step;
    const char *before; /* the command up to the referral's id */
    const char *after;  /* what follows the id */
    bool with_id;
} commands[] = {
    {"accept", "fgc accept ", "", true},
    {"decline", "fgc decline ", " --reason CODE", true},
    {"allocate", "fgc allocate ", " --coordinator USER", true},
    {"prepare", "fgc prepare ", "", true},
    {"hold_conference", "fgc conference --referral ", " --kind initial ...", true},
    {"record_plan_agreed", "fgc plan --conference CONFERENCE_ID --agreed", "", false},
    {"record_plan_not_agreed", "fgc plan --conference CONFERENCE_ID --not-agreed", "", false},
    {"hold_review", "fgc conference --referral ", " --kind review ...", true},
    {"close", "fgc close ", " --reason CODE", true},
};

void step_command(char *buf, size_t size, const char *step, long long referral_id)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(commands[i].step, step) == 0) {
            if (commands[i].with_id) {
                snprintf(buf, size, "%s%lld%s", commands[i].before, referral_id, commands[i].after);
            } else {
                snprintf(buf, size, "%s", commands[i].before);
            }
            return;
        }
    }
    snprintf(buf, size, "%s", step);
}

void status_words(char *buf, size_t size, const char *status)
{
    snprintf(buf, size, "%s", status ? status : "-");
    for (char *p = buf; *p; p++) {
        if (*p == '_') {
            *p = ' ';
        }
    }
}
