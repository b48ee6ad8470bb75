// SPDX-License-Identifier: GPL-2.0
/*
 * What each kernel did: one Markdown column per run, one row per
 * (test, check), for the README and for distro QA. Tests are sorted by
 * name so tables from different run sets line up; checks keep the order
 * the runner wrote them in, which follows the contract's own story.
 */
#include "report.h"

#include <errno.h>
#include <json.h>
#include <stdlib.h>
#include <string.h>

/*
 * The runner's own kernel-log check follows every test: a row for each
 * would double the table, and the per-run formats already show it.
 */
#define RUNNER_CHECK "C3-kernel-log"
/* A message is cut at a clause after this many characters... */
#define SHORT_AFTER 60
/* ...or, failing that, here, with an ellipsis. */
#define SHORT_MAX 90

/* One test's check names, in the order first seen; borrowed from the runs. */
struct mtest {
	const char *name;
	const char **checks;
	size_t n, cap;
};

struct matrix {
	struct mtest *tests;
	size_t n, cap;
};

/* arr with room for n + 1 elements of size, or NULL with arr untouched. */
static void *grow(void *arr, size_t *cap, size_t n, size_t size)
{
	size_t c = *cap ? *cap * 2 : 8;

	if (n < *cap)
		return arr;
	arr = realloc(arr, c * size);
	if (arr)
		*cap = c;
	return arr;
}

static struct mtest *test_get(struct matrix *m, const char *name)
{
	struct mtest *tests;

	for (size_t i = 0; i < m->n; i++)
		if (!strcmp(m->tests[i].name, name))
			return &m->tests[i];
	tests = grow(m->tests, &m->cap, m->n, sizeof(*tests));
	if (!tests)
		return NULL;
	m->tests = tests;
	m->tests[m->n] = (struct mtest){ .name = name };
	return &m->tests[m->n++];
}

static int check_add(struct mtest *t, const char *name)
{
	const char **checks;

	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->checks[i], name))
			return 0;
	checks = grow(t->checks, &t->cap, t->n, sizeof(*checks));
	if (!checks)
		return -ENOMEM;
	t->checks = checks;
	t->checks[t->n++] = name;
	return 0;
}

static int add_run(struct matrix *m, const struct report *r)
{
	for (size_t i = 0; i < r->n_points; i++) {
		const struct report_point *p = &r->points[i];
		struct mtest *t = test_get(m, p->test);

		if (!t)
			return -ENOMEM;
		for (size_t j = 0; j < jlen(p->checks); j++) {
			const char *name = jstr(json_object_array_get_idx(p->checks, j),
						"name");

			if (strcmp(name, RUNNER_CHECK) && check_add(t, name))
				return -ENOMEM;
		}
	}
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct mtest *)a)->name,
		      ((const struct mtest *)b)->name);
}

/*
 * The message up to its first "; " or ": " after SHORT_AFTER characters,
 * else at most SHORT_MAX characters and "…". Characters, not bytes: a
 * cut inside a UTF-8 sequence would break the page.
 */
static int short_puts(FILE *out, const char *msg)
{
	size_t chars = 0, cut, i;
	bool more = false;
	char *head;

	for (i = 0; msg[i]; i++) {
		if (((unsigned char)msg[i] & 0xc0) == 0x80)
			continue;	/* inside a character */
		if (chars >= SHORT_AFTER && (msg[i] == ';' || msg[i] == ':') &&
		    msg[i + 1] == ' ')
			break;
		if (chars == SHORT_MAX) {
			more = true;
			break;
		}
		chars++;
	}
	cut = i;
	head = strndup(msg, cut);
	if (!head)
		return -ENOMEM;
	md_puts(out, head);
	if (more)
		fputs("…", out);
	free(head);
	return 0;
}

/* Worst first, so a failure on one device is never hidden by another. */
static int status_rank(enum check_status s)
{
	static const int rank[] = {
		[CHECK_FAIL] = 0, [CHECK_XPASS] = 1, [CHECK_XFAIL] = 2,
		[CHECK_PASS] = 3,
	};

	return rank[s];
}

