/* unit.h - common prelude of the cmocka unit tests. */
#ifndef CA_UNIT_H
#define CA_UNIT_H

#include "lib/compat.h"
#include <setjmp.h>
#include <cmocka.h>

#endif
