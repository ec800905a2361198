/* libFuzzer target: daemon/config.c (config_load, first load and reload) on arbitrary files. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[4096];
static int fd = -1;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(path, sizeof path, "%s/fgcd-fuzz-config-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    fd = mkstemp(path);
    if (fd < 0) {
        perror("fuzz_config: mkstemp");
        abort();
    }
    return 0;
}

static void cleanup(void) __attribute__((destructor));
static void cleanup(void)
{
    if (fd >= 0)
        unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The input is the whole file, rewritten in place for each run. */
    if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
        abort();
    struct settings s;
    config_defaults(&s);
    char *cause = NULL;
    int rc = config_load(&s, path, false, &cause);
    if ((rc == 0) != (cause == NULL))
        __builtin_trap();
    free(cause);
    cause = NULL;
    /* A reload over what was read, as SIGHUP does. */
    rc = config_load(&s, path, true, &cause);
    if ((rc == 0) != (cause == NULL))
        __builtin_trap();
    free(cause);
    char *host = NULL;
    int port;
    if (s.listen && config_split_listen(s.listen, &host, &port) == 0)
        free(host);
    config_free(&s);
    return 0;
}
