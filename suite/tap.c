// SPDX-License-Identifier: GPL-2.0
#include "tap.h"

#include <json.h>
#include <stdarg.h>
#include <string.h>

void tap_init(struct tap *tap, FILE *out)
{
	memset(tap, 0, sizeof(*tap));
	tap->out = out;
}

static void indent(FILE *out, int n)
{
	fprintf(out, "%*s", n, "");
}

/* A subtest's header appears only once it has something in it. */
static void flush_header(struct tap *tap)
{
	if (tap->header[0]) {
		fputs(tap->header, tap->out);
		tap->header[0] = '\0';
	}
}

void tap_header(struct tap *tap, int version)
{
	indent(tap->out, tap->indent);
	fprintf(tap->out, "TAP version %d\n", version);
	fflush(tap->out);
}

void tap_plan(struct tap *tap, unsigned int count)
{
	flush_header(tap);
	indent(tap->out, tap->indent);
	fprintf(tap->out, "1..%u\n", count);
	fflush(tap->out);
}

void tap_subtest(struct tap *parent, struct tap *child, const char *name)
{
	flush_header(parent);
	tap_init(child, parent->out);
	child->indent = parent->indent + 4;
	snprintf(child->header, sizeof(child->header), "%*s# Subtest: %s\n",
		 parent->indent, "", name);
}

/* A '#' in a description would start a directive: escape it. */
static void put_description(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '#' || *s == '\\')
			fputc('\\', out);
		fputc(*s == '\n' ? ' ' : *s, out);
	}
}

static void put_reason(FILE *out, const char *s)
{
	for (; *s; s++)
		fputc(*s == '\n' ? ' ' : *s, out);
}

/* YAML double-quoted scalar: always valid, whatever the content. */
static void yaml_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c == '\t')
			fputs("\\t", out);
		else if (c < 0x20 || c == 0x7f)
			fprintf(out, "\\x%02x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static void yaml_value(FILE *out, int level, struct json_object *v);

/*
 * Test::Harness's YAMLish reads '- "a: b"' as a hash inside the list, so
 * list strings holding ": " (kernel log lines do) go out as literals.
 */
static bool needs_literal(struct json_object *v)
{
	const char *s;

	if (!json_object_is_type(v, json_type_string))
		return false;
	s = json_object_get_string(v);
	return s[0] && s[0] != ' ' && strstr(s, ": ");
}

static void yaml_literal(FILE *out, int level, const char *s)
{
	indent(out, level);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		fputc(c < 0x20 || c == 0x7f ? '?' : c, out);
	}
	fputc('\n', out);
}

static void yaml_scalar(FILE *out, struct json_object *v)
{
	switch (json_object_get_type(v)) {
	case json_type_null:
		fputs("null", out);
		break;
	case json_type_boolean:
		fputs(json_object_get_boolean(v) ? "true" : "false", out);
		break;
	case json_type_int:
	case json_type_double:
		fputs(json_object_to_json_string(v), out);
		break;
	default:
		yaml_string(out, json_object_get_string(v));
		break;
	}
}

static bool is_collection(struct json_object *v)
{
	enum json_type t = json_object_get_type(v);

	return t == json_type_object || t == json_type_array;
}

static bool is_empty(struct json_object *v)
{
	if (json_object_is_type(v, json_type_object))
		return json_object_object_length(v) == 0;
	return json_object_array_length(v) == 0;
}

static void yaml_value(FILE *out, int level, struct json_object *v)
{
	if (json_object_is_type(v, json_type_object)) {
		json_object_object_foreach(v, key, val) {
			indent(out, level);
			fprintf(out, "%s:", key);
			if (is_collection(val) && !is_empty(val)) {
				fputc('\n', out);
				yaml_value(out, level + 2, val);
			} else if (is_collection(val)) {
				fputs(json_object_is_type(val, json_type_object) ?
				      " {}\n" : " []\n", out);
			} else {
				fputc(' ', out);
				yaml_scalar(out, val);
				fputc('\n', out);
			}
		}
		return;
	}
	if (json_object_is_type(v, json_type_array)) {
		size_t n = json_object_array_length(v);

		for (size_t i = 0; i < n; i++) {
			struct json_object *e = json_object_array_get_idx(v, i);

			indent(out, level);
			if (is_collection(e) && !is_empty(e)) {
				fputs("-\n", out);
				yaml_value(out, level + 2, e);
			} else if (needs_literal(e)) {
				fputs("- |\n", out);
				yaml_literal(out, level + 2,
					     json_object_get_string(e));
			} else {
				fputs("- ", out);
				yaml_scalar(out, e);
				fputc('\n', out);
			}
		}
		return;
	}
	indent(out, level);
	yaml_scalar(out, v);
	fputc('\n', out);
}

void tap_yaml(FILE *out, int level, struct json_object *obj)
{
	indent(out, level);
	fputs("---\n", out);
	yaml_value(out, level + 2, obj);
	indent(out, level);
	fputs("...\n", out);
}

void tap_point(struct tap *tap, bool ok, const char *description,
	       enum tap_directive directive, const char *reason,
	       struct json_object *diag)
{
	flush_header(tap);
	tap->count++;
	indent(tap->out, tap->indent);
	fprintf(tap->out, "%s %u", ok ? "ok" : "not ok", tap->count);
	if (description && *description) {
		fputs(" - ", tap->out);
		put_description(tap->out, description);
	}
	if (directive != TAP_NONE) {
		fputs(directive == TAP_SKIP ? " # SKIP" : " # TODO", tap->out);
		if (reason && *reason) {
			fputc(' ', tap->out);
			put_reason(tap->out, reason);
		}
	}
	fputc('\n', tap->out);
	if (diag && json_object_is_type(diag, json_type_object) &&
	    json_object_object_length(diag) > 0)
		tap_yaml(tap->out, tap->indent + 2, diag);
	fflush(tap->out);
}

void tap_comment(struct tap *tap, const char *fmt, ...)
{
	va_list ap;

	flush_header(tap);
	indent(tap->out, tap->indent);
	fputs("# ", tap->out);
	va_start(ap, fmt);
	vfprintf(tap->out, fmt, ap);
	va_end(ap);
	fputc('\n', tap->out);
	fflush(tap->out);
}

void tap_bail(struct tap *tap, const char *reason)
{
	fprintf(tap->out, "Bail out! %s\n", reason);
	fflush(tap->out);
}
