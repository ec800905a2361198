/* Checks JSON bodies and query strings against a table of fields, collecting every error. */
#ifndef FGCD_VALIDATE_H
#define FGCD_VALIDATE_H

#include <event2/keyvalq_struct.h>
#include <jansson.h>
#include <stdbool.h>

enum field_type {
    FT_STRING, /* non-empty text up to max_len characters (default 200) */
    FT_TEXT,   /* free text up to max_len characters (default 4000), may be empty */
    FT_DATE,   /* YYYY-MM-DD, a real calendar date from 1900 to 2100 */
    FT_INT,    /* whole number between min and max */
    FT_ID,     /* positive whole number identifying a record */
    FT_BOOL,
    FT_ENUM,    /* one of values */
    FT_CODE,    /* a code matching pattern (see validate_code_pattern) */
    FT_IDS,     /* array of record ids */
    FT_OBJECTS, /* array of objects, each checked against items */
    FT_LIST     /* array of up to max values (default 100), each checked against items[0] */
};

#define F_REQUIRED 1u
#define F_NULLABLE 2u   /* null is accepted (clears an optional field) */
#define F_NOT_FUTURE 4u /* dates: not after today */

struct field_spec {
    const char *name;
    enum field_type type;
    unsigned flags;
    long min, max;                  /* FT_INT range; FT_STRING/FT_TEXT max length when max > 0 */
    const char *const *values;      /* FT_ENUM: NULL-terminated list */
    const struct field_spec *items; /* FT_OBJECTS: fields of each element; FT_LIST: its type */
    const char *pattern;            /* FT_CODE: pattern letters, see validate_code_pattern */
};

enum validate_mode {
    VALIDATE_CREATE, /* required fields must be present */
    VALIDATE_PATCH,  /* nothing required, but at least one field */
    VALIDATE_FILTER, /* nothing required (query strings) */
};

/*
 * Checks a JSON object against spec (terminated by a NULL name). Errors are appended to errors as
 * {"field", "message"}. Returns the number of errors found.
 */
int validate_object(const json_t *obj, const struct field_spec *spec, enum validate_mode mode,
                    const char *prefix, json_t *errors);

/*
 * Checks query parameters against spec and returns them as a JSON object with typed
 * values (numbers, booleans, strings). Unknown parameters are errors. NULL if any error.
 */
json_t *validate_query(const struct evkeyvalq *query, const struct field_spec *spec,
                       json_t *errors);

/* True when s is a real date YYYY-MM-DD between 1900-01-01 and 2100-12-31. */
bool validate_date(const char *s);

/* Today's date (local time) as YYYY-MM-DD. */
void validate_today(char out[11]);

/*
 * Matches s against a pattern where 'A' is an upper-case letter, '9' a digit, '?' a letter
 * or digit, '*' any number of letters, digits or '-' (at the end only); anything else
 * matches itself.
 */
bool validate_code_pattern(const char *s, const char *pattern);

#endif
