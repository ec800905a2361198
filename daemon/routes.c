/* Every endpoint of the API: who may call it, what it accepts and which SQL function does it. */
#include "routes.h"
#include "api_system.h"
#include "api_tokens.h"
#include "codes.h"
#include "session.h"

#define CASE_WRITERS (ROLE_SOCIAL_WORKER | ROLE_FGC_COORDINATOR | ROLE_ADMIN)
#define FGC_STAFF (ROLE_FGC_COORDINATOR | ROLE_ADMIN)
#define AREA_READERS (ROLES_CASE_READERS | ROLE_TRAINER)

#define PAGING PAGING_FIELDS

static const struct field_spec no_fields[] = {{NULL}};
static const struct field_spec paging_only[] = {PAGING, {NULL}};

/* Users, teams and tokens */
static const struct field_spec team_fields[] = {
    {"name", FT_STRING, F_REQUIRED, 0, 100, NULL, NULL, NULL}, {NULL}};
static const struct field_spec user_create_fields[] = {
    {"username", FT_STRING, F_REQUIRED, 0, 64, NULL, NULL, NULL},
    {"display_name", FT_STRING, 0, 0, 100, NULL, NULL, NULL},
    {"role", FT_ENUM, F_REQUIRED, 0, 0, role_codes, NULL, NULL},
    {"team_id", FT_ID, F_NULLABLE, 0, 0, NULL, NULL, NULL},
    {NULL}};
static const struct field_spec user_update_fields[] = {
    {"display_name", FT_STRING, F_NULLABLE, 0, 100, NULL, NULL, NULL},
    {"role", FT_ENUM, 0, 0, 0, role_codes, NULL, NULL},
    {"team_id", FT_ID, F_NULLABLE, 0, 0, NULL, NULL, NULL},
    {"active", FT_BOOL, 0, 0, 0, NULL, NULL, NULL},
    {NULL}};
static const struct field_spec user_filters[] = {{"role", FT_ENUM, 0, 0, 0, role_codes, NULL, NULL},
                                                 {"team_id", FT_ID, 0, 0, 0, NULL, NULL, NULL},
                                                 {"active", FT_BOOL, 0, 0, 0, NULL, NULL, NULL},
                                                 {"q", FT_STRING, 0, 0, 100, NULL, NULL, NULL},
                                                 PAGING,
                                                 {NULL}};
static const struct field_spec token_fields[] = {{"label", FT_STRING, 0, 0, 100, NULL, NULL, NULL},
                                                 {NULL}};

/* Areas and populations */
static const struct field_spec area_create_fields[] = {
    {"code", FT_CODE, F_REQUIRED, 0, 0, NULL, NULL, "?*"},
    {"name", FT_STRING, F_REQUIRED, 0, 100, NULL, NULL, NULL},
    {"kind", FT_ENUM, F_REQUIRED, 0, 0, area_kinds, NULL, NULL},
    {"parent", FT_CODE, F_NULLABLE, 0, 0, NULL, NULL, "?*"},
    {NULL}};
static const struct field_spec area_update_fields[] = {
    {"name", FT_STRING, 0, 0, 100, NULL, NULL, NULL}, {NULL}};
static const struct field_spec area_filters[] = {{"kind", FT_ENUM, 0, 0, 0, area_kinds, NULL, NULL},
                                                 {"parent", FT_CODE, 0, 0, 0, NULL, NULL, "?*"},
                                                 PAGING,
                                                 {NULL}};
static const struct field_spec population_fields[] = {
    {"population_0_17", FT_INT, F_REQUIRED, 0, 20000000, NULL, NULL, NULL},
    {"vintage", FT_STRING, F_REQUIRED, 0, 100, NULL, NULL, NULL},
    {NULL}};

