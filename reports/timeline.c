// SPDX-License-Identifier: GPL-2.0
/*
 * One test point as an SVG timeline: a lane per thing the contract
 * watches, left to right on the injector's clock (CLOCK_MONOTONIC, the
 * same clock as the checks' "ns"). Empty lanes stay and say so: on
 * today's kernels "no callback, no reset, no fence" is the finding.
 *
 * Marks carry classes ("mark inject", "mark fence", "density devtlb",
 * "gap", "mark cb", "mark reset", "mark check fail", ...) for the page's
 * stylesheet and for tests that read the DOM; <title> children are the
 * tooltips, so no script is needed.
 */
#include "report.h"

#include <json.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SVG_W 1200
#define LABEL_W 150
#define PLOT_W (SVG_W - LABEL_W - 24)
#define LANE_H 34
#define TOP 6
#define BINS 300
#define MAX_ROWS 8		/* label rows a lane may grow to */
#define ROW_H 10

enum lane {
	L_ARMED, L_INJECT, L_DEVTLB, L_OTHER, L_ATS, L_RESET, L_CB, L_CHECKS,
	L_COUNT
};

static const char *const lane_names[L_COUNT] = {
	[L_ARMED] = "injector armed",
	[L_INJECT] = "injected timeouts",
	[L_DEVTLB] = "device-TLB inval.",
	[L_OTHER] = "other devices' inval.",
	[L_ATS] = "ATS enable / fence",
	[L_RESET] = "resets, AER recovery",
	[L_CB] = "driver callbacks",
	[L_CHECKS] = "checks",
};

/* What one drawing pass changes; the layout pass and the real one each start afresh. */
struct pass {
	long long prev_seq, prev_seq_ns; /* the last target invalidation seen */
	double label_end[L_COUNT][MAX_ROWS];
	unsigned int marks[L_COUNT];
	unsigned int devtlb[BINS], other[BINS];
	unsigned int injected;
};

struct timeline {
	FILE *out;
	const struct report *r;
	const struct report_point *p;
	struct json_object *events;
	long long t0, t1;		/* the plotted span, ns */
	long long origin;		/* the axis' zero: armed, or the first event */
	long long first_inject;		/* 0 when none */
	int top[L_COUNT + 1];		/* lane tops; the last is the axis */
	int height[L_COUNT];
	int rows[L_COUNT];		/* label rows each lane needed */
	struct pass s;
};

/*
 * A time in ns from results.json or events.json: anything outside
 * 1..2^61 (73 years of uptime) is no time at all (0). Every sum and
 * difference below then stays far from overflow, whatever the file says.
 */
#define NS_MAX (1LL << 61)

static long long jns(struct json_object *obj, const char *key)
{
	long long ns = jint(obj, key, 0);

	return ns > 0 && ns <= NS_MAX ? ns : 0;
}

static long long ev_ns(struct json_object *e)
{
	return jns(e, "ns");
}

static double x_of(const struct timeline *t, long long ns)
{
	double x = LABEL_W + (double)(ns - t->t0) * PLOT_W / (double)(t->t1 - t->t0);

	return x < LABEL_W ? LABEL_W : x > LABEL_W + PLOT_W ? LABEL_W + PLOT_W : x;
}

static int lane_y(const struct timeline *t, enum lane l)
{
	return t->top[l];
}

/* Lanes grow to hold their labels, so crowded moments stay legible. */
static void layout(struct timeline *t)
{
	t->top[0] = TOP;
	for (int l = 0; l < L_COUNT; l++) {
		int need = t->rows[l] * ROW_H + 6;

		t->height[l] = need > LANE_H ? need : LANE_H;
		t->top[l + 1] = t->top[l] + t->height[l];
	}
}

/* "12 µs", "3.4 ms", "1.63 s": a latency as a person reads it. */
static void duration(char *out, size_t len, long long ns)
{
	if (ns < 0)
		ns = -ns;
	if (ns < 1000000)
		snprintf(out, len, "%lld µs", ns / 1000);
	else if (ns < 1000000000)
		snprintf(out, len, "%.1f ms", (double)ns / 1e6);
	else
		snprintf(out, len, "%.2f s", (double)ns / 1e9);
}

