/* The compact values of some options: plan actions, attendees, assessments and enquiries. */
#ifndef FGC_SPECS_H
#define FGC_SPECS_H

#include <jansson.h>
#include <stddef.h>

/*
 * Splits text at '|' into at most max parts (written into parts, which must be freed with
 * spec_parts_free); "\|" is a '|' inside a part and "\\" a backslash. Returns the number of
 * parts, or -1 when there are more than max.
 */
int spec_split(const char *text, char **parts, int max);
void spec_parts_free(char **parts, int n);

/* "DESCRIPTION|OWNER|family|professional[|DUE]" -> a plan action object, or NULL with err. */
json_t *spec_action(const char *text, char *err, size_t errlen);
/* "ROLE[:NAME]" -> an attendee; a NAME of "#N" means network member N. NULL with err. */
json_t *spec_attendee(const char *text, char *err, size_t errlen);
/* "START[|AUTHORISED[|FACTOR,FACTOR...]]" -> a CIN assessment. NULL with err. */
json_t *spec_assessment(const char *text, char *err, size_t errlen);
/* "START[|ICPC_DATE]" or "START|not-required" -> a section 47 enquiry. NULL with err. */
json_t *spec_section47(const char *text, char *err, size_t errlen);

#endif