/* Children and their family network */
static const struct field_spec child_create_fields[] = {
    {"first_name", FT_STRING, F_REQUIRED, 0, 100, NULL, NULL, NULL},
    {"last_name", FT_STRING, F_REQUIRED, 0, 100, NULL, NULL, NULL},
    /* Not checked against today here: an unborn child may have a pre-birth conference. */
    {"date_of_birth", FT_DATE, F_REQUIRED, 0, 0, NULL, NULL, NULL},
    {"sex", FT_INT, F_REQUIRED, 1, 2, NULL, NULL, NULL},
    {"ethnicity", FT_ENUM, F_REQUIRED, 0, 0, ethnicity_codes, NULL, NULL},
    {"area", FT_CODE, F_REQUIRED, 0, 0, NULL, NULL, "?*"},
    {"upn", FT_CODE, F_NULLABLE, 0, 0, NULL, NULL, "A99999999999?"},
    {"team_id", FT_ID, F_NULLABLE, 0, 0, NULL, NULL, NULL},
    {"social_worker_id", FT_ID, F_NULLABLE, 0, 0, NULL, NULL, NULL},
    {NULL}};
static const struct field_spec child_update_fields[] = {
    {"first_name", FT_STRING, 0, 0, 100, NULL, NULL, NULL},
    {"last_name", FT_STRING, 0, 0, 100, NULL, NULL, NULL},
    {"date_of_birth", FT_DATE, 0, 0, 0, NULL, NULL, NULL},
    {"sex", FT_INT, 0, 1, 2, NULL, NULL, NULL},
    {"ethnicity", FT_ENUM, 0, 0, 0, ethnicity_codes, NULL, NULL},
    {"area", FT_CODE, 0, 0, 0, NULL, NULL, "?*"},
    {"upn", FT_CODE, F_NULLABLE, 0, 0, NULL, NULL, "A99999999999?"},
    {"team_id", FT_ID, F_NULLABLE, 0, 0, NULL, NULL, NULL},
    {"social_worker_id", FT_ID, F_NULLABLE, 0, 0, NULL, NULL, NULL},
    {NULL}};
static const struct field_spec child_filters[] = {
    {"area", FT_CODE, 0, 0, 0, NULL, NULL, "?*"},
    {"team_id", FT_ID, 0, 0, 0, NULL, NULL, NULL},
    {"social_worker_id", FT_ID, 0, 0, 0, NULL, NULL, NULL},
    {"q", FT_STRING, 0, 0, 100, NULL, NULL, NULL},
    PAGING,
    {NULL}};
static const struct field_spec network_create_fields[] = {
    {"full_name", FT_STRING, F_REQUIRED, 0, 200, NULL, NULL, NULL},
    {"relationship", FT_ENUM, F_REQUIRED, 0, 0, relationship_codes, NULL, NULL},
    {"lives_with_child", FT_BOOL, 0, 0, 0, NULL, NULL, NULL},
    {"notes", FT_TEXT, F_NULLABLE, 0, 2000, NULL, NULL, NULL},
    {NULL}};
static const struct field_spec network_update_fields[] = {
    {"full_name", FT_STRING, 0, 0, 200, NULL, NULL, NULL},
    {"relationship", FT_ENUM, 0, 0, 0, relationship_codes, NULL, NULL},
    {"lives_with_child", FT_BOOL, 0, 0, 0, NULL, NULL, NULL},
    {"notes", FT_TEXT, F_NULLABLE, 0, 2000, NULL, NULL, NULL},
    {NULL}};

/* Referrals and their steps */
static const struct field_spec referral_create_fields[] = {
    {"child_id", FT_ID, F_REQUIRED, 0, 0, NULL, NULL, NULL},
    {"children", FT_IDS, 0, 0, 0, NULL, NULL, NULL},
    {"referred_on", FT_DATE, F_REQUIRED | F_NOT_FUTURE, 0, 0, NULL, NULL, NULL},
    {"referral_stage", FT_ENUM, F_REQUIRED, 0, 0, referral_stages, NULL, NULL},
    {"domestic_violence", FT_BOOL, 0, 0, 0, NULL, NULL, NULL},
    {"reason", FT_TEXT, F_REQUIRED, 0, 4000, NULL, NULL, NULL},
    {"referrer_name", FT_STRING, F_NULLABLE, 0, 200, NULL, NULL, NULL},
    {NULL}};
