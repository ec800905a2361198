/* Writes a generated demo data set into the database with COPY (inside the caller's transaction).
 */
#ifndef FGCD_DEMO_LOAD_H
#define FGCD_DEMO_LOAD_H

#include "demo_gen.h"

#include <libpq-fe.h>

/* Rows written per table, in the order they are loaded. */
enum demo_table {
    DEMO_T_TEAMS,
    DEMO_T_USERS,
    DEMO_T_AREAS,
    DEMO_T_POPULATIONS,
    DEMO_T_CHILDREN,
    DEMO_T_MEMBERS,
    DEMO_T_REFERRALS,
    DEMO_T_REFERRAL_CHILDREN,
    DEMO_T_CONFERENCES,
    DEMO_T_ATTENDEES,
    DEMO_T_PLANS,
    DEMO_T_ACTIONS,
    DEMO_T_EVENTS,
    DEMO_T_AREA_GROUPS, /* only when the indicator migration has made fgc.area_groups */
    DEMO_T_COUNT
};

extern const char *const demo_table_names[DEMO_T_COUNT];

/*
 * Inserts every row of data. The caller has begun a transaction, set the time zone to
 * Europe/London and set fgcd.ctx for the audit triggers; on failure (-1, after printing
 * PostgreSQL's message) the caller rolls back. Ids come from the tables' own sequences, so
 * nothing needs resetting afterwards.
 */
int demo_load(PGconn *conn, const struct demo_data *data, long counts[DEMO_T_COUNT]);

#endif