/* " +12.3 ms" (since the first injected timeout), or "" before it. */
static void since_inject(const struct timeline *t, long long ns, char *out,
			 size_t len)
{
	char d[32];

	out[0] = '\0';
	if (!t->first_inject || ns < t->first_inject)
		return;
	duration(d, sizeof(d), ns - t->first_inject);
	snprintf(out, len, " +%s", d);
}

static void widen(struct timeline *t, long long ns)
{
	if (ns <= 0)
		return;
	if (!t->t0 || ns < t->t0)
		t->t0 = ns;
	if (ns > t->t1)
		t->t1 = ns;
}

static void find_span(struct timeline *t, struct json_object *events)
{
	struct json_object *stats = jget(t->p->measurements, "injector_stats");
	size_t n = jlen(events);
	size_t nc = json_object_array_length(t->p->checks);
	long long pad;

	for (size_t i = 0; i < n; i++)
		widen(t, ev_ns(json_object_array_get_idx(events, i)));
	widen(t, jns(stats, "armed_ns"));
	widen(t, jns(stats, "disarmed_ns"));
	for (size_t i = 0; i < nc; i++)
		widen(t, jns(json_object_array_get_idx(t->p->checks, i), "ns"));
	t->first_inject = jns(stats, "first_inject_ns");
	t->origin = jns(stats, "armed_ns") > 0 ? jns(stats, "armed_ns") : t->t0;
	if (t->t1 <= t->t0)
		t->t1 = t->t0 + 1000000000;
	pad = (t->t1 - t->t0) / 50;
	t->t0 -= pad;
	t->t1 += pad;
}

static void title(FILE *out, const char *text)
{
	fputs("<title>", out);
	xml_puts(out, text);
	fputs("</title>", out);
}

/*
 * Labels stack in rows within their lane, each in the first row with room;
 * near the right edge a label hangs to the left of its mark.
 */
static void label(struct timeline *t, enum lane l, double x, const char *cls,
		  const char *text)
{
	double w = (double)strlen(text) * 5.4 + 6;
	bool left = x + 3 + w > SVG_W - 2;
	double start = left ? x - 3 - w : x + 3;
	int row = 0;

	for (int r = 0; r < MAX_ROWS; r++) {
		if (t->s.label_end[l][r] <= start) {
			row = r;
			break;
		}
		if (t->s.label_end[l][r] < t->s.label_end[l][row])
			row = r;
	}
	fprintf(t->out, "<text class=\"label %s\" x=\"%.1f\" y=\"%d\"%s>", cls,
		left ? x - 3 : x + 3, lane_y(t, l) + 11 + row * ROW_H,
		left ? " text-anchor=\"end\"" : "");
	xml_puts(t->out, text);
	fputs("</text>\n", t->out);
	t->s.label_end[l][row] = start + w;
	if (row + 1 > t->rows[l])
		t->rows[l] = row + 1;
}

static void mark(struct timeline *t, enum lane l, long long ns,
		 const char *cls, const char *tip)
{
	double x = x_of(t, ns);

	fprintf(t->out, "<line class=\"mark %s\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\">",
		cls, x, lane_y(t, l) + 2, x, lane_y(t, l) + t->height[l] - 2);
	title(t->out, tip);
	fputs("</line>\n", t->out);
	t->s.marks[l]++;
}

static void mark_labelled(struct timeline *t, enum lane l, long long ns,
			  const char *cls, const char *text)
{
	char tip[256], after[64];

	since_inject(t, ns, after, sizeof(after));
	snprintf(tip, sizeof(tip), "%s%s%s%s", text, after[0] ? " (" : "",
		 after[0] ? after + 1 : "", after[0] ? " after the first timeout)" : "");
	mark(t, l, ns, cls, tip);
	label(t, l, x_of(t, ns), cls, text);
}

static void frame(struct timeline *t)
{
	for (int l = 0; l < L_COUNT; l++) {
		fprintf(t->out, "<rect class=\"lane\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>\n",
			LABEL_W, lane_y(t, (enum lane)l), PLOT_W, t->height[l] - 1);
		fprintf(t->out, "<text class=\"lane-name\" x=\"4\" y=\"%d\">%s</text>\n",
			lane_y(t, (enum lane)l) + t->height[l] / 2 + 4, lane_names[l]);
	}
}

