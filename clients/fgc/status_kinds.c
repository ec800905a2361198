/* Fields of CIN episodes, child protection plans, looked-after episodes and pre-proceedings. */
#include "status_kinds.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "specs.h"

#define NOTE                                                                                       \
    {                                                                                              \
        "note", "note", SH_TEXT, false, "why (required when correcting)"                           \
    }

static const struct sh_field cin_fields[] = {
    {"referral_date", "referral-date", SH_DATE, true, "the date of the referral"},
    {"referral_source", "referral-source", SH_CODE, false, "source code (1A-10)"},
    {"primary_need", "primary-need", SH_CODE, false, "need code (N0-N9)"},
    {"referral_nfa", "referral-nfa", SH_BOOL, false, "the referral ended in no further action"},
    {"closure_date", "closure-date", SH_DATE, false, "when the episode closed"},
    {"closure_reason", "closure-reason", SH_CODE, false, "closure reason (RC1-RC9)"},
    {"assessments", "assessment", SH_ASSESSMENTS, false, "an assessment: 'START|AUTHORISED|3A,21'"},
    {"section47s", "section47", SH_SECTION47S, false,
     "a section 47 enquiry: 'START|ICPC_DATE' or 'START|not-required'"},
    NOTE,
    {NULL, NULL, SH_TEXT, false, NULL}};

static const struct sh_field cpp_fields[] = {
    {"start_date", "start-date", SH_DATE, true, "when the plan started"},
    {"end_date", "end-date", SH_DATE, false, "when it ended"},
    {"icpc_date", "icpc-date", SH_DATE, false, "the initial child protection conference"},
    {"initial_category", "initial-category", SH_CODE, false, "NEG, EMO, PHY, SAB or MUL"},
    {"latest_category", "latest-category", SH_CODE, false, "NEG, EMO, PHY, SAB or MUL"},
    {"number_of_previous_cpp", "previous-plans", SH_INT, false, "earlier plans (0-99)"},
    {"review_dates", "review-date", SH_DATES, false, "a review's date"},
    {"cin_episode_id", "cin-episode", SH_ID, false, "the CIN episode it belongs to"},
    NOTE,
    {NULL, NULL, SH_TEXT, false, NULL}};

static const struct sh_field cla_fields[] = {
    {"decom", "decom", SH_DATE, true, "the date the episode started (DECOM)"},
    {"rne", "rne", SH_CODE, true, "reason for new episode (S, L, P, T, U, B)"},
    {"ls", "ls", SH_CODE, true, "legal status (C1, C2, D1, E1, V2, ...)"},
    {"cin", "cin", SH_CODE, false, "category of need (N1-N8)"},
    {"place", "place", SH_CODE, false, "placement type"},
    {"place_provider", "place-provider", SH_CODE, false, "placement provider (PR0-PR5)"},
    {"dec", "dec", SH_DATE, false, "the date the episode ceased (DEC), with --rec"},
    {"rec", "rec", SH_CODE, false, "reason the episode ceased (REC), with --dec"},
    {"reason_place_change", "reason-place-change", SH_CODE, false, "reason for a new placement"},
    {"home_post", "home-post", SH_CODE, false, "home postcode (district and sector)"},
    {"pl_post", "pl-post", SH_CODE, false, "placement postcode (district and sector)"},
    {"urn", "urn", SH_CODE, false, "the provider's unique reference number"},
    NOTE,
    {NULL, NULL, SH_TEXT, false, NULL}};

static const struct sh_field pp_fields[] = {
    {"pp_start_date", "start-date", SH_DATE, true, "when pre-proceedings started"},
    {"lbp_sent_date", "letter-sent-date", SH_DATE, false, "letter before proceedings sent"},
    {"fgdm_meeting_offer", "fgdm-offered", SH_BOOL, false,
     "a family group decision meeting was offered"},
    {"fgdm_meeting_facilitated", "fgdm-held", SH_BOOL, false, "the meeting took place"},
    {"initial_pp_meeting_date", "initial-meeting-date", SH_DATE, false, "the first meeting"},
    {"review_meetings_count", "review-meetings", SH_INT, false, "review meetings (0-99)"},
    {"step_decision_date", "decision-date", SH_DATE, false, "the decision to step up or down"},
    {"pp_outcome", "outcome", SH_CODE, false, "the outcome code"},
    {"court_app_date", "court-application-date", SH_DATE, false, "the court application"},
    {"letter_init_cp_date", "letter-proceedings-date", SH_DATE, false,
     "the letter initiating care proceedings"},
    NOTE,
    {NULL, NULL, SH_TEXT, false, NULL}};

static const struct sh_kind kinds[] = {
    {"cin", "cin-episodes", "CIN episode", "referral_date", cin_fields},
    {"cpp", "child-protection-plans", "child protection plan", "start_date", cpp_fields},
    {"cla", "looked-after-episodes", "looked-after episode", "decom", cla_fields},
    {"pp", "pre-proceedings", "pre-proceedings record", "pp_start_date", pp_fields},
};
static const struct sh_kind *const kind_list[] = {&kinds[0], &kinds[1], &kinds[2], &kinds[3], NULL};

const struct sh_kind *const *sh_kinds(void)
{
    return kind_list;
}

const struct sh_kind *sh_kind_find(const char *command)
{
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        if (strcmp(kinds[i].command, command) == 0) {
            return &kinds[i];
        }
    }
    return NULL;
}

