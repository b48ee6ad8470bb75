// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: kernel log records as read(2) on /dev/kmsg returns them,
 * "pri,seq,ts,flags;text" with " KEY=value" continuation lines. The input
 * is split the way `cat /dev/kmsg` prints records (a record is a line and
 * the lines after it that start with a space); each one goes, NUL-ended
 * like kmsg_next()'s buffer, through kmsg_parse(), and its text through
 * the classifier and the device matcher as the runner and scenarios use
 * them.
 */
#include "kmsg.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* the VM's device, one a VT-d report names as "SID 208", the largest */
static const char *const bdfs[] = {
	"0000:01:00.0", "0000:02:01.0", "ffff:ff:1f.7",
};

static void one_record(const uint8_t *raw, size_t len)
{
	/* exactly len + 1 bytes: a read past the record is caught */
	char *buf = malloc(len + 1);
	struct kmsg_record rec;
	enum kmsg_class class;

	if (!buf)
		return;
	memcpy(buf, raw, len);
	buf[len] = '\0';
	if (kmsg_parse(buf, len, &rec) == 0) {
		if (strnlen(rec.text, sizeof(rec.text)) >= sizeof(rec.text) ||
		    rec.level > 7)
			__builtin_trap();
		class = kmsg_classify(rec.text);
		if (class < KMSG_OTHER || class >= KMSG_CLASS_COUNT ||
		    !strcmp(kmsg_class_name(class), "unknown"))
			__builtin_trap();
		(void)kmsg_class_is_distress(class);
		for (size_t i = 0; i < sizeof(bdfs) / sizeof(bdfs[0]); i++)
			(void)kmsg_mentions_device(rec.text, bdfs[i]);
	}
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t start = 0;

	while (start < size) {
		size_t end = start;

		/* to the end of the first line, then over continuation lines */
		for (;;) {
			const uint8_t *nl = memchr(data + end, '\n', size - end);

			end = nl ? (size_t)(nl - data) + 1 : size;
			if (end >= size || data[end] != ' ')
				break;
		}
		one_record(data + start, end - start);
		start = end;
	}
	return 0;
}
