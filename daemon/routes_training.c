/* Endpoints for restorative-practice training: courses, sessions, people, bookings, registers,
 * targets, progress and measures. */
#include "api_training.h"
#include "codes.h"
#include "routes.h"

/* Trainers and administrators run the programme; managers read everything; data analysts read
 * courses, sessions, targets and aggregates, never the people who attended. */
#define TRAINING_WRITERS (ROLE_TRAINER | ROLE_ADMIN)
#define TRAINING_READERS (ROLE_TRAINER | ROLE_ADMIN | ROLE_MANAGER)
#define TRAINING_AGGREGATES (TRAINING_READERS | ROLE_DATA_ANALYST)

#define PAGING PAGING_FIELDS

static const char *const measure_ids[] = {"training_people_trained",      "training_sessions_run",
                                          "training_attendance_rate_pct", "training_feedback_mean",
                                          "training_target_progress_pct", NULL};
static const char *const measure_periods[] = {"week", "month", "quarter", "year", NULL};
static const char *const measure_groups[] = {"none", "course", "sector", "cluster", NULL};

static const struct field_spec no_fields[] = {{NULL}};

/* Courses */
static const struct field_spec course_create_fields[] = {
    {"code", FT_CODE, F_REQUIRED, 0, 0, NULL, NULL, "?*"},
    {"name", FT_STRING, F_REQUIRED, 0, 200, NULL, NULL, NULL},
    {"description", FT_TEXT, F_NULLABLE, 0, 4000, NULL, NULL, NULL},
    {"active", FT_BOOL, 0, 0, 0, NULL, NULL, NULL},
    {NULL}};
static const struct field_spec course_update_fields[] = {
    {"code", FT_CODE, 0, 0, 0, NULL, NULL, "?*"},
    {"name", FT_STRING, 0, 0, 200, NULL, NULL, NULL},
    {"description", FT_TEXT, F_NULLABLE, 0, 4000, NULL, NULL, NULL},
    {"active", FT_BOOL, 0, 0, 0, NULL, NULL, NULL},
    {NULL}};
static const struct field_spec course_filters[] = {
    {"active", FT_BOOL, 0, 0, 0, NULL, NULL, NULL}, PAGING, {NULL}};

/* Sessions: times of day as HH:MM (the database checks the hours and minutes). */
static const struct field_spec session_create_fields[] = {
    {"course_id", FT_ID, F_REQUIRED, 0, 0, NULL, NULL, NULL},
    {"held_on", FT_DATE, F_REQUIRED, 0, 0, NULL, NULL, NULL},
    {"starts_at", FT_CODE, F_REQUIRED, 0, 0, NULL, NULL, "99:99"},
    {"ends_at", FT_CODE, F_REQUIRED, 0, 0, NULL, NULL, "99:99"},
    {"online", FT_BOOL, 0, 0, 0, NULL, NULL, NULL},
    {"venue", FT_STRING, F_NULLABLE, 0, 200, NULL, NULL, NULL},
    {"trainer_id", FT_ID, F_NULLABLE, 0, 0, NULL, NULL, NULL},
    {"capacity", FT_INT, F_REQUIRED, 1, 500, NULL, NULL, NULL},
    {"notes", FT_TEXT, F_NULLABLE, 0, 4000, NULL, NULL, NULL},
    {NULL}};
static const struct field_spec session_update_fields[] = {
    {"course_id", FT_ID, 0, 0, 0, NULL, NULL, NULL},
    {"held_on", FT_DATE, 0, 0, 0, NULL, NULL, NULL},
    {"starts_at", FT_CODE, 0, 0, 0, NULL, NULL, "99:99"},
    {"ends_at", FT_CODE, 0, 0, 0, NULL, NULL, "99:99"},
    {"online", FT_BOOL, 0, 0, 0, NULL, NULL, NULL},
    {"venue", FT_STRING, F_NULLABLE, 0, 200, NULL, NULL, NULL},
    {"trainer_id", FT_ID, F_NULLABLE, 0, 0, NULL, NULL, NULL},
    {"capacity", FT_INT, 0, 1, 500, NULL, NULL, NULL},
    {"notes", FT_TEXT, F_NULLABLE, 0, 4000, NULL, NULL, NULL},
    {NULL}};
static const struct field_spec session_filters[] = {
    {"course_id", FT_ID, 0, 0, 0, NULL, NULL, NULL},
    {"from", FT_DATE, 0, 0, 0, NULL, NULL, NULL},
    {"to", FT_DATE, 0, 0, 0, NULL, NULL, NULL},
    {"trainer_id", FT_ID, 0, 0, 0, NULL, NULL, NULL},
    PAGING,
    {NULL}};

