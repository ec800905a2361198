/* Integration-test set-up: unique names, areas, teams, users, children, referrals by status. */
#ifndef FGCD_TEST_FIXTURES_H
#define FGCD_TEST_FIXTURES_H

#include "http_client.h"

/* A random number (from /dev/urandom). */
unsigned test_random(void);
/* A name no other test (or earlier run) uses: "prefix-PID-N-RANDOM". */
const char *uniq(const char *prefix);
/* A new local authority code (E and 8 digits) no other test uses. */
const char *uniq_la_code(void);
/* Today plus days (negative for the past) as YYYY-MM-DD. */
const char *date_from_today(int days);

/* The id of one of the fixture's users ("sw1", "coord1", ...). */
long long user_id(const char *who);

/* This test program's local authority and one of its clusters, made on first use. */
const char *la_code(void);
const char *cluster_code(void);
/* A new cluster of the local authority parent; returns its code. */
const char *make_cluster(const char *parent);
/* A new local authority; returns its code. */
const char *make_la(void);

/* A new team (POST /api/v1/teams as admin); returns its id. */
long long make_team(void);

/* A new user with a role and team (0 for none) and an API token of their own. */
struct test_user {
    long long id;
    const char *username;
    const char *token;
};
struct test_user make_user(const char *role, long long team_id);

/* The body of a valid new child in this program's cluster (a new reference). */
json_t *child_fields(void);
/* Creates a child as token with child_fields() overridden by extra (stolen; may be NULL). */
long long make_child(const char *token, json_t *extra);

/* The body of a valid new referral for child_id (a new reference). */
json_t *referral_fields(long long child_id);
long long make_referral(const char *token, long long child_id);

/* The ETag of a response, failing the test when there is none. */
const char *etag_of(const struct http_response *r);
/* The current ETag of a referral (read as admin). */
const char *referral_etag(long long id);
/* POST /api/v1/referrals/ID/STEP with If-Match: etag (NULL to leave it out). */
struct http_response *referral_step(const char *token, long long id, const char *step,
                                    const char *body, const char *etag);

/*
 * A new child (made by admin) with a referral moved by coord1 to status: referred, accepted,
 * declined, allocated, preparing, conference_held, plan_agreed. Returns the referral id; the
 * child id, the initial conference id and the plan id go to the out-parameters that are not NULL.
 */
long long referral_at(const char *status, long long *child_id, long long *conference_id,
                      long long *plan_id);

/* The body of a valid initial conference for referral_id (a new reference). */
json_t *conference_fields(long long referral_id);

#endif
