/* A small pool of threads for CPU-heavy work (password hashing) that must not block the loop. */
#ifndef FGCD_WORKER_H
#define FGCD_WORKER_H

#include <event2/event.h>

struct worker_pool;

struct worker_pool *worker_pool_new(struct event_base *base, int threads);

/*
 * Runs work(arg) on a worker thread, then done(arg) on the event loop's thread. work must
 * not touch anything the loop uses. Returns -1 if the job could not be queued.
 */
int worker_run(struct worker_pool *pool, void (*work)(void *arg), void (*done)(void *arg),
               void *arg);

/* Waits for running jobs to finish and stops the threads; queued jobs are run first. */
void worker_pool_free(struct worker_pool *pool);

#endif
