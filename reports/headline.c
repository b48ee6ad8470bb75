// SPDX-License-Identifier: GPL-2.0
/*
 * The headline of a run names the finding, not the exit status: a kernel
 * that does not fence passes its expectations, and "pass" above that
 * would tell a QA engineer the opposite of what the run found. The
 * contracts C0..C7 that failed are named, known ones (the expectations
 * file's) apart from regressions; "pass" is kept for a run whose every
 * contract check passed.
 */
#include "report.h"

#include <json.h>
#include <stdarg.h>
#include <string.h>

#define CONTRACTS 8

struct tally {
	bool known[CONTRACTS];		/* failed as the expectations say */
	bool regressed[CONTRACTS];	/* failed unexpectedly */
	unsigned int other_failed;	/* checks outside C0..C7 that failed */
	unsigned int xpass;		/* checks that passed against expectations */
	unsigned int broken;		/* points that errored or never finished */
};

/* The contract of a check name "Cn-...", or -1. */
static int contract_of(const char *name)
{
	if (name[0] == 'C' && name[1] >= '0' && name[1] < '0' + CONTRACTS &&
	    name[2] == '-')
		return name[1] - '0';
	return -1;
}

static void tally_point(struct tally *t, const struct report_point *p)
{
	if (p->verdict == V_ERROR || p->verdict == V_UNKNOWN)
		t->broken++;
	for (size_t i = 0; i < jlen(p->checks); i++) {
		struct json_object *c = json_object_array_get_idx(p->checks, i);
		enum check_status s = check_status(c);
		int k = contract_of(jstr(c, "name"));

		if (s == CHECK_XPASS)
			t->xpass++;
		else if (s == CHECK_XFAIL && k >= 0)
			t->known[k] = true;
		else if (s == CHECK_FAIL && k >= 0)
			t->regressed[k] = true;
		else if (s == CHECK_FAIL)
			t->other_failed++;
	}
}

__attribute__((format(printf, 3, 4)))
static void append(char *out, size_t len, const char *fmt, ...)
{
	size_t used = strlen(out);
	va_list ap;

	if (used >= len - 1)
		return;
	va_start(ap, fmt);
	vsnprintf(out + used, len - used, fmt, ap);
	va_end(ap);
}

/*
 * " C1 C2" for the contracts set in either of a and b (b may be NULL);
 * returns how many.
 */
static unsigned int contracts(char *out, size_t len, const bool *a,
			      const bool *b)
{
	unsigned int n = 0;

	for (int k = 0; k < CONTRACTS; k++) {
		if (a[k] || (b && b[k])) {
			append(out, len, " C%d", k);
			n++;
		}
	}
	return n;
}

static bool any(const bool *set)
{
	for (int k = 0; k < CONTRACTS; k++)
		if (set[k])
			return true;
	return false;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

bool report_headline(const struct report *r, char *out, size_t len)
{
	const char *release = jstr(jget(r->root, "kernel"), "release");
	struct json_object *exp = jget(r->root, "expectations");
	struct tally t = { 0 };
	bool failed, regressed;

	for (size_t i = 0; i < r->n_points; i++)
		tally_point(&t, &r->points[i]);
	failed = any(t.known) || any(t.regressed);
	regressed = any(t.regressed);

	snprintf(out, len, "%s: ", *release ? release : "unknown kernel");
	if (t.known[2] || t.regressed[2])
		append(out, len, "ATC timeout not fenced —");
	else if (failed)
		append(out, len, "contract not met —");
	else if (!strcmp(report_outcome(r), "nothing checked"))
		append(out, len, "nothing checked");
	else
		append(out, len, "%s", report_outcome(r));
	if (failed) {
		unsigned int n = contracts(out, len, t.known, t.regressed);

		append(out, len, n == 1 ? " fails" : " fail");
		if (!regressed && !strcmp(jstr(exp, "match"), "nearest-older"))
			append(out, len, " (known for %s, the nearest older expectations)",
			       base_name(jstr(exp, "file")));
		else if (!regressed)
			append(out, len, " (known for this kernel)");
	}
	if (regressed) {
		append(out, len, "; regressions:");
		contracts(out, len, t.regressed, NULL);
	} else if (failed) {
		append(out, len, "; no regressions%s",
		       t.other_failed || t.xpass || t.broken ? " in C0-C7" : "");
	}
	if (t.other_failed)
		append(out, len, "; %u other check%s failed", t.other_failed,
		       t.other_failed == 1 ? "" : "s");
	if (t.xpass)
		append(out, len, "; %u unexpected pass%s (news)", t.xpass,
		       t.xpass == 1 ? "" : "es");
	if (t.broken)
		append(out, len, "; %u test%s broke or did not finish", t.broken,
		       t.broken == 1 ? "" : "s");
	return failed;
}
