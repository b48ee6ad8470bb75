// SPDX-License-Identifier: GPL-2.0
#include "kmsg.h"
#include "pci.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct pattern {
	enum kmsg_class class;
	const char *needle;
};

/*
 * Substrings of the kernel's own messages (watchdog.c, rcu/tree_stall.h,
 * hung_task.c, traps, iommu/intel/dmar.c, arm-smmu-v3.c, amd/iommu.c).
 * Order matters: the first match wins.
 */
static const struct pattern patterns[] = {
	{ KMSG_SOFT_LOCKUP, "soft lockup - CPU#" },
	{ KMSG_HARD_LOCKUP, "hard LOCKUP" },
	{ KMSG_RCU_STALL, "self-detected stall on CPU" },
	{ KMSG_RCU_STALL, "detected stalls on CPUs/tasks" },
	{ KMSG_RCU_STALL, "detected expedited stalls" },
	{ KMSG_HUNG_TASK, "blocked for more than" },
	{ KMSG_ATC_TIMEOUT, "Invalidation Time-out Error" },
	{ KMSG_ATC_TIMEOUT, "ATC invalidate timeout" },
	{ KMSG_ATC_TIMEOUT, "Completion-Wait loop timed out" },
	/* AMD-Vi's event log names the device whose IOTLB did not answer */
	{ KMSG_ATC_TIMEOUT, "IOTLB_INV_TIMEOUT" },
	{ KMSG_OOPS, "Kernel panic" },
	{ KMSG_OOPS, "Oops:" },
	{ KMSG_OOPS, "BUG: " },
	{ KMSG_OOPS, "general protection fault" },
	{ KMSG_WARNING, "WARNING: CPU:" },
	{ KMSG_IOMMU_FAULT, "DMAR: DRHD: handling fault" },
	{ KMSG_IOMMU_FAULT, "DMAR: [DMA " },
	{ KMSG_IOMMU_FAULT, "DMAR: [INTR-REMAP" },
	{ KMSG_IOMMU_FAULT, "Invalidation Queue Error" },
	{ KMSG_IOMMU_FAULT, "Invalidation Completion Error" },
	/* dmar.c's dump of the queue on any QI error: it names no device */
	{ KMSG_IOMMU_FAULT, "QI HEAD: " },
	{ KMSG_IOMMU_FAULT, "QI PRIOR: " },
	{ KMSG_IOMMU_FAULT, "CMDQ error" },
	{ KMSG_IOMMU_FAULT, "AMD-Vi: Event logged" },
	{ KMSG_AER, "AER: " },
};

static const char *const class_names[KMSG_CLASS_COUNT] = {
	[KMSG_OTHER] = "other",
	[KMSG_SOFT_LOCKUP] = "soft-lockup",
	[KMSG_HARD_LOCKUP] = "hard-lockup",
	[KMSG_RCU_STALL] = "rcu-stall",
	[KMSG_HUNG_TASK] = "hung-task",
	[KMSG_OOPS] = "oops",
	[KMSG_WARNING] = "warning",
	[KMSG_ATC_TIMEOUT] = "atc-timeout",
	[KMSG_IOMMU_FAULT] = "iommu-fault",
	[KMSG_AER] = "aer",
};

enum kmsg_class kmsg_classify(const char *text)
{
	for (size_t i = 0; i < sizeof(patterns) / sizeof(patterns[0]); i++)
		if (strstr(text, patterns[i].needle))
			return patterns[i].class;
	return KMSG_OTHER;
}

const char *kmsg_class_name(enum kmsg_class class)
{
	if (class < 0 || class >= KMSG_CLASS_COUNT)
		return "unknown";
	return class_names[class];
}

bool kmsg_class_is_distress(enum kmsg_class class)
{
	switch (class) {
	case KMSG_SOFT_LOCKUP:
	case KMSG_HARD_LOCKUP:
	case KMSG_RCU_STALL:
	case KMSG_HUNG_TASK:
	case KMSG_OOPS:
	case KMSG_WARNING:
		return true;
	default:
		return false;
	}
}

bool kmsg_from_atctests(const char *text)
{
	size_t n;

	if (strncmp(text, "atc_", 4))
		return false;
	n = 4 + strspn(text + 4, "abcdefghijklmnopqrstuvwxyz0123456789_");
	return text[n] == ':';
}

/* "SID" as a word: not the tail of "PASID" or of any other name. */
static const char *sid_word(const char *text, const char *from)
{
	for (const char *p = strstr(from, "SID"); p; p = strstr(p + 3, "SID"))
		if (p == text || !isalnum((unsigned char)p[-1]))
			return p;
	return NULL;
}

bool kmsg_mentions_device(const char *text, const char *bdf)
{
	char short_bdf[PCI_BDF_LEN];
	const char *p;

	if (strstr(text, bdf))
		return true;
	/* "[01:00.0]" as DMAR fault lines print it, "device=01:00.0" AMD-Vi's */
	snprintf(short_bdf, sizeof(short_bdf), "%s", bdf + 5);
	p = strstr(text, short_bdf);
	if (p && (p == text || p[-1] == '[' || p[-1] == ' ' || p[-1] == '='))
		return true;
	/* "SID 100" / "SID: 0x100" as VT-d ITE reports print the source-id */
	for (p = sid_word(text, text); p; p = sid_word(text, p + 3)) {
		const char *q = p + 3;
		char *end;
		unsigned long v;

		while (*q == ' ' || *q == ':' || *q == '=')
			q++;
		v = strtoul(q, &end, 16);
		if (end != q && v == pci_bdf_requester_id(bdf))
			return true;
	}
	return false;
}

int kmsg_parse(const char *raw, size_t len, struct kmsg_record *rec)
{
	unsigned long long pri, seq, ts;
	const char *semi = memchr(raw, ';', len);
	size_t tlen;

	memset(rec, 0, sizeof(*rec));
	if (!semi || sscanf(raw, "%llu,%llu,%llu", &pri, &seq, &ts) != 3)
		return -EINVAL;
	rec->level = (unsigned int)(pri & 7);
	rec->seq = seq;
	rec->ts_usec = ts;
	semi++;
	tlen = len - (size_t)(semi - raw);
	/* Continuation lines (" KEY=value") follow a newline: keep the text. */
	for (size_t i = 0; i < tlen; i++)
		if (semi[i] == '\n') {
			tlen = i;
			break;
		}
	if (tlen >= sizeof(rec->text))
		tlen = sizeof(rec->text) - 1;
	memcpy(rec->text, semi, tlen);
	rec->text[tlen] = '\0';
	return 0;
}

int kmsg_open(struct kmsg_follower *f, const char *path)
{
	f->fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (f->fd < 0)
		return -errno;
	if (lseek(f->fd, 0, SEEK_END) < 0) {
		int err = -errno;

		close(f->fd);
		f->fd = -1;
		return err;
	}
	return 0;
}

int kmsg_next(struct kmsg_follower *f, struct kmsg_record *rec)
{
	char buf[8192];

	for (;;) {
		ssize_t n = read(f->fd, buf, sizeof(buf) - 1);

		if (n > 0) {
			buf[n] = '\0';
			if (!kmsg_parse(buf, (size_t)n, rec))
				return 1;
			continue;	/* not a record: read the next */
		}
		if (n < 0 && errno == EPIPE)
			continue;	/* overwritten records: skip ahead */
		if (n < 0 && errno == EAGAIN)
			return 0;
		return n < 0 ? -errno : 0;
	}
}

void kmsg_close(struct kmsg_follower *f)
{
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
}
