// SPDX-License-Identifier: GPL-2.0
#include "expect.h"

#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *next_field(char **p)
{
	char *s = *p, *start;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s)
		return NULL;
	start = s;
	while (*s && *s != ' ' && *s != '\t')
		s++;
	if (*s)
		*s++ = '\0';
	*p = s;
	return start;
}

static int add_entry(struct expectations *exp, const char *test,
		     const char *check, const char *reason, unsigned int line)
{
	struct expect_entry *grown;
	struct expect_entry *e;

	grown = realloc(exp->entries, (exp->count + 1) * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	exp->entries = grown;
	e = &exp->entries[exp->count];
	e->test = strdup(test);
	e->check = strdup(check);
	e->reason = strdup(reason);
	e->line = line;
	if (!e->test || !e->check || !e->reason) {
		free(e->test);
		free(e->check);
		free(e->reason);
		return -ENOMEM;
	}
	exp->count++;
	return 0;
}

/* MAJOR.MINOR[.PATCH] at s; *end just past it. 0, or -1. */
static int kver_scan(const char *s, struct kver *out, const char **end)
{
	unsigned int count = 0;

	memset(out, 0, sizeof(*out));
	while (count < 3 && isdigit((unsigned char)*s)) {
		unsigned long n = 0;

		while (isdigit((unsigned char)*s)) {
			n = n * 10 + (unsigned long)(*s++ - '0');
			if (n > 999999)
				return -1;
		}
		out->v[count++] = (unsigned int)n;
		if (count < 3 && s[0] == '.' && isdigit((unsigned char)s[1]))
			s++;
		else
			break;
	}
	*end = s;
	return count >= 2 ? 0 : -1;
}

int kver_parse(const char *release, struct kver *out)
{
	const char *end;

	return kver_scan(release, out, &end);
}

int kver_cmp(const struct kver *a, const struct kver *b)
{
	for (int i = 0; i < 3; i++)
		if (a->v[i] != b->v[i])
			return a->v[i] < b->v[i] ? -1 : 1;
	return 0;
}

static const char *skip_blank(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* A whole version: followed by a blank, '<' or the end. */
static int range_version(const char **s, struct kver *out)
{
	const char *end;

	if (kver_scan(*s, out, &end))
		return -1;
	if (*end && *end != ' ' && *end != '\t' && *end != '<')
		return -1;
	*s = skip_blank(end);
	return 0;
}

int kernel_range_parse(const char *text, struct kernel_range *r)
{
	const char *s = skip_blank(text);
	size_t len;

	memset(r, 0, sizeof(*r));
	if (range_version(&s, &r->lo) || strncmp(s, "<=", 2))
		return -1;
	s = skip_blank(s + 2);
	if (strncmp(s, "release", 7))
		return -1;
	s = skip_blank(s + 7);
	if (*s == '<') {
		s = skip_blank(s + 1);
		if (range_version(&s, &r->hi) || *s)
			return -1;
		if (kver_cmp(&r->lo, &r->hi) >= 0)
			return -1;
		r->has_hi = true;
	} else if (*s) {
		return -1;
	}
	text = skip_blank(text);
	len = strlen(text);
	while (len && (text[len - 1] == ' ' || text[len - 1] == '\t'))
		len--;
	snprintf(r->text, sizeof(r->text), "%.*s", (int)len, text);
	r->set = true;
	return 0;
}

int kernel_range_where(const struct kernel_range *r, const struct kver *k)
{
	if (kver_cmp(k, &r->lo) < 0)
		return -1;
	if (r->has_hi && kver_cmp(k, &r->hi) >= 0)
		return 1;
	return 0;
}

/* "# kernels: RANGE" on a line: the range's text, or NULL. */
static const char *kernels_line(const char *line)
{
	line = skip_blank(line);
	if (*line != '#')
		return NULL;
	line = skip_blank(line + 1);
	if (strncmp(line, "kernels:", 8))
		return NULL;
	return line + 8;
}

int expect_parse(const char *text, const char *name, struct expectations *exp,
		 char *err, size_t errlen)
{
	char *copy = strdup(text), *line, *save = NULL;
	unsigned int lineno = 0;
	int ret = 0;

	memset(exp, 0, sizeof(*exp));
	if (!copy) {
		snprintf(err, errlen, "%s: out of memory", name);
		return -1;
	}
	/* strtok_r would merge empty lines and break line numbers */
	for (line = copy; line && !ret; line = save) {
		char *test, *check, *reason, *hash;
		const char *range;

		save = strchr(line, '\n');
		if (save)
			*save++ = '\0';
		lineno++;
		range = kernels_line(line);
		if (range) {
			if (exp->range.set) {
				snprintf(err, errlen,
					 "%s:%u: a second '# kernels:' line; keep one range per file",
					 name, lineno);
				ret = -1;
				break;
			}
			if (kernel_range_parse(range, &exp->range)) {
				snprintf(err, errlen,
					 "%s:%u: kernel range '%.40s' not understood; write '# kernels: 6.1 <= release < 6.2' (LO below HI; '< HI' may be left out)",
					 name, lineno, skip_blank(range));
				ret = -1;
				break;
			}
			continue;
		}
		hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		test = next_field(&line);
		if (!test)
			continue;
		check = next_field(&line);
		while (*line == ' ' || *line == '\t')
			line++;
		reason = line;
		while (*reason && reason[strlen(reason) - 1] == ' ')
			reason[strlen(reason) - 1] = '\0';
		if (!check || !*reason) {
			snprintf(err, errlen,
				 "%s:%u: expected 'TEST CHECK reason', e.g. 'timeout-fence C2-* no fencing'; add the missing field",
				 name, lineno);
			ret = -1;
			break;
		}
		if (add_entry(exp, test, check, reason, lineno)) {
			snprintf(err, errlen, "%s: out of memory", name);
			ret = -1;
		}
	}
	free(copy);
	if (ret)
		expect_free(exp);
	return ret;
}

int expect_load(const char *path, struct expectations *exp,
		char *err, size_t errlen)
{
	FILE *f = fopen(path, "re");
	char *text = NULL;
	size_t size = 0;
	int ret;

	memset(exp, 0, sizeof(*exp));
	if (!f) {
		snprintf(err, errlen,
			 "cannot read expectations file %s: %s; check the --expect path",
			 path, strerror(errno));
		return -1;
	}
	text = calloc(1, 1 << 20);
	if (text)
		size = fread(text, 1, (1 << 20) - 1, f);
	/* a directory opens, then fails to read: not an empty file */
	if (text && ferror(f)) {
		snprintf(err, errlen,
			 "cannot read expectations file %s: %s; check the --expect path",
			 path, strerror(errno));
		fclose(f);
		free(text);
		return -1;
	}
	fclose(f);
	if (!text) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	text[size] = '\0';
	ret = expect_parse(text, path, exp, err, errlen);
	free(text);
	return ret;
}

const char *expect_lookup(const struct expectations *exp, const char *test,
			  const char *check)
{
	for (size_t i = 0; i < exp->count; i++) {
		const struct expect_entry *e = &exp->entries[i];

		if (!fnmatch(e->test, test, 0) && !fnmatch(e->check, check, 0))
			return e->reason;
	}
	return NULL;
}

int expect_choose(const struct expectations *set, const char *const *names,
		  size_t n, const char *release, enum expect_match *how,
		  char *err, size_t errlen)
{
	int covers = -1, older = -1;
	struct kver k;

	*how = EXPECT_NONE;
	if (n == 1 && !set[0].range.set) {
		*how = EXPECT_UNRANGED;
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		if (!set[i].range.set) {
			snprintf(err, errlen,
				 "%s states no kernels, and with several --expect files each must; add a line '# kernels: 6.1 <= release < 6.2' to it",
				 names[i]);
			return -2;
		}
	}
	if (kver_parse(release, &k))
		return -1;
	for (size_t i = 0; i < n; i++) {
		const struct kernel_range *r = &set[i].range;
		int where = kernel_range_where(r, &k);

		if (where == 0) {
			if (covers >= 0) {
				snprintf(err, errlen,
					 "%s and %s both cover kernel %s; narrow the '# kernels:' range of one",
					 names[covers], names[i], release);
				return -2;
			}
			covers = (int)i;
		} else if (where > 0 &&
			   (older < 0 ||
			    kver_cmp(&r->hi, &set[older].range.hi) > 0 ||
			    (!kver_cmp(&r->hi, &set[older].range.hi) &&
			     kver_cmp(&r->lo, &set[older].range.lo) > 0))) {
			older = (int)i;
		}
	}
	if (covers >= 0) {
		*how = EXPECT_COVERS;
		return covers;
	}
	if (older >= 0) {
		*how = EXPECT_NEAREST_OLDER;
		return older;
	}
	return -1;
}

void expect_free(struct expectations *exp)
{
	for (size_t i = 0; i < exp->count; i++) {
		free(exp->entries[i].test);
		free(exp->entries[i].check);
		free(exp->entries[i].reason);
	}
	free(exp->entries);
	exp->entries = NULL;
	exp->count = 0;
	memset(&exp->range, 0, sizeof(exp->range));
}

bool expect_varies(const char *reason)
{
	return reason && !strncmp(reason, "sometimes:", strlen("sometimes:"));
}
