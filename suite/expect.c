// SPDX-License-Identifier: GPL-2.0
#include "expect.h"

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

		save = strchr(line, '\n');
		if (save)
			*save++ = '\0';
		lineno++;
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
}

bool expect_varies(const char *reason)
{
	return reason && !strncmp(reason, "sometimes:", strlen("sometimes:"));
}
