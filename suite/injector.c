// SPDX-License-Identifier: GPL-2.0
#include "injector.h"
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <json.h>
#include <libkmod.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

int injector_locate(const char *ko_path, char *path, size_t len,
		    char *why, size_t whylen)
{
	struct kmod_ctx *ctx;
	struct kmod_list *list = NULL;
	struct utsname uts;
	int found = 0;

	if (ko_path) {
		if (access(ko_path, R_OK)) {
			snprintf(why, whylen, "injector module %s: %s",
				 ko_path, strerror(errno));
			return -ENOENT;
		}
		snprintf(path, len, "%s", ko_path);
		return 0;
	}
	ctx = kmod_new(NULL, NULL);
	if (ctx && kmod_module_new_from_lookup(ctx, INJECTOR_NAME, &list) == 0 &&
	    list) {
		struct kmod_module *mod = kmod_module_get_module(list);
		const char *p = kmod_module_get_path(mod);

		if (p) {
			snprintf(path, len, "%s", p);
			found = 1;
		}
		kmod_module_unref(mod);
		kmod_module_unref_list(list);
	}
	kmod_unref(ctx);
	if (found)
		return 0;
	uname(&uts);
	snprintf(path, len, "%s/modules/%s/%s.ko", ATC_LIBDIR, uts.release,
		 INJECTOR_NAME);
	if (!access(path, R_OK))
		return 0;
	snprintf(why, whylen,
		 "no %s module for kernel %s; build it (injectors/atc_inject) or pass --injector PATH",
		 INJECTOR_NAME, uts.release);
	return -ENOENT;
}

int injector_load(struct injector *inj, const char *path, const char *options,
		  const char *debugfs, char *err, size_t errlen)
{
	int ret;

	memset(inj, 0, sizeof(*inj));
	snprintf(inj->dir, sizeof(inj->dir), "%s/%s", debugfs, INJECTOR_NAME);
	inj->kmod = kmod_new(NULL, NULL);
	if (!inj->kmod) {
		snprintf(err, errlen, "libkmod: cannot create a context");
		return -ENOMEM;
	}
	ret = kmod_module_new_from_path(inj->kmod, path, &inj->mod);
	if (ret) {
		snprintf(err, errlen, "libkmod: cannot open %s: %s", path,
			 strerror(-ret));
		goto fail;
	}
	ret = kmod_module_insert_module(inj->mod, 0, options);
	if (ret) {
		snprintf(err, errlen,
			 "loading %s failed: %s (see the kernel log; is it built for this kernel?)",
			 path, strerror(-ret));
		goto fail;
	}
	if (access(inj->dir, F_OK)) {
		snprintf(err, errlen,
			 "%s loaded but %s is missing; mount debugfs on %s",
			 INJECTOR_NAME, inj->dir, debugfs);
		inj->loaded = true;
		injector_unload(inj);
		return -ENOENT;
	}
	inj->loaded = true;
	return 0;
fail:
	kmod_module_unref(inj->mod);
	inj->mod = NULL;
	kmod_unref(inj->kmod);
	inj->kmod = NULL;
	return ret;
}

int injector_set(struct injector *inj, const char *knob, const char *value)
{
	char path[PATH_MAX];
	size_t len = strlen(value);
	int fd, ret = 0;

	snprintf(path, sizeof(path), "%s/%s", inj->dir, knob);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, value, len) != (ssize_t)len)
		ret = -errno;
	close(fd);
	return ret;
}

/* A whole debugfs file (they come in pieces), NUL-terminated. */
static int read_text(const char *path, char *out, size_t len)
{
	ssize_t n, total = 0;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while ((size_t)total + 1 < len &&
	       (n = read(fd, out + total, len - 1 - (size_t)total)) > 0)
		total += n;
	close(fd);
	out[total] = '\0';
	return 0;
}

int injector_get(struct injector *inj, const char *knob, char *out,
		 size_t len)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", inj->dir, knob);
	return read_text(path, out, len);
}

static int unload(struct injector *inj, bool disarm)
{
	int ret = 0;

	if (inj->loaded) {
		/* Disarm first so no injection races the removal. */
		if (disarm)
			injector_set(inj, "armed", "0");
		ret = kmod_module_remove_module(inj->mod, 0);
		inj->loaded = false;
	}
	kmod_module_unref(inj->mod);
	inj->mod = NULL;
	kmod_unref(inj->kmod);
	inj->kmod = NULL;
	return ret;
}

int injector_unload(struct injector *inj)
{
	return unload(inj, true);
}

int injector_unload_armed(struct injector *inj)
{
	return unload(inj, false);
}

static struct json_object *scalar(const char *s)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 0);
	if (*s && !*end && !errno)
		return json_object_new_int64(v);
	return json_object_new_string(s);
}

struct json_object *injector_parse_stats(const char *text)
{
	struct json_object *o = json_object_new_object();
	char *copy = strdup(text), *line, *save = NULL;

	for (line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *sp = strchr(line, ' ');

		if (!sp)
			continue;
		*sp++ = '\0';
		while (*sp == ' ')
			sp++;
		json_object_object_add(o, line, scalar(sp));
	}
	free(copy);
	return o;
}

struct json_object *injector_parse_events(const char *text)
{
	struct json_object *arr = json_object_new_array();
	char *copy = strdup(text), *line, *save = NULL;

