/* POST /api/v1/users/{id}/tokens: issues an API token, shown once and stored only as a hash. */
#ifndef FGCD_API_TOKENS_H
#define FGCD_API_TOKENS_H

#include "request.h"

void api_token_create(struct request *req);

#endif
