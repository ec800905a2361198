/* Parses the compact option values: plan actions, attendees, assessments, section 47 enquiries. */
#include "specs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"

int spec_split(const char *text, char **parts, int max)
{
    int n = 0;
    size_t len = strlen(text);
    char *cur = malloc(len + 1);
    size_t k = 0;
    if (!cur) {
        return -1;
    }
    for (const char *p = text;; p++) {
        if (*p == '\\' && (p[1] == '|' || p[1] == '\\')) {
            cur[k++] = *++p;
        } else if (*p == '|' || *p == '\0') {
            if (n == max) {
                free(cur);
                spec_parts_free(parts, n);
                return -1;
            }
            cur[k] = '\0';
            parts[n++] = strdup(cur);
            k = 0;
            if (*p == '\0') {
                break;
            }
        } else {
            cur[k++] = *p;
        }
    }
    free(cur);
    return n;
}

void spec_parts_free(char **parts, int n)
{
    for (int i = 0; i < n; i++) {
        free(parts[i]);
        parts[i] = NULL;
    }
}

/* Trims spaces at both ends, in place. */
static char *trim(char *s)
{
    while (*s == ' ') {
        s++;
    }
    size_t len = strlen(s);
    while (len > 0 && s[len - 1] == ' ') {
        s[--len] = '\0';
    }
    return s;
}

json_t *spec_action(const char *text, char *err, size_t errlen)
{
    char *parts[4];
    int n = spec_split(text, parts, 4);
    if (n < 3) {
        if (n > 0) {
            spec_parts_free(parts, n);
        }
        snprintf(err, errlen,
                 "an action is 'DESCRIPTION|OWNER|family|professional|DUE' (DUE may be left "
                 "out): write \\| for a | inside the description");
        return NULL;
    }
    json_t *a = json_object();
    json_object_set_new(a, "description", json_string(trim(parts[0])));
    json_object_set_new(a, "owner_name", json_string(trim(parts[1])));
    json_object_set_new(a, "owner_kind", json_string(trim(parts[2])));
    if (n == 4 && *trim(parts[3])) {
        json_object_set_new(a, "due_on", json_string(trim(parts[3])));
    }
    spec_parts_free(parts, n);
    return a;
}

json_t *spec_attendee(const char *text, char *err, size_t errlen)
{
    const char *colon = strchr(text, ':');
    size_t role_len = colon ? (size_t)(colon - text) : strlen(text);
    if (role_len == 0) {
        snprintf(err, errlen, "an attendee is ROLE or ROLE:NAME, such as parent:Laura Hart");
        return NULL;
    }
    json_t *a = json_object();
    json_object_set_new(a, "role", json_stringn(text, role_len));
    if (colon && colon[1]) {
        long long member;
        if (colon[1] == '#') {
            if (!parse_id(colon + 2, &member)) {
                json_decref(a);
                snprintf(err, errlen, "ROLE:#N names network member N: %s", text);
                return NULL;
            }
            json_object_set_new(a, "network_member_id", json_integer(member));
        } else {
            json_object_set_new(a, "name", json_string(colon + 1));
        }
    }
    return a;
}

json_t *spec_assessment(const char *text, char *err, size_t errlen)
{
    char *parts[3];
    int n = spec_split(text, parts, 3);
    if (n < 1 || !*trim(parts[0])) {
        if (n > 0) {
            spec_parts_free(parts, n);
        }
        snprintf(err, errlen,
                 "an assessment is 'START|AUTHORISED|FACTOR,FACTOR' (the last two "
                 "may be left out)");
        return NULL;
    }
    json_t *a = json_object();
    json_object_set_new(a, "start_date", json_string(trim(parts[0])));
    if (n > 1 && *trim(parts[1])) {
        json_object_set_new(a, "authorised_date", json_string(trim(parts[1])));
    }
    if (n > 2 && *trim(parts[2])) {
        json_t *factors = json_array();
        char *save = NULL;
        for (char *f = strtok_r(parts[2], ",", &save); f; f = strtok_r(NULL, ",", &save)) {
            if (*trim(f)) {
                json_array_append_new(factors, json_string(trim(f)));
            }
        }
        json_object_set_new(a, "factors", factors);
    }
    spec_parts_free(parts, n);
    return a;
}

json_t *spec_section47(const char *text, char *err, size_t errlen)
{
    char *parts[2];
    int n = spec_split(text, parts, 2);
    if (n < 1 || !*trim(parts[0])) {
        if (n > 0) {
            spec_parts_free(parts, n);
        }
        snprintf(err, errlen, "an enquiry is 'START|ICPC_DATE' or 'START|not-required'");
        return NULL;
    }
    json_t *s = json_object();
    json_object_set_new(s, "start_date", json_string(trim(parts[0])));
    if (n > 1 && *trim(parts[1])) {
        if (strcmp(trim(parts[1]), "not-required") == 0) {
            json_object_set_new(s, "icpc_not_required", json_true());
        } else {
            json_object_set_new(s, "icpc_date", json_string(trim(parts[1])));
        }
    }
    spec_parts_free(parts, n);
    return s;
}
