/* Code lists: the DfE ethnicity codes and the enumerations of the FGC workflow. */
#include "codes.h"

#include <stddef.h>

const char *const role_codes[] = {"social_worker", "fgc_coordinator", "manager", "data_analyst",
                                  "trainer",       "admin",           NULL};

const char *const area_kinds[] = {"local_authority", "cluster", NULL};

/* DfE census ethnicity codes (CIN census and SSDA903). */
const char *const ethnicity_codes[] = {"WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA",
                                       "MWAS", "MOTH", "AIND", "APKN", "ABAN", "AOTH", "BCRB",
                                       "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT", NULL};

const char *const relationship_codes[] = {
    "mother", "father",         "step_parent",   "grandparent", "aunt_uncle", "sibling",
    "cousin", "other_relative", "family_friend", "neighbour",   "other",      NULL};

const char *const referral_stages[] = {"early_help",
                                       "child_in_need",
                                       "child_protection",
                                       "pre_proceedings",
                                       "looked_after",
                                       "dv_pathway",
                                       NULL};

const char *const referral_statuses[] = {
    "referred",    "accepted",        "declined", "allocated", "preparing", "conference_held",
    "plan_agreed", "plan_not_agreed", "reviewed", "closed",    NULL};

const char *const decline_reasons[] = {"family_declined",
                                       "not_appropriate",
                                       "threshold_not_met",
                                       "already_open",
                                       "no_consent",
                                       "other",
                                       NULL};

const char *const closure_reasons[] = {
    "plan_completed", "family_withdrew", "needs_met", "escalated", "moved_away", "other", NULL};

const char *const conference_kinds[] = {"initial", "review", NULL};

const char *const conference_models[] = {"pragmatic", "resolution", "restorative", NULL};

const char *const attendee_roles[] = {"parent",       "child",    "wider_family", "friend",
                                      "professional", "advocate", "coordinator",  NULL};

const char *const action_owner_kinds[] = {"family", "professional", NULL};

const char *const action_statuses[] = {"open", "done", "not_done", "cancelled", NULL};

const char *const audit_actions[] = {"insert", "update", "delete", "read", NULL};

/* The sectors of fgc.training_sectors, in their order. */
const char *const training_sectors[] = {"council_childrens_services",
                                        "council_other",
                                        "schools",
                                        "nhs",
                                        "police",
                                        "youth_offending",
                                        "housing",
                                        "third_sector",
                                        "other",
                                        NULL};

const char *const training_booking_statuses[] = {"booked", "attended", "did_not_attend",
                                                 "cancelled", NULL};
