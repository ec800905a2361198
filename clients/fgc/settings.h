/* fgc's settings: the service's address and the API token, from the environment or a file. */
#ifndef FGC_SETTINGS_H
#define FGC_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

#define FGC_DEFAULT_URL "http://127.0.0.1:8080"

struct settings {
    char url[1024];  /* without a trailing slash; "" when not set */
    char token[600]; /* "" when not set */
};

/*
 * Reads the text of a settings file: KEY=VALUE lines (FGC_URL, FGC_TOKEN), blank lines and
 * lines starting with '#'; a value may be in double quotes; other keys are ignored. Returns 0,
 * or -1 with err naming the line that is wrong.
 */
int settings_parse(const char *text, struct settings *s, char *err, size_t errlen);
/* The settings in force: the environment's values (may be NULL or empty) over the file's,
 * and the default address when neither gives one. */
void settings_resolve(struct settings *out, const struct settings *file, const char *env_url,
                      const char *env_token);
/* Whether a token can be sent in a header: 1 to 512 printable ASCII characters, no spaces. */
bool settings_token_ok(const char *token);
/* Whether url is an http:// or https:// address. */
bool settings_url_ok(const char *url);
/* The text of a settings file for s. The caller frees it. */
char *settings_format(const struct settings *s);

/* The settings file: $XDG_CONFIG_HOME/fgc/config, else $HOME/.config/fgc/config. */
int settings_path(char *buf, size_t size);
/* Reads the file; a missing file leaves s empty and is not an error. Warns on stderr when
 * other users can read it. */
int settings_load(const char *path, struct settings *s, char *err, size_t errlen);
/* Writes the file with mode 0600 (its directory 0700), replacing it in one step. */
int settings_save(const char *path, const struct settings *s, char *err, size_t errlen);

#endif
