/* Endpoints for status history (CIN, CPP, CLA, pre-proceedings) and a child's chronology. */
#include "routes.h"

/*
 * The C side checks shape only. Codes are short text here (FT_STRING of up to 10 characters,
 * not FT_CODE) so that a wrong code reaches SQL, which checks it against the code lists in
 * fgc.status_codes and answers with the codes allowed. A correction takes the same fields as a
 * new record; SQL requires its note (the reason). See docs/status-history.md.
 */

#define CASE_WRITERS (ROLE_SOCIAL_WORKER | ROLE_FGC_COORDINATOR | ROLE_ADMIN)

/* Every optional field may be null: a correction is the full new version, and null clears. */
#define OPT F_NULLABLE
/* Status history records what has happened: no date may be in the future. */
#define PAST F_NOT_FUTURE

static const struct field_spec no_fields[] = {{NULL}};
static const struct field_spec list_filters[] = {{"history", FT_BOOL, 0, 0, 0, NULL, NULL, NULL},
                                                 {NULL}};
static const struct field_spec retraction_fields[] = {
    {"note", FT_TEXT, F_REQUIRED, 0, 2000, NULL, NULL, NULL}, {NULL}};

/* CIN episodes (CIN census CINdetails) */
static const struct field_spec factor_code[] = {{"factor", FT_STRING, 0, 0, 10, NULL, NULL, NULL},
                                                {NULL}};
static const struct field_spec assessment_fields[] = {
    {"start_date", FT_DATE, F_REQUIRED | PAST, 0, 0, NULL, NULL, NULL},
    {"authorised_date", FT_DATE, OPT | PAST, 0, 0, NULL, NULL, NULL},
    {"factors", FT_LIST, OPT, 0, 50, NULL, factor_code, NULL},
    {NULL}};
static const struct field_spec section47_fields[] = {
    {"start_date", FT_DATE, F_REQUIRED | PAST, 0, 0, NULL, NULL, NULL},
    {"icpc_not_required", FT_BOOL, OPT, 0, 0, NULL, NULL, NULL},
    {"icpc_date", FT_DATE, OPT | PAST, 0, 0, NULL, NULL, NULL},
    {NULL}};
static const struct field_spec cin_fields[] = {
    {"referral_date", FT_DATE, F_REQUIRED | PAST, 0, 0, NULL, NULL, NULL},
    {"referral_source", FT_STRING, OPT, 0, 10, NULL, NULL, NULL},
    {"primary_need", FT_STRING, OPT, 0, 10, NULL, NULL, NULL},
    {"referral_nfa", FT_BOOL, OPT, 0, 0, NULL, NULL, NULL},
    {"closure_date", FT_DATE, OPT | PAST, 0, 0, NULL, NULL, NULL},
    {"closure_reason", FT_STRING, OPT, 0, 10, NULL, NULL, NULL},
    {"assessments", FT_OBJECTS, OPT, 0, 50, NULL, assessment_fields, NULL},
    {"section47s", FT_OBJECTS, OPT, 0, 50, NULL, section47_fields, NULL},
    {"note", FT_TEXT, OPT, 0, 2000, NULL, NULL, NULL},
    {NULL}};

/* Child protection plans (CIN census ChildProtectionPlans) */
static const struct field_spec review_date[] = {
    {"review_date", FT_DATE, PAST, 0, 0, NULL, NULL, NULL}, {NULL}};
static const struct field_spec cpp_fields[] = {
    {"start_date", FT_DATE, F_REQUIRED | PAST, 0, 0, NULL, NULL, NULL},
    {"end_date", FT_DATE, OPT | PAST, 0, 0, NULL, NULL, NULL},
    {"icpc_date", FT_DATE, OPT | PAST, 0, 0, NULL, NULL, NULL},
    {"initial_category", FT_STRING, OPT, 0, 10, NULL, NULL, NULL},
    {"latest_category", FT_STRING, OPT, 0, 10, NULL, NULL, NULL},
    {"number_of_previous_cpp", FT_INT, OPT, 0, 99, NULL, NULL, NULL},
    {"review_dates", FT_LIST, OPT, 0, 100, NULL, review_date, NULL},
    {"cin_episode_id", FT_ID, OPT, 0, 0, NULL, NULL, NULL},
    {"note", FT_TEXT, OPT, 0, 2000, NULL, NULL, NULL},
    {NULL}};

/* Looked-after episodes (SSDA903 episode columns) */
static const struct field_spec cla_fields[] = {
    {"decom", FT_DATE, F_REQUIRED | PAST, 0, 0, NULL, NULL, NULL},
    {"rne", FT_STRING, F_REQUIRED, 0, 10, NULL, NULL, NULL},
    {"ls", FT_STRING, F_REQUIRED, 0, 10, NULL, NULL, NULL},
    {"cin", FT_STRING, OPT, 0, 10, NULL, NULL, NULL},
    {"place", FT_STRING, OPT, 0, 10, NULL, NULL, NULL},
    {"place_provider", FT_STRING, OPT, 0, 10, NULL, NULL, NULL},
    {"dec", FT_DATE, OPT | PAST, 0, 0, NULL, NULL, NULL},
    {"rec", FT_STRING, OPT, 0, 10, NULL, NULL, NULL},
    {"reason_place_change", FT_STRING, OPT, 0, 10, NULL, NULL, NULL},
    {"home_post", FT_STRING, OPT, 0, 8, NULL, NULL, NULL},
    {"pl_post", FT_STRING, OPT, 0, 8, NULL, NULL, NULL},
    {"urn", FT_STRING, OPT, 0, 10, NULL, NULL, NULL},
    {"note", FT_TEXT, OPT, 0, 2000, NULL, NULL, NULL},
    {NULL}};

