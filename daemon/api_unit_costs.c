/* Unit costs for the cost-benefit analysis: checks the input, adds the configured defaults, calls
 * the SQL. */
#include "api_unit_costs.h"
#include "api_call.h"
#include "config.h"
#include "routes.h"

#include <math.h>
#include <stdio.h>
#include <sys/queue.h>

/* The largest cost per week accepted, as in the configuration ([costs] in daemon/config.c). */
#define MAX_POUNDS_PER_WEEK 100000.0

/* The configured unit costs, which apply where no cost is stored (args.defaults). */
static void add_defaults(json_t *args)
{
    json_object_set_new(args, "defaults",
                        json_pack("{s:I, s:I, s:I}", "cin_week", (json_int_t)settings.cost_cin_week,
                                  "cpp_week", (json_int_t)settings.cost_cpp_week, "cla_week",
                                  (json_int_t)settings.cost_cla_week));
}

/* The {status} of the path, as text. */
static void add_status(struct request *req, json_t *args)
{
    if (req->nparams > 0)
        json_object_set_new(args, "status", json_string(req->params[0]));
}

/* Query parameters checked against the route's table; answers 422 and returns NULL if wrong. */
static json_t *read_query(struct request *req)
{
    json_t *errors = json_array();
    json_t *args = validate_query(&req->query, req->route->query, errors);
    if (!args) {
        reply_invalid(req, 422, "Correct the parameters listed in errors and try again.", errors);
        return NULL;
    }
    json_decref(errors);
    return args;
}

void api_unit_cost_list(struct request *req)
{
    json_t *args = read_query(req);
    if (!args)
        return;
    add_defaults(args);
    api_call(req, req->route->fn, args);
}

void api_unit_cost_put(struct request *req)
{
    if (TAILQ_FIRST(&req->query)) {
        reply_problem(req, 400, "Bad request", "This request takes no query parameters.");
        return;
    }
    json_t *body = api_read_body(req, false);
    if (!body)
        return;
    json_t *errors = json_array();
    json_t *others = json_copy(body);
    json_object_del(others, "pounds_per_week");
    validate_object(others, req->route->body, VALIDATE_CREATE, NULL, errors);
    json_decref(others);
    const json_t *value = json_object_get(body, "pounds_per_week");
    double pounds = json_is_number(value) ? json_number_value(value) : NAN;
    if (!value) {
        json_array_append_new(
            errors, json_pack("{s:s, s:s}", "field", "pounds_per_week", "message", "Is required"));
    } else if (!isfinite(pounds) || pounds < 0 || pounds > MAX_POUNDS_PER_WEEK ||
               fabs(pounds * 100 - round(pounds * 100)) > 1e-6) {
        json_array_append_new(errors,
                              json_pack("{s:s, s:s}", "field", "pounds_per_week", "message",
                                        "Must be an amount in pounds from 0 to 100000, with at "
                                        "most 2 decimal places, for example 76 or 645.50"));
    } else {
        /* Sent on as text with 2 decimal places at most, so 645.5 arrives as 645.5 and not as
         * the nearest binary fraction. */
        char buf[40];
        snprintf(buf, sizeof buf, "%.15g", round(pounds * 100) / 100);
        json_object_set_new(body, "pounds_per_week", json_string(buf));
    }
    if (json_array_size(errors) > 0) {
        json_decref(body);
        reply_invalid(req, 422, "Correct the fields listed in errors and try again.", errors);
        return;
    }
    json_decref(errors);
    add_status(req, body);
    add_defaults(body);
    api_call(req, req->route->fn, body);
}

void api_unit_cost_delete(struct request *req)
{
    json_t *args = read_query(req);
    if (!args)
        return;
    add_status(req, args);
    add_defaults(args);
    api_call(req, req->route->fn, args);
}
