/* What fgc prints for people and for programs: JSON, values as text, hints. */
#ifndef FGC_OUTPUT_H
#define FGC_OUTPUT_H

#include <jansson.h>

/* Prints JSON on stdout, indented, keys in the service's order. */
void out_json(const json_t *j);
/* A value as text for people: strings as they are, numbers, yes/no, lists joined with ", ",
 * and NULL for null or a missing value (shown as "-"). Lives until the command ends. */
const char *jtext(const json_t *v);
/* jtext of obj's member key. */
const char *jget(const json_t *obj, const char *key);
/* An id or number member as a long long, or 0. */
long long jid(const json_t *obj, const char *key);
/* Prints a line for people on stderr (hints such as "more with --all"). */
void out_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints a heading line ("Network members") before a table, after a blank line. */
void out_heading(const char *title);

#endif
