// SPDX-License-Identifier: GPL-2.0
/*
 * atc-report --format junit|html|md|kcidb|terminal RESULTS_DIR [-o FILE]
 * atc-report --format validation|matrix RESULTS_DIR... [-o FILE]
 *
 * Bad input gets one line naming the problem and the fix, and exit
 * status 2; nothing is written. Output to a file goes through a
 * temporary name, so a half-written report never replaces a good one.
 */
#include "report.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One line: fail() appends it to an error. */
#define USAGE "usage: atc-report --format junit|html|md|kcidb|terminal RESULTS_DIR [-o FILE] " \
	"[--origin NAME] [--build-id ID], or --format validation|matrix RESULTS_DIR... [-o FILE]"

enum format {
	F_JUNIT, F_HTML, F_MD, F_KCIDB, F_TERMINAL, F_VALIDATION, F_MATRIX, F_NONE
};

static const char *const format_names[] = {
	[F_JUNIT] = "junit", [F_HTML] = "html", [F_MD] = "md",
	[F_KCIDB] = "kcidb", [F_TERMINAL] = "terminal",
	[F_VALIDATION] = "validation", [F_MATRIX] = "matrix",
};

struct args {
	enum format format;
	char **results;		/* one, or for validation and matrix one or more */
	size_t n_results;
	const char *output;
	struct kcidb_options kcidb;
};

/* One line, the problem then the fix; the exit status of bad input. */
__attribute__((format(printf, 2, 3)))
static int fail(const char *fix, const char *fmt, ...)
{
	va_list ap;

	fputs("atc-report: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "; %s\n", fix);
	return 2;
}

static enum format parse_format(const char *s)
{
	for (int f = 0; f < F_NONE; f++)
		if (!strcmp(s, format_names[f]))
			return (enum format)f;
	if (!strcmp(s, "markdown"))
		return F_MD;
	return F_NONE;
}

/* KCIDB origins are [a-z0-9_]+ and every id starts with "origin:". */
static bool valid_origin(const char *s, size_t len)
{
	if (!len)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		      s[i] == '_'))
			return false;
	return true;
}

static int check_args(const struct args *a)
{
	const char *id = a->kcidb.build_id;
	const char *colon = id ? strchr(id, ':') : NULL;

	if (a->format == F_NONE)
		return fail(USAGE, "no --format given");
	if (id && (!colon || !valid_origin(id, (size_t)(colon - id))))
		return fail("KCIDB ids are ORIGIN:ID, e.g. myci:build-42",
			    "bad --build-id '%s'", id);
	return 0;
}

static bool many_runs(enum format f)
{
	return f == F_VALIDATION || f == F_MATRIX;
}

static int parse_args(int argc, char **argv, struct args *a)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "origin", required_argument, NULL, 'O' },
		{ "build-id", required_argument, NULL, 'B' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	a->format = F_NONE;
	a->kcidb.origin = "atctests";
	opterr = 0;
	while ((c = getopt_long(argc, argv, "f:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			a->format = parse_format(optarg);
			if (a->format == F_NONE)
				return fail("use junit, html, md, kcidb, terminal, validation or matrix",
					    "unknown format '%s'", optarg);
			break;
		case 'o':
			a->output = optarg;
			break;
		case 'O':
			a->kcidb.origin = optarg;
			if (!valid_origin(optarg, strlen(optarg)))
				return fail("KCIDB origins are lower-case letters, digits and _",
					    "bad --origin '%s'", optarg);
			break;
		case 'B':
			a->kcidb.build_id = optarg;
			break;
		case 'h':
			puts(USAGE);
			exit(0);
		default:
			return fail(USAGE, "unknown or incomplete option '%s'",
				    argv[optind - 1]);
		}
	}
	/* only validation and matrix compare runs; the others describe one */
	if (many_runs(a->format) && optind == argc)
		return fail(USAGE, "expected one or more RESULTS_DIR");
	if (!many_runs(a->format) && optind != argc - 1)
		return fail(USAGE, "expected exactly one RESULTS_DIR");
	a->results = &argv[optind];
	a->n_results = (size_t)(argc - optind);
	return check_args(a);
}

static int write_format(FILE *out, const struct args *a, const struct report *r,
			bool tty)
{
	switch (a->format) {
	case F_VALIDATION:
		return report_validation(out, r, a->n_results);
	case F_MATRIX:
		return report_matrix(out, r, a->n_results);
	case F_JUNIT:
		return report_junit(out, r);
	case F_HTML:
		return report_html(out, r);
	case F_MD:
		return report_markdown(out, r);
	case F_KCIDB:
		return report_kcidb(out, r, &a->kcidb);
	default:
		return report_terminal(out, r, tty && !getenv("NO_COLOR"));
	}
}

static int write_file(const struct args *a, const struct report *r)
{
	char tmp[PATH_MAX];
	FILE *out;
	int ret;

	snprintf(tmp, sizeof(tmp), "%s.tmp%d", a->output, (int)getpid());
	out = fopen(tmp, "w");
	if (!out)
		return fail("choose a writable -o FILE", "cannot write %s: %s",
			    a->output, strerror(errno));
	ret = write_format(out, a, r, false);
	if (fclose(out) || ret || rename(tmp, a->output)) {
		unlink(tmp);
		return fail("check the disk space and the directory's permissions",
			    "writing %s failed", a->output);
	}
	return 0;
}

static void free_runs(struct report *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		report_free(&r[i]);
	free(r);
}

/* Every results directory, or none: a report on some runs would mislead. */
static int load_runs(const struct args *a, struct report **runs)
{
	char err[PATH_MAX + 256];
	struct report *r = calloc(a->n_results, sizeof(*r));

	if (!r)
		return fail("free some memory", "out of memory");
	for (size_t i = 0; i < a->n_results; i++) {
		if (report_load(&r[i], a->results[i], err, sizeof(err))) {
			fprintf(stderr, "atc-report: %s\n", err);
			free_runs(r, i);
			return 2;
		}
	}
	*runs = r;
	return 0;
}

int main(int argc, char **argv)
{
	struct args a = { 0 };
	struct report *r;
	int ret;

	ret = parse_args(argc, argv, &a);
	if (ret)
		return ret;
	ret = load_runs(&a, &r);
	if (ret)
		return ret;
	if (a.output) {
		ret = write_file(&a, r);
	} else {
		ret = write_format(stdout, &a, r, isatty(STDOUT_FILENO));
		if (fflush(stdout) || ret)
			ret = fail("check where it goes", "writing to standard output failed");
	}
	free_runs(r, a.n_results);
	return ret;
}