	for (line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		struct json_object *ev;
		char *field, *fsave = NULL, *end;
		unsigned long long ns;

		field = strtok_r(line, " ", &fsave);
		if (!field)
			continue;
		ns = strtoull(field, &end, 10);
		if (*end)
			continue;
		field = strtok_r(NULL, " ", &fsave);
		if (!field)
			continue;
		ev = json_object_new_object();
		json_object_object_add(ev, "ns", json_object_new_int64((int64_t)ns));
		json_object_object_add(ev, "name", json_object_new_string(field));
		while ((field = strtok_r(NULL, " ", &fsave))) {
			char *eq = strchr(field, '=');

			if (!eq)
				continue;
			*eq = '\0';
			json_object_object_add(ev, field, scalar(eq + 1));
		}
		json_object_array_add(arr, ev);
	}
	free(copy);
	return arr;
}

int injector_read_json(struct injector *inj, const char *knob,
		       struct json_object **out)
{
	size_t len = 1 << 20;
	char *buf = malloc(len);
	int ret;

	*out = NULL;
	if (!buf)
		return -ENOMEM;
	ret = injector_get(inj, knob, buf, len);
	if (!ret)
		*out = strcmp(knob, "events") ? injector_parse_stats(buf) :
						injector_parse_events(buf);
	free(buf);
	return ret;
}

struct json_object *injector_event_next(struct json_object *events,
					const char *name, size_t *pos)
{
	size_t n = events ? json_object_array_length(events) : 0;

	while (*pos < n) {
		struct json_object *ev = json_object_array_get_idx(events, (*pos)++);

		if (!name || !strcmp(injector_event_str(ev, "name"), name))
			return ev;
	}
	return NULL;
}

int64_t injector_event_num(struct json_object *ev, const char *key)
{
	struct json_object *v;

	return json_object_object_get_ex(ev, key, &v) ?
	       json_object_get_int64(v) : 0;
}

const char *injector_event_str(struct json_object *ev, const char *key)
{
	struct json_object *v;
	const char *s;

	if (!json_object_object_get_ex(ev, key, &v))
		return "";
	s = json_object_get_string(v);
	return s ? s : "";
}

bool injector_event_injected(struct json_object *ev)
{
	return !strcmp(injector_event_str(ev, "name"), "devtlb") &&
	       injector_event_num(ev, "injected");
}

uint64_t injector_event_first(struct json_object *events, const char *name,
			      uint64_t since_ns)
{
	struct json_object *ev;

	for (size_t i = 0; (ev = injector_event_next(events, name, &i));)
		if ((uint64_t)injector_event_num(ev, "ns") >= since_ns)
			return (uint64_t)injector_event_num(ev, "ns");
	return 0;
}

unsigned int injector_count_events(struct json_object *events,
				   const char *name, uint64_t since_ns)
{
	struct json_object *ev;
	unsigned int count = 0;

	for (size_t i = 0; (ev = injector_event_next(events, name, &i));)
		if ((uint64_t)injector_event_num(ev, "ns") >= since_ns)
			count++;
	return count;
}

int injector_site_probe_state(const char *kprobes_list, char *sym,
			      size_t len)
{
	/* the sites' entry points, one per IOMMU driver */
	static const char *const sites[] = {
		"qi_submit_sync", "iommu_queue_command_sync",
		"__iommu_queue_command_sync", "arm_smmu_cmdq_issue_cmdlist",
	};
	const char *line = kprobes_list;
	int state = -ENOENT;

	while (line && *line && state != 1) {
		const char *next = strchr(line, '\n');
		size_t n = next ? (size_t)(next - line) : strlen(line);
		char addr[32], type[4], name[128];

		if (sscanf(line, "%31s %3s %127s", addr, type, name) == 3 &&
		    !strcmp(type, "r")) {
			name[strcspn(name, "+")] = '\0';
			for (size_t i = 0; i < sizeof(sites) / sizeof(sites[0]); i++) {
				if (strcmp(name, sites[i]))
					continue;
				/* every registered site, the enabled one named */
				if (state < 0 || !memmem(line, n, "[DISABLED]", 10))
					snprintf(sym, len, "%s", name);
				state = !memmem(line, n, "[DISABLED]", 10);
			}
		}
		line = next ? next + 1 : NULL;
	}
	return state;
}

int injector_site_probe(const char *debugfs, char *sym, size_t len)
{
	char path[PATH_MAX], text[16384];

	snprintf(path, sizeof(path), "%s/kprobes/list", debugfs);
	if (read_text(path, text, sizeof(text)))
		return -ENOENT;
	return injector_site_probe_state(text, sym, len);
}

int injector_remove_loaded(const char *debugfs)
{
	struct injector inj = { 0 };
	int ret;

	snprintf(inj.dir, sizeof(inj.dir), "%s/%s", debugfs, INJECTOR_NAME);
	injector_set(&inj, "armed", "0");
	inj.kmod = kmod_new(NULL, NULL);
	if (!inj.kmod)
		return -ENOMEM;
	ret = kmod_module_new_from_name(inj.kmod, INJECTOR_NAME, &inj.mod);
	if (!ret)
		ret = kmod_module_remove_module(inj.mod, 0);
	kmod_module_unref(inj.mod);
	kmod_unref(inj.kmod);
	return ret;
}
