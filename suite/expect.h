/* SPDX-License-Identifier: GPL-2.0 */
/* Expectations: which checks are known to fail on a kernel, and why. */
#ifndef ATC_EXPECT_H
#define ATC_EXPECT_H

#include <stdbool.h>
#include <stddef.h>

/*
 * File format, one expectation per line, '#' starts a comment:
 *     TEST-PATTERN  CHECK-PATTERN  reason text...
 * Patterns are fnmatch(3) globs: "timeout-*  C2-*  no fencing on 6.1".
 */
struct expect_entry {
	char *test;
	char *check;
	char *reason;
	unsigned int line;
};

struct expectations {
	struct expect_entry *entries;
	size_t count;
};

/* 0, or -1 with a one-line message naming file, line and the fix in err. */
int expect_load(const char *path, struct expectations *exp,
		char *err, size_t errlen);
int expect_parse(const char *text, const char *name, struct expectations *exp,
		 char *err, size_t errlen);
/* Reason a check is expected to fail, or NULL. */
const char *expect_lookup(const struct expectations *exp, const char *test,
			  const char *check);
/*
 * A reason that begins "sometimes:" says the kernel's outcome varies from
 * run to run (timing it does not control): a failure is known, a pass is
 * a plain pass and no news.
 */
bool expect_varies(const char *reason);
void expect_free(struct expectations *exp);

#endif
