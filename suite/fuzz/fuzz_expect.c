// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: an expectations file (--expect), as expect_load() hands its
 * text to expect_parse(); then lookups as the runner makes them for each
 * check, the choice among files by kernel release (the input's first line
 * read as a release too), and expect_free().
 */
#include "expect.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const lookups[][2] = {
	{ "timeout-fence", "C2-fenced" },
	{ "timeout-recovery", "C5-restored" },
	{ "meta-xfail", "M-parent-is-init" },
	{ "control-reset-observers", "C3-kernel-log" },
	{ "", "" },
};

/* The file alone and beside a ranged one, for some releases. */
static void choose(const struct expectations *exp, const char *text)
{
	static const char *const names[] = { "fuzz.expect", "other" };
	const char *releases[] = { "6.1.0-57-amd64", "7.3-amd64", "custom", text };
	struct expectations set[2];
	enum expect_match how;
	char err[256];
	int got;

	set[0] = *exp;
	memset(&set[1], 0, sizeof(set[1]));
	if (kernel_range_parse("7.2 <= release < 7.3", &set[1].range))
		__builtin_trap();
	for (size_t n = 1; n <= 2; n++) {
		for (size_t i = 0; i < sizeof(releases) / sizeof(releases[0]); i++) {
			err[0] = '\0';
			got = expect_choose(set, names, n, releases[i], &how,
					    err, sizeof(err));
			if (got < -2 || got >= (int)n || (got == -2 && !err[0]))
				__builtin_trap();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct expectations exp;
	char err[256];

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	err[0] = '\0';
	if (expect_parse(text, "fuzz.expect", &exp, err, sizeof(err)) == 0) {
		for (size_t i = 0; i < exp.count; i++)
			if (!*exp.entries[i].test || !*exp.entries[i].check ||
			    !*exp.entries[i].reason || !exp.entries[i].line)
				__builtin_trap();
		for (size_t i = 0; i < sizeof(lookups) / sizeof(lookups[0]); i++)
			(void)expect_lookup(&exp, lookups[i][0], lookups[i][1]);
		/* every entry's own patterns, as names */
		for (size_t i = 0; i < exp.count && i < 16; i++)
			(void)expect_lookup(&exp, exp.entries[i].test,
					    exp.entries[i].check);
		/* a range that was read holds its own lower bound */
		if (exp.range.set &&
		    kernel_range_where(&exp.range, &exp.range.lo) != 0)
			__builtin_trap();
		choose(&exp, text);
		expect_free(&exp);
	} else if (exp.count || exp.entries || !err[0]) {
		__builtin_trap();	/* a failure leaves nothing, says why */
	}
	free(text);
	return 0;
}