/* People who attend */
static const struct field_spec person_create_fields[] = {
    {"full_name", FT_STRING, F_REQUIRED, 0, 200, NULL, NULL, NULL},
    {"work_email", FT_STRING, F_NULLABLE, 0, 254, NULL, NULL, NULL},
    {"organisation", FT_STRING, F_NULLABLE, 0, 200, NULL, NULL, NULL},
    {"sector", FT_ENUM, F_REQUIRED, 0, 0, training_sectors, NULL, NULL},
    {"cluster", FT_CODE, F_NULLABLE, 0, 0, NULL, NULL, "?*"},
    {"job_role", FT_STRING, F_NULLABLE, 0, 200, NULL, NULL, NULL},
    {NULL}};
static const struct field_spec person_update_fields[] = {
    {"full_name", FT_STRING, 0, 0, 200, NULL, NULL, NULL},
    {"work_email", FT_STRING, F_NULLABLE, 0, 254, NULL, NULL, NULL},
    {"organisation", FT_STRING, F_NULLABLE, 0, 200, NULL, NULL, NULL},
    {"sector", FT_ENUM, 0, 0, 0, training_sectors, NULL, NULL},
    {"cluster", FT_CODE, F_NULLABLE, 0, 0, NULL, NULL, "?*"},
    {"job_role", FT_STRING, F_NULLABLE, 0, 200, NULL, NULL, NULL},
    {NULL}};
static const struct field_spec person_filters[] = {
    {"q", FT_STRING, 0, 0, 100, NULL, NULL, NULL},
    {"email", FT_STRING, 0, 0, 254, NULL, NULL, NULL},
    {"sector", FT_ENUM, 0, 0, 0, training_sectors, NULL, NULL},
    {"cluster", FT_CODE, 0, 0, 0, NULL, NULL, "?*"},
    PAGING,
    {NULL}};

/* Bookings and attendance */
static const struct field_spec booking_create_fields[] = {
    {"person_id", FT_ID, F_REQUIRED, 0, 0, NULL, NULL, NULL},
    {"status", FT_ENUM, 0, 0, 0, training_booking_statuses, NULL, NULL},
    {"feedback_score", FT_INT, F_NULLABLE, 1, 5, NULL, NULL, NULL},
    {NULL}};
static const struct field_spec booking_update_fields[] = {
    {"status", FT_ENUM, 0, 0, 0, training_booking_statuses, NULL, NULL},
    {"feedback_score", FT_INT, F_NULLABLE, 1, 5, NULL, NULL, NULL},
    {NULL}};
static const struct field_spec booking_filters[] = {
    {"status", FT_ENUM, 0, 0, 0, training_booking_statuses, NULL, NULL}, PAGING, {NULL}};

/* Targets */
static const struct field_spec target_create_fields[] = {
    {"course_id", FT_ID, F_REQUIRED, 0, 0, NULL, NULL, NULL},
    {"sector", FT_ENUM, F_NULLABLE, 0, 0, training_sectors, NULL, NULL},
    {"cluster", FT_CODE, F_NULLABLE, 0, 0, NULL, NULL, "?*"},
    {"target_people", FT_INT, F_REQUIRED, 1, 10000000, NULL, NULL, NULL},
    {"starts_on", FT_DATE, F_REQUIRED, 0, 0, NULL, NULL, NULL},
    {"deadline", FT_DATE, F_REQUIRED, 0, 0, NULL, NULL, NULL},
    {"name", FT_STRING, F_NULLABLE, 0, 200, NULL, NULL, NULL},
    {NULL}};
static const struct field_spec target_update_fields[] = {
    {"course_id", FT_ID, 0, 0, 0, NULL, NULL, NULL},
    {"sector", FT_ENUM, F_NULLABLE, 0, 0, training_sectors, NULL, NULL},
    {"cluster", FT_CODE, F_NULLABLE, 0, 0, NULL, NULL, "?*"},
    {"target_people", FT_INT, 0, 1, 10000000, NULL, NULL, NULL},
    {"starts_on", FT_DATE, 0, 0, 0, NULL, NULL, NULL},
    {"deadline", FT_DATE, 0, 0, 0, NULL, NULL, NULL},
    {"name", FT_STRING, F_NULLABLE, 0, 200, NULL, NULL, NULL},
    {NULL}};
static const struct field_spec target_filters[] = {
    {"course_id", FT_ID, 0, 0, 0, NULL, NULL, NULL}, PAGING, {NULL}};

/* Progress and measures */
static const struct field_spec progress_filters[] = {
    {"course_id", FT_ID, 0, 0, 0, NULL, NULL, NULL},
    {"target_id", FT_ID, 0, 0, 0, NULL, NULL, NULL},
    {"sector", FT_ENUM, 0, 0, 0, training_sectors, NULL, NULL},
    {"cluster", FT_CODE, 0, 0, 0, NULL, NULL, "?*"},
    {"from", FT_DATE, 0, 0, 0, NULL, NULL, NULL},
    {"to", FT_DATE, 0, 0, 0, NULL, NULL, NULL},
    {"as_of", FT_DATE, 0, 0, 0, NULL, NULL, NULL},
    {NULL}};