static const struct field_spec referral_update_fields[] = {
    {"referral_stage", FT_ENUM, 0, 0, 0, referral_stages, NULL, NULL},
    {"domestic_violence", FT_BOOL, 0, 0, 0, NULL, NULL, NULL},
    {"reason", FT_TEXT, 0, 0, 4000, NULL, NULL, NULL},
    {"referrer_name", FT_STRING, F_NULLABLE, 0, 200, NULL, NULL, NULL},
    {NULL}};
static const struct field_spec referral_filters[] = {
    {"status", FT_ENUM, 0, 0, 0, referral_statuses, NULL, NULL},
    {"coordinator_id", FT_ID, 0, 0, 0, NULL, NULL, NULL},
    {"child_id", FT_ID, 0, 0, 0, NULL, NULL, NULL},
    {"area", FT_CODE, 0, 0, 0, NULL, NULL, "?*"},
    {"referral_stage", FT_ENUM, 0, 0, 0, referral_stages, NULL, NULL},
    {"from", FT_DATE, 0, 0, 0, NULL, NULL, NULL},
    {"to", FT_DATE, 0, 0, 0, NULL, NULL, NULL},
    PAGING,
    {NULL}};
static const struct field_spec accept_fields[] = {
    {"accepted_on", FT_DATE, F_NOT_FUTURE, 0, 0, NULL, NULL, NULL}, {NULL}};
static const struct field_spec decline_fields[] = {
    {"declined_on", FT_DATE, F_NOT_FUTURE, 0, 0, NULL, NULL, NULL},
    {"decline_reason", FT_ENUM, F_REQUIRED, 0, 0, decline_reasons, NULL, NULL},
    {"decline_note", FT_TEXT, F_NULLABLE, 0, 2000, NULL, NULL, NULL},
    {NULL}};
static const struct field_spec allocate_fields[] = {
    {"coordinator_id", FT_ID, F_REQUIRED, 0, 0, NULL, NULL, NULL},
    {"allocated_on", FT_DATE, F_NOT_FUTURE, 0, 0, NULL, NULL, NULL},
    {NULL}};
static const struct field_spec prepare_fields[] = {
    {"preparation_started_on", FT_DATE, F_NOT_FUTURE, 0, 0, NULL, NULL, NULL},
    {"network_members_contacted", FT_INT, 0, 0, 1000, NULL, NULL, NULL},
    {NULL}};
static const struct field_spec close_fields[] = {
    {"closed_on", FT_DATE, F_NOT_FUTURE, 0, 0, NULL, NULL, NULL},
    {"closure_reason", FT_ENUM, F_REQUIRED, 0, 0, closure_reasons, NULL, NULL},
    {"closure_note", FT_TEXT, F_NULLABLE, 0, 2000, NULL, NULL, NULL},
    {NULL}};

/* Conferences, plans and actions */
static const struct field_spec attendee_fields[] = {
    {"role", FT_ENUM, F_REQUIRED, 0, 0, attendee_roles, NULL, NULL},
    {"name", FT_STRING, F_NULLABLE, 0, 200, NULL, NULL, NULL},
    {"network_member_id", FT_ID, F_NULLABLE, 0, 0, NULL, NULL, NULL},
    {NULL}};
