// SPDX-License-Identifier: GPL-2.0
/*
 * A merge-request comment: one summary line, the machine in one line,
 * a table of test points with failures first, and the evidence of each
 * failed check folded away under <details> (GitLab and GitHub both
 * render it).
 */
#include "report.h"

#include <json.h>
#include <stdlib.h>
#include <string.h>

/* Long kernel-log evidence would drown the comment; results.json has it all. */
#define EVIDENCE_MAX 4000

static void summary(FILE *out, const struct report *r)
{
	char headline[512];

	report_headline(r, headline, sizeof(headline));
	fputs("### atctests: ", out);
	md_puts(out, headline);
	fprintf(out, "\n\n%s: **%u failed**, %u passed, %u skipped, %u expected failures, %u unexpected passes, %u errors\n\n",
		report_outcome(r), r->counts[V_FAIL], r->counts[V_PASS], r->counts[V_SKIP],
		r->counts[V_XFAIL], r->counts[V_XPASS],
		r->counts[V_ERROR] + r->counts[V_UNKNOWN]);
}

static void machine(FILE *out, const struct report *r)
{
	struct json_object *kernel = jget(r->root, "kernel");
	struct json_object *devs = jget(r->root, "devices");
	size_t n = jlen(devs);
	char iommu[256];

	report_iommu_line(r, iommu, sizeof(iommu));
	fputs("kernel ", out);
	md_puts(out, jstr(kernel, "release"));
	fputs(" (", out);
	md_puts(out, jstr(kernel, "version"));
	fputs(") ", out);
	md_puts(out, jstr(kernel, "machine"));
	fputs(" · IOMMU ", out);
	md_puts(out, iommu);
	fputs(" · seed ", out);
	md_puts(out, jtext(jget(r->root, "seed")));
	fputs(" · devices", out);
	for (size_t i = 0; i < n; i++) {
		struct json_object *d = json_object_array_get_idx(devs, i);
		struct json_object *ats = jget(d, "ats");
		bool on = jget(ats, "enabled") && json_object_get_boolean(jget(ats, "enabled"));

		fputs(i ? ", " : " ", out);
		md_puts(out, jstr(d, "bdf"));
		fputs(" (", out);
		md_puts(out, jstr(d, "driver"));
		fputs(on ? ", ATS on)" : ", ATS off)", out);
	}
	fputs(" · started ", out);
	md_puts(out, jstr(r->root, "started"));
	fputs("\n\n", out);
}

static void table(FILE *out, const struct report *r)
{
	fputs("| test | device | verdict | reason | time |\n", out);
	fputs("|---|---|---|---|---:|\n", out);
	for (size_t i = 0; i < r->n_points; i++) {
		const struct report_point *p = &r->points[r->order[i]];
		bool bad = verdict_is_bad(p->verdict);

		fputs("| ", out);
		md_puts(out, p->test);
		fputs(" | ", out);
		md_puts(out, p->device);
		fprintf(out, " | %s%s%s | ", bad ? "**" : "",
			verdict_name(p->verdict), bad ? "**" : "");
		md_puts(out, p->reason);
		fprintf(out, " | %lld.%01lld s |\n", p->duration_ms / 1000,
			(p->duration_ms % 1000) / 100);
	}
	fputs("\n", out);
}

static void check_evidence(FILE *out, const struct report_point *p,
			   struct json_object *check)
{
	size_t len = 0;
	char *text = report_text(p, check, &len);

	if (!text)
		return;
	fputs("**", out);
	md_puts(out, p->test);
	fputs("**", out);
	if (*p->device) {
		fputs(" on ", out);
		md_puts(out, p->device);
	}
	fprintf(out, ", %s ", check_status_name(check_status(check)));
	md_puts(out, jstr(check, "name"));
	fputs(":\n\n````text\n", out);
	if (len > EVIDENCE_MAX) {
		fwrite(text, 1, EVIDENCE_MAX, out);
		fputs("\n... (cut; results.json has the rest)\n", out);
	} else {
		fputs(text, out);
	}
	fputs("````\n\n", out);
	free(text);
}

static unsigned int bad_checks(const struct report *r, FILE *out)
{
	unsigned int n = 0;

	for (size_t i = 0; i < r->n_points; i++) {
		const struct report_point *p = &r->points[r->order[i]];
		size_t nc = json_object_array_length(p->checks);

		for (size_t c = 0; c < nc; c++) {
			struct json_object *check = json_object_array_get_idx(p->checks, c);
			enum check_status s = check_status(check);

			if (s != CHECK_FAIL && s != CHECK_XPASS)
				continue;
			n++;
			if (out)
				check_evidence(out, p, check);
		}
	}
	return n;
}

int report_markdown(FILE *out, const struct report *r)
{
	char command[1024];
	unsigned int n;

	summary(out, r);
	machine(out, r);
	table(out, r);
	n = bad_checks(r, NULL);
	if (n) {
		fprintf(out, "<details><summary>Evidence of %u failed check%s</summary>\n\n",
			n, n == 1 ? "" : "s");
		bad_checks(r, out);
		fputs("</details>\n\n", out);
	}
	fputs("Rerun with `", out);
	report_command(r, command, sizeof(command));
	fputs(command, out);
	fputs("` (the seed makes it reproducible).\n", out);
	return ferror(out) ? -1 : 0;
}
