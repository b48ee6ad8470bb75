/* SPDX-License-Identifier: GPL-2.0 */
/* The atc_inject module: load/unload through libkmod, control via debugfs. */
#ifndef ATC_INJECTOR_H
#define ATC_INJECTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct json_object;
struct kmod_ctx;
struct kmod_module;

#define INJECTOR_NAME "atc_inject"

struct injector {
	struct kmod_ctx *kmod;
	struct kmod_module *mod;
	char dir[512];		/* debugfs directory of the module */
	bool loaded;
};

/*
 * Find the module: ko_path when given, else atc_inject in the running
 * kernel's module tree (DKMS), else the suite's own libdir. Fills path.
 */
int injector_locate(const char *ko_path, char *path, size_t len,
		    char *why, size_t whylen);
/* Insert with module options ("" for none); err gets one clear line. */
int injector_load(struct injector *inj, const char *path, const char *options,
		  const char *debugfs, char *err, size_t errlen);
/* Write one knob (target, mode, armed...); the kernel's verdict is errno. */
int injector_set(struct injector *inj, const char *knob, const char *value);
int injector_get(struct injector *inj, const char *knob, char *out,
		 size_t len);
/* Disarm, then remove the module. Safe to call when not loaded. */
int injector_unload(struct injector *inj);
/* Remove the module while it is still armed (the unload-safety test). */
int injector_unload_armed(struct injector *inj);

/* "key value" lines of debugfs stats -> json object (numbers as int64). */
struct json_object *injector_parse_stats(const char *text);
/* "<ns> <name> k=v..." lines of debugfs events -> json array of objects. */
struct json_object *injector_parse_events(const char *text);
int injector_read_json(struct injector *inj, const char *knob,
		       struct json_object **out);
/*
 * Walk events (NULL: none) named name (NULL: any) from *pos on: the next
 * one, or NULL at the end.
 *	for (size_t i = 0; (e = injector_event_next(events, "devtlb", &i));)
 */
struct json_object *injector_event_next(struct json_object *events,
					const char *name, size_t *pos);
/* A number of an event ("ns", "seq", "sid"), 0 when absent. */
int64_t injector_event_num(struct json_object *ev, const char *key);
/* A string of an event ("fn", "phase"), "" when absent. */
const char *injector_event_str(struct json_object *ev, const char *key);
/* A device-TLB invalidation the injector made time out? */
bool injector_event_injected(struct json_object *ev);
/* Time of the first event named name at or after since_ns; 0: none. */
uint64_t injector_event_first(struct json_object *events, const char *name,
			      uint64_t since_ns);
/* Count events named name at or after since_ns. */
unsigned int injector_count_events(struct json_object *events,
				   const char *name, uint64_t since_ns);

/*
 * The injection sites' kretprobes in the kernel's kprobes/list text
 * ("ADDR  r  qi_submit_sync+0x0    [DISABLED][FTRACE]"): 1 when one is
 * enabled (sym names it), 0 when all are disabled (sym: the first),
 * -ENOENT when none is registered.
 */
int injector_site_probe_state(const char *kprobes_list, char *sym,
			      size_t len);
/* The same, read from DEBUGFS/kprobes/list; -ENOENT when unreadable. */
int injector_site_probe(const char *debugfs, char *sym, size_t len);

/* Disarm and remove a loaded atc_inject (after a killed test). */
int injector_remove_loaded(const char *debugfs);

#endif
