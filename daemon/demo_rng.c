/* xoshiro256** with splitmix64 seeding: the demo data's only source of randomness. */
#include "demo_rng.h"

uint64_t demo_splitmix64(uint64_t *state)
{
    uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

void demo_rng_seed(struct demo_rng *rng, uint64_t seed, uint64_t stream)
{
    uint64_t mix = stream;
    uint64_t state = seed ^ demo_splitmix64(&mix);
    for (int i = 0; i < 4; i++)
        rng->s[i] = demo_splitmix64(&state);
    /* xoshiro must not start from all zeros; splitmix64 makes that practically impossible,
     * and ruling it out costs nothing. */
    if ((rng->s[0] | rng->s[1] | rng->s[2] | rng->s[3]) == 0)
        rng->s[0] = 1;
}

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t demo_rng_next(struct demo_rng *rng)
{
    uint64_t *s = rng->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

int64_t demo_rng_range(struct demo_rng *rng, int64_t lo, int64_t hi)
{
    if (hi <= lo)
        return lo;
    uint64_t span = (uint64_t)(hi - lo) + 1;
    if (span == 0) /* the whole 64-bit range */
        return (int64_t)demo_rng_next(rng);
    /* Reject the top partial block so every value is equally likely. */
    uint64_t limit = UINT64_MAX - UINT64_MAX % span;
    uint64_t x;
    do
        x = demo_rng_next(rng);
    while (x >= limit);
    return lo + (int64_t)(x % span);
}

bool demo_rng_chance(struct demo_rng *rng, int per_mille)
{
    return demo_rng_range(rng, 0, 999) < per_mille;
}

int demo_rng_weighted(struct demo_rng *rng, const int *weights, int n)
{
    int64_t total = 0;
    for (int i = 0; i < n; i++)
        total += weights[i] > 0 ? weights[i] : 0;
    if (total <= 0)
        return 0;
    int64_t x = demo_rng_range(rng, 0, total - 1);
    for (int i = 0; i < n; i++) {
        int w = weights[i] > 0 ? weights[i] : 0;
        if (x < w)
            return i;
        x -= w;
    }
    return n - 1;
}

int64_t demo_rng_bell(struct demo_rng *rng, int64_t lo, int64_t hi)
{
    int64_t sum = 0;
    for (int i = 0; i < 3; i++)
        sum += demo_rng_range(rng, lo, hi);
    return sum / 3;
}
