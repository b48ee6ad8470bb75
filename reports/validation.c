// SPDX-License-Identifier: GPL-2.0
/*
 * Has each check, by its own name, been seen both to pass and to fail on
 * real kernels? A check that only ever passes may be unable to fail, so a
 * green run proves nothing until some run (a kernel that misbehaves, a
 * mutant of the reference responder, or a negative control "X-*" that
 * injects the fault on purpose) shows it catching the problem. A control
 * credits the checks it names in its "catches" evidence (comma-separated
 * names), and only those: a control's check proves nothing about its
 * neighbours. One Markdown row per check name, over any number of runs.
 */
#include "report.h"

#include <errno.h>
#include <json.h>
#include <stdlib.h>
#include <string.h>

/* More distinct entries than this are only counted: the row stays readable. */
#define CELL_MAX 3

/* Distinct "label: test check" lines, in the order first seen. */
struct cell {
	char **entries;
	size_t n, cap;
};

struct row {
	char *name;
	struct cell pos, neg;
	/* A negative control that failed is listed but proves nothing. */
	bool pos_evidence, neg_evidence;
};

struct table {
	struct row *rows;
	size_t n, cap;
	struct cell uncredited;	/* controls that name no check they catch */
};

/* Takes entry; a duplicate is freed. */
static int cell_add(struct cell *c, char *entry)
{
	for (size_t i = 0; i < c->n; i++) {
		if (!strcmp(c->entries[i], entry)) {
			free(entry);
			return 0;
		}
	}
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 4;
		char **e = realloc(c->entries, cap * sizeof(*e));

		if (!e) {
			free(entry);
			return -ENOMEM;
		}
		c->entries = e;
		c->cap = cap;
	}
	c->entries[c->n++] = entry;
	return 0;
}

static void cell_free(struct cell *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->entries[i]);
	free(c->entries);
}

/* The row of a check name (len bytes of name), added if new; NULL: no memory. */
static struct row *row_of(struct table *t, const char *name, size_t len)
{
	struct row *row;

	for (size_t i = 0; i < t->n; i++)
		if (strlen(t->rows[i].name) == len &&
		    !strncmp(t->rows[i].name, name, len))
			return &t->rows[i];
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		struct row *r = realloc(t->rows, cap * sizeof(*r));

		if (!r)
			return NULL;
		t->rows = r;
		t->cap = cap;
	}
	row = &t->rows[t->n];
	memset(row, 0, sizeof(*row));
	row->name = strndup(name, len);
	if (!row->name)
		return NULL;
	t->n++;
	return row;
}

/* "debian-7.2-responder (7.2.13+deb14-amd64)": the run and its kernel. */
static char *run_label(const struct report *r)
{
	char name[NAME_MAX + 1], *label;
	const char *release = jstr(jget(r->root, "kernel"), "release");

	report_run_name(r, name, sizeof(name));
	if (asprintf(&label, "%s (%s)", name, *release ? release : "unknown kernel") < 0)
		return NULL;
	return label;
}

static char *entry_of(const char *label, const struct report_point *p,
		      const char *name, const char *note)
{
	char *entry;

	if (asprintf(&entry, "%s: %s %s%s", label, p->test, name, note) < 0)
		return NULL;
	return entry;
}

/* A control's outcome, credited to each check named in its "catches". */
static int add_control(struct table *t, const char *label,
		       const struct report_point *p, const char *name,
		       bool passed, const char *catches)
{
	const char *note = passed ? "" : " (control FAILED: did not catch its fault)";
	int ret = 0;

	if (!*catches) {
		char *entry = entry_of(label, p, name, note);

		return entry ? cell_add(&t->uncredited, entry) : -ENOMEM;
	}
	while (*catches && !ret) {
		size_t len = strcspn(catches, ", ");
		struct row *row = len ? row_of(t, catches, len) : NULL;
		char *entry;

		if (len && !row)
			return -ENOMEM;
		if (row) {
			entry = entry_of(label, p, name, note);
			if (!entry)
				return -ENOMEM;
			row->neg_evidence |= passed;
			ret = cell_add(&row->neg, entry);
		}
		catches += len;
		catches += strspn(catches, ", ");
	}
	return ret;
}