const struct sh_field *sh_field_named(const struct sh_kind *k, const char *name)
{
    for (const struct sh_field *f = k->fields; f->field; f++) {
        if (strcmp(f->field, name) == 0 || strcmp(f->option, name) == 0) {
            return f;
        }
    }
    return NULL;
}

static const char *meta_for(enum sh_type type)
{
    switch (type) {
    case SH_DATE:
    case SH_DATES:
        return "DATE";
    case SH_CODE:
        return "CODE";
    case SH_TEXT:
        return "TEXT";
    case SH_INT:
        return "N";
    case SH_ID:
        return "ID";
    case SH_ASSESSMENTS:
        return "SPEC";
    case SH_SECTION47S:
        return "SPEC";
    case SH_BOOL:
        break;
    }
    return NULL;
}

struct opt *sh_options(const struct sh_kind *k, bool correcting)
{
    size_t n = 0;
    while (k->fields[n].field) {
        n++;
    }
    struct opt *opts = calloc(n + 2, sizeof *opts);
    if (!opts) {
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        const struct sh_field *f = &k->fields[i];
        opts[i].name = f->option;
        opts[i].meta = meta_for(f->type);
        opts[i].help = f->help;
        switch (f->type) {
        case SH_BOOL:
            opts[i].kind = OPT_BOOL;
            break;
        case SH_DATES:
        case SH_ASSESSMENTS:
        case SH_SECTION47S:
            opts[i].kind = OPT_LIST;
            break;
        default:
            opts[i].kind = OPT_VALUE;
        }
    }
    if (correcting) {
        opts[n].name = "clear";
        opts[n].kind = OPT_LIST;
        opts[n].meta = "FIELD";
        opts[n].help = "leave this field empty in the new version";
    }
    return opts;
}

/* The fields of base that a correction starts from. */
static json_t *copy_base(const struct sh_kind *k, const json_t *base)
{
    static const char *const assessment_keys[] = {"start_date", "authorised_date", "factors", NULL};
    static const char *const section47_keys[] = {"start_date", "icpc_not_required", "icpc_date",
                                                 NULL};
    json_t *body = json_object();
    for (const struct sh_field *f = k->fields; f->field; f++) {
        json_t *v = json_object_get(base, f->field);
        if (!v || json_is_null(v) || strcmp(f->field, "note") == 0) {
            continue;
        }
        if (f->type == SH_ASSESSMENTS || f->type == SH_SECTION47S) {
            const char *const *keys = f->type == SH_ASSESSMENTS ? assessment_keys : section47_keys;
            json_t *list = json_array();
            size_t i;
            json_t *item;
            json_array_foreach(v, i, item)
            {
                json_t *copy = json_object();
                for (const char *const *key = keys; *key; key++) {
                    json_t *kv = json_object_get(item, *key);
                    if (kv && !json_is_null(kv)) {
                        json_object_set(copy, *key, kv);
                    }
                }
                json_array_append_new(list, copy);
            }
            json_object_set_new(body, f->field, list);
        } else {
            json_object_set(body, f->field, v);
        }
    }
    return body;
}

static json_t *fail(json_t *body, char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static json_t *fail(json_t *body, char *err, size_t errlen, const char *fmt, ...)
{
    json_decref(body);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return NULL;
}

json_t *sh_body(const struct sh_kind *k, struct opt *opts, const json_t *base, char *err,
                size_t errlen)
{
    json_t *body = base ? copy_base(k, base) : json_object();
    if (base) {
        struct opt *clear = args_opt(opts, "clear");
        for (size_t i = 0; i < clear->n_items; i++) {
            const struct sh_field *f = sh_field_named(k, clear->items[i]);
            if (!f) {
                return fail(body, err, errlen, "--clear %s: %s has no such field", clear->items[i],
                            k->noun);
            }
            json_object_del(body, f->field);
        }
    }
    for (const struct sh_field *f = k->fields; f->field; f++) {
        struct opt *o = args_opt(opts, f->option);
        if (!o->set) {
            if (f->required && !base) {
                return fail(body, err, errlen, "--%s is required", f->option);
            }
            continue;
        }
        long long n;
        char why[200];
        json_t *v = NULL;
        switch (f->type) {
        case SH_DATE:
        case SH_CODE:
        case SH_TEXT:
            v = json_string(o->value);
            break;
        case SH_BOOL:
            v = json_boolean(strcmp(o->value, "true") == 0);
            break;
        case SH_INT:
            if (!parse_int(o->value, 0, 1000000, &n)) {
                return fail(body, err, errlen, "--%s must be a whole number, not %s", f->option,
                            o->value);
            }
            v = json_integer(n);
            break;
        case SH_ID:
            if (!parse_id(o->value, &n)) {
                return fail(body, err, errlen, "--%s must be an id (a number), not %s", f->option,
                            o->value);
            }
            v = json_integer(n);
            break;
        case SH_DATES:
            v = json_array();
            for (size_t i = 0; i < o->n_items; i++) {
                json_array_append_new(v, json_string(o->items[i]));
            }
            break;
        case SH_ASSESSMENTS:
        case SH_SECTION47S:
            v = json_array();
            for (size_t i = 0; i < o->n_items; i++) {
                json_t *item = f->type == SH_ASSESSMENTS
                                   ? spec_assessment(o->items[i], why, sizeof why)
                                   : spec_section47(o->items[i], why, sizeof why);
                if (!item) {
                    json_decref(v);
                    return fail(body, err, errlen, "--%s: %s", f->option, why);
                }
                json_array_append_new(v, item);
            }
            break;
        }
        json_object_set_new(body, f->field, v);
    }
    return body;
}
