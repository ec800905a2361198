/* The web app's static files, served from the configured web root. */
#ifndef FGCD_STATIC_FILES_H
#define FGCD_STATIC_FILES_H

#include <stdbool.h>

#include "request.h"

/*
 * Answers a GET or HEAD for the web app: a file under the web root, or index.html for a
 * path of the app's own (deep links). Returns false, answering nothing, when the path is
 * not the web app's (API paths, or the app is not built).
 */
bool static_serve(struct request *req);

#endif
