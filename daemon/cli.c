/* Blocking database access for the admin subcommands (never used by the event loop). */
#include "cli.h"
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

PGconn *cli_connect(void)
{
    const char *keywords[] = {"dbname", "application_name", NULL};
    const char *values[] = {settings.database_url, "fgcd-cli", NULL};
    PGconn *conn = PQconnectdbParams(keywords, values, 1);
    if (PQstatus(conn) != CONNECTION_OK) {
        fprintf(stderr, "fgcd: cannot connect to the database: %s", PQerrorMessage(conn));
        PQfinish(conn);
        return NULL;
    }
    PQsetNoticeProcessor(conn, NULL, NULL);
    return conn;
}

json_t *cli_dispatch(PGconn *conn, const char *fn, json_t *args)
{
    char *args_text = json_dumps(args, JSON_COMPACT);
    const char *params[] = {fn, "{\"user_id\":null,\"username\":\"cli\",\"role\":\"admin\"}",
                            args_text};
    PGresult *res = PQexecParams(conn, "SELECT api.dispatch($1, $2::jsonb, $3::jsonb)", 3, NULL,
                                 params, NULL, NULL, 0);
    free(args_text);
    json_t *result = NULL;
    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
        result = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
    else
        fprintf(stderr, "fgcd: %s", PQresultErrorMessage(res));
    PQclear(res);
    return result;
}
