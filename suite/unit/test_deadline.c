// SPDX-License-Identifier: GPL-2.0
/* A wait's limit within the test's own: the runner kills at deadline_ns. */
#include "unit.h"
#include "atc.h"

static unsigned int fit(uint64_t deadline_ns, unsigned int limit_s,
			unsigned int margin_s)
{
	struct atc_ctx ctx = { .deadline_ns = deadline_ns };

	return atc_limit_within_deadline(&ctx, limit_s, margin_s);
}

static void test_no_deadline(void **state)
{
	(void)state;
	assert_int_equal(fit(0, 180, 15), 180);
}

static void test_room_enough(void **state)
{
	(void)state;
	assert_int_equal(fit(atc_now_ns() + 300 * 1000000000ull, 180, 15), 180);
}

static void test_shortened(void **state)
{
	unsigned int got;

	(void)state;
	/* 50 s left, 15 of them kept back: 35 s, or 34 once a moment passed */
	got = fit(atc_now_ns() + 50 * 1000000000ull, 180, 15);
	assert_in_range(got, 34, 35);
}

static void test_nothing_left(void **state)
{
	uint64_t now = atc_now_ns();

	(void)state;
	/* within the margin, or already past: still a second for the wait */
	assert_int_equal(fit(now + 10 * 1000000000ull, 180, 15), 1);
	assert_int_equal(fit(now > 1000000000ull ? now - 1000000000ull : 1,
			     180, 15), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_deadline),
		cmocka_unit_test(test_room_enough),
		cmocka_unit_test(test_shortened),
		cmocka_unit_test(test_nothing_left),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
