/* fgcd demo-data: deterministic synthetic data for a Leeds-sized local authority. */
#include "cli.h"

#include <stdio.h>

int cmd_demo_data(int argc, char **argv)
{
    fprintf(stderr, "fgcd: demo-data is being written\n");
    return 1;
}
