// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: results.json as atc-report reads it. The bytes go into a
 * memfd and report_load() reads them by path (/proc/self/fd/N), exactly
 * as it reads a run's file; every format then walks the model, the way
 * atc-report would write it, into /dev/null.
 */
#include "../report.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fd = -1;
static char path[64];
static FILE *null_out;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fd = memfd_create("results.json", MFD_CLOEXEC);
	null_out = fopen("/dev/null", "we");
	if (fd < 0 || !null_out) {
		perror("fuzz_results: memfd_create or /dev/null");
		exit(1);
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct kcidb_options kcidb = { .origin = "atctests" };
	struct report r;
	char err[512];

	if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size)
		__builtin_trap();
	if (report_load(&r, path, err, sizeof(err))) {
		/* a refusal leaves nothing behind and says why */
		if (r.root || r.points || r.order || !err[0])
			__builtin_trap();
		return 0;
	}
	report_junit(null_out, &r);
	report_markdown(null_out, &r);
	report_html(null_out, &r);
	report_terminal(null_out, &r, true);
	report_kcidb(null_out, &r, &kcidb);
	report_validation(null_out, &r, 1);
	report_matrix(null_out, &r, 1);
	report_free(&r);
	return 0;
}
