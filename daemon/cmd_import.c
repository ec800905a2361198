/* fgcd import: loads population estimates, SSDA903 and CIN census files and prints the import
 * report. */
#include "cli.h"
#include "import.h"

#include <ctype.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *out)
{
    fputs("usage: fgcd import population [--strict] [--json] FILE.csv\n"
          "       fgcd import ssda903 --area CODE [--year YYYY] [--strict] [--json]\n"
          "                           HEADER.csv EPISODES.csv\n"
          "       fgcd import cin-census --area CODE [--year YYYY] [--strict] [--json] FILE.xml\n"
          "\n"
          "  --area CODE   the local authority the return belongs to (ONS code, E08000035)\n"
          "  --year YYYY   the collection year, named by the 31 March it ends on (2024 is\n"
          "                1 April 2023 to 31 March 2024); inferred from the data when absent\n"
          "  --strict      load nothing (and exit 3) when any row is rejected\n"
          "  --json        print the report as JSON instead of text\n"
          "\n"
          "Exit status: 0 the file was read and loaded (rejected rows are listed in the\n"
          "report), 1 it could not be read or loaded, 2 wrong arguments, 3 --strict and\n"
          "rows were rejected (nothing was loaded). See docs/imports.md.\n",
          out);
}

/* The command line acts as "cli" (admin); the login name is kept with the run. */
static char *cli_ctx(void)
{
    const char *login = getenv("USER");
    if (!login || !*login) {
        struct passwd *pw = getpwuid(getuid());
        login = pw ? pw->pw_name : "unknown";
    }
    json_t *ctx = json_pack("{s:n, s:s, s:s, s:s}", "user_id", "username", "cli", "role", "admin",
                            "os_user", login);
    char *text = json_dumps(ctx, JSON_COMPACT);
    json_decref(ctx);
    return text;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

int cmd_import(int argc, char **argv)
{
    if (argc < 1 || strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0) {
        usage(argc < 1 ? stderr : stdout);
        return argc < 1 ? 2 : 0;
    }
    const char *kind = argv[0];
    struct import_options opts = {0};
    bool json = false;
    const char *files[3];
    int nfiles = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--area") == 0 && i + 1 < argc) {
            opts.area = argv[++i];
        } else if (strcmp(argv[i], "--year") == 0 && i + 1 < argc) {
            char *end;
            long y = strtol(argv[++i], &end, 10);
            if (*end || y < 1972 || y > 2100) {
                fprintf(stderr, "fgcd import: --year takes a year such as 2024 (the collection "
                                "year ending 31 March 2024)\n");
                return 2;
            }
            opts.year = (int)y;
        } else if (strcmp(argv[i], "--strict") == 0) {
            opts.strict = true;
        } else if (strcmp(argv[i], "--json") == 0) {
            json = true;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "fgcd import: unknown option %s\n", argv[i]);
            usage(stderr);
            return 2;
        } else if (nfiles < 3) {
            files[nfiles++] = argv[i];
        } else {
            usage(stderr);
            return 2;
        }
    }
    int want;
    const char *report_kind;
    if (strcmp(kind, "population") == 0) {
        want = 1;
        report_kind = "population";
    } else if (strcmp(kind, "ssda903") == 0) {
        want = 2;
        report_kind = "ssda903";
    } else if (strcmp(kind, "cin-census") == 0) {
        want = 1;
        report_kind = "cin_census";
    } else {
        fprintf(stderr, "fgcd import: unknown kind of file %s\n", kind);
        usage(stderr);
        return 2;
    }
    if (nfiles != want) {
        fprintf(stderr, "fgcd import %s: expected %d file%s\n", kind, want, want > 1 ? "s" : "");
        usage(stderr);
        return 2;
    }
    if (want != 1 || strcmp(kind, "population") != 0) {
        if (!opts.area) {
            fprintf(stderr, "fgcd import %s: --area CODE is required (the local authority)\n",
                    kind);
            return 2;
        }
    } else if (opts.area || opts.year) {
        fprintf(stderr, "fgcd import population: --area and --year do not apply\n");
        return 2;
    }

    PGconn *conn = cli_connect();
    if (!conn)
        return 1;
    char *ctx = cli_ctx();
    opts.ctx = ctx;
    struct import_report report;
    report_init(&report, report_kind);
    if (opts.area) {
        report.area = strdup(opts.area);
        for (char *p = report.area; p && *p; p++)
            *p = (char)toupper((unsigned char)*p);
    }
    struct import_input in[2];
    for (int i = 0; i < nfiles; i++)
        in[i] = (struct import_input){base_name(files[i]), files[i], NULL, 0};

    enum import_status st;
    if (want == 2)
        st = import_ssda903(conn, &in[0], &in[1], &opts, &report);
    else if (strcmp(kind, "population") == 0)
        st = import_population(conn, &in[0], &opts, &report);
    else
        st = import_cin_census(conn, &in[0], &opts, &report);

    if (json) {
        json_t *j = report_json(&report, -1);
        json_dumpf(j, stdout, JSON_INDENT(2));
        fputc('\n', stdout);
        json_decref(j);
    } else {
        report_print(&report, stdout);
    }
    if (report.error && st != IMPORT_OK && st != IMPORT_ROLLED_BACK)
        fprintf(stderr, "fgcd import: %s\n", report.error);
    report_free(&report);
    free(ctx);
    PQfinish(conn);
    switch (st) {
    case IMPORT_OK:
        return 0;
    case IMPORT_ROLLED_BACK:
        return 3;
    default:
        return 1;
    }
}