static int add_check(struct table *t, const char *label,
		     const struct report_point *p, struct json_object *check)
{
	const char *name = jstr(check, "name");
	enum check_status s = check_status(check);
	bool passed = s == CHECK_PASS || s == CHECK_XPASS;
	const char *note = "";
	struct row *row;
	char *entry;

	if (!*name)
		return 0;
	if (!strncmp(name, "X-", 2))
		return add_control(t, label, p, name, passed,
				   jstr(jget(check, "evidence"), "catches"));
	row = row_of(t, name, strlen(name));
	if (!row)
		return -ENOMEM;
	if (s == CHECK_XFAIL)
		note = " (expected failure)";
	else if (s == CHECK_XPASS)
		note = " (unexpected pass)";
	entry = entry_of(label, p, name, note);
	if (!entry)
		return -ENOMEM;
	if (passed) {
		row->pos_evidence = true;
		return cell_add(&row->pos, entry);
	}
	row->neg_evidence = true;
	return cell_add(&row->neg, entry);
}

static int add_run(struct table *t, const struct report *r)
{
	char *label = run_label(r);
	int ret = 0;

	if (!label)
		return -ENOMEM;
	for (size_t i = 0; i < r->n_points && !ret; i++) {
		const struct report_point *p = &r->points[i];

		for (size_t j = 0; j < jlen(p->checks) && !ret; j++)
			ret = add_check(t, label, p,
					json_object_array_get_idx(p->checks, j));
	}
	free(label);
	return ret;
}

static void cell_write(FILE *out, const struct cell *c)
{
	size_t shown = c->n < CELL_MAX ? c->n : CELL_MAX;

	if (!c->n) {
		fputs(" — |", out);
		return;
	}
	for (size_t i = 0; i < shown; i++) {
		fputs(i ? "<br>" : " ", out);
		md_puts(out, c->entries[i]);
	}
	if (c->n > shown)
		fprintf(out, "<br>and %zu more", c->n - shown);
	fputs(" |", out);
}

static const char *row_status(const struct row *row)
{
	if (row->pos_evidence && row->neg_evidence)
		return "validated";
	if (!row->pos.n && !row->neg.n)
		return "unvalidated: never ran";
	if (!row->pos_evidence && !row->neg_evidence)
		return "unvalidated: never seen passing or failing";
	if (!row->pos_evidence)
		return "unvalidated: never seen passing";
	return "unvalidated: never seen failing";
}

static int footer(FILE *out, const struct table *t, const struct report *runs,
		  size_t n_runs)
{
	if (t->uncredited.n) {
		fputs("\nControls that name no check they catch (they prove nothing here):", out);
		for (size_t i = 0; i < t->uncredited.n; i++) {
			fputs(i ? ";" : "", out);
			fputc(' ', out);
			md_puts(out, t->uncredited.entries[i]);
		}
		fputc('\n', out);
	}
	fprintf(out, "\nFrom %zu run%s: ", n_runs, n_runs == 1 ? "" : "s");
	for (size_t i = 0; i < n_runs; i++) {
		char *label = run_label(&runs[i]);

		if (!label)
			return -ENOMEM;
		md_puts(out, label);
		fputs(", ", out);
		free(label);
	}
	fputs("generated by atc-report --format validation.\n", out);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct row *)a)->name, ((const struct row *)b)->name);
}

int report_validation(FILE *out, const struct report *runs, size_t n_runs)
{
	struct table t = { 0 };
	int ret = 0;

	for (size_t i = 0; i < n_runs && !ret; i++)
		ret = add_run(&t, &runs[i]);
	if (!ret) {
		if (t.n)
			qsort(t.rows, t.n, sizeof(*t.rows), by_name);
		fputs("| check | passed (positive) | failed or caught (negative) | status |\n"
		      "|---|---|---|---|\n", out);
		for (size_t i = 0; i < t.n; i++) {
			fputs("| ", out);
			md_puts(out, t.rows[i].name);
			fputs(" |", out);
			cell_write(out, &t.rows[i].pos);
			cell_write(out, &t.rows[i].neg);
			fprintf(out, " %s |\n", row_status(&t.rows[i]));
		}
		ret = footer(out, &t, runs, n_runs);
	}
	for (size_t i = 0; i < t.n; i++) {
		free(t.rows[i].name);
		cell_free(&t.rows[i].pos);
		cell_free(&t.rows[i].neg);
	}
	free(t.rows);
	cell_free(&t.uncredited);
	return ret;
}
