// SPDX-License-Identifier: GPL-2.0
/*
 * JUnit XML for Jenkins and GitLab: one <testsuite> per run, one
 * <testcase> per (test, device, check).
 *
 *   check passed                 -> plain testcase
 *   check failed                 -> <failure> with the evidence as text
 *   expected failure (TODO)      -> <skipped message="expected failure: ...">
 *                                   and the evidence in <system-out>: not
 *                                   a failure, still visible and counted
 *   unexpected pass              -> <failure type="unexpected-pass">
 *   test point skipped           -> one testcase with <skipped>
 *   test point error / unknown   -> one testcase with <error>
 */
#include "report.h"

#include <json.h>
#include <stdlib.h>
#include <string.h>

struct junit_counts {
	unsigned int tests, failures, errors, skipped;
};

static void testcase_open(FILE *out, const struct report_point *p,
			  const char *name, long long ms)
{
	fputs("    <testcase classname=\"atctests.", out);
	xml_puts(out, p->test);
	fputs("\" name=\"", out);
	xml_puts(out, name);
	if (*p->device) {
		fputs(" on ", out);
		xml_puts(out, p->device);
	}
	fprintf(out, "\" time=\"%lld.%03lld\">\n", ms / 1000, ms % 1000);
}

static void element(FILE *out, const char *tag, const char *type,
		    const char *prefix, const char *message)
{
	fprintf(out, "      <%s type=\"%s\" message=\"", tag, type);
	xml_puts(out, prefix);
	xml_puts(out, message);
	fputs("\"", out);
}

static void check_case(FILE *out, const struct report_point *p,
		       struct json_object *check, long long ms,
		       struct junit_counts *c)
{
	enum check_status s = check_status(check);

	c->tests++;
	testcase_open(out, p, jstr(check, "name"), ms);
	switch (s) {
	case CHECK_PASS:
		break;
	case CHECK_FAIL:
	case CHECK_XPASS:
		c->failures++;
		if (s == CHECK_FAIL)
			element(out, "failure", "check-failed", "", jstr(check, "message"));
		else
			element(out, "failure", "unexpected-pass",
				"passed, but expected to fail: ",
				jstr(check, "expected_failure"));
		fputs(">", out);
		evidence_write(out, check, xml_puts);
		fputs("</failure>\n", out);
		break;
	case CHECK_XFAIL:
		c->skipped++;
		element(out, "skipped", "expected-failure", "expected failure: ",
			jstr(check, "expected_failure"));
		fputs("/>\n      <system-out>", out);
		evidence_write(out, check, xml_puts);
		fputs("</system-out>\n", out);
		break;
	}
	fputs("    </testcase>\n", out);
}

/* A point with nothing to say per check still gets one testcase. */
static bool point_case_needed(const struct report_point *p)
{
	return p->verdict == V_SKIP || p->verdict == V_ERROR ||
	       p->verdict == V_UNKNOWN || !json_object_array_length(p->checks);
}

static void point_case(FILE *out, const struct report_point *p, long long ms,
		       struct junit_counts *c)
{
	c->tests++;
	testcase_open(out, p, p->test, ms);
	if (p->verdict == V_SKIP) {
		c->skipped++;
		element(out, "skipped", "skip", "", p->reason);
		fputs("/>\n", out);
	} else if (p->verdict != V_PASS && p->verdict != V_XFAIL) {
		c->errors++;
		element(out, "error", verdict_name(p->verdict), "",
			*p->reason ? p->reason : "the test point recorded no check");
		fputs(">", out);
		kernel_log_write(out, p, xml_puts);
		fputs("</error>\n", out);
	}
	fputs("    </testcase>\n", out);
}

static void point_cases(FILE *out, const struct report_point *p,
			struct junit_counts *c)
{
	size_t n = p->checks ? json_object_array_length(p->checks) : 0;
	/* the point's duration once, so the suite's total adds up */
	long long ms = p->duration_ms;

	if (point_case_needed(p)) {
		point_case(out, p, ms, c);
		ms = 0;
	}
	for (size_t i = 0; i < n; i++) {
		check_case(out, p, json_object_array_get_idx(p->checks, i), ms, c);
		ms = 0;
	}
}

static void property(FILE *out, const char *name, const char *value)
{
	fputs("      <property name=\"", out);
	xml_puts(out, name);
	fputs("\" value=\"", out);
	xml_puts(out, value);
	fputs("\"/>\n", out);
}

static void properties(FILE *out, const struct report *r)
{
	struct json_object *kernel = jget(r->root, "kernel");
	struct json_object *devs = jget(r->root, "devices");
	size_t n = jlen(devs);
	char iommu[256], line[1024];

	report_iommu_line(r, iommu, sizeof(iommu));
	fputs("    <properties>\n", out);
	property(out, "atctests.version", jstr(r->root, "version"));
	property(out, "kernel.release", jstr(kernel, "release"));
	property(out, "kernel.version", jstr(kernel, "version"));
	property(out, "kernel.machine", jstr(kernel, "machine"));
	property(out, "kernel.cmdline", jstr(kernel, "cmdline"));
	property(out, "seed", jtext(jget(r->root, "seed")));
	report_command(r, line, sizeof(line));
	property(out, "command", line);
	property(out, "iommu", iommu);
	for (size_t i = 0; i < n; i++) {
		struct json_object *d = json_object_array_get_idx(devs, i);
		char name[32];

		snprintf(name, sizeof(name), "device.%zu", i);
		report_device_line(d, line, sizeof(line));
		property(out, name, line);
	}
	fputs("    </properties>\n", out);
}

/* xs:dateTime as the Ant schema has it: no zone suffix. */
static void timestamp(FILE *out, const struct report *r)
{
	char ts[32];
	size_t len;

	snprintf(ts, sizeof(ts), "%s", jstr(r->root, "started"));
	len = strlen(ts);
	if (len && ts[len - 1] == 'Z')
		ts[len - 1] = '\0';
	if (len < 19)
		snprintf(ts, sizeof(ts), "1970-01-01T00:00:00");
	xml_puts(out, ts);
}

int report_junit(FILE *out, const struct report *r)
{
	struct junit_counts c = { 0 };
	long long total_ms = 0;
	char *body = NULL;
	size_t body_len = 0;
	FILE *cases = open_memstream(&body, &body_len);

	if (!cases)
		return -1;
	for (size_t i = 0; i < r->n_points; i++) {
		point_cases(cases, &r->points[r->order[i]], &c);
		total_ms += r->points[i].duration_ms;
	}
	fclose(cases);

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
	fprintf(out, "<testsuites name=\"atctests\" tests=\"%u\" failures=\"%u\" errors=\"%u\" skipped=\"%u\" time=\"%lld.%03lld\">\n",
		c.tests, c.failures, c.errors, c.skipped, total_ms / 1000, total_ms % 1000);
	fprintf(out, "  <testsuite name=\"atctests\" id=\"0\" package=\"atctests\" tests=\"%u\" failures=\"%u\" errors=\"%u\" skipped=\"%u\" time=\"%lld.%03lld\" timestamp=\"",
		c.tests, c.failures, c.errors, c.skipped, total_ms / 1000, total_ms % 1000);
	timestamp(out, r);
	fputs("\">\n", out);
	properties(out, r);
	fwrite(body, 1, body_len, out);
	free(body);
	fputs("  </testsuite>\n</testsuites>\n", out);
	return ferror(out) ? -1 : 0;
}