/*
 * Ticks at 1, 2 or 5 times a power of ten, about eight of them, counted
 * from the moment the injector was armed (the start of the test's story).
 */
static void axis(struct timeline *t)
{
	double span = (double)(t->t1 - t->t0), step = pow(10, floor(log10(span / 8)));
	int y = t->top[L_COUNT];

	if (span / step > 40)
		step *= 5;
	else if (span / step > 16)
		step *= 2;
	for (double k = ceil((double)(t->t0 - t->origin) / step);; k++) {
		long long at = t->origin + (long long)(k * step);
		double x;
		char d[32];

		if (at > t->t1)
			break;
		x = x_of(t, at);
		if (at == t->origin)
			snprintf(d, sizeof(d), "0");
		else
			duration(d, sizeof(d), at - t->origin);
		fprintf(t->out, "<line class=\"tick\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>",
			x, TOP, x, y + 4);
		fprintf(t->out, "<text class=\"tick-label\" x=\"%.1f\" y=\"%d\">%s%s</text>\n",
			x, y + 15, at < t->origin ? "-" : at > t->origin ? "+" : "", d);
	}
}

static void armed_span(struct timeline *t, struct json_object *events)
{
	struct json_object *stats = jget(t->p->measurements, "injector_stats");
	long long on = jns(stats, "armed_ns"), off = jns(stats, "disarmed_ns");
	size_t n = jlen(events);
	char tip[160], d[32];

	for (size_t i = 0; i < n; i++) {
		struct json_object *e = json_object_array_get_idx(events, i);

		if (!on && !strcmp(jstr(e, "name"), "arm"))
			on = ev_ns(e);
		if (!off && !strcmp(jstr(e, "name"), "disarm"))
			off = ev_ns(e);
	}
	if (!on)
		return;
	if (!off || off < on)
		off = t->t1;
	duration(d, sizeof(d), off - on);
	snprintf(tip, sizeof(tip), "armed for %s, disarmed by %s", d,
		 *jstr(stats, "disarm_reason") ? jstr(stats, "disarm_reason") : "?");
	fprintf(t->out, "<rect class=\"span armed\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\">",
		x_of(t, on), lane_y(t, L_ARMED) + t->height[L_ARMED] - 26, x_of(t, off) - x_of(t, on) + 1, 18);
	title(t->out, tip);
	fputs("</rect>\n", t->out);
	t->s.marks[L_ARMED]++;
	label(t, L_ARMED, x_of(t, on), "armed", tip);
}

static void bin(struct timeline *t, unsigned int *bins, long long ns)
{
	int b = (int)((x_of(t, ns) - LABEL_W) * BINS / PLOT_W);

	bins[b < 0 ? 0 : b >= BINS ? BINS - 1 : b]++;
}

/*
 * The injector's buffer holds a few thousand events: a jump in the
 * target's sequence numbers is a stretch nobody recorded, drawn hatched
 * rather than left to look quiet.
 */
static void seq_gap(struct timeline *t, struct json_object *e)
{
	long long seq = jint(e, "seq", -1), ns = ev_ns(e);
	char tip[128];

	if (seq < 0 || seq > NS_MAX)
		return;
	if (t->s.prev_seq >= 0 && seq > t->s.prev_seq + 1) {
		snprintf(tip, sizeof(tip), "%lld device-TLB invalidations not recorded (the injector's event buffer was full)",
			 seq - t->s.prev_seq - 1);
		fprintf(t->out, "<rect class=\"gap\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\">",
			x_of(t, t->s.prev_seq_ns), lane_y(t, L_DEVTLB) + 2,
			x_of(t, ns) - x_of(t, t->s.prev_seq_ns) + 1, t->height[L_DEVTLB] - 4);
		title(t->out, tip);
		fputs("</rect>\n", t->out);
		snprintf(tip, sizeof(tip), "%lld not recorded", seq - t->s.prev_seq - 1);
		label(t, L_DEVTLB, x_of(t, t->s.prev_seq_ns), "gap", tip);
		t->s.marks[L_DEVTLB]++;
	}
	t->s.prev_seq = seq;
	t->s.prev_seq_ns = ns;
}

