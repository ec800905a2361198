/* fgcd import cin-census: the CIN census XML (2022-23 to 2025-26 layouts) into children, CIN
 * episodes, child protection plans and pre-proceedings. */
#include "import.h"
#include "import_db.h"
#include "util.h"

#include <ctype.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/*
 * Layout accepted (element names compared without regard to case, namespaces ignored):
 *
 *   Message
 *     Header/CollectionDetails/ReferenceDate          31 March of the collection year
 *     Children/Child*
 *       ChildIdentifiers: LAchildID, UPN, PersonBirthDate (or ExpectedPersonBirthDate),
 *                         Sex (M/F or 1/2; older files GenderCurrent 1/2)
 *       ChildCharacteristics: Ethnicity (Disabilities are read but not stored)
 *       CINdetails*: CINreferralDate, ReferralSource, PrimaryNeedCode, CINclosureDate,
 *                    ReasonForClosure, ReferralNFA,
 *                    Assessments/Assessment*: AssessmentActualStartDate,
 *                        AssessmentAuthorisationDate, AssessmentFactors/AssessmentFactor*
 *                    Section47*: S47ActualStartDate, InitialCPCtarget, DateOfInitialCPC,
 *                        ICPCnotRequired
 *                    ChildProtectionPlans/ChildProtectionPlan*: CPPstartDate, CPPendDate,
 *                        InitialCategoryOfAbuse, LatestCategoryOfAbuse, NumberOfPreviousCPP,
 *                        Reviews/CPPreviewDate*
 *                    PreProceedings*: PPStartDate, LBPSentDate, FGDMMeetingOffer,
 *                        FGDMMeetingFac, InitialPPMeetingDate, ReviewMeetingsCount,
 *                        StepDecisionDate, PPOutcome, CourtAppDate, LetterInitCPDate
 *
 * PreProceedings (the 2025-26 module) is accepted anywhere below Child, also as
 * PreProceedingsDetails; Section47 also inside a Section47s wrapper.
 */

/* ---- What was read ---- */

enum rec_state { R_KEPT, R_REJECTED, R_DUPLICATE };
enum child_state { CS_OK, CS_REJECTED };

struct place {
    const char *path;
    long line;
};

struct child {
    long ref;
    const char *id;
    enum child_state state;
    import_day dob;
    int sex;
    const char *ethnicity, *upn;
};

struct cin_rec {
    long ref, child;
    import_day referral, closure;
    bool has_closure;
    const char *source, *need, *reason;
    int nfa;                              /* -1 when not given */
    const char *assessments, *section47s; /* JSON arrays */
    const char *canon;                    /* all values, to compare repeats */
    enum rec_state state;
};

struct cpp_rec {
    long ref, child;
    import_day referral, start, end, icpc;
    bool has_referral, has_end, has_icpc;
    const char *initial, *latest;
    int previous;        /* -1 when not given */
    const char *reviews; /* "{2024-01-02,...}" */
    const char *canon;
    enum rec_state state;
};

enum { PP_LBP, PP_INITIAL, PP_STEP, PP_COURT, PP_LETTER, PP_NDATES };

struct pp_rec {
    long ref, child;
    import_day start, dates[PP_NDATES];
    bool has_date[PP_NDATES];
    int offer, facilitated, reviews; /* -1 when not given */
    const char *outcome;
    const char *canon;
    enum rec_state state;
};

#define GROW(arr, n, cap)                                                                          \
    do {                                                                                           \
        if ((n) == (cap)) {                                                                        \
            (cap) = (cap) ? (cap)*2 : 256;                                                         \
            void *grown_ = realloc((arr), (size_t)(cap) * sizeof *(arr));                          \
            if (!grown_)                                                                           \
                abort();                                                                           \
            (arr) = grown_;                                                                        \
        }                                                                                          \
    } while (0)

struct census {
    struct import_report *r;
    const struct code_lists *codes;
    struct arena arena;
    struct place *places;
    long nplaces, places_cap;
    struct child *children;
    long nchildren, children_cap;
    struct strmap child_index, upns, unknown_elements;
    struct cin_rec *cins;
    long ncins, cins_cap;
    struct cpp_rec *cpps;
    long ncpps, cpps_cap;
    struct pp_rec *pps;
    long npps, pps_cap;
};

static const char *keep(struct census *c, const char *s)
{
    return s ? arena_strdup(&c->arena, s, strlen(s)) : NULL;
}

static long add_place(struct census *c, const char *path, const xmlNode *node)
{
    GROW(c->places, c->nplaces, c->places_cap);
    c->places[c->nplaces].path = keep(c, path);
    c->places[c->nplaces].line = node ? xmlGetLineNo(node) : 0;
    return c->nplaces++;
}

/* ---- Walking the tree ---- */

static bool is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcasecmp((const char *)n->name, name) == 0;
}

static xmlNode *child_named(const xmlNode *parent, const char *name)
{
    for (xmlNode *n = parent ? parent->children : NULL; n; n = n->next)
        if (is(n, name))
            return n;
    return NULL;
}

/* The trimmed text of an element, kept in the arena ("" for an empty one, NULL if absent). */
static const char *text_of(struct census *c, const xmlNode *n)
{
    if (!n)
        return NULL;
    xmlChar *raw = xmlNodeGetContent(n);
    if (!raw)
        return "";
    char *t = import_trim((char *)raw);
    const char *kept = keep(c, t);
    xmlFree(raw);
    return kept;
}

static const char *text_child(struct census *c, const xmlNode *parent, const char *name,
                              xmlNode **node)
{
    xmlNode *n = child_named(parent, name);
    if (node)
        *node = n;
    const char *t = text_of(c, n);
    return t && *t ? t : NULL;
}

static void problem_at(struct census *c, enum problem_severity sev, const char *kind,
                       const char *path, const xmlNode *node, const char *field, const char *msg)
{
    report_problem(c->r, sev, kind, 0, node ? xmlGetLineNo(node) : 0, path, field, "%s", msg);
}

#define WARN(c, kind, path, node, field, ...)                                                      \
    do {                                                                                           \
        char *m_ = xasprintf(__VA_ARGS__);                                                         \
        problem_at((c), PROBLEM_WARNING, (kind), (path), (node), (field), m_);                     \
        free(m_);                                                                                  \
    } while (0)
#define REJECT(c, kind, path, node, field, ...)                                                    \
    do {                                                                                           \
        char *m_ = xasprintf(__VA_ARGS__);                                                         \
        problem_at((c), PROBLEM_REJECTED, (kind), (path), (node), (field), m_);                    \
        free(m_);                                                                                  \
    } while (0)

