/* Names of the roles, as stored in the database and shown to users. */
#include "roles.h"

#include <string.h>

static const struct {
    enum role role;
    const char *name;
} role_names[] = {
    {ROLE_SOCIAL_WORKER, "social_worker"},
    {ROLE_FGC_COORDINATOR, "fgc_coordinator"},
    {ROLE_MANAGER, "manager"},
    {ROLE_DATA_ANALYST, "data_analyst"},
    {ROLE_TRAINER, "trainer"},
    {ROLE_ADMIN, "admin"},
};

enum role role_from_name(const char *name)
{
    for (size_t i = 0; i < sizeof role_names / sizeof role_names[0]; i++)
        if (strcmp(role_names[i].name, name) == 0)
            return role_names[i].role;
    return ROLE_NONE;
}

const char *role_name(enum role role)
{
    for (size_t i = 0; i < sizeof role_names / sizeof role_names[0]; i++)
        if (role_names[i].role == role)
            return role_names[i].name;
    return "none";
}