static const struct field_spec conference_create_fields[] = {
    {"referral_id", FT_ID, F_REQUIRED, 0, 0, NULL, NULL, NULL},
    {"kind", FT_ENUM, F_REQUIRED, 0, 0, conference_kinds, NULL, NULL},
    {"held_on", FT_DATE, F_REQUIRED | F_NOT_FUTURE, 0, 0, NULL, NULL, NULL},
    {"model", FT_ENUM, F_REQUIRED, 0, 0, conference_models, NULL, NULL},
    {"child_attended", FT_BOOL, F_REQUIRED, 0, 0, NULL, NULL, NULL},
    {"child_views_heard", FT_BOOL, F_REQUIRED, 0, 0, NULL, NULL, NULL},
    {"advocate_used", FT_BOOL, F_REQUIRED, 0, 0, NULL, NULL, NULL},
    {"private_family_time", FT_BOOL, F_REQUIRED, 0, 0, NULL, NULL, NULL},
    {"notes", FT_TEXT, F_NULLABLE, 0, 4000, NULL, NULL, NULL},
    {"attendees", FT_OBJECTS, 0, 0, 100, NULL, attendee_fields, NULL},
    {NULL}};
static const struct field_spec conference_update_fields[] = {
    {"held_on", FT_DATE, F_NOT_FUTURE, 0, 0, NULL, NULL, NULL},
    {"model", FT_ENUM, 0, 0, 0, conference_models, NULL, NULL},
    {"child_attended", FT_BOOL, 0, 0, 0, NULL, NULL, NULL},
    {"child_views_heard", FT_BOOL, 0, 0, 0, NULL, NULL, NULL},
    {"advocate_used", FT_BOOL, 0, 0, 0, NULL, NULL, NULL},
    {"private_family_time", FT_BOOL, 0, 0, 0, NULL, NULL, NULL},
    {"notes", FT_TEXT, F_NULLABLE, 0, 4000, NULL, NULL, NULL},
    {"attendees", FT_OBJECTS, 0, 0, 100, NULL, attendee_fields, NULL},
    {NULL}};
static const struct field_spec conference_filters[] = {
    {"referral_id", FT_ID, 0, 0, 0, NULL, NULL, NULL},
    {"kind", FT_ENUM, 0, 0, 0, conference_kinds, NULL, NULL},
    {"from", FT_DATE, 0, 0, 0, NULL, NULL, NULL},
    {"to", FT_DATE, 0, 0, 0, NULL, NULL, NULL},
    PAGING,
    {NULL}};
static const struct field_spec action_fields[] = {
    {"description", FT_TEXT, F_REQUIRED, 0, 2000, NULL, NULL, NULL},
    {"owner_name", FT_STRING, F_REQUIRED, 0, 200, NULL, NULL, NULL},
    {"owner_kind", FT_ENUM, F_REQUIRED, 0, 0, action_owner_kinds, NULL, NULL},
    {"due_on", FT_DATE, F_NULLABLE, 0, 0, NULL, NULL, NULL},
    {"status", FT_ENUM, 0, 0, 0, action_statuses, NULL, NULL},
    {"completed_on", FT_DATE, F_NULLABLE | F_NOT_FUTURE, 0, 0, NULL, NULL, NULL},
    {NULL}};
static const struct field_spec plan_create_fields[] = {
    {"conference_id", FT_ID, F_REQUIRED, 0, 0, NULL, NULL, NULL},
    {"agreed", FT_BOOL, F_REQUIRED, 0, 0, NULL, NULL, NULL},
    {"agreed_on", FT_DATE, F_NULLABLE | F_NOT_FUTURE, 0, 0, NULL, NULL, NULL},
    {"actions", FT_OBJECTS, 0, 0, 100, NULL, action_fields, NULL},
    {NULL}};
