// SPDX-License-Identifier: GPL-2.0
#include "hwinject.h"
#include "atc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int hw_find_port(const char *sysfs, char *path, size_t len)
{
	char dir[PATH_MAX], file[PATH_MAX + 300], name[128];
	struct dirent *de;
	int ret = -ENOENT;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/class/virtio-ports", sysfs);
	d = opendir(dir);
	if (!d)
		return -ENOENT;
	while (ret && (de = readdir(d))) {
		FILE *f;

		if (de->d_name[0] == '.')
			continue;
		snprintf(file, sizeof(file), "%s/%s/name", dir, de->d_name);
		f = fopen(file, "re");
		if (!f)
			continue;
		if (fgets(name, sizeof(name), f)) {
			name[strcspn(name, "\n")] = '\0';
			if (!strcmp(name, HW_CONTROL_PORT)) {
				snprintf(path, len, "/dev/%s", de->d_name);
				ret = 0;
			}
		}
		fclose(f);
	}
	closedir(d);
	return ret;
}

int hw_open(struct hw_injector *hw, const char *sysfs, char *err,
	    size_t errlen)
{
	char path[PATH_MAX];

	hw->fd = -1;
	if (hw_find_port(sysfs, path, sizeof(path))) {
		snprintf(err, errlen,
			 "--injector hw: no virtio-serial port %s: the hardware-level injector needs the VM platform's host side (ci/vm/atc-vm --injector hw)",
			 HW_CONTROL_PORT);
		return -ENOENT;
	}
	hw->fd = open(path, O_RDWR | O_CLOEXEC | O_NONBLOCK);
	if (hw->fd < 0) {
		snprintf(err, errlen, "--injector hw: %s: %s", path,
			 strerror(errno));
		return -errno;
	}
	return 0;
}

void hw_close(struct hw_injector *hw)
{
	if (hw->fd >= 0)
		close(hw->fd);
	hw->fd = -1;
}

/* "key=value" of a reply as a signed number; false when absent. */
static bool reply_num(const char *line, const char *key, int64_t *out)
{
	size_t klen = strlen(key);
	const char *p = line;

	while ((p = strstr(p, key))) {
		if ((p == line || p[-1] == ' ') && p[klen] == '=') {
			char *end;

			errno = 0;
			*out = strtoll(p + klen + 1, &end, 10);
			return !errno && end != p + klen + 1 &&
			       (*end == ' ' || *end == '\0');
		}
		p += klen;
	}
	return false;
}

/* The ATC model's counters: all four, or none when the model is off. */
static bool parse_atc(const char *line, struct hw_stats *st)
{
	unsigned int found = 0;

	for (size_t i = 0; i < ATC_MODEL_NCOUNTS; i++) {
		uint64_t *count = atc_model_count(&st->atc, i);
		int64_t v;

		*count = 0;
		if (!reply_num(line, atc_model_names[i], &v))
			continue;
		if (v < 0)
			return false;
		*count = (uint64_t)v;
		found++;
	}
	st->atc_model = found > 0;
	return !found || found == ATC_MODEL_NCOUNTS;
}

int hw_parse_reply(const char *line, unsigned int id, struct hw_stats *st,
		   char *err, size_t errlen)
{
	int64_t count, last, unresp;
	unsigned int got;
	int n = 0;

	if (sscanf(line, "%u %n", &got, &n) != 1 || !n)
		goto malformed;
	if (got != id)
		return 1;
	line += n;
	if (!strncmp(line, "error ", 6)) {
		snprintf(err, errlen, "host agent: %s", line + 6);
		return -EIO;
	}
	if (strncmp(line, "ok ", 3) ||
	    !reply_num(line, "ite_count", &count) || count < 0 ||
	    !reply_num(line, "last_sid", &last) ||
	    !reply_num(line, "unresponsive_sid", &unresp))
		goto malformed;
	st->ite_count = (uint64_t)count;
	st->last_sid = last;
	st->unresponsive_sid = unresp;
	if (!parse_atc(line, st))
		goto malformed;
	return 0;
malformed:
	snprintf(err, errlen, "host agent: malformed reply '%.120s'", line);
	return -EIO;
}

/* Send "ID request", wait for the reply with that id. */
static int request(struct hw_injector *hw, const char *req,
		   struct hw_stats *st, char *err, size_t errlen)
{
	uint64_t deadline = atc_now_ns() + HW_REPLY_MS * 1000000ull;
	unsigned int id = ++hw->next_id;
	char buf[1024];
	size_t have = 0;
	int len;

	if (hw->fd < 0) {
		snprintf(err, errlen, "--injector hw: the control port is not open");
		return -EBADF;
	}
	len = snprintf(buf, sizeof(buf), "%u %s\n", id, req);
	if (write(hw->fd, buf, (size_t)len) != len) {
		snprintf(err, errlen, "--injector hw: writing '%s': %s", req,
			 strerror(errno));
		return -EIO;
	}
	for (;;) {
		uint64_t now = atc_now_ns();
		struct pollfd pfd = { .fd = hw->fd, .events = POLLIN };
		char *nl;
		ssize_t n;
		int ret;

		while ((nl = memchr(buf, '\n', have))) {
			*nl = '\0';
			ret = hw_parse_reply(buf, id, st, err, errlen);
			have -= (size_t)(nl + 1 - buf);
			memmove(buf, nl + 1, have);
			if (ret <= 0)
				return ret;
		}
		if (now >= deadline || have == sizeof(buf) - 1)
			break;
		ret = poll(&pfd, 1, (int)((deadline - now) / 1000000) + 1);
		if (ret < 0 && errno != EINTR)
			break;
		if (ret <= 0)
			continue;
		n = read(hw->fd, buf + have, sizeof(buf) - 1 - have);
		if (n > 0)
			have += (size_t)n;
		else if (n < 0 && errno != EAGAIN && errno != EINTR)
			break;
		else
			usleep(1000);	/* the host end is not connected yet */
	}
	snprintf(err, errlen,
		 "--injector hw: no answer to '%s' from the host agent within %u ms",
		 req, HW_REPLY_MS);
	return -ETIMEDOUT;
}

int hw_arm(struct hw_injector *hw, uint32_t sid, unsigned int timeout_ms,
	   unsigned int limit, unsigned int hold_ms, struct hw_stats *st,
	   char *err, size_t errlen)
{
	char req[128];

	snprintf(req, sizeof(req), "arm %u %u %u %u", sid, timeout_ms, limit,
		 hold_ms);
	return request(hw, req, st, err, errlen);
}

int hw_disarm(struct hw_injector *hw, struct hw_stats *st, char *err,
	      size_t errlen)
{
	return request(hw, "disarm", st, err, errlen);
}

int hw_stats(struct hw_injector *hw, struct hw_stats *st, char *err,
	     size_t errlen)
{
	return request(hw, "stats", st, err, errlen);
}
