// SPDX-License-Identifier: GPL-2.0
/* Escaping: whatever a kernel log line holds must not break a document. */
#include "report_unit.h"

static void put_xml(FILE *out)
{
	xml_puts(out, "a<b>&\"'\n\t\x01\x7f z");
}

static void test_xml(void **state)
{
	char *s = NULL;
	size_t len;
	FILE *out = open_memstream(&s, &len);

	(void)state;
	put_xml(out);
	xml_puts(out, NULL);
	/* UTF-8 kept; a stray byte or a cut sequence is not */
	xml_puts(out, " \xc2\xb5s \xff \xe2\x82");
	fclose(out);
	assert_string_equal(s, "a&lt;b&gt;&amp;&quot;&#39;&#10;&#9;?? z µs ? ??");
	free(s);
}

static void test_markdown_cell(void **state)
{
	char *s = NULL;
	size_t len;
	FILE *out = open_memstream(&s, &len);

	(void)state;
	md_puts(out, "a|b\n*c* <x> _y_ `z` #1");
	fclose(out);
	assert_string_equal(s, "a\\|b \\*c\\* &lt;x&gt; \\_y\\_ \\`z\\` \\#1");
	free(s);
}

static void raw(FILE *out, const char *s)
{
	fputs(s, out);
}

static void test_evidence_lines(void **state)
{
	struct json_object *check = json_tokener_parse(
		"{\"name\":\"C1-reported\",\"ok\":false,\"message\":\"m\","
		"\"expected_failure\":\"why\",\"evidence\":{\"k\":\"v\",\"n\":3,"
		"\"lines\":[{\"ts_usec\":1500000,\"class\":\"ite\",\"text\":\"DMAR: ITE\"},\"plain\"],"
		"\"empty\":[],\"obj\":{\"a\":1}}}");
	char *s = NULL;
	size_t len;
	FILE *out = open_memstream(&s, &len);

	(void)state;
	assert_non_null(check);
	evidence_write(out, check, raw);
	fclose(out);
	assert_string_equal(s, "message: m\nexpected_failure: why\nk: v\nn: 3\n"
			    "lines:\n  - [1.500000] DMAR: ITE\n  - plain\n"
			    "empty: []\nobj: {\"a\":1}\n");
	free(s);
	json_object_put(check);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xml),
		cmocka_unit_test(test_markdown_cell),
		cmocka_unit_test(test_evidence_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