static const struct field_spec action_update_fields[] = {
    {"description", FT_TEXT, 0, 0, 2000, NULL, NULL, NULL},
    {"owner_name", FT_STRING, 0, 0, 200, NULL, NULL, NULL},
    {"owner_kind", FT_ENUM, 0, 0, 0, action_owner_kinds, NULL, NULL},
    {"due_on", FT_DATE, F_NULLABLE, 0, 0, NULL, NULL, NULL},
    {"status", FT_ENUM, 0, 0, 0, action_statuses, NULL, NULL},
    {"completed_on", FT_DATE, F_NULLABLE | F_NOT_FUTURE, 0, 0, NULL, NULL, NULL},
    {NULL}};

/* Audit */
static const struct field_spec audit_filters[] = {
    {"actor", FT_STRING, 0, 0, 64, NULL, NULL, NULL},
    {"entity", FT_STRING, 0, 0, 64, NULL, NULL, NULL},
    {"entity_id", FT_STRING, 0, 0, 40, NULL, NULL, NULL},
    {"action", FT_ENUM, 0, 0, 0, audit_actions, NULL, NULL},
    {"from", FT_DATE, 0, 0, 0, NULL, NULL, NULL},
    {"to", FT_DATE, 0, 0, 0, NULL, NULL, NULL},
    PAGING,
    {NULL}};

#define GET EVHTTP_REQ_GET
#define POST EVHTTP_REQ_POST
#define PUT EVHTTP_REQ_PUT
#define PATCH EVHTTP_REQ_PATCH
#define DELETE EVHTTP_REQ_DELETE
#define V1 "/api/v1"
#define STEP (ROUTE_IF_MATCH | ROUTE_NO_BODY)

