// SPDX-License-Identifier: GPL-2.0
#include "fio.h"

#include <errno.h>
#include <stdbool.h>
#include <json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t get_u64(struct json_object *obj, const char *dir,
			const char *key)
{
	struct json_object *d, *v;

	if (!json_object_object_get_ex(obj, dir, &d) ||
	    !json_object_object_get_ex(d, key, &v))
		return 0;
	return (uint64_t)json_object_get_int64(v);
}

/*
 * job.dir.lat_ns.max: the slowest I/O of that direction, submission to
 * completion. Not clat alone: a stall can land in the submitting call
 * (seen on 6.12, where a completion runs inside io_submit()).
 */
static uint64_t lat_max(struct json_object *job, const char *dir)
{
	struct json_object *d, *lat;

	if (!json_object_object_get_ex(job, dir, &d) ||
	    !json_object_object_get_ex(d, "lat_ns", &lat))
		return 0;
	if (!json_object_object_get_ex(lat, "max", &d))
		return 0;
	return (uint64_t)json_object_get_int64(d);
}

#define SECTOR 512

bool fio_ios_moved_data(const struct fio_summary *sum)
{
	return sum->read_bytes / SECTOR >= sum->read_ios &&
	       sum->write_bytes / SECTOR >= sum->write_ios;
}

int fio_parse(const char *text, struct fio_summary *sum)
{
	const char *start = strchr(text, '{');
	struct json_object *root, *jobs;
	size_t n;

	memset(sum, 0, sizeof(*sum));
	if (!start)
		return -EINVAL;
	root = json_tokener_parse(start);
	if (!root)
		return -EINVAL;
	if (!json_object_object_get_ex(root, "jobs", &jobs) ||
	    !json_object_is_type(jobs, json_type_array)) {
		json_object_put(root);
		return -EINVAL;
	}
	n = json_object_array_length(jobs);
	for (size_t i = 0; i < n; i++) {
		struct json_object *job = json_object_array_get_idx(jobs, i);
		struct json_object *err, *name;
		int error = 0;

		sum->jobs++;
		if (json_object_object_get_ex(job, "error", &err))
			error = json_object_get_int(err);
		if (error) {
			if (!sum->jobs_failed++) {
				sum->first_error = error;
				if (json_object_object_get_ex(job, "jobname",
							      &name))
					snprintf(sum->first_failed_job,
						 sizeof(sum->first_failed_job),
						 "%s", json_object_get_string(name));
			}
		}
		sum->read_bytes += get_u64(job, "read", "io_bytes");
		sum->write_bytes += get_u64(job, "write", "io_bytes");
		sum->read_ios += get_u64(job, "read", "total_ios");
		sum->write_ios += get_u64(job, "write", "total_ios");
		if (lat_max(job, "read") > sum->lat_max_ns)
			sum->lat_max_ns = lat_max(job, "read");
		if (lat_max(job, "write") > sum->lat_max_ns)
			sum->lat_max_ns = lat_max(job, "write");
	}
	json_object_put(root);
	return 0;
}

/* The whole file, NUL-ended, into *text (free() it); 0 or -errno. */
static int read_text(const char *path, char **text)
{
	FILE *f = fopen(path, "re");
	long size;

	*text = NULL;
	if (!f)
		return -errno;
	if (fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return -EIO;
	}
	*text = malloc((size_t)size + 1);
	if (!*text) {
		fclose(f);
		return -ENOMEM;
	}
	(*text)[fread(*text, 1, (size_t)size, f)] = '\0';
	fclose(f);
	return 0;
}

int fio_parse_file(const char *path, struct fio_summary *sum)
{
	char *text;
	int ret;

	memset(sum, 0, sizeof(*sum));
	ret = read_text(path, &text);
	if (!ret)
		ret = fio_parse(text, sum);
	free(text);
	return ret;
}

struct json_object *fio_summary_json(const struct fio_summary *sum)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "jobs", json_object_new_int((int)sum->jobs));
	json_object_object_add(o, "jobs_failed",
			       json_object_new_int((int)sum->jobs_failed));
	json_object_object_add(o, "first_error",
			       json_object_new_int(sum->first_error));
	if (sum->jobs_failed)
		json_object_object_add(o, "first_failed_job",
				       json_object_new_string(sum->first_failed_job));
	json_object_object_add(o, "read_bytes",
			       json_object_new_int64((int64_t)sum->read_bytes));
	json_object_object_add(o, "write_bytes",
			       json_object_new_int64((int64_t)sum->write_bytes));
	json_object_object_add(o, "read_ios",
			       json_object_new_int64((int64_t)sum->read_ios));
	json_object_object_add(o, "write_ios",
			       json_object_new_int64((int64_t)sum->write_ios));
	json_object_object_add(o, "lat_max_us",
			       json_object_new_int64((int64_t)(sum->lat_max_ns / 1000)));
	return o;
}

int fio_bw_log_written_after(const char *text, uint64_t after_ms,
			     uint64_t *bytes)
{
	/*
	 * Each direction (0 read, 1 write, 2 trim) has its own windows, a
	 * window ending at its entry's time and starting at the one before;
	 * a direction's first entry has no known start and counts nothing.
	 */
	unsigned long long prev[3] = { 0 };
	bool seen[3] = { false };

	*bytes = 0;
	while (*text) {
		unsigned long long ms, kib_s;
		unsigned int dir;
		const char *eol = strchr(text, '\n');

		if (sscanf(text, "%llu, %llu, %u", &ms, &kib_s, &dir) != 3 ||
		    dir > 2 || (seen[dir] && ms < prev[dir]))
			return -EINVAL;
		/* over a TiB/s, or a window of minutes: no log of a real job */
		if (kib_s > (1ull << 30) || (seen[dir] && ms - prev[dir] > (1ull << 20)))
			return -EINVAL;
		if (dir == 1 && seen[dir] && prev[dir] >= after_ms)
			*bytes += kib_s * 1024 * (ms - prev[dir]) / 1000;
		prev[dir] = ms;
		seen[dir] = true;
		if (!eol)
			break;
		text = eol + 1;
	}
	return 0;
}

int fio_bw_log_file_written_after(const char *path, uint64_t after_ms,
				  uint64_t *bytes)
{
	char *text;
	int ret;

	*bytes = 0;
	ret = read_text(path, &text);
	/* an empty log reads as "": nothing was written */
	if (!ret)
		ret = fio_bw_log_written_after(text, after_ms, bytes);
	free(text);
	return ret;
}
