// SPDX-License-Identifier: GPL-2.0
/*
 * One self-contained HTML page: no script, no external resource, so it
 * can be attached to a bug or opened from a CI artefact store as is.
 * The summary first (machine, verdicts), then the test points with
 * failures first, each with its timeline, checks and measurements.
 */
#include "report.h"

#include <json.h>
#include <stdlib.h>
#include <string.h>

static const char style[] =
	"body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#1c1c1c;max-width:1200px}"
	"h1{font-size:1.5em;margin:0 0 .5em}h2{font-size:1.2em;margin:1.6em 0 .4em}"
	"table{border-collapse:collapse;margin:.3em 0}"
	"th,td{border:1px solid #d8dbe0;padding:3px 8px;text-align:left;vertical-align:top}"
	"th{background:#f1f3f5;font-weight:600}"
	"code,pre{font:12px/1.35 ui-monospace,monospace}pre{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}"
	"table.checks,details table{width:100%;table-layout:fixed}"
	"table.checks th:first-child,details th{width:14em}table.checks th:nth-child(2){width:5em}"
	".verdict{font-weight:700;text-transform:uppercase}"
	".fail,.error,.xpass,.unknown{color:#b71c1c}.pass{color:#1b5e20}"
	".skip{color:#616161}.xfail{color:#9a5b00}"
	"tr.point.fail td,tr.point.error td,tr.point.xpass td,tr.point.unknown td{background:#fdecea}"
	"section.point{border-top:2px solid #d8dbe0;margin-top:1.5em}"
	"section.point.fail,section.point.error,section.point.xpass{border-top-color:#b71c1c}"
	".count{margin-right:1em}.reason{margin:.2em 0 .6em}"
	"svg.timeline{display:block;width:100%;max-width:1200px;margin:.5em 0;font:10px system-ui,sans-serif}"
	".lane{fill:#f6f7f9}.lane-name{fill:#37474f;font-weight:600}"
	".none{fill:#9e9e9e;font-style:italic}"
	".tick{stroke:#e0e0e0}.tick-label{fill:#616161;text-anchor:middle}"
	".label{fill:#263238;paint-order:stroke;stroke:#f6f7f9;stroke-width:3px;stroke-linejoin:round}"
	".span.armed{fill:#bbdefb;stroke:#64b5f6}"
	".mark{stroke-width:2}.mark.inject{stroke:#d32f2f}.label.inject{fill:#b71c1c;font-weight:600}"
	".density.devtlb{fill:#5c6bc0}.density.other{fill:#8d6e63}"
	".gap{fill:url(#hatch);stroke:#9e9e9e}.label.gap{fill:#616161}"
	".mark.ats-disable,.mark.ats-enable{stroke:#00838f}"
	".mark.fence{stroke:#2e7d32;stroke-width:3}.label.fence{fill:#1b5e20;font-weight:600}"
	".mark.deadline{stroke:#d32f2f;stroke-dasharray:4 3}.label.deadline{fill:#b71c1c;font-weight:600}"
	".mark.restore{stroke:#1565c0}.mark.reset{stroke:#ef6c00}"
	".mark.cb{stroke:#6a1b9a}.mark.cb-return{stroke:#ce93d8;stroke-width:1}"
	".mark.check.pass{stroke:#2e7d32}.mark.check.fail,.mark.check.xpass{stroke:#d32f2f}"
	".mark.check.xfail{stroke:#f9a825}.label.check.fail,.label.check.xpass{fill:#b71c1c}"
	"details{margin:.3em 0}summary{cursor:pointer;color:#37474f}";

/* Shared by every timeline: the hatching of unrecorded stretches. */
static const char defs[] =
	"<svg width=\"0\" height=\"0\" style=\"position:absolute\" aria-hidden=\"true\"><defs>"
	"<pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
	"<rect width=\"6\" height=\"6\" fill=\"#eeeeee\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#9e9e9e\" stroke-width=\"2\"/>"
	"</pattern></defs></svg>\n";

static void row(FILE *out, const char *name, const char *value)
{
	fputs("<tr><th>", out);
	xml_puts(out, name);
	fputs("</th><td>", out);
	xml_puts(out, value);
	fputs("</td></tr>\n", out);
}

