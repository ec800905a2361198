/* The table of fgc's commands and `fgc help`. */
#include "commands.h"

#include <stdio.h>
#include <string.h>

#define STEP_DETAILS                                                                               \
    "fgc reads the referral first and sends its version (If-Match), so that a change someone "     \
    "else made\nin the meantime is never overwritten. Dates are YYYY-MM-DD and default to today."

static const struct command commands[] = {
    {"login", "URL [TOKEN|-]", "check a token and save it with the service's address",
     "The token is checked with GET /api/v1/me, then saved with the address in\n"
     "~/.config/fgc/config (mode 0600). Without TOKEN, or with -, it is read from standard input,\n"
     "which keeps it out of your shell's history.",
     cmd_login, "Your account"},
    {"logout", "", "remove the saved token", NULL, cmd_logout, "Your account"},
    {"whoami", "", "show who the token belongs to", NULL, cmd_whoami, "Your account"},

    {"children", "[--q TEXT] [--area CODE] [--all]", "list the children you can see", NULL,
     cmd_children, "Children"},
    {"child", "ID", "show a child, their family network and referrals", NULL, cmd_child,
     "Children"},
    {"add-child",
     "--first-name TEXT --last-name TEXT --dob DATE --sex 1|2 --ethnicity CODE --area CODE "
     "[--upn UPN]",
     "record a child",
     "Sex is 1 (male) or 2 (female) and ethnicity a DfE code (WBRI, MWBC, ...), as in the DfE\n"
     "returns. The area is the cluster the child lives in. A social worker's new child is\n"
     "allocated to them and their team.",
     cmd_add_child, "Children"},
    {"chronology", "CHILD_ID", "show a child's FGC and status history in date order", NULL,
     cmd_chronology, "Children"},

    {"referrals", "[--status S] [--area CODE] [--from DATE] [--to DATE] [--all]",
     "list the referrals you can see", NULL, cmd_referrals, "Referrals and their steps"},
    {"referral", "ID", "show a referral: its children, history, conferences and plan", NULL,
     cmd_referral, "Referrals and their steps"},
    {"refer",
     "--child ID [--sibling ID]... --date DATE --stage STAGE --reason TEXT [--dv] "
     "[--referrer-name TEXT]",
     "refer a family for an FGC",
     "STAGE is early_help, child_in_need, child_protection, pre_proceedings, looked_after or\n"
     "dv_pathway. --reason - reads the reason from standard input.",
     cmd_refer, "Referrals and their steps"},
    {"accept", "ID [--date DATE]", "accept a referral", STEP_DETAILS, cmd_step,
     "Referrals and their steps"},
    {"decline", "ID --reason CODE [--note TEXT] [--date DATE]", "decline a referral",
     STEP_DETAILS "\nCODE is family_declined, not_appropriate, threshold_not_met, already_open,\n"
                  "no_consent or other (which needs --note).",
     cmd_step, "Referrals and their steps"},
    {"allocate", "ID --coordinator USER_ID|USERNAME|me [--date DATE]",
     "allocate a coordinator to a referral", STEP_DETAILS, cmd_step, "Referrals and their steps"},
    {"prepare", "ID [--contacted N] [--date DATE]",
     "start preparing, or update how many of the network were contacted", STEP_DETAILS, cmd_step,
     "Referrals and their steps"},
    {"close", "ID --reason CODE [--note TEXT] [--date DATE]", "close a referral",
     STEP_DETAILS "\nCODE is plan_completed, family_withdrew, needs_met, escalated, moved_away\n"
                  "or other (which needs --note).",
     cmd_step, "Referrals and their steps"},

    {"conference",
     "--referral ID --date DATE --model pragmatic|resolution|restorative [--kind initial|review] "
     "[--child-attended] [--child-views-heard] [--advocate] [--private-family-time] "
     "[--attendee ROLE[:NAME]]...",
     "record a conference (initial or review)",
     "Without --kind, a referral whose plan was agreed gets a review, any other an initial\n"
     "conference. ROLE is parent, child, wider_family, friend, professional, advocate or\n"
     "coordinator; ROLE:#N names member N of the child's family network.",
     cmd_conference, "Conferences and plans"},
    {"plan",
     "--conference ID --agreed|--not-agreed [--action 'DESCRIPTION|OWNER|family|professional|DUE']"
     "... | ID",
     "record the plan of an initial conference, or show plan ID",
     "Each --action is the description, who will do it, whether they are family or a\n"
     "professional, and the date it is due (may be left out), separated by |. Write \\| for a\n"
     "| inside the description.",
     cmd_plan, "Conferences and plans"},
    {"action", "ID --status open|done|not_done|cancelled [--date DATE] [--plan PLAN_ID]",
     "change the status of a plan action",
     "The action's plan is found from the conferences you can see; --plan PLAN_ID saves the\n"
     "search. --date is the completion date of a done action (default today).",
     cmd_action, "Conferences and plans"},

    {"cin", "list|show|add|correct|retract ...", "children in need episodes (CIN census)", NULL,
     cmd_status, "Status history"},
    {"cpp", "list|show|add|correct|retract ...", "child protection plans (CIN census)", NULL,
     cmd_status, "Status history"},
    {"cla", "list|show|add|correct|retract ...", "looked-after episodes (SSDA903)", NULL,
     cmd_status, "Status history"},
    {"pp", "list|show|add|correct|retract ...", "pre-proceedings (CIN census)", NULL, cmd_status,
     "Status history"},

    {"indicators", "", "list the indicators and whether you may read them", NULL, cmd_indicators,
     "Indicators"},
    {"indicator", "ID --area CODE [--at DATE | --year YEAR | --from DATE --to DATE]",
     "an indicator's value for an area",
     "YEAR is the reporting year named by its 31 March (2025 is April 2024 to March 2025).",
     cmd_indicator, "Indicators"},
    {"series", "ID --area CODE --from DATE --to DATE [--period week|month|quarter|year]",
     "an indicator's values period by period", NULL, cmd_series, "Indicators"},

    {"get", "PATH", "GET any path of the API and print the JSON",
     "A PATH that does not start with / is taken under /api/v1/ (so `fgc get me` reads\n"
     "/api/v1/me).",
     cmd_get, "Anything else"},
    {"post", "PATH [JSON|-] [--if-match VERSION]", "POST JSON to any path of the API",
     "The body is JSON on the command line, or from standard input with - (default {}).\n"
     "A random Idempotency-Key is sent, so a retry cannot record the same thing twice.",
     cmd_post, "Anything else"},
};

const struct command *command_find(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(commands[i].name, name) == 0) {
            return &commands[i];
        }
    }
    return NULL;
}

void commands_print(FILE *out)
{
    const char *group = NULL;
    int width = 0;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        int w = (int)strlen(commands[i].name);
        width = w > width ? w : width;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (!group || strcmp(group, commands[i].group) != 0) {
            group = commands[i].group;
            fprintf(out, "\n%s:\n", group);
        }
        fprintf(out, "  %-*s  %s\n", width, commands[i].name, commands[i].summary);
    }
}
