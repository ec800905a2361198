/* Endpoints answered without SQL: /healthz and /api/v1/me. */
#include "api_system.h"
#include "server.h"

void api_healthz(struct request *req)
{
    struct db_pool_stats st, bulk;
    db_pool_stats(req->srv->db, &st);
    db_pool_stats(req->srv->bulk_db, &bulk);
    bool up = st.connected > 0;
    json_t *body = json_pack("{s:s, s:s, s:{s:i, s:i, s:i, s:i}, s:{s:i, s:i, s:i, s:i}}", "status",
                             up ? "ok" : "degraded", "database", up ? "up" : "down", "pool", "size",
                             st.size, "connected", st.connected, "busy", st.busy, "queued",
                             st.queued, "bulk_pool", "size", bulk.size, "connected", bulk.connected,
                             "busy", bulk.busy, "queued", bulk.queued);
    reply_json(req, up ? 200 : 503, body);
}

void api_me(struct request *req)
{
    json_t *body = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)req->user.id, "username",
                             req->user.username, "role", role_name(req->user.role));
    json_object_set_new(body, "team_id",
                        req->user.team_id ? json_integer(req->user.team_id) : json_null());
    reply_json(req, 200, body);
}
