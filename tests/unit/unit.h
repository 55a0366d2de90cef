/* unit.h - common prelude of the cmocka unit tests. */
#ifndef CA_UNIT_H
#define CA_UNIT_H

/* Tests are not scanners: they may touch the host to build fixtures. */
#define CA_SCANNER_ALLOW_OS 1

#include "lib/compat.h"
#include <setjmp.h>
#include <cmocka.h>

#endif
