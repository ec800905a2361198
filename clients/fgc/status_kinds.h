/* The four kinds of status history (CIN, CPP, CLA, pre-proceedings): their fields and options. */
#ifndef FGC_STATUS_KINDS_H
#define FGC_STATUS_KINDS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "args.h"

enum sh_type {
    SH_DATE,
    SH_CODE,
    SH_TEXT,
    SH_BOOL,
    SH_INT,
    SH_ID,
    SH_DATES,       /* a list of dates, one option each */
    SH_ASSESSMENTS, /* CIN assessments, "START|AUTHORISED|FACTORS" each */
    SH_SECTION47S,  /* section 47 enquiries, "START|ICPC_DATE" each */
};

struct sh_field {
    const char *field;  /* the API's name */
    const char *option; /* the option's name */
    enum sh_type type;
    bool required; /* for a new record */
    const char *help;
};

struct sh_kind {
    const char *command; /* "cin" */
    const char *path;    /* "cin-episodes" */
    const char *noun;    /* "CIN episode" */
    const char *date_field;
    const struct sh_field *fields; /* ended by field NULL */
};

/* The kind with this command name, or NULL. */
const struct sh_kind *sh_kind_find(const char *command);
/* Every kind, ended by NULL. */
const struct sh_kind *const *sh_kinds(void);

/* The options for recording or correcting a record of kind k (and --clear FIELD when
 * correcting), ended by name NULL. The caller frees the array (not the strings). */
struct opt *sh_options(const struct sh_kind *k, bool correcting);
/*
 * The body from the options parsed with sh_options. When base is given (the record being
 * corrected), its fields are the starting point: every field of the kind except the note, with
 * the fields of assessments and enquiries only. Returns NULL with err for a value that cannot
 * be read or a required option that is missing.
 */
json_t *sh_body(const struct sh_kind *k, struct opt *opts, const json_t *base, char *err,
                size_t errlen);
/* The API field for an option's name or a field's name given to --clear, or NULL. */
const struct sh_field *sh_field_named(const struct sh_kind *k, const char *name);

#endif
