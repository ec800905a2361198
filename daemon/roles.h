/* The roles a user can hold, as bits so a route can allow several. */
#ifndef FGCD_ROLES_H
#define FGCD_ROLES_H

enum role {
    ROLE_NONE = 0,
    ROLE_SOCIAL_WORKER = 1 << 0,
    ROLE_FGC_COORDINATOR = 1 << 1,
    ROLE_MANAGER = 1 << 2,
    ROLE_DATA_ANALYST = 1 << 3,
    ROLE_TRAINER = 1 << 4,
    ROLE_ADMIN = 1 << 5,
};

#define ROLES_ALL                                                                                  \
    (ROLE_SOCIAL_WORKER | ROLE_FGC_COORDINATOR | ROLE_MANAGER | ROLE_DATA_ANALYST | ROLE_TRAINER | \
     ROLE_ADMIN)
/* Roles that work with children's case records. */
#define ROLES_CASE_READERS                                                                         \
    (ROLE_SOCIAL_WORKER | ROLE_FGC_COORDINATOR | ROLE_MANAGER | ROLE_DATA_ANALYST | ROLE_ADMIN)

enum role role_from_name(const char *name);
const char *role_name(enum role role);

#endif