static void devtlb(struct timeline *t, struct json_object *e)
{
	char text[96];

	seq_gap(t, e);
	if (!jint(e, "injected", 0)) {
		bin(t, t->s.devtlb, ev_ns(e));
		return;
	}
	t->s.injected++;
	if (t->s.injected > 1) {
		mark(t, L_INJECT, ev_ns(e), "inject", "injected timeout");
		return;
	}
	/* the first timeout anchors every latency on the page */
	if (!t->first_inject)
		t->first_inject = ev_ns(e);
	snprintf(text, sizeof(text), "timeout injected (sid %lld, ret %lld)",
		 jint(e, "sid", 0), jint(e, "ret", 0));
	mark(t, L_INJECT, ev_ns(e), "inject", text);
	label(t, L_INJECT, x_of(t, ev_ns(e)), "inject", text);
}

static void reset_event(struct timeline *t, struct json_object *e, const char *name)
{
	char text[128], after[64];

	since_inject(t, ev_ns(e), after, sizeof(after));
	if (!strcmp(name, "pci_reset"))
		snprintf(text, sizeof(text), "PCI reset %s%s", jstr(e, "fn"), after);
	else if (!strcmp(name, "aer_recovery"))
		snprintf(text, sizeof(text), "AER recovery%s", after);
	else
		snprintf(text, sizeof(text), "IOMMU reset %s%s",
			 strstr(name, "prepare") ? "prepare" : "done", after);
	mark_labelled(t, L_RESET, ev_ns(e), "reset", text);
}

static void callback(struct timeline *t, struct json_object *e)
{
	char text[128], after[64];

	if (!strcmp(jstr(e, "phase"), "return")) {
		snprintf(text, sizeof(text), "%s returned", jstr(e, "fn"));
		mark(t, L_CB, ev_ns(e), "cb-return", text);
		return;
	}
	since_inject(t, ev_ns(e), after, sizeof(after));
	snprintf(text, sizeof(text), "%s%s", jstr(e, "fn"), after);
	mark_labelled(t, L_CB, ev_ns(e), "cb", text);
}

static void ats_event(struct timeline *t, struct json_object *e, bool enable)
{
	char text[96], after[64];

	since_inject(t, ev_ns(e), after, sizeof(after));
	snprintf(text, sizeof(text), "ATS %s%s", enable ? "enabled" : "disabled", after);
	mark_labelled(t, L_ATS, ev_ns(e), enable ? "ats-enable" : "ats-disable", text);
}

static void one_event(struct timeline *t, struct json_object *e)
{
	const char *name = jstr(e, "name");

	if (!strcmp(name, "devtlb"))
		devtlb(t, e);
	else if (!strcmp(name, "other_devtlb"))
		bin(t, t->s.other, ev_ns(e));
	else if (!strcmp(name, "ats_enable") || !strcmp(name, "ats_disable"))
		ats_event(t, e, !strcmp(name, "ats_enable"));
	else if (!strncmp(name, "iommu_reset_", 12) || !strcmp(name, "pci_reset") ||
		 !strcmp(name, "aer_recovery"))
		reset_event(t, e, name);
	else if (!strcmp(name, "cb"))
		callback(t, e);
}

/* Invalidations per bin on a log scale: 1 and 4000 both visible. */
static void density(struct timeline *t, const unsigned int *bins, enum lane l,
		    const char *cls)
{
	unsigned int max = 0, total = 0;
	double bw = (double)PLOT_W / BINS;
	char tip[64];

	for (int b = 0; b < BINS; b++) {
		max = bins[b] > max ? bins[b] : max;
		total += bins[b];
	}
	for (int b = 0; b < BINS && max; b++) {
		double h = (LANE_H - 4) * log1p(bins[b]) / log1p(max);

		if (!bins[b])
			continue;
		fprintf(t->out, "<rect class=\"density %s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\">",
			cls, LABEL_W + b * bw, lane_y(t, l) + t->height[l] - 2 - h, bw, h);
		snprintf(tip, sizeof(tip), "%u invalidations", bins[b]);
		title(t->out, tip);
		fputs("</rect>\n", t->out);
	}
	if (total) {
		t->s.marks[l]++;
		snprintf(tip, sizeof(tip), "%u recorded", total);
		label(t, l, LABEL_W + PLOT_W - 2, cls, tip);
	}
}