/* Elements read but not stored, and wrappers handled by their parent: no warning. */
static bool known_element(const char *name)
{
    static const char *const names[] = {"Header",
                                        "Children",
                                        "Child",
                                        "ChildIdentifiers",
                                        "ChildCharacteristics",
                                        "CINdetails",
                                        "LAchildID",
                                        "UPN",
                                        "FormerUPN",
                                        "UPNunknown",
                                        "PersonBirthDate",
                                        "ExpectedPersonBirthDate",
                                        "GenderCurrent",
                                        "Sex",
                                        "PersonDeathDate",
                                        "Ethnicity",
                                        "Disabilities",
                                        "Disability",
                                        "CINreferralDate",
                                        "ReferralSource",
                                        "PrimaryNeedCode",
                                        "CINclosureDate",
                                        "ReasonForClosure",
                                        "DateOfInitialCPC",
                                        "ReferralNFA",
                                        "Assessments",
                                        "Assessment",
                                        "AssessmentActualStartDate",
                                        "AssessmentInternalReviewDate",
                                        "AssessmentAuthorisationDate",
                                        "AssessmentFactors",
                                        "AssessmentFactor",
                                        "CINPlanDates",
                                        "CINPlanStartDate",
                                        "CINPlanEndDate",
                                        "Section47",
                                        "Section47s",
                                        "S47ActualStartDate",
                                        "InitialCPCtarget",
                                        "ICPCnotRequired",
                                        "ChildProtectionPlans",
                                        "ChildProtectionPlan",
                                        "CPPstartDate",
                                        "CPPendDate",
                                        "InitialCategoryOfAbuse",
                                        "LatestCategoryOfAbuse",
                                        "NumberOfPreviousCPP",
                                        "Reviews",
                                        "CPPreviewDate",
                                        "PreProceedings",
                                        "PreProceedingsDetails",
                                        "PPStartDate",
                                        "LBPSentDate",
                                        "FGDMMeetingOffer",
                                        "FGDMMeetingFac",
                                        "InitialPPMeetingDate",
                                        "ReviewMeetingsCount",
                                        "StepDecisionDate",
                                        "PPOutcome",
                                        "CourtAppDate",
                                        "LetterInitCPDate",
                                        "CollectionDetails",
                                        "Collection",
                                        "Year",
                                        "ReferenceDate",
                                        "Source",
                                        "SourceLevel",
                                        "LEA",
                                        "SoftwareCode",
                                        "Release",
                                        "SerialNo",
                                        "DateTime",
                                        "Message",
                                        NULL};
    for (int i = 0; names[i]; i++)
        if (strcasecmp(names[i], name) == 0)
            return true;
    return false;
}

/* One warning per element name that is not part of the census. */
static void check_unknown(struct census *c, const xmlNode *parent, const char *path)
{
    for (xmlNode *n = parent->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const char *name = (const char *)n->name;
        char *here = xasprintf("%s/%s", path, name);
        if (!known_element(name)) {
            if (strmap_get(&c->unknown_elements, name) < 0) {
                strmap_put(&c->unknown_elements, name, 1);
                WARN(c, "unknown_element", here, n, name,
                     "The element %s is not part of the CIN census layouts this importer reads; "
                     "it was ignored (here and wherever else it appears).",
                     name);
            }
            free(here);
            continue;
        }
        check_unknown(c, n, here);
        free(here);
    }
}

/* 1 for a date, 0 when absent or empty, -1 for something else (reported by the caller). */
static int date_of(struct census *c, const char *path, const xmlNode *node, const char *field,
                   const char *v, import_day *out)
{
    if (!v || !*v)
        return 0;
    if (date_parse_iso(v, out))
        return 1;
    if (date_parse_dmy(v, out)) {
        WARN(c, "date_format", path, node, field,
             "%s \"%s\" is written as dd/mm/yyyy rather than YYYY-MM-DD; it was read as that date.",
             field, v);
        return 1;
    }
    return -1;
}

/* An optional date: an unreadable one is reported and left out. */
static bool optional_date(struct census *c, const char *path, const xmlNode *parent,
                          const char *field, import_day *out)
{
    xmlNode *n;
    const char *v = text_child(c, parent, field, &n);
    int d = date_of(c, path, n, field, v, out);
    if (d < 0) {
        char *p = xasprintf("%s/%s", path, field);
        WARN(c, "invalid_date", p, n, field,
             "%s \"%s\" is not a date written as YYYY-MM-DD; it was left out.", field, v);
        free(p);
    }
    return d > 0;
}

/* true/false, 1/0, Y/N: 1 or 0; -1 when absent or unreadable (reported). */
static int boolean_of(struct census *c, const char *path, const xmlNode *parent, const char *field)
{
    xmlNode *n;
    const char *v = text_child(c, parent, field, &n);
    if (!v)
        return -1;
    if (strcasecmp(v, "true") == 0 || strcmp(v, "1") == 0 || strcasecmp(v, "Y") == 0 ||
        strcasecmp(v, "yes") == 0)
        return 1;
    if (strcasecmp(v, "false") == 0 || strcmp(v, "0") == 0 || strcasecmp(v, "N") == 0 ||
        strcasecmp(v, "no") == 0)
        return 0;
    char *p = xasprintf("%s/%s", path, field);
    WARN(c, "invalid_value", p, n, field, "%s \"%s\" is not true or false; it was left out.", field,
         v);
    free(p);
    return -1;
}

/* A whole number from 0 to 999; -1 when absent or unreadable (reported). */
static int count_of(struct census *c, const char *path, const xmlNode *parent, const char *field)
{
    xmlNode *n;
    const char *v = text_child(c, parent, field, &n);
    if (!v)
        return -1;
    char *end;
    long x = strtol(v, &end, 10);
    if (*end || end == v || x < 0 || x > 999) {
        char *p = xasprintf("%s/%s", path, field);
        WARN(c, "invalid_value", p, n, field,
             "%s \"%s\" is not a whole number (0 or more); it was left out.", field, v);
        free(p);
        return -1;
    }
    return (int)x;
}

/* A code checked against a list: unknown codes are kept as given, with a warning. */
static const char *code_of(struct census *c, const char *path, const xmlNode *parent,
                           const char *field, const char *list, const char *what)
{
    xmlNode *n;
    const char *v = text_child(c, parent, field, &n);
    if (!v)
        return NULL;
    char *upper = import_upper((char *)keep(c, v));
    if (list && !code_known(c->codes, list, upper)) {
        char *p = xasprintf("%s/%s", path, field);
        WARN(c, "unknown_code", p, n, field,
             "%s \"%s\" is not a known %s code; it was stored as given.", field, upper, what);
        free(p);
    }
    return upper;
}

static void iso(import_day d, bool present, char out[11])
{
    if (present)
        date_format_iso(d, out);
    else
        strcpy(out, "");
}

static json_t *date_json(import_day d, bool present)
{
    char b[11];
    iso(d, present, b);
    return present ? json_string(b) : json_null();
}

/* Reads ChildIdentifiers and ChildCharacteristics; returns the child's index, or -1 when it
 * has no LAchildID (its records are then rejected by the caller). */
