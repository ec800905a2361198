/* Browser sessions: the session cookie, its lookup, CSRF checks, and signing in and out. */
#ifndef FGCD_SESSION_H
#define FGCD_SESSION_H

#include "request.h"

#define SESSION_COOKIE "fgcd_session"

/* The session cookie's value in the request, copied to a static buffer, or NULL. */
const char *session_cookie(struct request *req);

/*
 * Identifies the caller from the session cookie and, for a change (POST, PUT, PATCH,
 * DELETE), checks X-CSRF-Token against the session's token; then auth_authorise.
 */
void session_authenticate(struct request *req, void (*next)(struct request *req));

/* POST /auth/sign-in, GET /auth/session, POST /auth/sign-out. */
void api_sign_in(struct request *req);
void api_session(struct request *req);
void api_sign_out(struct request *req);

#endif
