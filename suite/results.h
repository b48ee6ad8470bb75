/* SPDX-License-Identifier: GPL-2.0 */
/* results.json: every measurement of a run, written atomically. */
#ifndef ATC_RESULTS_H
#define ATC_RESULTS_H

struct json_object;

/* Write obj to dir/name through a temporary file and rename(2). */
int results_write_atomic(const char *dir, const char *name,
			 struct json_object *obj);
/* mkdir -p */
int results_mkdirs(const char *path);
/* ISO 8601 UTC timestamp of now. */
void results_timestamp(char *out, unsigned long len);

#endif
