/* Training register import over the API: a CSV body read in C, its rows taken in one SQL call. */
#ifndef FGCD_API_TRAINING_H
#define FGCD_API_TRAINING_H

#include "request.h"

/*
 * POST /api/v1/training/sessions/{session_id}/register and POST /api/v1/training/registers,
 * with Content-Type: text/csv. The CSV is parsed here (with daemon/csv.c) and sent as one
 * JSON array to api.training_register_import, so the whole register is one transaction.
 */
void api_training_register(struct request *req);

#endif
