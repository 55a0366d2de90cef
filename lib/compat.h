/* compat.h - feature macros and common includes; first include of every .c.
 * Keeps platform knobs in one place so no file sets them on its own. */
#ifndef CA_COMPAT_H
#define CA_COMPAT_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#define CA_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#define CA_ARRAY_SIZE(a)     (sizeof(a) / sizeof((a)[0]))
#define CA_UNUSED            __attribute__((unused))

#define CA_VERSION "0.1.0"

#endif
