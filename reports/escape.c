// SPDX-License-Identifier: GPL-2.0
/* Text into XML/HTML and Markdown, and evidence as lines of text. */
#include "report.h"

#include <json.h>
#include <stdlib.h>
#include <string.h>

/*
 * Length of the valid UTF-8 sequence at s, or 0. Kernel log lines can
 * carry any byte, and one stray byte makes a whole XML document invalid.
 */
static size_t utf8_len(const unsigned char *s)
{
	size_t n;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/*
 * XML 1.0 has no way to carry most control characters, even escaped, so
 * they and invalid UTF-8 become '?'; a newline in an attribute is kept as
 * a character reference.
 */
static const char *xml_entity(unsigned char c)
{
	switch (c) {
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '&':
		return "&amp;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	case '\n':
		return "&#10;";
	case '\t':
		return "&#9;";
	case '\r':
		return "&#13;";
	default:
		return NULL;
	}
}

void xml_puts(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (p && *p) {
		const char *entity = xml_entity(*p);
		size_t n = utf8_len(p);

		if (entity)
			fputs(entity, out);
		else if (!n || *p < 0x20 || *p == 0x7f)
			fputc('?', out);
		else
			fwrite(p, 1, n, out);
		p += n ? n : 1;
	}
}

/* One table cell: no line breaks, no markup taken from the data. */
void md_puts(FILE *out, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\n' || c == '\r' || c == '\t')
			fputc(' ', out);
		else if (c == '<')
			fputs("&lt;", out);
		else if (c == '>')
			fputs("&gt;", out);
		else if (c == '&')
			fputs("&amp;", out);
		else if (strchr("\\`*_[]|#~", c))
			fprintf(out, "\\%c", c);
		else
			fputc(c < 0x20 ? '?' : c, out);
	}
}

static void put_line(FILE *out, void (*put)(FILE *, const char *),
		     const char *key, const char *value)
{
	put(out, key);
	put(out, ": ");
	put(out, value);
	fputc('\n', out);
}

static void put_kernel_line(FILE *out, void (*put)(FILE *, const char *),
			    struct json_object *line)
{
	char ts[40];

	if (!json_object_is_type(line, json_type_object)) {
		put(out, jtext(line));
		fputc('\n', out);
		return;
	}
	snprintf(ts, sizeof(ts), "[%lld.%06lld] ", jint(line, "ts_usec", 0) / 1000000,
		 jint(line, "ts_usec", 0) % 1000000);
	put(out, ts);
	put(out, jstr(line, "text"));
	fputc('\n', out);
}

void evidence_write(FILE *out, struct json_object *check,
		    void (*put)(FILE *out, const char *s))
{
	struct json_object *ev = jget(check, "evidence");

	put_line(out, put, "message", jstr(check, "message"));
	if (*jstr(check, "expected_failure"))
		put_line(out, put, "expected_failure", jstr(check, "expected_failure"));
	if (!ev || !json_object_is_type(ev, json_type_object))
		return;
	json_object_object_foreach(ev, key, val) {
		size_t n;

		if (!json_object_is_type(val, json_type_array) ||
		    !json_object_array_length(val)) {
			put_line(out, put, key, jtext(val));
			continue;
		}
		/* lists (kernel log lines, callback sequences): one a line */
		put(out, key);
		put(out, ":\n");
		n = json_object_array_length(val);
		for (size_t i = 0; i < n; i++) {
			put(out, "  - ");
			put_kernel_line(out, put, json_object_array_get_idx(val, i));
		}
	}
}

void kernel_log_write(FILE *out, const struct report_point *p,
		      void (*put)(FILE *out, const char *s))
{
	struct json_object *lists[] = {
		jget(p->json, "kernel_log"),
		jget(p->measurements, "kernel_log"),
	};

	for (size_t l = 0; l < sizeof(lists) / sizeof(lists[0]); l++) {
		size_t n;

		if (!lists[l] || !json_object_is_type(lists[l], json_type_array))
			continue;
		n = json_object_array_length(lists[l]);
		for (size_t i = 0; i < n; i++)
			put_kernel_line(out, put, json_object_array_get_idx(lists[l], i));
	}
}

static void raw_puts(FILE *out, const char *s)
{
	fputs(s, out);
}

char *report_text(const struct report_point *p, struct json_object *check,
		  size_t *len)
{
	char *text = NULL;
	FILE *mem = open_memstream(&text, len);

	if (!mem)
		return NULL;
	if (check)
		evidence_write(mem, check, raw_puts);
	else
		kernel_log_write(mem, p, raw_puts);
	if (fclose(mem)) {
		free(text);
		return NULL;
	}
	return text;
}