static void counts(FILE *out, const struct report *r)
{
	static const char *const words[V_COUNT] = {
		[V_PASS] = "passed", [V_FAIL] = "failed", [V_SKIP] = "skipped",
		[V_XFAIL] = "expected failures", [V_XPASS] = "unexpected passes",
		[V_ERROR] = "errors", [V_UNKNOWN] = "unfinished",
	};
	static const enum verdict shown[] = {
		V_FAIL, V_ERROR, V_XPASS, V_UNKNOWN, V_XFAIL, V_SKIP, V_PASS,
	};

	fputs("<tr><th>verdicts</th><td>", out);
	for (size_t i = 0; i < sizeof(shown) / sizeof(shown[0]); i++) {
		enum verdict v = shown[i];

		if (!r->counts[v] && v != V_FAIL && v != V_PASS)
			continue;
		fprintf(out, "<span class=\"count %s\">%u %s</span>",
			r->counts[v] ? verdict_name(v) : "zero", r->counts[v], words[v]);
	}
	fputs("</td></tr>\n", out);
}

static void summary(FILE *out, const struct report *r)
{
	struct json_object *kernel = jget(r->root, "kernel");
	char line[1024];

	fputs("<table class=\"summary\" id=\"summary\">\n", out);
	snprintf(line, sizeof(line), "%s %s %s", jstr(kernel, "release"),
		 jstr(kernel, "version"), jstr(kernel, "machine"));
	row(out, "kernel", line);
	row(out, "kernel command line", jstr(kernel, "cmdline"));
	report_iommu_line(r, line, sizeof(line));
	row(out, "IOMMU", line);
	row(out, "seed", jtext(jget(r->root, "seed")));
	row(out, "started", jstr(r->root, "started"));
	report_command(r, line, sizeof(line));
	row(out, "command", line);
	counts(out, r);
	fputs("</table>\n", out);
}

static void cell(FILE *out, const char *s)
{
	fputs("<td>", out);
	xml_puts(out, s);
	fputs("</td>", out);
}

static void devices(FILE *out, const struct report *r)
{
	struct json_object *devs = jget(r->root, "devices");
	size_t n = jlen(devs);

	fputs("<h2>Devices</h2>\n<table class=\"devices\" id=\"devices\">\n"
	      "<tr><th>BDF</th><th>driver</th><th>IOMMU</th><th>group</th>"
	      "<th>ATS cap</th><th>ATS control</th><th>ATS enabled</th><th>disks</th></tr>\n", out);
	for (size_t i = 0; i < n; i++) {
		struct json_object *d = json_object_array_get_idx(devs, i);
		struct json_object *ats = jget(d, "ats");
		char iommu[128];

		snprintf(iommu, sizeof(iommu), "%s %s", jstr(d, "iommu_family"), jstr(d, "iommu"));
		fputs("<tr class=\"device\">", out);
		cell(out, jstr(d, "bdf"));
		cell(out, jstr(d, "driver"));
		cell(out, iommu);
		cell(out, jstr(d, "iommu_group"));
		cell(out, jstr(ats, "cap"));
		cell(out, jstr(ats, "control"));
		cell(out, jtext(jget(ats, "enabled")));
		cell(out, jtext(jget(d, "disks")));
		fputs("</tr>\n", out);
	}
	fputs("</table>\n", out);
}

static void points_table(FILE *out, const struct report *r)
{
	fputs("<h2>Test points</h2>\n<table class=\"points\" id=\"points\">\n"
	      "<tr><th>test</th><th>device</th><th>verdict</th><th>reason</th><th>time</th></tr>\n", out);
	for (size_t i = 0; i < r->n_points; i++) {
		const struct report_point *p = &r->points[r->order[i]];
		const char *v = verdict_name(p->verdict);

		fprintf(out, "<tr class=\"point %s\"><td><a href=\"#point-%zu\">", v, r->order[i]);
		xml_puts(out, p->test);
		fputs("</a></td>", out);
		cell(out, p->device);
		fprintf(out, "<td class=\"verdict %s\">%s</td>", v, v);
		cell(out, p->reason);
		fprintf(out, "<td>%lld.%01lld s</td></tr>\n", p->duration_ms / 1000,
			(p->duration_ms % 1000) / 100);
	}
	fputs("</table>\n", out);
}

