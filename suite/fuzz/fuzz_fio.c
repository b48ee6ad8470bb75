// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: fio's --output-format=json output as fio_parse_file() hands
 * it to fio_parse() (the file's bytes, NUL-ended; leading non-JSON lines
 * allowed), then the summary as the evidence in results.json; the same
 * bytes as a bandwidth log (write_bw_log).
 */
#include "fio.h"

#include <json.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct fio_summary sum;
	uint64_t bytes;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (fio_parse(text, &sum) == 0) {
		struct json_object *o = fio_summary_json(&sum);

		if (sum.jobs_failed > sum.jobs ||
		    strnlen(sum.first_failed_job, sizeof(sum.first_failed_job)) >=
			    sizeof(sum.first_failed_job))
			__builtin_trap();
		(void)json_object_to_json_string(o);
		json_object_put(o);
	}
	if (fio_bw_log_written_after(text, size, &bytes) == 0 && bytes && !size)
		__builtin_trap();
	free(text);
	return 0;
}
