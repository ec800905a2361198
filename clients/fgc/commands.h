/* fgc's commands: what each one is called, takes and does, and the functions that run them. */
#ifndef FGC_COMMANDS_H
#define FGC_COMMANDS_H

#include "api.h"

struct command;
typedef int (*command_fn)(struct session *s, const struct command *c, int argc, char **argv);

struct command {
    const char *name;
    const char *args;    /* what follows the name, for the usage line */
    const char *summary; /* one line for `fgc help` */
    const char *details; /* more for `fgc NAME --help`, or NULL */
    command_fn run;
    const char *group; /* the heading it is listed under */
};

/* The command called name, or NULL. */
const struct command *command_find(const char *name);
/* Prints every command, grouped (fgc help). */
void commands_print(FILE *out);

int cmd_login(struct session *s, const struct command *c, int argc, char **argv);
int cmd_logout(struct session *s, const struct command *c, int argc, char **argv);
int cmd_whoami(struct session *s, const struct command *c, int argc, char **argv);
int cmd_children(struct session *s, const struct command *c, int argc, char **argv);
int cmd_child(struct session *s, const struct command *c, int argc, char **argv);
int cmd_add_child(struct session *s, const struct command *c, int argc, char **argv);
int cmd_chronology(struct session *s, const struct command *c, int argc, char **argv);
int cmd_referrals(struct session *s, const struct command *c, int argc, char **argv);
int cmd_referral(struct session *s, const struct command *c, int argc, char **argv);
int cmd_refer(struct session *s, const struct command *c, int argc, char **argv);
int cmd_step(struct session *s, const struct command *c, int argc, char **argv);
int cmd_conference(struct session *s, const struct command *c, int argc, char **argv);
int cmd_plan(struct session *s, const struct command *c, int argc, char **argv);
int cmd_action(struct session *s, const struct command *c, int argc, char **argv);
int cmd_status(struct session *s, const struct command *c, int argc, char **argv);
int cmd_indicators(struct session *s, const struct command *c, int argc, char **argv);
int cmd_indicator(struct session *s, const struct command *c, int argc, char **argv);
int cmd_series(struct session *s, const struct command *c, int argc, char **argv);
int cmd_get(struct session *s, const struct command *c, int argc, char **argv);
int cmd_post(struct session *s, const struct command *c, int argc, char **argv);

/* Shows a referral for people (the body of GET /api/v1/referrals/{id}). */
void referral_print(const json_t *r);
/* Shows a plan and its actions for people. */
void plan_print(const json_t *plan);
/* Prints heading, then the commands for a referral's allowed steps, one a line. */
void next_steps_print(FILE *out, const json_t *referral, const char *heading);

#endif