static void checks_table(FILE *out, const struct report_point *p)
{
	size_t n = json_object_array_length(p->checks);

	if (!n)
		return;
	fputs("<table class=\"checks\">\n<tr><th>check</th><th>result</th><th>evidence</th></tr>\n", out);
	for (size_t i = 0; i < n; i++) {
		struct json_object *c = json_object_array_get_idx(p->checks, i);
		const char *s = check_status_name(check_status(c));

		fprintf(out, "<tr class=\"check %s\">", s);
		cell(out, jstr(c, "name"));
		fprintf(out, "<td class=\"verdict %s\">%s</td><td><pre>", s, s);
		evidence_write(out, c, xml_puts);
		fputs("</pre></td></tr>\n", out);
	}
	fputs("</table>\n", out);
}

/* Numbers in a table; nested summaries (fio, injector) folded away. */
static void measurements(FILE *out, const struct report_point *p)
{
	bool any = false;

	json_object_object_foreach(p->measurements, key, val) {
		bool nested = json_object_is_type(val, json_type_object) ||
			      json_object_is_type(val, json_type_array);

		if (!strcmp(key, "kernel_log"))
			continue;
		if (!any)
			fputs("<details class=\"measurements\"><summary>measurements</summary>\n<table>\n", out);
		any = true;
		fputs("<tr><th>", out);
		xml_puts(out, key);
		fputs("</th><td>", out);
		if (nested) {
			fputs("<pre>", out);
			xml_puts(out, json_object_to_json_string_ext(val,
				JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
			fputs("</pre>", out);
		} else {
			xml_puts(out, jtext(val));
		}
		fputs("</td></tr>\n", out);
	}
	if (any)
		fputs("</table></details>\n", out);
}

static void kernel_log(FILE *out, const struct report_point *p)
{
	size_t len = 0;
	char *text = report_text(p, NULL, &len);

	if (text && len) {
		fputs("<details class=\"kernel-log\"><summary>kernel log</summary><pre>", out);
		xml_puts(out, text);
		fputs("</pre></details>\n", out);
	}
	free(text);
}

static void point_section(FILE *out, const struct report *r, size_t idx)
{
	const struct report_point *p = &r->points[idx];
	const char *v = verdict_name(p->verdict);
	struct json_object *events = report_events(r, p);

	fprintf(out, "<section class=\"point %s\" id=\"point-%zu\">\n<h2>", v, idx);
	xml_puts(out, p->test);
	if (*p->device) {
		fputs(" on ", out);
		xml_puts(out, p->device);
	}
	fprintf(out, " <span class=\"verdict %s\">%s</span></h2>\n", v, v);
	if (*p->reason) {
		fputs("<p class=\"reason\">", out);
		xml_puts(out, p->reason);
		fputs("</p>\n", out);
	}
	timeline_svg(out, r, p, events);
	json_object_put(events);
	checks_table(out, p);
	measurements(out, p);
	kernel_log(out, p);
	fputs("</section>\n", out);
}

int report_html(FILE *out, const struct report *r)
{
	const char *outcome = report_outcome(r);
	char headline[512];

	report_headline(r, headline, sizeof(headline));
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>atctests: ", out);
	xml_puts(out, headline);
	fprintf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n%s", style, defs);
	/* the finding, coloured by the exit status the run will have */
	fprintf(out, "<h1>atctests: <span class=\"verdict %s\">", strcmp(outcome, "pass") ? "fail" : "pass");
	xml_puts(out, headline);
	fputs("</span></h1>\n", out);
	summary(out, r);
	devices(out, r);
	points_table(out, r);
	fputs("<p>Each timeline runs left to right from the moment the injector was armed; "
	      "latencies are measured from the first injected timeout. "
	      "Hover a mark for its details.</p>\n", out);
	for (size_t i = 0; i < r->n_points; i++)
		point_section(out, r, r->order[i]);
	fputs("</body>\n</html>\n", out);
	return ferror(out) ? -1 : 0;
}
