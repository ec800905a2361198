/* Endpoints answered by the daemon itself, without a database function. */
#ifndef FGCD_API_SYSTEM_H
#define FGCD_API_SYSTEM_H

#include "request.h"

/* GET /healthz: 200 when the database is reachable, 503 when it is not. */
void api_healthz(struct request *req);

/* GET /api/v1/me: the signed-in user. */
void api_me(struct request *req);

#endif
