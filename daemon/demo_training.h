/* Demo restorative-practice training: two years of sessions, attendees, attendance and targets. */
#ifndef FGCD_DEMO_TRAINING_H
#define FGCD_DEMO_TRAINING_H

#include "demo_date.h"
#include "demo_rng.h"

#include <libpq-fe.h>

/* Rows written. */
struct demo_training_counts {
    long sessions;
    long people;
    long bookings;
    long targets;
};

/*
 * Inserts two years of training ending on until, at about the volumes of Leeds' Family Valued
 * programme: Awareness Raising (about 6,000 people), Deep Dive (about 1,400, most of them
 * Awareness Raising attendees) and Train the Trainer (about 60), sessions of 15 to 30 with
 * about 85% attending, 10% not attending and some cancellations, feedback mostly 4 or 5, a few
 * sessions booked after until, and the programme's targets (4,500 and 1,500; schools 800 and
 * third sector 500). All names are invented (demo_names.h); e-mail domains end in .example.
 *
 * The caller has begun the transaction (time zone Europe/London, fgcd.ctx set) and loaded the
 * users and areas: sessions are given to the active trainers, and people are placed in the
 * clusters of the local authority DEMO_LA_CODE (or any clusters). The same rng state and until
 * give the same rows. Does nothing (0, counts all 0) when the database has no training tables.
 * Returns 0, or -1 after printing PostgreSQL's message; the caller then rolls back.
 */
int demo_training_load(PGconn *conn, struct demo_rng *rng, demo_day until,
                       struct demo_training_counts *counts);

#endif