/* Pre-proceedings and family group decision making (CIN census from 2025-26) */
static const struct field_spec pp_fields[] = {
    {"pp_start_date", FT_DATE, F_REQUIRED | PAST, 0, 0, NULL, NULL, NULL},
    {"lbp_sent_date", FT_DATE, OPT | PAST, 0, 0, NULL, NULL, NULL},
    {"fgdm_meeting_offer", FT_BOOL, OPT, 0, 0, NULL, NULL, NULL},
    {"fgdm_meeting_facilitated", FT_BOOL, OPT, 0, 0, NULL, NULL, NULL},
    {"initial_pp_meeting_date", FT_DATE, OPT | PAST, 0, 0, NULL, NULL, NULL},
    {"review_meetings_count", FT_INT, OPT, 0, 99, NULL, NULL, NULL},
    {"step_decision_date", FT_DATE, OPT | PAST, 0, 0, NULL, NULL, NULL},
    {"pp_outcome", FT_STRING, OPT, 0, 10, NULL, NULL, NULL},
    {"court_app_date", FT_DATE, OPT | PAST, 0, 0, NULL, NULL, NULL},
    {"letter_init_cp_date", FT_DATE, OPT | PAST, 0, 0, NULL, NULL, NULL},
    {"note", FT_TEXT, OPT, 0, 2000, NULL, NULL, NULL},
    {NULL}};

#define GET EVHTTP_REQ_GET
#define POST EVHTTP_REQ_POST
#define V1 "/api/v1"
#define READERS ROLES_CASE_READERS
#define VERSIONED ROUTE_IF_MATCH

const struct route status_routes[] = {
    {POST, V1 "/children/{child_id}/cin-episodes", CASE_WRITERS, 0, NULL, "cin_episode_create",
     cin_fields, NULL},
    {GET, V1 "/children/{child_id}/cin-episodes", READERS, 0, NULL, "cin_episode_list", NULL,
     list_filters},
    {GET, V1 "/cin-episodes/{id}", READERS, 0, NULL, "cin_episode_get", NULL, no_fields},
    {POST, V1 "/cin-episodes/{id}/corrections", CASE_WRITERS, VERSIONED, NULL,
     "cin_episode_correct", cin_fields, NULL},
    {POST, V1 "/cin-episodes/{id}/retractions", CASE_WRITERS, VERSIONED, NULL,
     "cin_episode_retract", retraction_fields, NULL},

    {POST, V1 "/children/{child_id}/child-protection-plans", CASE_WRITERS, 0, NULL, "cpp_create",
     cpp_fields, NULL},
    {GET, V1 "/children/{child_id}/child-protection-plans", READERS, 0, NULL, "cpp_list", NULL,
     list_filters},
    {GET, V1 "/child-protection-plans/{id}", READERS, 0, NULL, "cpp_get", NULL, no_fields},
    {POST, V1 "/child-protection-plans/{id}/corrections", CASE_WRITERS, VERSIONED, NULL,
     "cpp_correct", cpp_fields, NULL},
    {POST, V1 "/child-protection-plans/{id}/retractions", CASE_WRITERS, VERSIONED, NULL,
     "cpp_retract", retraction_fields, NULL},

    {POST, V1 "/children/{child_id}/looked-after-episodes", CASE_WRITERS, 0, NULL,
     "cla_episode_create", cla_fields, NULL},
    {GET, V1 "/children/{child_id}/looked-after-episodes", READERS, 0, NULL, "cla_episode_list",
     NULL, list_filters},
    {GET, V1 "/looked-after-episodes/{id}", READERS, 0, NULL, "cla_episode_get", NULL, no_fields},
    {POST, V1 "/looked-after-episodes/{id}/corrections", CASE_WRITERS, VERSIONED, NULL,
     "cla_episode_correct", cla_fields, NULL},
    {POST, V1 "/looked-after-episodes/{id}/retractions", CASE_WRITERS, VERSIONED, NULL,
     "cla_episode_retract", retraction_fields, NULL},

    {POST, V1 "/children/{child_id}/pre-proceedings", CASE_WRITERS, 0, NULL,
     "pre_proceedings_create", pp_fields, NULL},
    {GET, V1 "/children/{child_id}/pre-proceedings", READERS, 0, NULL, "pre_proceedings_list", NULL,
     list_filters},
    {GET, V1 "/pre-proceedings/{id}", READERS, 0, NULL, "pre_proceedings_get", NULL, no_fields},
    {POST, V1 "/pre-proceedings/{id}/corrections", CASE_WRITERS, VERSIONED, NULL,
     "pre_proceedings_correct", pp_fields, NULL},
    {POST, V1 "/pre-proceedings/{id}/retractions", CASE_WRITERS, VERSIONED, NULL,
     "pre_proceedings_retract", retraction_fields, NULL},

    {GET, V1 "/children/{id}/chronology", READERS, 0, NULL, "child_chronology", NULL, no_fields},
    ROUTES_END,
};
