/* Clusters of the demo local authority with synthetic 0-17 populations for mid-years 2021-2025. */
#include "demo_areas.h"
#include "demo_rng.h"

#include <stdio.h>

/* Stream number of the population jitter, apart from every other stream of the generator. */
#define POPULATION_STREAM UINT64_C(0x504f50)

/*
 * Neighbourhood names are public place names in Leeds, grouped the way the city's 25
 * multi-agency clusters are (the groupings here are illustrative). The 2024 figures sum to
 * 176,000, the scale of Leeds's real 0-17 population; every figure is invented.
 */
static const struct {
    const char *name;
    bool targeted;
    int population_2024;
} cluster_table[DEMO_CLUSTER_COUNT] = {
    {"Armley", true, 9400},
    {"Beeston and Holbeck", true, 9900},
    {"Bramley and Stanningley", false, 7600},
    {"Burmantofts and Richmond Hill", false, 8800},
    {"Calverley and Farsley", false, 5600},
    {"Chapel Allerton", false, 5800},
    {"Chapeltown and Harehills", true, 10900},
    {"Cross Gates and Whinmoor", false, 6900},
    {"Farnley and Wortley", false, 7800},
    {"Garforth and Kippax", false, 6500},
    {"Gipton and Halton Moor", true, 9100},
    {"Guiseley and Yeadon", false, 5200},
    {"Headingley and Kirkstall", false, 4300},
    {"Horsforth", false, 4600},
    {"Hunslet and Riverside", false, 8200},
    {"Middleton Park", true, 9600},
    {"Moortown and Alwoodley", false, 6400},
    {"Morley", false, 7900},
    {"Otley and Wharfedale", false, 4400},
    {"Pudsey", false, 6100},
    {"Rothwell", false, 5700},
    {"Roundhay", false, 5900},
    {"Seacroft and Manston", true, 10200},
    {"Wetherby", false, 4100},
    {"Ardsley and Robin Hood", false, 5100},
};

void demo_areas_make(struct demo_areas *areas, uint64_t seed)
{
    struct demo_rng rng;
    demo_rng_seed(&rng, seed, POPULATION_STREAM);
    for (int y = 0; y < DEMO_POP_YEARS; y++)
        areas->la_population[y] = 0;
    for (int i = 0; i < DEMO_CLUSTER_COUNT; i++) {
        struct demo_cluster *c = &areas->clusters[i];
        snprintf(c->code, sizeof c->code, "LS-C%02d", i + 1);
        c->name = cluster_table[i].name;
        c->targeted = cluster_table[i].targeted;
        /* 2024 within 1.5% of the table; a steady trend of -0.6% to +0.6% a year. */
        int base = cluster_table[i].population_2024;
        int jitter_per_mille = (int)demo_rng_range(&rng, -15, 15);
        int trend_per_10000 = (int)demo_rng_range(&rng, -60, 60);
        int pop_2024 = base + base * jitter_per_mille / 1000;
        for (int y = 0; y < DEMO_POP_YEARS; y++) {
            int year = DEMO_FIRST_POP_YEAR + y;
            /* Small year-to-year noise on top of the trend, as revised estimates show. */
            int noise = (int)demo_rng_range(&rng, -20, 20);
            long pop = (long)pop_2024 * (10000 + (long)trend_per_10000 * (year - 2024)) / 10000;
            if (year != 2024)
                pop += noise;
            c->population[y] = (int)pop;
            areas->la_population[y] += (int)pop;
        }
    }
}

int demo_population(const struct demo_areas *areas, int cluster, int year)
{
    if (year < DEMO_FIRST_POP_YEAR || year > DEMO_LAST_POP_YEAR)
        return -1;
    int y = year - DEMO_FIRST_POP_YEAR;
    if (cluster < 0)
        return areas->la_population[y];
    if (cluster >= DEMO_CLUSTER_COUNT)
        return -1;
    return areas->clusters[cluster].population[y];
}