static long read_child(struct census *c, const xmlNode *child, const char *path)
{
    struct import_report *r = c->r;
    r->children_read++;
    const xmlNode *ids = child_named(child, "ChildIdentifiers");
    const xmlNode *chars = child_named(child, "ChildCharacteristics");
    char *ids_path = xasprintf("%s/ChildIdentifiers", path);
    xmlNode *n;
    const char *id = text_child(c, ids, "LAchildID", &n);
    long result = -1;
    if (!id || strlen(id) > 64) {
        REJECT(c, "missing_field", ids ? ids_path : path, ids ? (const xmlNode *)ids : child,
               "LAchildID",
               id ? "LAchildID is longer than 64 characters; the child and everything recorded "
                    "for it were not imported."
                  : "The child has no LAchildID; the child and everything recorded for it were "
                    "not imported.");
        r->children_rejected++;
        free(ids_path);
        return -1;
    }
    long existing = strmap_get(&c->child_index, id);
    if (existing >= 0) {
        WARN(c, "duplicate_child", path, child, "LAchildID",
             "Child %s already appears earlier in the file (%s); its records here are added to "
             "that child, whose details come from the first appearance.",
             id, c->places[c->children[existing].ref].path);
        r->children_unchanged++;
        free(ids_path);
        return existing;
    }
    GROW(c->children, c->nchildren, c->children_cap);
    struct child *ch = &c->children[c->nchildren];
    memset(ch, 0, sizeof *ch);
    ch->ref = add_place(c, path, child);
    ch->id = keep(c, id);
    result = c->nchildren++;
    strmap_put(&c->child_index, id, result);

    bool ok = true;
    char *field_path;
    /* Date of birth, or for an unborn child the expected date. */
    const char *dob = text_child(c, ids, "PersonBirthDate", &n);
    const char *field = "PersonBirthDate";
    if (!dob) {
        dob = text_child(c, ids, "ExpectedPersonBirthDate", &n);
        field = "ExpectedPersonBirthDate";
        if (dob)
            WARN(c, "unborn_child", ids_path, n, field,
                 "Child %s has no PersonBirthDate; the expected date of birth %s was recorded.", id,
                 dob);
    }
    int d = date_of(c, ids_path, n, field, dob, &ch->dob);
    field_path = xasprintf("%s/%s", ids_path, field);
    if (d == 0) {
        REJECT(c, "missing_field", ids_path, ids, "PersonBirthDate",
               "Child %s has no PersonBirthDate, so the child cannot be created (a child already "
               "recorded keeps its details).",
               id);
        ok = false;
    } else if (d < 0) {
        REJECT(c, "invalid_date", field_path, n, field,
               "%s \"%s\" of child %s is not a date written as YYYY-MM-DD, so the child cannot be "
               "created (a child already recorded keeps its details).",
               field, dob, id);
        ok = false;
    }
    free(field_path);
    /* Sex (2023-24 onwards: M/F/U) or GenderCurrent (earlier: 1/2, 0 or 9 not known). */
    field = "Sex";
    const char *sex = text_child(c, ids, "Sex", &n);
    if (!sex) {
        field = "GenderCurrent";
        sex = text_child(c, ids, "GenderCurrent", &n);
    }
    if (sex && (strcasecmp(sex, "M") == 0 || strcmp(sex, "1") == 0)) {
        ch->sex = 1;
    } else if (sex && (strcasecmp(sex, "F") == 0 || strcmp(sex, "2") == 0)) {
        ch->sex = 2;
    } else {
        field_path = xasprintf("%s/%s", ids_path, field);
        REJECT(c, sex ? "invalid_value" : "missing_field", sex ? field_path : ids_path,
               sex ? n : ids, field,
               sex ? "%s \"%s\" of child %s is not male or female (M/F, 1/2); fgcd records sex as "
                     "in DfE returns, so the child cannot be created (a child already recorded "
                     "keeps its details)."
                   : "%s%s child %s has neither Sex nor GenderCurrent, so the child cannot be "
                     "created (a child already recorded keeps its details).",
               sex ? field : "", sex ? sex : "", id);
        free(field_path);
        ok = false;
    }
    const char *eth = text_child(c, chars, "Ethnicity", &n);
    if (eth) {
        char *upper = import_upper((char *)keep(c, eth));
        if (code_known(c->codes, "ethnicity", upper)) {
            ch->ethnicity = upper;
        } else {
            field_path = xasprintf("%s/ChildCharacteristics/Ethnicity", path);
            WARN(c, "unknown_code", field_path, n, "Ethnicity",
                 "Ethnicity \"%s\" of child %s is not a DfE ethnicity code; a new child is "
                 "recorded as NOBT (information not yet obtained), a known child keeps the "
                 "ethnicity recorded.",
                 upper, id);
            free(field_path);
        }
    } else if (ok) {
        WARN(c, "missing_field", path, chars ? chars : child, "Ethnicity",
             "Child %s has no Ethnicity; a new child is recorded as NOBT (information not yet "
             "obtained).",
             id);
    }
    const char *upn = text_child(c, ids, "UPN", &n);
    char upn_value[14];
    if (upn) {
        field_path = xasprintf("%s/UPN", ids_path);
        if (!import_normalise_upn(upn, upn_value)) {
            WARN(c, "invalid_value", field_path, n, "UPN",
                 "UPN \"%s\" of child %s is not a unique pupil number; it was not stored.", upn,
                 id);
        } else {
            long other = strmap_put(&c->upns, upn_value, result);
            if (other != result)
                WARN(c, "duplicate_upn", field_path, n, "UPN",
                     "UPN %s of child %s is also given for child %s; it was not stored for this "
                     "child.",
                     upn_value, id, c->children[other].id);
            else
                ch->upn = keep(c, upn_value);
        }
        free(field_path);
    }
    if (!ok) {
        ch->state = CS_REJECTED;
        r->children_rejected++;
    }
    free(ids_path);
    return result;
}

static const char *json_text(struct census *c, json_t *v)
{
    char *s = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
    json_decref(v);
    const char *kept = keep(c, s);
    free(s);
    return kept;
}

static json_t *read_assessments(struct census *c, const xmlNode *details, const char *path)
{
    json_t *list = json_array();
    const xmlNode *wrapper = child_named(details, "Assessments");
    int k = 0;
    for (xmlNode *a = wrapper ? wrapper->children : NULL; a; a = a->next) {
        if (!is(a, "Assessment"))
            continue;
        char *p = xasprintf("%s/Assessments/Assessment[%d]", path, ++k);
        import_day start, auth;
        bool has_start = optional_date(c, p, a, "AssessmentActualStartDate", &start);
        bool has_auth = optional_date(c, p, a, "AssessmentAuthorisationDate", &auth);
        if (!has_start && !child_named(a, "AssessmentActualStartDate"))
            WARN(c, "missing_field", p, a, "AssessmentActualStartDate",
                 "The assessment has no AssessmentActualStartDate; it was stored without one.");
        json_t *factors = json_array();
        const xmlNode *fw = child_named(a, "AssessmentFactors");
        for (xmlNode *f = fw ? fw->children : NULL; f; f = f->next) {
            if (!is(f, "AssessmentFactor"))
                continue;
            const char *v = text_of(c, f);
            if (v && *v)
                json_array_append_new(factors, json_string(import_upper((char *)keep(c, v))));
        }
        json_array_append_new(list, json_pack("{s:o, s:o, s:o}", "start_date",
                                              date_json(start, has_start), "authorised_date",
                                              date_json(auth, has_auth), "factors", factors));
        free(p);
    }
    return list;
}

static void add_section47(struct census *c, json_t *list, const xmlNode *s, const char *p)
{
    import_day start, target, icpc;
    bool has_start = optional_date(c, p, s, "S47ActualStartDate", &start);
    bool has_target = optional_date(c, p, s, "InitialCPCtarget", &target);
    bool has_icpc = optional_date(c, p, s, "DateOfInitialCPC", &icpc);
    int not_required = boolean_of(c, p, s, "ICPCnotRequired");
    if (!has_start && !child_named(s, "S47ActualStartDate"))
        WARN(c, "missing_field", p, s, "S47ActualStartDate",
             "The section 47 enquiry has no S47ActualStartDate; it was stored without one.");
    json_array_append_new(
        list, json_pack("{s:o, s:o, s:o, s:o}", "start_date", date_json(start, has_start),
                        "icpc_target", date_json(target, has_target), "icpc_date",
                        date_json(icpc, has_icpc), "icpc_not_required",
                        not_required < 0 ? json_null() : json_boolean(not_required)));
}