/* The named check of test in run r, the worst over its devices; or NULL. */
static struct json_object *find_check(const struct report *r, const char *test,
				      const char *name, bool *seen, bool *ran)
{
	struct json_object *worst = NULL;

	*seen = *ran = false;
	for (size_t i = 0; i < r->n_points; i++) {
		const struct report_point *p = &r->points[i];

		if (strcmp(p->test, test))
			continue;
		*seen = true;
		if (p->verdict == V_SKIP)
			continue;
		*ran = true;
		for (size_t j = 0; name && j < jlen(p->checks); j++) {
			struct json_object *c = json_object_array_get_idx(p->checks, j);

			if (strcmp(jstr(c, "name"), name))
				continue;
			if (!worst || status_rank(check_status(c)) <
				      status_rank(check_status(worst)))
				worst = c;
		}
	}
	return worst;
}

static int cell_write(FILE *out, const struct report *r, const char *test,
		      const char *name)
{
	static const char *const prefix[] = {
		[CHECK_PASS] = "pass", [CHECK_XFAIL] = "fail (expected)",
		[CHECK_FAIL] = "**FAIL**", [CHECK_XPASS] = "**pass (unexpected)**",
	};
	bool seen, ran;
	struct json_object *c = find_check(r, test, name, &seen, &ran);
	const char *msg = jstr(c, "message");
	enum check_status s;

	if (seen && !ran) {
		fputs(" skip |", out);
		return 0;
	}
	if (!c) {
		fputs(" — |", out);
		return 0;
	}
	s = check_status(c);
	fprintf(out, " %s", prefix[s]);
	if (s != CHECK_PASS && *msg) {
		fputs(": ", out);
		if (short_puts(out, msg))
			return -ENOMEM;
	}
	fputs(" |", out);
	return 0;
}

static int row_write(FILE *out, const struct report *runs, size_t n_runs,
		     const char *test, const char *check)
{
	fputs("| ", out);
	md_puts(out, test);
	fputs(" | ", out);
	/* a test no run checked anything in still gets its row */
	if (check)
		md_puts(out, check);
	else
		fputs("—", out);
	fputs(" |", out);
	for (size_t i = 0; i < n_runs; i++)
		if (cell_write(out, &runs[i], test, check))
			return -ENOMEM;
	fputc('\n', out);
	return 0;
}

static int table_write(FILE *out, const struct matrix *m,
		       const struct report *runs, size_t n_runs)
{
	char name[NAME_MAX + 1];
	int ret = 0;

	fputs("| test | check |", out);
	for (size_t i = 0; i < n_runs; i++) {
		report_run_name(&runs[i], name, sizeof(name));
		fputc(' ', out);
		md_puts(out, name);
		fputs(" |", out);
	}
	fputs("\n|---|---|", out);
	for (size_t i = 0; i < n_runs; i++)
		fputs("---|", out);
	fputc('\n', out);
	for (size_t i = 0; i < m->n && !ret; i++) {
		const struct mtest *t = &m->tests[i];

		if (!t->n)
			ret = row_write(out, runs, n_runs, t->name, NULL);
		for (size_t j = 0; j < t->n && !ret; j++)
			ret = row_write(out, runs, n_runs, t->name, t->checks[j]);
	}
	return ret;
}

int report_matrix(FILE *out, const struct report *runs, size_t n_runs)
{
	struct matrix m = { 0 };
	int ret = 0;

	for (size_t i = 0; i < n_runs && !ret; i++)
		ret = add_run(&m, &runs[i]);
	if (!ret) {
		if (m.n)	/* no test at all: m.tests is NULL */
			qsort(m.tests, m.n, sizeof(*m.tests), by_name);
		ret = table_write(out, &m, runs, n_runs);
	}
	if (!ret)
		fprintf(out, "\nFrom %zu run%s, generated by atc-report --format matrix.\n",
			n_runs, n_runs == 1 ? "" : "s");
	for (size_t i = 0; i < m.n; i++)
		free(m.tests[i].checks);
	free(m.tests);
	return ret;
}
