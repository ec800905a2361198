/* fgc chronology: a child's FGC steps and statutory status changes in date order. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "output.h"
#include "table.h"
#include "text.h"

/* "referral 12", "CIN episode 41": the record an item comes from. */
static const char *source_words(const json_t *source)
{
    static const struct {
        const char *type, *words, *key;
    } names[] = {
        {"referral", "referral", "referral_id"},
        {"conference", "conference", "conference_id"},
        {"plan", "plan", "plan_id"},
        {"cin_episode", "CIN episode", "episode_id"},
        {"cpp", "child protection plan", "episode_id"},
        {"cla_episode", "looked-after episode", "episode_id"},
        {"pre_proceedings", "pre-proceedings", "episode_id"},
    };
    const char *type = jget(source, "type");
    for (size_t i = 0; type && i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(type, names[i].type) == 0) {
            return text_fmt("%s %s", names[i].words, jget(source, names[i].key));
        }
    }
    return type;
}

int cmd_chronology(struct session *s, const struct command *c, int argc, char **argv)
{
    struct args a;
    int code = cli_parse(s, c, NULL, argc, argv, &a, 1, 1);
    long long id;
    if (code != CLI_GO || (code = cli_id(c, a.pos[0], "CHILD_ID", &id)) != EXIT_OK) {
        return code;
    }
    struct reply r;
    code =
        api_call(s, "GET", text_fmt("/api/v1/children/%lld/chronology", id), NULL, NULL, &r, NULL);
    if (code == EXIT_OK) {
        if (s->json) {
            out_json(r.json);
        } else {
            static const char *const headers[] = {"DATE", "RECORD", "WHAT"};
            struct table *t = table_new(3, headers);
            size_t i;
            json_t *item;
            json_array_foreach(json_object_get(r.json, "items"), i, item)
            {
                const char *row[] = {jget(item, "date"),
                                     source_words(json_object_get(item, "source")),
                                     jget(item, "title")};
                table_add(t, row);
            }
            if (table_rows(t) == 0) {
                printf("Nothing is recorded for child %lld yet.\n", id);
            } else {
                table_print(t, stdout, "");
            }
            table_free(t);
        }
    }
    reply_free(&r);
    return code;
}
