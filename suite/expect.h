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
 *
 * One comment line may state the kernels the file is for:
 *     # kernels: 6.1 <= release < 6.2
 * (versions MAJOR.MINOR or MAJOR.MINOR.PATCH; "< HI" may be left out for
 * "and every later kernel"). A release is compared by its leading
 * MAJOR.MINOR[.PATCH]: 6.1.0-57-amd64 is 6.1.0, 7.3-amd64 is 7.3.0.
 */
struct kver {
	unsigned int v[3];
};

struct kernel_range {
	bool set;		/* the file states its kernels */
	bool has_hi;
	struct kver lo, hi;	/* lo <= release < hi */
	char text[64];		/* as written, for messages */
};

struct expect_entry {
	char *test;
	char *check;
	char *reason;
	unsigned int line;
};

struct expectations {
	struct expect_entry *entries;
	size_t count;
	struct kernel_range range;
};

/* How the expectations that apply to a kernel were chosen. */
enum expect_match {
	EXPECT_UNRANGED,	/* one file, stating no kernels: it applies */
	EXPECT_COVERS,		/* its range holds the release */
	EXPECT_NEAREST_OLDER,	/* none covers it: the newest range below it */
	EXPECT_NONE,		/* none covers it and none is older */
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

/* The leading MAJOR.MINOR[.PATCH] of a release or version: 0, or -1. */
int kver_parse(const char *release, struct kver *out);
int kver_cmp(const struct kver *a, const struct kver *b);
/* "LO <= release < HI" or "LO <= release": 0, or -1. */
int kernel_range_parse(const char *text, struct kernel_range *r);
/* Where a kernel lies: <0 below the range, 0 inside, >0 at or above HI. */
int kernel_range_where(const struct kernel_range *r, const struct kver *k);

/*
 * Of n loaded files, the one for a kernel release: its index, or -1 for
 * none (how says why). Several files must each state their kernels, and
 * no two may cover the release: otherwise -2 with one line in err naming
 * the files and the fix.
 */
int expect_choose(const struct expectations *set, const char *const *names,
		  size_t n, const char *release, enum expect_match *how,
		  char *err, size_t errlen);

#endif
