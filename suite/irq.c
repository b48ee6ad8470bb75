// SPDX-License-Identifier: GPL-2.0
#include "irq.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "  17:  0  0  GIC-0 109 Edge  arm-smmu-v3-gerror": its number, if NAME */
static int line_irq(char *line, const char *name, unsigned int *irq)
{
	size_t len = strcspn(line, "\n"), nlen = strlen(name);
	char *end;
	unsigned long n;

	line[len] = '\0';
	while (len && (line[len - 1] == ' ' || line[len - 1] == '\t'))
		line[--len] = '\0';
	/* the action is the last field: a whole word, not a suffix */
	if (len <= nlen || strcmp(line + len - nlen, name) ||
	    (line[len - nlen - 1] != ' ' && line[len - nlen - 1] != '\t'))
		return -ENOENT;
	n = strtoul(line, &end, 10);
	if (end == line || *end != ':' || n > UINT_MAX)
		return -ENOENT;
	*irq = (unsigned int)n;
	return 0;
}

int irq_cpu_of(const char *proc_root, const char *name, unsigned int *irq,
	       unsigned int *cpu)
{
	char path[PATH_MAX], line[512], *end;
	unsigned long c;
	int ret = -ENOENT;
	FILE *f;

	snprintf(path, sizeof(path), "%s/interrupts", proc_root);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (ret && fgets(line, sizeof(line), f))
		ret = line_irq(line, name, irq);
	fclose(f);
	if (ret)
		return ret;
	snprintf(path, sizeof(path), "%s/irq/%u/effective_affinity_list",
		 proc_root, *irq);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	if (!fgets(line, sizeof(line), f))
		line[0] = '\0';
	fclose(f);
	/* "0", "0-1" or "1,3": the first CPU in it */
	c = strtoul(line, &end, 10);
	if (end == line || c > UINT_MAX)
		return -ENOENT;
	*cpu = (unsigned int)c;
	return 0;
}