/* The fence as measured, or the deadline it missed. */
static void fence(struct timeline *t, const struct report *r)
{
	struct json_object *m = t->p->measurements;
	long long fence_us = jint(m, "fence_latency_us", -1);
	long long restore_us = jint(m, "restore_latency_us", -1);
	long long fence_ms = jint(jget(r->root, "options"), "fence_ms", 0);
	char text[96], d[32];

	if (!t->first_inject)
		return;
	if (fence_us > NS_MAX / 1000)
		fence_us = -1;
	if (restore_us > NS_MAX / 1000)
		restore_us = -1;
	if (fence_ms > NS_MAX / 1000000)
		fence_ms = 0;
	if (fence_us >= 0) {
		duration(d, sizeof(d), fence_us * 1000);
		snprintf(text, sizeof(text), "fenced %s after the timeout", d);
		mark_labelled(t, L_ATS, t->first_inject + fence_us * 1000, "fence", text);
	} else if (jget(m, "fenced") && fence_ms > 0) {
		snprintf(text, sizeof(text), "not fenced within %lld ms", fence_ms);
		mark_labelled(t, L_ATS, t->first_inject + fence_ms * 1000000, "deadline", text);
	}
	if (restore_us >= 0) {
		duration(d, sizeof(d), restore_us * 1000);
		snprintf(text, sizeof(text), "restored %s after the timeout", d);
		mark_labelled(t, L_ATS, t->first_inject + restore_us * 1000, "restore", text);
	}
}

static void checks(struct timeline *t)
{
	size_t n = json_object_array_length(t->p->checks);

	for (size_t i = 0; i < n; i++) {
		struct json_object *c = json_object_array_get_idx(t->p->checks, i);
		char cls[32];

		if (!jns(c, "ns"))	/* the runner's own checks have no time */
			continue;
		snprintf(cls, sizeof(cls), "check %s", check_status_name(check_status(c)));
		mark_labelled(t, L_CHECKS, jns(c, "ns"), cls, jstr(c, "name"));
	}
}

static void empty_lanes(struct timeline *t, bool have_events)
{
	for (int l = 0; l < L_COUNT; l++) {
		if (t->s.marks[l])
			continue;
		fprintf(t->out, "<text class=\"none\" x=\"%d\" y=\"%d\">%s</text>\n",
			LABEL_W + 6, lane_y(t, (enum lane)l) + t->height[l] / 2 + 4,
			have_events || l == L_CHECKS ? "none recorded" : "no events.json");
	}
}

static void draw(struct timeline *t)
{
	size_t n = jlen(t->events);

	memset(&t->s, 0, sizeof(t->s));
	t->s.prev_seq = -1;
	frame(t);
	axis(t);
	armed_span(t, t->events);
	for (size_t i = 0; i < n; i++)
		one_event(t, json_object_array_get_idx(t->events, i));
	if (t->s.injected > 1) {
		char count[32];

		snprintf(count, sizeof(count), "%u injected", t->s.injected);
		label(t, L_INJECT, LABEL_W + PLOT_W - 2, "inject", count);
	}
	density(t, t->s.devtlb, L_DEVTLB, "devtlb");
	density(t, t->s.other, L_OTHER, "other");
	fence(t, t->r);
	checks(t);
	empty_lanes(t, t->events != NULL);
}

void timeline_svg(FILE *out, const struct report *r,
		  const struct report_point *p, struct json_object *events)
{
	struct timeline t = { .r = r, .p = p, .events = events };
	char *scratch = NULL;
	size_t len;

	find_span(&t, events);
	/* a first pass only to learn how many label rows each lane needs */
	layout(&t);
	t.out = open_memstream(&scratch, &len);
	if (t.out) {
		draw(&t);
		fclose(t.out);
	}
	free(scratch);
	layout(&t);
	t.out = out;
	/* scales with the page: the viewBox keeps the geometry */
	fprintf(out, "<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" role=\"img\">\n",
		SVG_W, t.top[L_COUNT] + 22);
	fputs("<title>", out);
	xml_puts(out, p->test);
	fputs(" timeline</title>\n", out);
	draw(&t);
	fputs("</svg>\n", out);
}
