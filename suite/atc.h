/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a test case sees: its declaration (ATC_TEST) and the context it is
 * handed. Arming, timeouts, kernel-log watching, evidence and TAP belong
 * to the runner; a test only observes and calls atc_check().
 */
#ifndef ATC_ATC_H
#define ATC_ATC_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "options.h"

struct json_object;

enum atc_needs {
	NEED_ROOT = 1 << 0,
	NEED_DEVICE = 1 << 1,		/* an ATS-capable --device */
	NEED_NEIGHBOUR = 1 << 2,	/* a second ATS device, --neighbour */
	NEED_INJECTOR = 1 << 3,		/* the atc_inject module */
	NEED_FIO = 1 << 4,
	NEED_STRESS_NG = 1 << 5,
	/* the module's own injection (probability, delay, its events) */
	NEED_INJECTOR_MODULE = 1 << 6,
	/* the IOMMU raising the timeout itself: --injector hw */
	NEED_INJECTOR_HW = 1 << 7,
};

struct atc_ctx;

struct atc_test {
	const char *name;
	const char *description;
	const char *group;		/* "catalogue" unless set */
	unsigned int needs;		/* enum atc_needs */
	unsigned int timeout_s;		/* 60 unless set */
	/*
	 * Drives the kernel into distress on purpose (a negative control):
	 * the runner's kernel-log check must then see it, not stay quiet.
	 */
	bool provokes_distress;
	int (*run)(struct atc_ctx *ctx);
	struct atc_test *next;
};

void atc_register(struct atc_test *test);

/* Declare a test in its own file: ATC_TEST(fn, "name", "what", .needs = ..). */
#define ATC_TEST(fn, test_name, desc, ...)				\
	static struct atc_test atc_test_##fn = {			\
		.name = test_name, .description = desc, .run = fn,	\
		__VA_ARGS__						\
	};								\
	__attribute__((constructor)) static void atc_register_##fn(void) \
	{								\
		atc_register(&atc_test_##fn);				\
	}

struct atc_ctx {
	const struct atc_test *test;
	const struct atc_options *opts;
	const char *device;		/* BDF under test, or NULL */
	const char *neighbour;		/* BDF of the neighbour, or NULL */
	char log_dir[PATH_MAX];		/* this test point's log files */
	uint64_t deadline_ns;		/* the runner kills the test then; 0: never */
	uint64_t seed;
	int report_fd;			/* records to the runner */
	struct json_object *pending;	/* evidence for the next check */
	unsigned int checks;
	unsigned int failed;
};

/* Evidence attached to the next check (and kept in results.json). */
void atc_evidence(struct atc_ctx *ctx, const char *key,
		  struct json_object *value);
void atc_evidence_u64(struct atc_ctx *ctx, const char *key, uint64_t value);
void atc_evidence_str(struct atc_ctx *ctx, const char *key,
		      const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* A measurement for results.json only. */
void atc_measure(struct atc_ctx *ctx, const char *key,
		 struct json_object *value);
/* One check: name is "C2-fenced" style, message says what was seen. */
bool atc_check(struct atc_ctx *ctx, const char *name, bool ok,
	       const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* The requirement is missing: the test point is skipped. */
void atc_skip(struct atc_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The test could not judge (e.g. no injection happened): not ok. */
void atc_error(struct atc_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A diagnostic line in the TAP stream. */
void atc_note(struct atc_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Path of a log file for this test point. */
void atc_log_path(struct atc_ctx *ctx, const char *name, char *out,
		  unsigned long len);
/* CLOCK_MONOTONIC in ns: the clock the kernel's events are stamped with. */
uint64_t atc_now_ns(void);
/*
 * limit_s, or less when the test would otherwise outlive its time limit:
 * what is left before the runner's kill, less margin_s for the judging
 * still to come (at least 1 s). A test killed loses the checks it was
 * about to record; one whose wait ran short records why.
 */
unsigned int atc_limit_within_deadline(const struct atc_ctx *ctx,
				       unsigned int limit_s,
				       unsigned int margin_s);

#endif
