/* SPDX-License-Identifier: GPL-2.0 */
/* TAP writer: TAP 13 header by default, TAP 14-style subtests and YAML. */
#ifndef ATC_TAP_H
#define ATC_TAP_H

#include <stdbool.h>
#include <stdio.h>

struct json_object;

enum tap_directive {
	TAP_NONE,
	TAP_SKIP,
	TAP_TODO,
};

struct tap {
	FILE *out;
	int indent;		/* spaces before every line */
	unsigned int count;	/* test points written so far */
	char header[160];	/* "# Subtest:" line, written before the first */
};

void tap_init(struct tap *tap, FILE *out);
void tap_header(struct tap *tap, int version);
void tap_plan(struct tap *tap, unsigned int count);
/* Start a subtest: writes "# Subtest: name" and returns the child writer. */
void tap_subtest(struct tap *parent, struct tap *child, const char *name);
/*
 * One test point. reason goes after the directive; diag, when non-NULL,
 * is written as an indented YAML block (a json object of evidence).
 */
void tap_point(struct tap *tap, bool ok, const char *description,
	       enum tap_directive directive, const char *reason,
	       struct json_object *diag);
void tap_comment(struct tap *tap, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void tap_bail(struct tap *tap, const char *reason);
/* Write a json object as a YAML block at the given indent (for tests). */
void tap_yaml(FILE *out, int indent, struct json_object *obj);

#endif