const struct route routes[] = {
    {GET, "/healthz", 0, ROUTE_PUBLIC, api_healthz, NULL, NULL, NULL},
    {POST, "/auth/sign-in", 0, ROUTE_PUBLIC, api_sign_in, NULL, NULL, NULL},
    {GET, "/auth/session", ROLES_ALL, 0, api_session, NULL, NULL, NULL},
    {POST, "/auth/sign-out", ROLES_ALL, ROUTE_NO_BODY, api_sign_out, NULL, NULL, NULL},
    {GET, V1 "/me", ROLES_ALL, 0, api_me, NULL, NULL, NULL},

    {GET, V1 "/teams", ROLES_ALL, 0, NULL, "team_list", NULL, paging_only},
    {GET, V1 "/teams/{id}", ROLES_ALL, 0, NULL, "team_get", NULL, no_fields},
    {POST, V1 "/teams", ROLE_ADMIN, 0, NULL, "team_create", team_fields, NULL},
    /* Coordinators and managers list users to allocate work; the SQL limits what they see. */
    {GET, V1 "/users", ROLE_ADMIN | ROLE_MANAGER | ROLE_FGC_COORDINATOR, 0, NULL, "user_list", NULL,
     user_filters},
    {POST, V1 "/users", ROLE_ADMIN, 0, NULL, "user_create", user_create_fields, NULL},
    {GET, V1 "/users/{id}", ROLES_ALL, 0, NULL, "user_get", NULL, no_fields},
    {PATCH, V1 "/users/{id}", ROLE_ADMIN, ROUTE_IF_MATCH, NULL, "user_update", user_update_fields,
     NULL},
    {POST, V1 "/users/{id}/tokens", ROLE_ADMIN, ROUTE_NO_BODY, api_token_create, NULL, token_fields,
     NULL},
    /* Anyone may revoke their own token; only an admin someone else's (checked in SQL). */
    {DELETE, V1 "/tokens/{id}", ROLES_ALL, 0, NULL, "token_revoke", NULL, no_fields},

    {GET, V1 "/areas", AREA_READERS, 0, NULL, "area_list", NULL, area_filters},
    {POST, V1 "/areas", ROLE_ADMIN, 0, NULL, "area_create", area_create_fields, NULL},
    {GET, V1 "/areas/{code}", AREA_READERS, 0, NULL, "area_get", NULL, no_fields},
    {PATCH, V1 "/areas/{code}", ROLE_ADMIN, ROUTE_IF_MATCH, NULL, "area_update", area_update_fields,
     NULL},
    {PUT, V1 "/areas/{code}/populations/{year}", ROLE_ADMIN, 0, NULL, "population_put",
     population_fields, NULL},

    {GET, V1 "/children", ROLES_CASE_READERS, 0, NULL, "child_list", NULL, child_filters},
    {POST, V1 "/children", CASE_WRITERS, 0, NULL, "child_create", child_create_fields, NULL},
    {GET, V1 "/children/{id}", ROLES_CASE_READERS, 0, NULL, "child_get", NULL, no_fields},
    {PATCH, V1 "/children/{id}", CASE_WRITERS, ROUTE_IF_MATCH, NULL, "child_update",
     child_update_fields, NULL},
    {GET, V1 "/children/{child_id}/network-members", ROLES_CASE_READERS, 0, NULL,
     "network_member_list", NULL, paging_only},
    {POST, V1 "/children/{child_id}/network-members", CASE_WRITERS, 0, NULL,
     "network_member_create", network_create_fields, NULL},
    {PATCH, V1 "/network-members/{id}", CASE_WRITERS, ROUTE_IF_MATCH, NULL, "network_member_update",
     network_update_fields, NULL},

    {GET, V1 "/referrals", ROLES_CASE_READERS, 0, NULL, "referral_list", NULL, referral_filters},
    {POST, V1 "/referrals", CASE_WRITERS, 0, NULL, "referral_create", referral_create_fields, NULL},
    {GET, V1 "/referrals/{id}", ROLES_CASE_READERS, 0, NULL, "referral_get", NULL, no_fields},
    {PATCH, V1 "/referrals/{id}", CASE_WRITERS, ROUTE_IF_MATCH, NULL, "referral_update",
     referral_update_fields, NULL},
    {POST, V1 "/referrals/{id}/accept", FGC_STAFF, STEP, NULL, "referral_accept", accept_fields,
     NULL},
    {POST, V1 "/referrals/{id}/decline", FGC_STAFF, ROUTE_IF_MATCH, NULL, "referral_decline",
     decline_fields, NULL},
    {POST, V1 "/referrals/{id}/allocate", FGC_STAFF, ROUTE_IF_MATCH, NULL, "referral_allocate",
     allocate_fields, NULL},
    {POST, V1 "/referrals/{id}/prepare", FGC_STAFF, STEP, NULL, "referral_prepare", prepare_fields,
     NULL},
    {POST, V1 "/referrals/{id}/close", FGC_STAFF, ROUTE_IF_MATCH, NULL, "referral_close",
     close_fields, NULL},

    {GET, V1 "/conferences", ROLES_CASE_READERS, 0, NULL, "conference_list", NULL,
     conference_filters},
    {POST, V1 "/conferences", FGC_STAFF, 0, NULL, "conference_create", conference_create_fields,
     NULL},
    {GET, V1 "/conferences/{id}", ROLES_CASE_READERS, 0, NULL, "conference_get", NULL, no_fields},
    {PATCH, V1 "/conferences/{id}", FGC_STAFF, ROUTE_IF_MATCH, NULL, "conference_update",
     conference_update_fields, NULL},
    {POST, V1 "/plans", FGC_STAFF, 0, NULL, "plan_create", plan_create_fields, NULL},
    {GET, V1 "/plans/{id}", ROLES_CASE_READERS, 0, NULL, "plan_get", NULL, no_fields},
    {POST, V1 "/plans/{plan_id}/actions", FGC_STAFF, 0, NULL, "plan_action_create", action_fields,
     NULL},
    {PATCH, V1 "/plan-actions/{id}", FGC_STAFF, ROUTE_IF_MATCH, NULL, "plan_action_update",
     action_update_fields, NULL},

    {GET, V1 "/audit", ROLE_ADMIN, 0, NULL, "audit_list", NULL, audit_filters},
    ROUTES_END,
};
