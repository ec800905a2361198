/* Deterministic pseudo-random numbers for the demo data (xoshiro256** seeded by splitmix64). */
#ifndef FGCD_DEMO_RNG_H
#define FGCD_DEMO_RNG_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Only integer arithmetic is used, so a seed gives the same sequence on every platform and
 * with every C library: the demo data must be reproducible from its seed alone.
 */
struct demo_rng {
    uint64_t s[4];
};

/* One step of splitmix64: used for seeding and for hashing stream numbers. */
uint64_t demo_splitmix64(uint64_t *state);

/* Seeds a generator from a seed and a stream number, so that independent parts of the data
 * (staff, each referral) draw from their own streams and do not shift one another. */
void demo_rng_seed(struct demo_rng *rng, uint64_t seed, uint64_t stream);

uint64_t demo_rng_next(struct demo_rng *rng);

/* Uniform integer in [lo, hi] (inclusive), without modulo bias. hi >= lo. */
int64_t demo_rng_range(struct demo_rng *rng, int64_t lo, int64_t hi);

/* True with probability per_mille / 1000. */
bool demo_rng_chance(struct demo_rng *rng, int per_mille);

/* Index into weights[0..n-1] chosen with probability proportional to the (non-negative)
 * weights; at least one weight must be positive. */
int demo_rng_weighted(struct demo_rng *rng, const int *weights, int n);

/* Roughly bell-shaped integer in [lo, hi]: the mean of three uniform draws. */
int64_t demo_rng_bell(struct demo_rng *rng, int64_t lo, int64_t hi);

#endif
