// SPDX-License-Identifier: GPL-2.0
/*
 * One screen after a run: the machine in a line, every point that needs
 * a look (failures first), the passes only while they fit, the summary
 * line last where the eye lands. Colour only when asked (a tty).
 */
#include "report.h"

#include <string.h>

/* More points than this and the passes and skips are only counted. */
#define SCREEN_LINES 20
#define REASON_MAX 64

enum colour { C_NONE, C_RED, C_GREEN, C_YELLOW };

static const char *const sgr[] = {
	[C_NONE] = "", [C_RED] = "\033[1;31m", [C_GREEN] = "\033[32m",
	[C_YELLOW] = "\033[33m",
};

static enum colour verdict_colour(enum verdict v)
{
	if (verdict_is_bad(v))
		return C_RED;
	if (v == V_PASS)
		return C_GREEN;
	return C_YELLOW;
}

static void label(FILE *out, const char *text, enum colour c, bool colour,
		  int width)
{
	char upper[16];
	size_t i;

	for (i = 0; text[i] && i < sizeof(upper) - 1; i++)
		upper[i] = (char)(text[i] >= 'a' && text[i] <= 'z' ? text[i] - 32 : text[i]);
	upper[i] = '\0';
	if (colour && c != C_NONE)
		fprintf(out, "%s%-*s\033[0m", sgr[c], width, upper);
	else
		fprintf(out, "%-*s", width, upper);
}

static void point_line(FILE *out, const struct report_point *p, bool colour)
{
	int cut = (int)strlen(p->reason) > REASON_MAX;

	fputs("  ", out);
	label(out, verdict_name(p->verdict), verdict_colour(p->verdict), colour, 7);
	fprintf(out, " %-24s %-13s %4lld.%01llds  %.*s%s\n", p->test,
		*p->device ? p->device : "-", p->duration_ms / 1000,
		(p->duration_ms % 1000) / 100, REASON_MAX - 3 * cut, p->reason,
		cut ? "..." : "");
}

static void header(FILE *out, const struct report *r, bool colour)
{
	struct json_object *kernel = jget(r->root, "kernel");
	const char *outcome = report_outcome(r);
	char iommu[256], headline[512];
	bool contract_failed;

	report_iommu_line(r, iommu, sizeof(iommu));
	contract_failed = report_headline(r, headline, sizeof(headline));
	fprintf(out, "atctests %s on %s %s, IOMMU %s, seed %s\n",
		jstr(r->root, "version"), jstr(kernel, "release"),
		jstr(kernel, "machine"), iommu, jtext(jget(r->root, "seed")));
	/* red: the run fails; yellow: it passes on known failures */
	if (colour)
		fputs(sgr[strcmp(outcome, "pass") ? C_RED :
			  contract_failed ? C_YELLOW : C_GREEN], out);
	fputs(headline, out);
	fputs(colour ? "\033[0m\n" : "\n", out);
}

int report_terminal(FILE *out, const struct report *r, bool colour)
{
	bool all = r->n_points <= SCREEN_LINES;
	unsigned int hidden = 0;

	header(out, r, colour);
	for (size_t i = 0; i < r->n_points; i++) {
		const struct report_point *p = &r->points[r->order[i]];

		if (!all && (p->verdict == V_PASS || p->verdict == V_SKIP)) {
			hidden++;
			continue;
		}
		point_line(out, p, colour);
	}
	if (hidden)
		fprintf(out, "  ... and %u passed or skipped (--format md lists them all)\n",
			hidden);
	fprintf(out, "%u failed, %u passed, %u skipped, %u expected failures, %u unexpected passes, %u errors\n",
		r->counts[V_FAIL], r->counts[V_PASS], r->counts[V_SKIP],
		r->counts[V_XFAIL], r->counts[V_XPASS],
		r->counts[V_ERROR] + r->counts[V_UNKNOWN]);
	return ferror(out) ? -1 : 0;
}
