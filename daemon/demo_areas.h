/* The demo local authority (Leeds, E08000035), its 25 clusters and their child populations. */
#ifndef FGCD_DEMO_AREAS_H
#define FGCD_DEMO_AREAS_H

#include <stdbool.h>
#include <stdint.h>

#define DEMO_LA_CODE "E08000035"
#define DEMO_LA_NAME "Leeds"
#define DEMO_CLUSTER_COUNT 25
#define DEMO_FIRST_POP_YEAR 2021
#define DEMO_LAST_POP_YEAR 2025
#define DEMO_POP_YEARS (DEMO_LAST_POP_YEAR - DEMO_FIRST_POP_YEAR + 1)
#define DEMO_POP_VINTAGE "ONS mid-year estimates (synthetic)"
/* The area group of the six targeted clusters (where the schema has area groups). */
#define DEMO_TARGETED_GROUP "Family Valued targeted clusters"

struct demo_cluster {
    char code[8];     /* LS-C01 .. LS-C25 */
    const char *name; /* a neighbourhood name (public place names) */
    bool targeted;    /* one of the Family Valued evaluation's six targeted clusters */
    /* Children aged 0-17 at mid-year DEMO_FIRST_POP_YEAR + i. */
    int population[DEMO_POP_YEARS];
};

struct demo_areas {
    struct demo_cluster clusters[DEMO_CLUSTER_COUNT];
    /* The local authority's own rows: the sum of its clusters, year by year. */
    int la_population[DEMO_POP_YEARS];
};

/* Fills in the clusters and populations for a seed (the populations vary a little with it). */
void demo_areas_make(struct demo_areas *areas, uint64_t seed);

/* The population of a cluster (or the local authority with index -1) in a mid-year, or -1
 * for a year outside DEMO_FIRST_POP_YEAR..DEMO_LAST_POP_YEAR. */
int demo_population(const struct demo_areas *areas, int cluster, int year);

#endif
