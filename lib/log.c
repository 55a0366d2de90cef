/* log.c - stderr diagnostics; one fprintf per message so lines written
 * from worker threads never interleave. */
#include "lib/compat.h"
#include "lib/log.h"
#include "lib/banned.h"

/* log.h's stand-ins for the analyzer would rename the definitions. */
#undef ca_error
#undef ca_warning

static enum ca_log_level log_level = CA_LOG_NORMAL;
static ca_log_filter_fn *log_filter;

void
ca_log_set_filter(ca_log_filter_fn *fn)
{
	log_filter = fn;
}

void
ca_log_set_level(enum ca_log_level level)
{
	log_level = level;
}

enum ca_log_level
ca_log_get_level(void)
{
	return log_level;
}

static void
vlog(const char *prefix, const char *fmt, va_list ap)
{
	char msg[1024];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (log_filter)
		log_filter(msg, sizeof(msg));
	fprintf(stderr, "credatlas: %s%s\n", prefix, msg);
}

int
ca_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("error: ", fmt, ap);
	va_end(ap);
	return -1;
}

int
ca_warning(const char *fmt, ...)
{
	va_list ap;

	if (log_level < CA_LOG_NORMAL)
		return 0;
	va_start(ap, fmt);
	vlog("warning: ", fmt, ap);
	va_end(ap);
	return 0;
}

void
ca_debug(const char *fmt, ...)
{
	va_list ap;

	if (log_level < CA_LOG_VERBOSE)
		return;
	va_start(ap, fmt);
	vlog("", fmt, ap);
	va_end(ap);
}
