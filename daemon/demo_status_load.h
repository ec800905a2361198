/* Loads the demo status histories (demo_status.h) into the fgc.*_records tables with COPY. */
#ifndef FGCD_DEMO_STATUS_LOAD_H
#define FGCD_DEMO_STATUS_LOAD_H

#include "demo_gen.h"

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

/* Rows written. */
struct demo_status_counts {
    int authorities;   /* authorities given histories (the demo one and the synthetic ones) */
    long areas;        /* synthetic authorities and their clusters */
    long populations;  /* their population rows */
    long children;     /* children known only from statutory returns */
    long fgc_children; /* FGC children given a history */
    long cin, cpp, cla, pp;
    bool bulk; /* the per-row triggers were off and the current tables filled in bulk */
    long long generate_ms, load_ms, current_ms;
};

/*
 * Writes the status histories of `scale` authorities: the demo authority (its FGC families
 * are fgc, already loaded by demo_load) and scale - 1 synthetic ones, each generated and
 * written in turn so that memory stays at one authority's worth.
 *
 * With scale 1 the rows go through the tables' own triggers, as the API's do: each record
 * gets its episode id and its row in the current table (fgc.cin_episodes ...) from them.
 * With a larger scale (millions of records) the per-row triggers would take most of the load,
 * so they are disabled for this transaction only (ALTER TABLE ... DISABLE TRIGGER: the fgcd
 * role owns the tables, and the lock it takes keeps every other writer out of them until
 * commit), the ids are taken in blocks, and each current table is filled by one INSERT ...
 * SELECT that computes exactly what the trigger would; the triggers are enabled again before
 * the caller commits. A failure rolls all of it back, the disabling included.
 *
 * The caller has begun the transaction (time zone Europe/London, fgcd.ctx set). Returns 0,
 * or -1 after printing PostgreSQL's message; the caller then rolls back.
 */
int demo_status_load(PGconn *conn, const struct demo_data *fgc, uint64_t seed, int scale,
                     struct demo_status_counts *counts);

#endif
