// SPDX-License-Identifier: GPL-2.0
/* tracefs kprobe events, on a directory laid out as the kernel's. */
#include "unit.h"
#include "tracefs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[] = "/tmp/atctests-tracefs-XXXXXX";

static void put(const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void get(const char *name, char *buf, size_t len)
{
	char path[256];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	fclose(f);
}

static void test_probe(void **state)
{
	struct tracefs_probe p;
	char buf[256], path[256];

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/events", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/events/atctests", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/events/atctests/pci_disable_ats", dir);
	mkdir(path, 0755);
	put("events/atctests/pci_disable_ats/enable", "0\n");
	put("kprobe_events", "p:other/x vfs_read\n");
	put("trace", "stale\n");

	assert_int_equal(tracefs_probe_add(&p, dir, "pci_disable_ats",
					   "pci_disable_ats"), 0);
	get("kprobe_events", buf, sizeof(buf));
	assert_string_equal(buf, "p:other/x vfs_read\np:atctests/pci_disable_ats pci_disable_ats\n");
	get("events/atctests/pci_disable_ats/enable", buf, sizeof(buf));
	assert_string_equal(buf, "1");
	get("trace", buf, sizeof(buf));
	assert_string_equal(buf, "");

	put("trace", "# tracer: nop\n"
	    "  sh-42 [001] d.... 12.5: pci_disable_ats: (pci_disable_ats+0x0/0x50)\n"
	    "  sh-42 [001] d.... 12.6: other_event: (x+0x0/0x5)\n"
	    "  kworker-7 [000] d.... 13.0: pci_disable_ats: (pci_disable_ats+0x0/0x50)\n");
	assert_int_equal(tracefs_probe_hits(&p), 2);
	tracefs_probe_remove(&p);
	get("kprobe_events", buf, sizeof(buf));
	assert_non_null(strstr(buf, "-:atctests/pci_disable_ats\n"));
	tracefs_probe_remove(&p);	/* twice is harmless */

	/* no tracefs here: an error, nothing added */
	assert_int_equal(tracefs_probe_add(&p, "/nonexistent", "x", "y"), -ENOENT);
	assert_false(p.added);
	tracefs_probe_remove(&p);
	snprintf(path, sizeof(path), "rm -rf %s", dir);
	assert_int_equal(system(path), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_probe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
