/* Streams rows of text produced by SQL to the client, with flat memory however large. */
#ifndef FGCD_API_STREAM_H
#define FGCD_API_STREAM_H

#include "request.h"

enum stream_format {
    STREAM_CSV,        /* each row one CSV line, ended with CRLF (RFC 4180) */
    STREAM_NDJSON,     /* each row one JSON value, ended with LF */
    STREAM_JSON_ARRAY, /* each row one JSON value, wrapped in [ , ] */
};

/*
 * Runs sql on the bulk pool and sends its rows (one text column each) as the body.
 * Errors before the first row become problem+json (FG... codes as for api_call); after
 * the first row, the transfer is cut short so the client cannot mistake it for complete.
 * filename, if given, is offered in Content-Disposition; header, if given, is the CSV
 * header line sent before the rows.
 */
void api_stream(struct request *req, enum stream_format format, const char *filename,
                const char *header, const char *sql, int nparams, const char *const *params);

#endif
