// SPDX-License-Identifier: GPL-2.0
#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	OPT_TAP_VERSION = 256,
	OPT_FENCE_MS,
	OPT_RECOVER_S,
	OPT_STALL_MS,
	OPT_NEIGHBOUR,
	OPT_INJECTOR,
	OPT_GROUP,
};

static const char short_options[] = ":d:s:o:e:t:nfvhV";

static const struct option long_options[] = {
	{ "device", required_argument, NULL, 'd' },
	{ "neighbour", required_argument, NULL, OPT_NEIGHBOUR },
	{ "seed", required_argument, NULL, 's' },
	{ "out", required_argument, NULL, 'o' },
	{ "expect", required_argument, NULL, 'e' },
	{ "timeout", required_argument, NULL, 't' },
	{ "injector", required_argument, NULL, OPT_INJECTOR },
	{ "group", required_argument, NULL, OPT_GROUP },
	{ "fence-ms", required_argument, NULL, OPT_FENCE_MS },
	{ "recover-s", required_argument, NULL, OPT_RECOVER_S },
	{ "stall-ms", required_argument, NULL, OPT_STALL_MS },
	{ "tap-version", required_argument, NULL, OPT_TAP_VERSION },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "force", no_argument, NULL, 'f' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

void options_usage(void)
{
	puts("Usage: atctests [OPTIONS] COMMAND [TEST...]\n"
	     "\n"
	     "Checks that the kernel fences, recovers and keeps data intact when a\n"
	     "PCIe device stops completing ATC (ATS) invalidations.\n"
	     "\n"
	     "Commands:\n"
	     "  list                 the tests, one line each\n"
	     "  probe                what this machine offers: kernel, IOMMU, ATS devices,\n"
	     "                       injector, and why a test would skip\n"
	     "  run [TEST...]        run tests (default: every test of --group)\n"
	     "  report --format F DIR  junit, html, md, kcidb or terminal report of a\n"
	     "                       results directory (see atc-report --help)\n"
	     "\n"
	     "Options:\n"
	     "  -d, --device BDF     device under test (repeatable), e.g. 0000:01:00.0\n"
	     "      --neighbour BDF  second ATS device on the same IOMMU (isolation)\n"
	     "  -s, --seed N         seed of every random decision (default: from time)\n"
	     "  -o, --out DIR        results directory (default: atctests-results)\n"
	     "  -e, --expect FILE    expected failures of this kernel (reported as TODO);\n"
	     "                       repeatable: the file whose '# kernels:' range holds\n"
	     "                       the running kernel, else the nearest older one\n"
	     "  -t, --timeout S      time limit of each test, overriding its own\n"
	     "      --injector PATH  atc_inject.ko to load (default: installed module)\n"
	     "      --injector hw    the IOMMU itself times out (VM platform, patched\n"
	     "                       QEMU); atc_inject only observes\n"
	     "      --group NAME     test group: catalogue (default), injector, control,\n"
	     "                       soak (endurance), hw (--injector hw) or meta (the\n"
	     "                       runner's self-tests)\n"
	     "      --fence-ms N     C2: the device must be fenced within N ms (1000)\n"
	     "      --recover-s N    C5: the device must be restored within N s (30)\n"
	     "      --stall-ms N     C7: a neighbour's I/O slower than N ms is a stall\n"
	     "                       (1000)\n"
	     "      --tap-version N  TAP header version, 13 (default) or 14\n"
	     "  -n, --dry-run        show what would run; change nothing\n"
	     "  -f, --force          allow a device that backs a mounted filesystem,\n"
	     "                       swap, an LVM/MD member or the root device\n"
	     "  -v, --verbose        diagnostics as TAP comments\n"
	     "  -h, --help           this text\n"
	     "  -V, --version        the version\n"
	     "\n"
	     "Exit status: 0 passed (skips and expected failures allowed), 1 a check\n"
	     "failed or passed unexpectedly, 2 usage or environment error, 77 every\n"
	     "test skipped.");
}

static int parse_uint(const char *opt, const char *arg, unsigned long long max,
		      unsigned long long *out, char *err, size_t errlen)
{
	char *end;

	errno = 0;
	if (!arg || !*arg || *arg == '-' || *arg == '+')
		goto bad;
	*out = strtoull(arg, &end, 10);
	if (errno || *end || *out > max)
		goto bad;
	return 0;
bad:
	snprintf(err, errlen,
		 "%s: '%s' is not a number in 0..%llu; give a decimal number, e.g. %s 42",
		 opt, arg ? arg : "", max, opt);
	return 2;
}

static const char *const commands[] = {
	[CMD_LIST] = "list",
	[CMD_PROBE] = "probe",
	[CMD_RUN] = "run",
};

static int parse_command(const char *word, struct atc_options *opts,
			 char *err, size_t errlen)
{
	for (size_t i = CMD_LIST; i <= CMD_RUN; i++) {
		if (!strcmp(word, commands[i])) {
			opts->command = (enum atc_command)i;
			return 0;
		}
	}
	snprintf(err, errlen,
		 "unknown command '%s'; use one of list, probe, run (see atctests --help)",
		 word);
	return 2;
}

static const char *env_or(const char *name, const char *fallback)
{
	const char *v = getenv(name);

	return v && *v ? v : fallback;
}

static void set_defaults(struct atc_options *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->out = "atctests-results";
	opts->group = "catalogue";
	opts->fence_ms = 1000;
	opts->recover_s = 30;
	opts->stall_ms = 1000;
	opts->tap_version = 13;
	opts->sysfs = env_or("ATC_SYSFS", "/sys");
	opts->proc = env_or("ATC_PROC", "/proc");
	opts->debugfs = env_or("ATC_DEBUGFS", "/sys/kernel/debug");
	opts->kmsg = env_or("ATC_KMSG", "/dev/kmsg");
}

static int add_device(const char *opt, const char *arg, char *dst,
		      char *err, size_t errlen)
{
	if (!pci_bdf_normalise(arg, dst)) {
		snprintf(err, errlen,
			 "%s: '%s' is not a PCI address; give DDDD:BB:DD.F, e.g. %s 0000:01:00.0 (atctests probe lists them)",
			 opt, arg, opt);
		return 2;
	}
	return 0;
}

static int parse_option(int c, const char *arg, struct atc_options *opts,
			char *err, size_t errlen)
{
	unsigned long long v;
	int ret = 0;

	switch (c) {
	case 'd':
		if (opts->ndevices == ATC_MAX_DEVICES) {
			snprintf(err, errlen,
				 "--device: at most %d devices; run the rest in a second run",
				 ATC_MAX_DEVICES);
			return 2;
		}
		return add_device("--device", arg,
				  opts->devices[opts->ndevices++], err, errlen);
	case OPT_NEIGHBOUR:
		return add_device("--neighbour", arg, opts->neighbour, err,
				  errlen);
	case 's':
		ret = parse_uint("--seed", arg, UINT64_MAX, &v, err, errlen);
		opts->seed = v;
		opts->seed_given = true;
		return ret;
	case 't':
		ret = parse_uint("--timeout", arg, 86400, &v, err, errlen);
		if (!ret && v == 0) {
			snprintf(err, errlen,
				 "--timeout: 0 would stop every test at once; give seconds, e.g. --timeout 120");
			return 2;
		}
		opts->timeout_s = (unsigned int)v;
		return ret;
	case OPT_FENCE_MS:
		ret = parse_uint("--fence-ms", arg, 600000, &v, err, errlen);
		opts->fence_ms = (unsigned int)v;
		return ret;
	case OPT_RECOVER_S:
		ret = parse_uint("--recover-s", arg, 3600, &v, err, errlen);
		opts->recover_s = (unsigned int)v;
		return ret;
	case OPT_STALL_MS:
		ret = parse_uint("--stall-ms", arg, 600000, &v, err, errlen);
		if (!ret && v == 0) {
			snprintf(err, errlen,
				 "--stall-ms: 0 would call every I/O a stall; give milliseconds, e.g. --stall-ms 1000");
			return 2;
		}
		opts->stall_ms = (unsigned int)v;
		return ret;
	case OPT_TAP_VERSION:
		if (strcmp(arg, "13") && strcmp(arg, "14")) {
			snprintf(err, errlen,
				 "--tap-version: '%s' is not supported; give 13 or 14",
				 arg);
			return 2;
		}
		opts->tap_version = atoi(arg);
		return 0;
	case 'o':
		if (!*arg) {
			snprintf(err, errlen,
				 "--out: empty directory name; give a path, e.g. --out results");
			return 2;
		}
		opts->out = arg;
		return 0;
	case 'e':
		if (!*arg) {
			snprintf(err, errlen,
				 "--expect: empty file name; give a path, e.g. --expect /usr/local/share/atctests/expect/debian-6.1");
			return 2;
		}
		if (opts->nexpect == ATC_MAX_EXPECT) {
			snprintf(err, errlen,
				 "--expect: at most %d files; keep the ones whose kernel ranges are near this kernel",
				 ATC_MAX_EXPECT);
			return 2;
		}
		opts->expect[opts->nexpect++] = arg;
		return 0;
	case OPT_INJECTOR:
		if (!*arg) {
			snprintf(err, errlen,
				 "--injector: empty file name; give the module, e.g. --injector injectors/atc_inject/atc_inject.ko");
			return 2;
		}
		/* "hw" and "module" name a kind; a module file is ./hw */
		if (!strcmp(arg, "hw"))
			opts->inject_hw = true;
		else if (!strcmp(arg, "module"))
			opts->inject_hw = false;
		else
			opts->injector = arg;
		return 0;
	case OPT_GROUP:
		opts->group = arg;
		return 0;
	case 'n':
		opts->dry_run = true;
		return 0;
	case 'f':
		opts->force = true;
		return 0;
	case 'v':
		opts->verbose = true;
		return 0;
	case 'h':
		opts->command = CMD_HELP;
		return 0;
	case 'V':
		opts->command = CMD_VERSION;
		return 0;
	}
	return 2;
}

int options_parse(int argc, char **argv, struct atc_options *opts,
		  char *err, size_t errlen)
{
	int c, index = 0;

	set_defaults(opts);
	err[0] = '\0';
	opterr = 0;
	optind = 0;	/* full reset, so tests can parse more than once */
	/* GNU getopt permutes: options may come before or after the command. */
	while ((c = getopt_long(argc, argv, short_options, long_options,
				&index)) != -1) {
		if (c == '?' || c == ':') {
			const char *word = argv[optind - 1];
			char letter[3] = { '-', (char)optopt, '\0' };

			/*
			 * An unknown letter inside a group ("-qn") leaves
			 * optind on the group: name the letter itself.
			 */
			if (c == '?' && optopt > 0 && optopt < 256 &&
			    !strchr(short_options, optopt))
				word = letter;
			if (c == ':')
				snprintf(err, errlen,
					 "%s needs a value; see atctests --help",
					 word);
			else
				snprintf(err, errlen,
					 "unknown option '%s'; see atctests --help",
					 word);
			return 2;
		}
		if (parse_option(c, optarg, opts, err, errlen))
			return 2;
	}
	if (opts->command == CMD_HELP || opts->command == CMD_VERSION)
		return 0;
	if (optind >= argc) {
		snprintf(err, errlen,
			 "no command given; use one of list, probe, run (see atctests --help)");
		return 2;
	}
	if (parse_command(argv[optind++], opts, err, errlen))
		return 2;
	for (unsigned int i = 0; i < opts->ndevices; i++) {
		if (!strcmp(opts->devices[i], opts->neighbour)) {
			snprintf(err, errlen,
				 "--neighbour %s is also a --device; give a second ATS device on the same IOMMU as --neighbour",
				 opts->neighbour);
			return 2;
		}
	}
	if (optind < argc && opts->command != CMD_RUN) {
		snprintf(err, errlen,
			 "unexpected argument '%s'; only 'run' takes test names",
			 argv[optind]);
		return 2;
	}
	while (optind < argc) {
		if (opts->ntests == ATC_MAX_TESTS) {
			snprintf(err, errlen,
				 "too many tests named (at most %d); run them in two runs",
				 ATC_MAX_TESTS);
			return 2;
		}
		opts->tests[opts->ntests++] = argv[optind++];
	}
	return 0;
}