static json_t *read_section47s(struct census *c, const xmlNode *details, const char *path)
{
    json_t *list = json_array();
    int k = 0;
    for (xmlNode *s = details->children; s; s = s->next) {
        if (is(s, "Section47")) {
            char *p = xasprintf("%s/Section47[%d]", path, ++k);
            add_section47(c, list, s, p);
            free(p);
        } else if (is(s, "Section47s")) {
            int j = 0;
            for (xmlNode *t = s->children; t; t = t->next) {
                if (!is(t, "Section47"))
                    continue;
                char *p = xasprintf("%s/Section47s/Section47[%d]", path, ++j);
                add_section47(c, list, t, p);
                free(p);
            }
        }
    }
    return list;
}

/* The latest initial conference on or before day, from the section 47 enquiries. */
static bool icpc_for(json_t *section47s, import_day day, import_day *out)
{
    bool found = false;
    size_t i;
    json_t *s;
    json_array_foreach(section47s, i, s)
    {
        import_day d;
        const char *v = json_string_value(json_object_get(s, "icpc_date"));
        if (v && date_parse_iso(v, &d) && d <= day && (!found || d > *out)) {
            *out = d;
            found = true;
        }
    }
    return found;
}

static void read_plan(struct census *c, long child, const xmlNode *plan, const char *p,
                      bool has_referral, import_day referral, json_t *section47s)
{
    struct import_report *r = c->r;
    r->read++;
    GROW(c->cpps, c->ncpps, c->cpps_cap);
    struct cpp_rec *cp = &c->cpps[c->ncpps];
    memset(cp, 0, sizeof *cp);
    cp->ref = add_place(c, p, plan);
    cp->child = child;
    cp->has_referral = has_referral;
    cp->referral = referral;
    xmlNode *n;
    const char *v = text_child(c, plan, "CPPstartDate", &n);
    int d = date_of(c, p, n, "CPPstartDate", v, &cp->start);
    bool ok = true;
    if (child < 0) {
        REJECT(c, "child_unknown", p, plan, NULL,
               "The plan's child has no usable LAchildID; the plan was not imported.");
        ok = false;
    }
    if (d == 0) {
        REJECT(c, "missing_field", p, plan, "CPPstartDate",
               "The plan has no CPPstartDate; it was not imported.");
        ok = false;
    } else if (d < 0) {
        char *fp = xasprintf("%s/CPPstartDate", p);
        REJECT(
            c, "invalid_date", fp, n, "CPPstartDate",
            "CPPstartDate \"%s\" is not a date written as YYYY-MM-DD; the plan was not imported.",
            v);
        free(fp);
        ok = false;
    }
    cp->has_end = optional_date(c, p, plan, "CPPendDate", &cp->end);
    if (ok && cp->has_end && cp->end < cp->start) {
        char *fp = xasprintf("%s/CPPendDate", p);
        char a[11], b[11];
        date_format_iso(cp->end, a);
        date_format_iso(cp->start, b);
        REJECT(c, "ceased_before_start", fp, child_named(plan, "CPPendDate"), "CPPendDate",
               "CPPendDate %s is before CPPstartDate %s; the plan was not imported.", a, b);
        free(fp);
        ok = false;
    }
    cp->initial =
        code_of(c, p, plan, "InitialCategoryOfAbuse", "abuse_category", "category of abuse");
    cp->latest =
        code_of(c, p, plan, "LatestCategoryOfAbuse", "abuse_category", "category of abuse");
    cp->previous = count_of(c, p, plan, "NumberOfPreviousCPP");
    size_t cap = 64, len = 0;
    char *reviews = xmalloc(cap);
    reviews[len++] = '{';
    const xmlNode *rw = child_named(plan, "Reviews");
    int k = 0;
    for (xmlNode *rv = rw ? rw->children : NULL; rv; rv = rv->next) {
        if (!is(rv, "CPPreviewDate"))
            continue;
        k++;
        const char *t = text_of(c, rv);
        import_day rd;
        char *rp = xasprintf("%s/Reviews/CPPreviewDate[%d]", p, k);
        int got = date_of(c, rp, rv, "CPPreviewDate", t, &rd);
        if (got <= 0) {
            WARN(c, "invalid_date", rp, rv, "CPPreviewDate",
                 "CPPreviewDate \"%s\" is not a date written as YYYY-MM-DD; it was left out.",
                 t ? t : "");
        } else {
            if (len + 12 > cap) {
                cap *= 2;
                char *grown = realloc(reviews, cap);
                if (!grown)
                    abort();
                reviews = grown;
            }
            if (len > 1)
                reviews[len++] = ',';
            date_format_iso(rd, reviews + len);
            len += 10;
        }
        free(rp);
    }
    reviews[len++] = '}';
    reviews[len] = '\0';
    cp->reviews = keep(c, reviews);
    free(reviews);
    if (ok)
        cp->has_icpc = icpc_for(section47s, cp->start, &cp->icpc);
    char a[11], b[11], e[11], i[11];
    iso(cp->referral, cp->has_referral, a);
    iso(cp->start, true, b);
    iso(cp->end, cp->has_end, e);
    iso(cp->icpc, cp->has_icpc, i);
    char *canon = xasprintf("%s|%s|%s|%s|%s|%s|%d|%s", a, b, e, i, cp->initial ? cp->initial : "",
                            cp->latest ? cp->latest : "", cp->previous, cp->reviews);
    cp->canon = keep(c, canon);
    free(canon);
    cp->state = ok ? R_KEPT : R_REJECTED;
    if (!ok)
        r->rejected++;
    c->ncpps++;
}

