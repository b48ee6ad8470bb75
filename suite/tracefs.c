// SPDX-License-Identifier: GPL-2.0
#include "tracefs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int write_file(const char *dir, const char *name, const char *text,
		      bool append)
{
	char path[PATH_MAX + 64];
	ssize_t len = (ssize_t)strlen(text), n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CLOEXEC | (append ? O_APPEND : O_TRUNC));
	if (fd < 0)
		return -errno;
	n = write(fd, text, (size_t)len);
	if (n != len) {
		int err = n < 0 ? -errno : -EIO;

		close(fd);
		return err;
	}
	return close(fd) ? -errno : 0;
}

int tracefs_probe_add(struct tracefs_probe *p, const char *tracing_dir,
		      const char *event, const char *symbol)
{
	char line[256], enable[128];
	int ret;

	memset(p, 0, sizeof(*p));
	snprintf(p->dir, sizeof(p->dir), "%s", tracing_dir);
	snprintf(p->event, sizeof(p->event), "atctests/%s", event);
	/* an empty buffer: hits are counted from here */
	ret = write_file(p->dir, "trace", "", false);
	if (ret)
		return ret;
	snprintf(line, sizeof(line), "p:%s %s\n", p->event, symbol);
	ret = write_file(p->dir, "kprobe_events", line, true);
	if (ret)
		return ret;
	p->added = true;
	snprintf(enable, sizeof(enable), "events/%s/enable", p->event);
	return write_file(p->dir, enable, "1", false);
}

long tracefs_probe_hits(struct tracefs_probe *p)
{
	char path[PATH_MAX + 16], buf[1024], pattern[80];
	long hits = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/trace", p->dir);
	/* trace lines read "... : <event>: (<symbol>+0x0/...)" */
	snprintf(pattern, sizeof(pattern), " %s:", strchr(p->event, '/') + 1);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (fgets(buf, sizeof(buf), f))
		if (buf[0] != '#' && strstr(buf, pattern))
			hits++;
	fclose(f);
	return hits;
}

void tracefs_probe_remove(struct tracefs_probe *p)
{
	char line[128], enable[128];

	if (!p->added)
		return;
	snprintf(enable, sizeof(enable), "events/%s/enable", p->event);
	write_file(p->dir, enable, "0", false);
	snprintf(line, sizeof(line), "-:%s\n", p->event);
	write_file(p->dir, "kprobe_events", line, true);
	p->added = false;
}
