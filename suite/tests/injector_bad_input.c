// SPDX-License-Identifier: GPL-2.0
/* Every bad debugfs write is refused with EINVAL and nothing gets armed. */
#include "atc.h"
#include "arming.h"
#include "pci.h"

#include <errno.h>
#include <json.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

struct bad_write {
	const char *knob;
	const char *value;
	int err;
};

struct no_ats_walk {
	const char *sysfs;
	char bdf[PCI_BDF_LEN];
};

/* A PCI function without ATS: a valid address the injector must refuse. */
static int find_no_ats(const char *bdf, void *arg)
{
	struct no_ats_walk *w = arg;
	struct ats_state st;

	if (pci_ats_read(w->sysfs, bdf, &st) || st.present)
		return 0;
	snprintf(w->bdf, sizeof(w->bdf), "%s", bdf);
	return 1;
}

/* A module parameter out of range: the load itself is refused. */
static void bad_param(struct atc_ctx *ctx, const char *option)
{
	char path[PATH_MAX], err[512];
	struct injector inj;
	int ret;

	ret = injector_locate(ctx->opts->injector, path, sizeof(path), err,
			      sizeof(err));
	if (!ret) {
		ret = injector_load(&inj, path, option, ctx->opts->debugfs, err,
				    sizeof(err));
		if (!ret)
			injector_unload(&inj);
	}
	atc_evidence_str(ctx, "load", "%s: %s", option,
			 ret ? strerror(-ret) : "accepted");
	atc_check(ctx, "I-bad-param-refused", ret == -EINVAL,
		  "loading with %s: %s", option,
		  ret ? strerror(-ret) : "accepted");
}

static int injector_bad_input(struct atc_ctx *ctx)
{
	struct no_ats_walk walk = { .sysfs = ctx->opts->sysfs };
	const char *no_ats = walk.bdf;
	char armed[16];
	const struct bad_write bad[] = {
		{ "armed", "1", EINVAL },		/* no target yet */
		{ "target", "0000:01:00", EINVAL },
		{ "target", "zz:00.0", EINVAL },
		{ "target", "0000:7f:1f.7", EINVAL },	/* no such device */
		{ "target", no_ats, EINVAL },		/* no ATS capability */
		{ "site", "sparc", EINVAL },
		{ "mode", "sometimes", EINVAL },
		{ "probability", "101", EINVAL },
		{ "probability", "-1", EINVAL },
		{ "interval", "0", EINVAL },
		{ "times", "-2", EINVAL },
		{ "delay_us", "10000001", EINVAL },
		{ "max_armed_ms", "0", EINVAL },
		{ "seed", "seventeen", EINVAL },
	};
	struct json_object *refused = json_object_new_array();
	struct injector inj;
	unsigned int ok = 0;

	pci_for_each_device(ctx->opts->sysfs, find_no_ats, &walk);
	if (arm_load(ctx, &inj)) {
		json_object_put(refused);
		return 0;
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int ret = injector_set(&inj, bad[i].knob, bad[i].value);
		char line[128];

		snprintf(line, sizeof(line), "%s=%s: %s", bad[i].knob,
			 bad[i].value, ret ? strerror(-ret) : "accepted");
		json_object_array_add(refused, json_object_new_string(line));
		if (ret == -bad[i].err)
			ok++;
	}
	injector_get(&inj, "armed", armed, sizeof(armed));
	atc_evidence(ctx, "writes", refused);
	atc_evidence_str(ctx, "non_ats_device", "%s", no_ats[0] ? no_ats : "none found");
	atc_check(ctx, "I-bad-input-refused",
		  ok == sizeof(bad) / sizeof(bad[0]) && armed[0] == '0',
		  "%u of %zu bad writes refused with EINVAL; armed reads %c",
		  ok, sizeof(bad) / sizeof(bad[0]), armed[0]);
	arm_unload(ctx, &inj);
	bad_param(ctx, "maxactive=65537");
	return 0;
}
ATC_TEST(injector_bad_input, "injector-bad-input",
	 "atc_inject refuses every bad debugfs write and arms nothing",
	 .group = "injector", .needs = NEED_ROOT | NEED_DEVICE | NEED_INJECTOR |
		  NEED_INJECTOR_MODULE,
	 .timeout_s = 60);