static void read_pre_proceedings(struct census *c, long child, const xmlNode *pp, const char *p)
{
    struct import_report *r = c->r;
    r->read++;
    GROW(c->pps, c->npps, c->pps_cap);
    struct pp_rec *rec = &c->pps[c->npps];
    memset(rec, 0, sizeof *rec);
    rec->ref = add_place(c, p, pp);
    rec->child = child;
    bool ok = true;
    if (child < 0) {
        REJECT(c, "child_unknown", p, pp, NULL,
               "The child has no usable LAchildID; the pre-proceedings record was not imported.");
        ok = false;
    }
    xmlNode *n;
    const char *v = text_child(c, pp, "PPStartDate", &n);
    int d = date_of(c, p, n, "PPStartDate", v, &rec->start);
    if (d == 0) {
        REJECT(c, "missing_field", p, pp, "PPStartDate",
               "The pre-proceedings record has no PPStartDate; it was not imported.");
        ok = false;
    } else if (d < 0) {
        char *fp = xasprintf("%s/PPStartDate", p);
        REJECT(c, "invalid_date", fp, n, "PPStartDate",
               "PPStartDate \"%s\" is not a date written as YYYY-MM-DD; the record was not "
               "imported.",
               v);
        free(fp);
        ok = false;
    }
    static const char *const date_fields[PP_NDATES] = {"LBPSentDate", "InitialPPMeetingDate",
                                                       "StepDecisionDate", "CourtAppDate",
                                                       "LetterInitCPDate"};
    for (int k = 0; k < PP_NDATES; k++)
        rec->has_date[k] = optional_date(c, p, pp, date_fields[k], &rec->dates[k]);
    rec->offer = boolean_of(c, p, pp, "FGDMMeetingOffer");
    rec->facilitated = boolean_of(c, p, pp, "FGDMMeetingFac");
    rec->reviews = count_of(c, p, pp, "ReviewMeetingsCount");
    rec->outcome = code_of(c, p, pp, "PPOutcome", NULL, NULL);
    char buf[PP_NDATES][11], s[11];
    for (int k = 0; k < PP_NDATES; k++)
        iso(rec->dates[k], rec->has_date[k], buf[k]);
    iso(rec->start, ok, s);
    char *canon =
        xasprintf("%s|%s|%s|%s|%s|%s|%d|%d|%d|%s", s, buf[0], buf[1], buf[2], buf[3], buf[4],
                  rec->offer, rec->facilitated, rec->reviews, rec->outcome ? rec->outcome : "");
    rec->canon = keep(c, canon);
    free(canon);
    rec->state = ok ? R_KEPT : R_REJECTED;
    if (!ok)
        r->rejected++;
    c->npps++;
}

/* PreProceedings anywhere below node (lenient about where the 2025-26 module sits). */
static void find_pre_proceedings(struct census *c, long child, const xmlNode *node,
                                 const char *path)
{
    int k = 0;
    for (xmlNode *n = node->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const char *name = (const char *)n->name;
        if (is(n, "PreProceedings") || is(n, "PreProceedingsDetails")) {
            char *p = xasprintf("%s/%s[%d]", path, name, ++k);
            read_pre_proceedings(c, child, n, p);
            free(p);
        } else if (!is(n, "CINdetails") && !is(n, "ChildIdentifiers") &&
                   !is(n, "ChildCharacteristics")) {
            char *p = xasprintf("%s/%s", path, name);
            find_pre_proceedings(c, child, n, p);
            free(p);
        }
    }
}

static void read_details(struct census *c, long child, const xmlNode *details, const char *p)
{
    struct import_report *r = c->r;
    r->read++;
    GROW(c->cins, c->ncins, c->cins_cap);
    struct cin_rec *ci = &c->cins[c->ncins];
    memset(ci, 0, sizeof *ci);
    ci->ref = add_place(c, p, details);
    ci->child = child;
    bool ok = true;
    if (child < 0) {
        REJECT(c, "child_unknown", p, details, NULL,
               "The referral's child has no usable LAchildID; the referral was not imported.");
        ok = false;
    }
    xmlNode *n;
    const char *v = text_child(c, details, "CINreferralDate", &n);
    int d = date_of(c, p, n, "CINreferralDate", v, &ci->referral);
    char *fp = xasprintf("%s/CINreferralDate", p);
    if (d == 0) {
        REJECT(c, "missing_field", p, details, "CINreferralDate",
               "The referral has no CINreferralDate; it was not imported.");
        ok = false;
    } else if (d < 0) {
        REJECT(c, "invalid_date", fp, n, "CINreferralDate",
               "CINreferralDate \"%s\" is not a date written as YYYY-MM-DD; the referral was not "
               "imported.",
               v);
        ok = false;
    }
    free(fp);
    ci->source = code_of(c, p, details, "ReferralSource", "referral_source", "referral source");
    ci->need = code_of(c, p, details, "PrimaryNeedCode", "need", "primary need");
    ci->reason = code_of(c, p, details, "ReasonForClosure", "closure_reason", "reason for closure");
    ci->has_closure = optional_date(c, p, details, "CINclosureDate", &ci->closure);
    ci->nfa = boolean_of(c, p, details, "ReferralNFA");
    if (ok && ci->has_closure && ci->closure < ci->referral) {
        char a[11], b[11];
        date_format_iso(ci->closure, a);
        date_format_iso(ci->referral, b);
        fp = xasprintf("%s/CINclosureDate", p);
        REJECT(c, "ceased_before_start", fp, child_named(details, "CINclosureDate"),
               "CINclosureDate",
               "CINclosureDate %s is before CINreferralDate %s; the referral "
               "was not imported.",
               a, b);
        free(fp);
        ok = false;
    }
    if (ok && ci->has_closure && !ci->reason)
        WARN(c, "closure_without_reason", p, details, "ReasonForClosure",
             "The referral was closed but has no ReasonForClosure; it was stored without one.");
    if (ok && !ci->has_closure && ci->reason)
        WARN(c, "reason_without_closure", p, details, "CINclosureDate",
             "ReasonForClosure %s is given but CINclosureDate is empty; the referral was read as "
             "still open.",
             ci->reason);
    json_t *assessments = read_assessments(c, details, p);
    json_t *section47s = read_section47s(c, details, p);

    /* Plans, with the section 47 enquiries that may give their initial conference. */
    const xmlNode *plans = child_named(details, "ChildProtectionPlans");
    int k = 0;
    for (xmlNode *pl = plans ? plans->children : NULL; pl; pl = pl->next) {
        if (!is(pl, "ChildProtectionPlan"))
            continue;
        char *pp = xasprintf("%s/ChildProtectionPlans/ChildProtectionPlan[%d]", p, ++k);
        read_plan(c, child, pl, pp, ok, ci->referral, section47s);
        free(pp);
    }
    ci->assessments = json_text(c, assessments);
    ci->section47s = json_text(c, section47s);
    char a[11], b[11];
    iso(ci->referral, ok, a);
    iso(ci->closure, ci->has_closure, b);
    char *canon = xasprintf("%s|%s|%s|%s|%s|%d|%s|%s", a, b, ci->source ? ci->source : "",
                            ci->need ? ci->need : "", ci->reason ? ci->reason : "", ci->nfa,
                            ci->assessments, ci->section47s);
    ci->canon = keep(c, canon);
    free(canon);
    ci->state = ok ? R_KEPT : R_REJECTED;
    if (!ok)
        r->rejected++;
    c->ncins++;
    find_pre_proceedings(c, child, details, p);
}

static void read_children(struct census *c, const xmlNode *children)
{
    int i = 0;
    for (xmlNode *ch = children->children; ch; ch = ch->next) {
        if (!is(ch, "Child"))
            continue;
        char *path = xasprintf("/Message/Children/Child[%d]", ++i);
        long child = read_child(c, ch, path);
        int k = 0;
        for (xmlNode *d = ch->children; d; d = d->next) {
            if (!is(d, "CINdetails"))
                continue;
            char *p = xasprintf("%s/CINdetails[%d]", path, ++k);
            read_details(c, child, d, p);
            free(p);
        }
        find_pre_proceedings(c, child, ch, path);
        free(path);
    }
}

/* ---- Checks across records ---- */

struct rec_key {
    long child;
    import_day start;
    long index;
};

