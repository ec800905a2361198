/* Invented names for the demo data: common first names with surnames that are clearly not real. */
#ifndef FGCD_DEMO_NAMES_H
#define FGCD_DEMO_NAMES_H

#include "demo_rng.h"

#include <stdbool.h>
#include <stddef.h>

/*
 * No real person is represented. First names are common given names; surnames are built from
 * a prefix that marks them as made up ("Test", "Sample", "Fictor" ...) and an English place-name
 * ending ("-wood", "-by", "-ton" ...), giving names such as Testwood, Sampleby and Exampleton
 * that no real family has.
 */

/* Broad name origin, chosen from the child's or family's DfE ethnicity code. */
enum demo_name_origin {
    DEMO_ORIGIN_ENGLISH,
    DEMO_ORIGIN_SOUTH_ASIAN,
    DEMO_ORIGIN_AFRICAN,
    DEMO_ORIGIN_CARIBBEAN,
    DEMO_ORIGIN_EAST_EUROPEAN,
    DEMO_ORIGIN_CHINESE,
    DEMO_ORIGIN_COUNT
};

/* The origin whose first names suit a DfE ethnicity code (WBRI, APKN ...). */
enum demo_name_origin demo_origin_for_ethnicity(const char *code);

/* A first name for sex 1 (male) or 2 (female), of a child's or an adult's generation; a static
 * string. */
const char *demo_first_name(struct demo_rng *rng, enum demo_name_origin origin, int sex,
                            bool adult);

/* An invented surname written into buf (at least 32 bytes). */
void demo_surname(struct demo_rng *rng, char *buf, size_t size);

/* How many different surnames demo_surname can make. */
int demo_surname_count(void);

/* True when the surname is one demo_surname could have made. */
int demo_is_demo_surname(const char *surname);

#endif
