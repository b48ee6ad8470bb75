/* SPDX-License-Identifier: GPL-2.0 */
/* fio's JSON output (--output-format=json), never its human text. */
#ifndef ATC_FIO_H
#define ATC_FIO_H

#include <stdbool.h>
#include <stdint.h>

struct json_object;

struct fio_summary {
	unsigned int jobs;
	unsigned int jobs_failed;	/* jobs whose "error" is not 0 */
	int first_error;		/* errno of the first failed job */
	char first_failed_job[64];
	uint64_t read_bytes, write_bytes;
	uint64_t read_ios, write_ios;
	uint64_t lat_max_ns;		/* slowest I/O, submission to completion */
};

/*
 * Did every I/O move data? Each direction's I/Os must average at least
 * one 512-byte sector: reads of a disk taken away under fio complete with
 * 0 bytes, and fio 3.33 counts them as I/Os, neither short nor failed.
 */
bool fio_ios_moved_data(const struct fio_summary *sum);
/* Parse text (leading non-JSON lines are skipped); 0 or -EINVAL. */
int fio_parse(const char *text, struct fio_summary *sum);
int fio_parse_file(const char *path, struct fio_summary *sum);
/*
 * Bytes written from after_ms on, from a bandwidth log (write_bw_log with
 * log_avg_msec: "ms, KiB/s, dir, ..."; with log_unix_epoch the times are
 * Unix time in ms). A window counts only when it starts at or after
 * after_ms, so nothing written before is credited. 0, or -errno / -EINVAL
 * for a bad log.
 */
int fio_bw_log_written_after(const char *text, uint64_t after_ms,
			     uint64_t *bytes);
int fio_bw_log_file_written_after(const char *path, uint64_t after_ms,
				  uint64_t *bytes);
/* The summary as a json object for evidence and results.json. */
struct json_object *fio_summary_json(const struct fio_summary *sum);

#endif