static int by_child_start(const void *a, const void *b)
{
    const struct rec_key *x = a, *y = b;
    if (x->child != y->child)
        return x->child < y->child ? -1 : 1;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

/* A view of one kind of record for the shared checks. */
struct span_view {
    const char *noun; /* "referral", "plan" */
    long n;
    long (*child)(struct census *, long);
    import_day (*start)(struct census *, long);
    bool (*end)(struct census *, long, import_day *); /* false when open, or no end at all */
    bool has_end;
    enum rec_state *(*state)(struct census *, long);
    const char *(*canon)(struct census *, long);
    long (*ref)(struct census *, long);
};

static long cin_child(struct census *c, long i)
{
    return c->cins[i].child;
}
static import_day cin_start(struct census *c, long i)
{
    return c->cins[i].referral;
}
static bool cin_end(struct census *c, long i, import_day *e)
{
    *e = c->cins[i].closure;
    return c->cins[i].has_closure;
}
static enum rec_state *cin_state(struct census *c, long i)
{
    return &c->cins[i].state;
}
static const char *cin_canon(struct census *c, long i)
{
    return c->cins[i].canon;
}
static long cin_ref(struct census *c, long i)
{
    return c->cins[i].ref;
}
static long cpp_child(struct census *c, long i)
{
    return c->cpps[i].child;
}
static import_day cpp_start(struct census *c, long i)
{
    return c->cpps[i].start;
}
static bool cpp_end(struct census *c, long i, import_day *e)
{
    *e = c->cpps[i].end;
    return c->cpps[i].has_end;
}
static enum rec_state *cpp_state(struct census *c, long i)
{
    return &c->cpps[i].state;
}
static const char *cpp_canon(struct census *c, long i)
{
    return c->cpps[i].canon;
}
static long cpp_ref(struct census *c, long i)
{
    return c->cpps[i].ref;
}
static long pp_child(struct census *c, long i)
{
    return c->pps[i].child;
}
static import_day pp_start(struct census *c, long i)
{
    return c->pps[i].start;
}
static bool pp_end(struct census *c, long i, import_day *e)
{
    *e = 0;
    return false;
}
static enum rec_state *pp_state(struct census *c, long i)
{
    return &c->pps[i].state;
}
static const char *pp_canon(struct census *c, long i)
{
    return c->pps[i].canon;
}
static long pp_ref(struct census *c, long i)
{
    return c->pps[i].ref;
}

static void warn_ref(struct census *c, enum problem_severity sev, const char *kind, long ref,
                     const char *field, const char *msg)
{
    report_problem(c->r, sev, kind, 0, c->places[ref].line, c->places[ref].path, field, "%s", msg);
}

/* Repeats (same child and start): the same record twice is read once, differing ones refused.
 * Then, for kinds with an end: overlaps and several open at once (both kept, flagged). */
static void check_spans(struct census *c, const struct span_view *v)
{
    struct rec_key *keys = xcalloc((size_t)(v->n ? v->n : 1), sizeof *keys);
    long m = 0;
    for (long i = 0; i < v->n; i++)
        if (*v->state(c, i) == R_KEPT)
            keys[m++] = (struct rec_key){v->child(c, i), v->start(c, i), i};
    qsort(keys, (size_t)m, sizeof *keys, by_child_start);
    char a[11], b[11], e[11];
    for (long i = 0; i < m;) {
        long j = i;
        while (j < m && keys[j].child == keys[i].child)
            j++;
        long group = i;
        for (long k = i + 1; k < j; k++) {
            long x = keys[k].index, first = keys[group].index;
            if (keys[k].start != keys[group].start) {
                group = k;
                continue;
            }
            date_format_iso(keys[k].start, a);
            const struct place *fp = &c->places[v->ref(c, first)];
            char *msg;
            if (strcmp(v->canon(c, x), v->canon(c, first)) == 0) {
                msg = xasprintf("The %s of child %s starting %s repeats the one at %s; it was read "
                                "once.",
                                v->noun, c->children[keys[k].child].id, a, fp->path);
                warn_ref(c, PROBLEM_WARNING, "duplicate_row", v->ref(c, x), NULL, msg);
                *v->state(c, x) = R_DUPLICATE;
                c->r->unchanged++;
            } else {
                msg = xasprintf("The %s of child %s starting %s is already given at %s with "
                                "different details; this one was not imported.",
                                v->noun, c->children[keys[k].child].id, a, fp->path);
                warn_ref(c, PROBLEM_REJECTED, "conflicting_duplicate", v->ref(c, x), NULL, msg);
                *v->state(c, x) = R_REJECTED;
                c->r->rejected++;
            }
            free(msg);
        }
        if (v->has_end) {
            long open = -1, longest = -1;
            import_day longest_end = 0;
            for (long k = i; k < j; k++) {
                long x = keys[k].index;
                if (*v->state(c, x) != R_KEPT)
                    continue;
                import_day end;
                bool closed = v->end(c, x, &end);
                date_format_iso(keys[k].start, a);
                char *msg = NULL;
                const char *kind = NULL;
                if (open >= 0) {
                    date_format_iso(v->start(c, open), b);
                    kind = closed ? "overlapping_episodes" : "several_open_episodes";
                    msg = xasprintf(closed ? "This %s of child %s starts on %s while the one "
                                             "from %s (%s) is still open. Both are kept."
                                           : "Child %s has more than one open %s: this one (from "
                                             "%s) and the one from %s (%s). Both are kept.",
                                    closed ? v->noun : c->children[keys[k].child].id,
                                    closed ? c->children[keys[k].child].id : v->noun, a, b,
                                    c->places[v->ref(c, open)].path);
                } else if (longest >= 0 && keys[k].start < longest_end) {
                    date_format_iso(v->start(c, longest), b);
                    date_format_iso(longest_end, e);
                    kind = "overlapping_episodes";
                    msg = xasprintf("This %s of child %s starts on %s, before the one from %s "
                                    "(%s) ended on %s. Both are kept.",
                                    v->noun, c->children[keys[k].child].id, a, b,
                                    c->places[v->ref(c, longest)].path, e);
                }
                if (msg) {
                    warn_ref(c, PROBLEM_WARNING, kind, v->ref(c, x), NULL, msg);
                    free(msg);
                }
                if (!closed) {
                    if (open < 0)
                        open = x;
                } else if (longest < 0 || end > longest_end) {
                    longest = x;
                    longest_end = end;
                }
            }
        }
        i = j;
    }
    free(keys);
}

static void check_year(struct census *c, int year)
{
    import_day start = collection_year_start(year), end = collection_year_end(year);
    char a[11], b[11];
    date_format_iso(end, b);
    for (long i = 0; i < c->ncins; i++) {
        struct cin_rec *ci = &c->cins[i];
        if (ci->state != R_KEPT)
            continue;
        char *msg = NULL;
        if (ci->referral > end) {
            date_format_iso(ci->referral, a);
            msg =
                xasprintf("CINreferralDate %s is after the end of the collection year (%s).", a, b);
        } else if (ci->has_closure && ci->closure > end) {
            date_format_iso(ci->closure, a);
            msg =
                xasprintf("CINclosureDate %s is after the end of the collection year (%s).", a, b);
        } else if (ci->has_closure && ci->closure < start) {
            date_format_iso(ci->closure, a);
            msg = xasprintf("The referral closed on %s, before the collection year began.", a);
        }
        if (msg) {
            warn_ref(c, PROBLEM_WARNING, "outside_collection_year", ci->ref, NULL, msg);
            free(msg);
        }
    }
    for (long i = 0; i < c->ncpps; i++) {
        struct cpp_rec *cp = &c->cpps[i];
        if (cp->state != R_KEPT)
            continue;
        char *msg = NULL;
        if (cp->start > end) {
            date_format_iso(cp->start, a);
            msg = xasprintf("CPPstartDate %s is after the end of the collection year (%s).", a, b);
        } else if (cp->has_end && cp->end > end) {
            date_format_iso(cp->end, a);
            msg = xasprintf("CPPendDate %s is after the end of the collection year (%s).", a, b);
        } else if (cp->has_end && cp->end < start) {
            date_format_iso(cp->end, a);
            msg = xasprintf("The plan ended on %s, before the collection year began.", a);
        }
        if (msg) {
            warn_ref(c, PROBLEM_WARNING, "outside_collection_year", cp->ref, NULL, msg);
            free(msg);
        }
    }
    for (long i = 0; i < c->npps; i++) {
        struct pp_rec *pp = &c->pps[i];
        if (pp->state != R_KEPT || pp->start <= end)
            continue;
        date_format_iso(pp->start, a);
        char *msg = xasprintf("PPStartDate %s is after the end of the collection year (%s).", a, b);
        warn_ref(c, PROBLEM_WARNING, "outside_collection_year", pp->ref, NULL, msg);
        free(msg);
    }
}

/* A plan outside the referral it was recorded under. */
static void check_plans_in_referrals(struct census *c)
{
    for (long i = 0; i < c->ncpps; i++) {
        struct cpp_rec *cp = &c->cpps[i];
        if (cp->state != R_KEPT || !cp->has_referral || cp->start >= cp->referral)
            continue;
        char a[11], b[11];
        date_format_iso(cp->start, a);
        date_format_iso(cp->referral, b);
        char *msg = xasprintf("The plan starts on %s, before the referral it is recorded under "
                              "(%s). It was kept.",
                              a, b);
        warn_ref(c, PROBLEM_WARNING, "plan_outside_referral", cp->ref, "CPPstartDate", msg);
        free(msg);
    }
}

/* ---- Loading ---- */

static int stage_all(struct census *c, PGconn *conn)
{
    struct stage st;
    if (stage_begin(&st, conn,
                    "COPY pg_temp.imp_children (ref, la_child_id, header_state, date_of_birth, "
                    "sex, ethnicity, upn) FROM STDIN") != 0)
        return -1;
    for (long i = 0; i < c->nchildren; i++) {
        const struct child *ch = &c->children[i];
        bool ok = ch->state == CS_OK;
        stage_int(&st, ch->ref);
        stage_text(&st, ch->id);
        stage_text(&st, ok ? "ok" : "rejected");
        stage_date(&st, ch->dob, ok);
        if (ok)
            stage_int(&st, ch->sex);
        else
            stage_null(&st);
        stage_text(&st, ok ? ch->ethnicity : NULL);
        stage_text(&st, ok ? ch->upn : NULL);
        stage_end_row(&st);
    }
    if (stage_finish(&st) != 0)
        return -1;

    if (stage_begin(&st, conn,
                    "COPY pg_temp.imp_cin (ref, la_child_id, referral_date, referral_source, "
                    "primary_need, referral_nfa, closure_date, closure_reason, assessments, "
                    "section47s) FROM STDIN") != 0)
        return -1;
    for (long i = 0; i < c->ncins; i++) {
        const struct cin_rec *ci = &c->cins[i];
        if (ci->state != R_KEPT)
            continue;
        stage_int(&st, ci->ref);
        stage_text(&st, c->children[ci->child].id);
        stage_date(&st, ci->referral, true);
        stage_text(&st, ci->source);
        stage_text(&st, ci->need);
        stage_bool(&st, ci->nfa);
        stage_date(&st, ci->closure, ci->has_closure);
        stage_text(&st, ci->reason);
        stage_text(&st, ci->assessments);
        stage_text(&st, ci->section47s);
        stage_end_row(&st);
    }
    if (stage_finish(&st) != 0)
        return -1;

    if (stage_begin(&st, conn,
                    "COPY pg_temp.imp_cpp (ref, la_child_id, referral_date, start_date, end_date, "
                    "icpc_date, initial_category, latest_category, number_of_previous_cpp, "
                    "review_dates) FROM STDIN") != 0)
        return -1;
    for (long i = 0; i < c->ncpps; i++) {
        const struct cpp_rec *cp = &c->cpps[i];
        if (cp->state != R_KEPT)
            continue;
        stage_int(&st, cp->ref);
        stage_text(&st, c->children[cp->child].id);
        stage_date(&st, cp->referral, cp->has_referral);
        stage_date(&st, cp->start, true);
        stage_date(&st, cp->end, cp->has_end);
        stage_date(&st, cp->icpc, cp->has_icpc);
        stage_text(&st, cp->initial);
        stage_text(&st, cp->latest);
        if (cp->previous >= 0)
            stage_int(&st, cp->previous);
        else
            stage_null(&st);
        stage_text(&st, cp->reviews);
        stage_end_row(&st);
    }
    if (stage_finish(&st) != 0)
        return -1;

    if (stage_begin(&st, conn,
                    "COPY pg_temp.imp_pp (ref, la_child_id, pp_start_date, lbp_sent_date, "
                    "initial_pp_meeting_date, step_decision_date, court_app_date, "
                    "letter_init_cp_date, fgdm_meeting_offer, fgdm_meeting_facilitated, "
                    "review_meetings_count, pp_outcome) FROM STDIN") != 0)
        return -1;
    for (long i = 0; i < c->npps; i++) {
        const struct pp_rec *pp = &c->pps[i];
        if (pp->state != R_KEPT)
            continue;
        stage_int(&st, pp->ref);
        stage_text(&st, c->children[pp->child].id);
        stage_date(&st, pp->start, true);
        for (int k = 0; k < PP_NDATES; k++)
            stage_date(&st, pp->dates[k], pp->has_date[k]);
        stage_bool(&st, pp->offer);
        stage_bool(&st, pp->facilitated);
        if (pp->reviews >= 0)
            stage_int(&st, pp->reviews);
        else
            stage_null(&st);
        stage_text(&st, pp->outcome);
        stage_end_row(&st);
    }
    return stage_finish(&st);
}

static void place_of(void *arg, int file, long ref, long *line, const char **path)
{
    struct census *c = arg;
    if (ref >= 0 && ref < c->nplaces) {
        *line = c->places[ref].line;
        *path = c->places[ref].path;
    }
}

static void census_free(struct census *c)
{
    arena_free(&c->arena);
    free(c->places);
    free(c->children);
    free(c->cins);
    free(c->cpps);
    free(c->pps);
    strmap_free(&c->child_index);
    strmap_free(&c->upns);
    strmap_free(&c->unknown_elements);
}

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void xml_init(void)
{
    xmlInitParser();
}

/* Parses the XML safely: no network, no external entities or DTDs, libxml2's size limits. */
static xmlDoc *parse(struct import_report *r, const char *data, size_t len, const char *name)
{
    pthread_once(&xml_once, xml_init);
    xmlParserCtxt *ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        report_fail(r, "The XML parser could not be started.");
        return NULL;
    }
    int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA |
                  XML_PARSE_BIG_LINES;
    xmlDoc *doc = xmlCtxtReadMemory(ctxt, data, (int)len, name, NULL, options);
    if (!doc || !ctxt->wellFormed) {
        const xmlError *err = xmlCtxtGetLastError(ctxt);
        char *msg = xstrdup(err && err->message ? err->message : "not well-formed");
        size_t n = strlen(msg);
        while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
            msg[--n] = '\0';
        report_fail(r, "%s is not well-formed XML: line %d: %s.", name, err ? err->line : 0, msg);
        free(msg);
        if (doc)
            xmlFreeDoc(doc);
        doc = NULL;
    }
    xmlFreeParserCtxt(ctxt);
    return doc;
}