static const struct field_spec measure_filters[] = {
    {"measure", FT_ENUM, 0, 0, 0, measure_ids, NULL, NULL},
    {"period", FT_ENUM, 0, 0, 0, measure_periods, NULL, NULL},
    {"from", FT_DATE, 0, 0, 0, NULL, NULL, NULL},
    {"to", FT_DATE, 0, 0, 0, NULL, NULL, NULL},
    {"course_id", FT_ID, 0, 0, 0, NULL, NULL, NULL},
    {"sector", FT_ENUM, 0, 0, 0, training_sectors, NULL, NULL},
    {"cluster", FT_CODE, 0, 0, 0, NULL, NULL, "?*"},
    {"group_by", FT_ENUM, 0, 0, 0, measure_groups, NULL, NULL},
    {NULL}};

#define GET EVHTTP_REQ_GET
#define POST EVHTTP_REQ_POST
#define PATCH EVHTTP_REQ_PATCH
#define T "/api/v1/training"

const struct route training_routes[] = {
    {GET, T "/courses", TRAINING_AGGREGATES, 0, NULL, "training_course_list", NULL, course_filters},
    {POST, T "/courses", TRAINING_WRITERS, 0, NULL, "training_course_create", course_create_fields,
     NULL},
    {GET, T "/courses/{id}", TRAINING_AGGREGATES, 0, NULL, "training_course_get", NULL, no_fields},
    {PATCH, T "/courses/{id}", TRAINING_WRITERS, ROUTE_IF_MATCH, NULL, "training_course_update",
     course_update_fields, NULL},

    {GET, T "/sessions", TRAINING_AGGREGATES, 0, NULL, "training_session_list", NULL,
     session_filters},
    {POST, T "/sessions", TRAINING_WRITERS, 0, NULL, "training_session_create",
     session_create_fields, NULL},
    {GET, T "/sessions/{id}", TRAINING_AGGREGATES, 0, NULL, "training_session_get", NULL,
     no_fields},
    {PATCH, T "/sessions/{id}", TRAINING_WRITERS, ROUTE_IF_MATCH, NULL, "training_session_update",
     session_update_fields, NULL},
    {GET, T "/sessions/{session_id}/bookings", TRAINING_READERS, 0, NULL, "training_booking_list",
     NULL, booking_filters},
    {POST, T "/sessions/{session_id}/bookings", TRAINING_WRITERS, 0, NULL,
     "training_booking_create", booking_create_fields, NULL},
    /* Registers: a CSV body (daemon/api_training.c), not JSON. */
    {POST, T "/sessions/{session_id}/register", TRAINING_WRITERS, 0, api_training_register, NULL,
     NULL, NULL},
    {POST, T "/registers", TRAINING_WRITERS, 0, api_training_register, NULL, NULL, NULL},

    {GET, T "/bookings/{id}", TRAINING_READERS, 0, NULL, "training_booking_get", NULL, no_fields},
    {PATCH, T "/bookings/{id}", TRAINING_WRITERS, ROUTE_IF_MATCH, NULL, "training_booking_update",
     booking_update_fields, NULL},

    {GET, T "/people", TRAINING_READERS, 0, NULL, "training_person_list", NULL, person_filters},
    {POST, T "/people", TRAINING_WRITERS, 0, NULL, "training_person_create", person_create_fields,
     NULL},
    {GET, T "/people/{id}", TRAINING_READERS, 0, NULL, "training_person_get", NULL, no_fields},
    {PATCH, T "/people/{id}", TRAINING_WRITERS, ROUTE_IF_MATCH, NULL, "training_person_update",
     person_update_fields, NULL},

    {GET, T "/targets", TRAINING_AGGREGATES, 0, NULL, "training_target_list", NULL, target_filters},
    {POST, T "/targets", ROLE_ADMIN, 0, NULL, "training_target_create", target_create_fields, NULL},
    {GET, T "/targets/{id}", TRAINING_AGGREGATES, 0, NULL, "training_target_get", NULL, no_fields},
    {PATCH, T "/targets/{id}", ROLE_ADMIN, ROUTE_IF_MATCH, NULL, "training_target_update",
     target_update_fields, NULL},

    {GET, T "/progress", TRAINING_AGGREGATES, 0, NULL, "training_progress", NULL, progress_filters},
    {GET, T "/measures", TRAINING_AGGREGATES, 0, NULL, "training_measures", NULL, measure_filters},
    ROUTES_END,
};
