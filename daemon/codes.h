/* Code lists accepted by the API: DfE statutory codes and fgcd's own enumerations. */
#ifndef FGCD_CODES_H
#define FGCD_CODES_H

/* Each list is NULL-terminated. */
extern const char *const role_codes[];
extern const char *const area_kinds[];
extern const char *const ethnicity_codes[];
extern const char *const relationship_codes[];
extern const char *const referral_stages[];
extern const char *const referral_statuses[];
extern const char *const decline_reasons[];
extern const char *const closure_reasons[];
extern const char *const conference_kinds[];
extern const char *const conference_models[];
extern const char *const attendee_roles[];
extern const char *const action_owner_kinds[];
extern const char *const action_statuses[];
extern const char *const audit_actions[];
/* Restorative-practice training (migrations/0008_training.sql). */
extern const char *const training_sectors[];
extern const char *const training_booking_statuses[];

#endif