static json_t *kind_counts(json_t *sql, long c_rejected, long c_unchanged)
{
    return json_pack("{s:I, s:I, s:I, s:I}", "new", json_integer_value(json_object_get(sql, "new")),
                     "updated", json_integer_value(json_object_get(sql, "updated")), "unchanged",
                     json_integer_value(json_object_get(sql, "unchanged")) + c_unchanged,
                     "rejected", json_integer_value(json_object_get(sql, "rejected")) + c_rejected);
}

enum import_status import_cin_census(PGconn *conn, const struct import_input *file,
                                     const struct import_options *opts, struct import_report *r)
{
    r->strict = opts->strict;
    r->has_children = true;
    int f = report_add_file(r, file->name);
    char *data = NULL, *error = NULL;
    size_t len = 0;
    if (import_load(file, IMPORT_MAX_XML_BYTES, &data, &len, r->files[f].sha256, &error) != 0) {
        report_fail(r, "%s", error);
        free(error);
        r->outcome = "not_read";
        return IMPORT_NOT_READ;
    }
    r->files[f].bytes = (long long)len;
    if (len > (size_t)0x7fffffff) {
        free(data);
        report_fail(r, "%s is too large to parse.", r->files[f].name);
        r->outcome = "not_read";
        return IMPORT_NOT_READ;
    }
    xmlDoc *doc = parse(r, data, len, r->files[f].name);
    free(data);
    if (!doc) {
        r->outcome = "not_read";
        return IMPORT_NOT_READ;
    }
    xmlNode *root = xmlDocGetRootElement(doc);
    if (!is(root, "Message")) {
        report_fail(r, "%s is not a CIN census: its root element is %s, not Message.",
                    r->files[f].name, root ? (const char *)root->name : "missing");
        xmlFreeDoc(doc);
        r->outcome = "not_read";
        return IMPORT_NOT_READ;
    }
    struct census c;
    memset(&c, 0, sizeof c);
    c.r = r;
    strmap_init(&c.child_index, 1024);
    strmap_init(&c.upns, 1024);
    strmap_init(&c.unknown_elements, 16);
    c.codes = code_lists_load(conn, &error);
    if (!c.codes) {
        report_fail(r, "%s", error);
        free(error);
        xmlFreeDoc(doc);
        census_free(&c);
        r->outcome = "failed";
        return IMPORT_FAILED;
    }

    /* The collection year: --year, else the ReferenceDate (31 March), else none. */
    xmlNode *ref_node =
        child_named(child_named(child_named(root, "Header"), "CollectionDetails"), "ReferenceDate");
    const char *ref_text = text_of(&c, ref_node);
    import_day ref_date;
    if (opts->year) {
        r->collection_year = opts->year;
    } else if (ref_text && date_parse_iso(ref_text, &ref_date)) {
        r->collection_year = collection_year_of(ref_date);
        r->year_inferred = true;
    } else {
        WARN(&c, "missing_reference_date", "/Message/Header/CollectionDetails/ReferenceDate",
             ref_node ? ref_node : root, "ReferenceDate", "%s",
             ref_text ? "ReferenceDate is not a date written as YYYY-MM-DD; dates were not "
                        "checked against the collection year."
                      : "The file has no Header/CollectionDetails/ReferenceDate; dates were "
                        "not checked against the collection year.");
    }
    check_unknown(&c, root, "/Message");
    xmlNode *children = child_named(root, "Children");
    if (children)
        read_children(&c, children);
    else
        WARN(&c, "missing_field", "/Message", root, "Children",
             "The file has no Children element: there is nothing to import.");
    xmlFreeDoc(doc);

    struct span_view cin_view = {"referral", c.ncins,   cin_child, cin_start, cin_end,
                                 true,       cin_state, cin_canon, cin_ref};
    struct span_view cpp_view = {"plan", c.ncpps,   cpp_child, cpp_start, cpp_end,
                                 true,   cpp_state, cpp_canon, cpp_ref};
    struct span_view pp_view = {"pre-proceedings record",
                                c.npps,
                                pp_child,
                                pp_start,
                                pp_end,
                                false,
                                pp_state,
                                pp_canon,
                                pp_ref};
    /* Repeats read once count as unchanged, conflicting ones as rejected, for each kind. */
    long unch[3], rej[3] = {0, 0, 0};
    long before = r->unchanged;
    check_spans(&c, &cin_view);
    unch[0] = r->unchanged - before;
    before = r->unchanged;
    check_spans(&c, &cpp_view);
    unch[1] = r->unchanged - before;
    before = r->unchanged;
    check_spans(&c, &pp_view);
    unch[2] = r->unchanged - before;
    check_plans_in_referrals(&c);
    if (r->collection_year)
        check_year(&c, r->collection_year);
    code_lists_free((struct code_lists *)c.codes);
    c.codes = NULL;
    for (long i = 0; i < c.ncins; i++)
        rej[0] += c.cins[i].state == R_REJECTED;
    for (long i = 0; i < c.ncpps; i++)
        rej[1] += c.cpps[i].state == R_REJECTED;
    for (long i = 0; i < c.npps; i++)
        rej[2] += c.pps[i].state == R_REJECTED;
    r->files[f].rows = c.ncins + c.ncpps + c.npps;

    enum import_status st = import_run_begin(conn, r, opts);
    if (st != IMPORT_OK) {
        census_free(&c);
        r->outcome = "failed";
        return st;
    }
    if (stage_all(&c, conn) != 0) {
        census_free(&c);
        return import_run_fail(conn, r, "The records could not be staged");
    }
    char id[24];
    snprintf(id, sizeof id, "%lld", r->run_id);
    char *counts = import_query(conn, r, "SELECT fgc.import_cin_census($1::bigint)", id, NULL);
    if (!counts) {
        census_free(&c);
        return import_run_fail(conn, r, "The records could not be loaded");
    }
    json_t *sql = json_loads(counts, 0, NULL);
    free(counts);
    static const char *const kinds[] = {"cin_episodes", "child_protection_plans",
                                        "pre_proceedings"};
    json_t *details = json_object();
    for (int k = 0; k < 3; k++) {
        json_t *part = json_object_get(sql, kinds[k]);
        report_add_counts(r, part);
        json_object_set_new(details, kinds[k], kind_counts(part, rej[k], unch[k]));
    }
    report_add_children_counts(r, json_object_get(sql, "children"));
    json_decref(sql);
    r->details = json_pack("{s:o}", "records", details);
    int rc = import_read_problems(conn, r, place_of, &c);
    census_free(&c);
    if (rc != 0)
        return import_run_fail(conn, r, "The problems found could not be read");
    return import_run_end(conn, r, opts);
}
