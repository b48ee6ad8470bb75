// SPDX-License-Identifier: GPL-2.0
/* Parsing what atc_inject reports in debugfs (stats and events). */
#include "unit.h"
#include "injector.h"

#include <errno.h>
#include <json.h>
#include <string.h>

static void test_stats(void **state)
{
	struct json_object *o = injector_parse_stats(
		"armed 1\ntarget 0000:01:00.0\nmatched 4821\ninjected 5\n"
		"first_inject_ns 1234567890123\ndisarm_reason none\nbroken\n");

	(void)state;
	assert_int_equal(json_object_get_int64(json_object_object_get(o, "matched")), 4821);
	assert_int_equal(json_object_get_int64(json_object_object_get(o, "first_inject_ns")),
			 1234567890123LL);
	assert_string_equal(json_object_get_string(json_object_object_get(o, "target")),
			    "0000:01:00.0");
	assert_string_equal(json_object_get_string(json_object_object_get(o, "disarm_reason")),
			    "none");
	assert_null(json_object_object_get(o, "broken"));
	json_object_put(o);
}

static void test_events(void **state)
{
	struct json_object *ev = injector_parse_events(
		"100 arm\n"
		"200 devtlb seq=1 sid=0x0100 injected=1 ret=-110\n"
		"300 ats_disable\n"
		"400 cb name=reset_prepare phase=enter\n"
		"x bad line\n"
		"500 devtlb seq=2 sid=0x0100 injected=0 ret=0\n");
	struct json_object *e;

	(void)state;
	assert_int_equal(json_object_array_length(ev), 5);
	e = json_object_array_get_idx(ev, 1);
	assert_string_equal(json_object_get_string(json_object_object_get(e, "name")), "devtlb");
	assert_int_equal(json_object_get_int(json_object_object_get(e, "ret")), -110);
	assert_int_equal(json_object_get_int(json_object_object_get(e, "sid")), 0x100);
	assert_int_equal(injector_count_events(ev, "devtlb", 0), 2);
	assert_int_equal(injector_count_events(ev, "devtlb", 201), 1);
	assert_int_equal(injector_count_events(ev, "resume", 0), 0);
	assert_int_equal(injector_count_events(NULL, "devtlb", 0), 0);
	json_object_put(ev);
}

static void test_event_walk(void **state)
{
	struct json_object *ev = injector_parse_events(
		"100 arm\n"
		"200 devtlb seq=1 sid=0x0100 injected=1 ret=-110\n"
		"400 cb fn=reset_prepare phase=enter\n"
		"500 devtlb seq=2 sid=0x0100 injected=0 ret=0\n");
	struct json_object *e;
	size_t i = 0;

	(void)state;
	e = injector_event_next(ev, "devtlb", &i);
	assert_non_null(e);
	assert_int_equal(injector_event_num(e, "seq"), 1);
	assert_true(injector_event_injected(e));
	e = injector_event_next(ev, "devtlb", &i);
	assert_int_equal(injector_event_num(e, "ns"), 500);
	assert_false(injector_event_injected(e));
	assert_null(injector_event_next(ev, "devtlb", &i));
	i = 0;
	e = injector_event_next(ev, NULL, &i);
	assert_string_equal(injector_event_str(e, "name"), "arm");
	assert_string_equal(injector_event_str(e, "fn"), "");
	assert_int_equal(injector_event_num(e, "seq"), 0);
	i = 0;
	e = injector_event_next(ev, "cb", &i);
	assert_string_equal(injector_event_str(e, "fn"), "reset_prepare");
	assert_int_equal(injector_event_first(ev, "devtlb", 201), 500);
	assert_int_equal(injector_event_first(ev, "devtlb", 501), 0);
	i = 0;
	assert_null(injector_event_next(NULL, NULL, &i));
	json_object_put(ev);
}

static void test_locate(void **state)
{
	char path[256], why[256];

	(void)state;
	assert_int_not_equal(injector_locate("/nonexistent/atc_inject.ko", path,
					     sizeof(path), why, sizeof(why)), 0);
	assert_non_null(strstr(why, "/nonexistent/atc_inject.ko"));
}

/* The kernel's kprobes/list, as 6.1 prints it with atc_inject loaded. */
static void test_site_probe_state(void **state)
{
	static const char list[] =
		"ffffffffc0a01230  k  pci_enable_ats+0x0    [FTRACE]\n"
		"ffffffff8190e2a0  r  qi_submit_sync+0x0    [DISABLED][FTRACE]\n"
		"ffffffff8190e2a0  k  qi_submit_sync+0x0    [FTRACE]\n";
	char sym[64] = "";

	(void)state;
	assert_int_equal(injector_site_probe_state(list, sym, sizeof(sym)), 0);
	assert_string_equal(sym, "qi_submit_sync");
	assert_int_equal(injector_site_probe_state(
		"ffffffff8190e2a0  r  qi_submit_sync+0x0    [FTRACE]\n", sym,
		sizeof(sym)), 1);
	assert_int_equal(injector_site_probe_state(
		"ffffffff8190e2a0  r  __iommu_queue_command_sync+0x0\n", sym,
		sizeof(sym)), 1);
	assert_string_equal(sym, "__iommu_queue_command_sync");
	/* several sites registered (AMD's driver is built in too) */
	assert_int_equal(injector_site_probe_state(
		"ffffffff8190e2a0  r  qi_submit_sync+0x0    [DISABLED][FTRACE]\n"
		"ffffffff8170e1c0  r  __iommu_queue_command_sync+0x0    [DISABLED][FTRACE]\n",
		sym, sizeof(sym)), 0);
	assert_string_equal(sym, "qi_submit_sync");
	assert_int_equal(injector_site_probe_state(
		"ffffffff8170e1c0  r  __iommu_queue_command_sync+0x0    [DISABLED][FTRACE]\n"
		"ffffffff8190e2a0  r  qi_submit_sync+0x0    [FTRACE]\n",
		sym, sizeof(sym)), 1);
	assert_string_equal(sym, "qi_submit_sync");
	/* a plain kprobe, or another function, is not the site */
	assert_int_equal(injector_site_probe_state(
		"ffffffff8190e2a0  k  qi_submit_sync+0x0    [FTRACE]\n"
		"ffffffff8190e2a0  r  qi_submit_sync_x+0x0\n", sym,
		sizeof(sym)), -ENOENT);
	assert_int_equal(injector_site_probe_state("", sym, sizeof(sym)), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stats),
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_event_walk),
		cmocka_unit_test(test_locate),
		cmocka_unit_test(test_site_probe_state),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
