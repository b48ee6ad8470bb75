// SPDX-License-Identifier: GPL-2.0
/*
 * The runner: one forked child per (test, device) with its own time limit,
 * the kernel log watched while it runs, verdicts against the expectations,
 * TAP on stdout and results.json kept current after every test point.
 */
#include "runner.h"
#include "atc.h"
#include "config.h"
#include "build/version.h"
#include "expect.h"
#include "hwinject.h"
#include "injector.h"
#include "inventory.h"
#include "kmsg.h"
#include "load.h"
#include "registry.h"
#include "results.h"
#include "safety.h"
#include "tap.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <json.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#define KMSG_KEEP 40		/* distress lines kept as evidence */
#define OUTPUT_TAIL 20		/* lines of a crashed test's output */

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

struct counts {
	unsigned int passed, failed, skipped, xfail, xpass;
};

struct run {
	const struct atc_options *opts;
	struct expectations exp;
	enum expect_match exp_match;
	char exp_note[384];		/* which expectations, and why */
	struct tap tap;
	struct json_object *results;
	struct json_object *tests;
	struct kmsg_follower kmsg;
	bool have_kmsg;
	bool injector_was_loaded;
	int results_error;		/* first failed write of results.json */
	pid_t pid;
	int lock_fd;			/* held while the injector is in use */
	uint64_t seed;
	struct counts counts;
};

/* State of one test point while its child runs. */
struct point {
	const struct atc_test *test;
	const char *device;
	char name[128];
	char log_dir[PATH_MAX];
	struct tap sub;
	struct json_object *json;
	struct json_object *checks;
	struct json_object *measurements;
	struct json_object *kernel_log;
	struct json_object *distress;
	unsigned int failed_unexpected, failed_expected, passed_unexpected;
	char failed_names[512];
	char xfail_reason[512];
	char xpass_names[512];
	char error[1024];
	char skip[512];
	FILE *kmsg_log;
	uint64_t deadline_ns;		/* when the test is killed */
};

static void append_name(char *list, size_t len, const char *name)
{
	size_t used = strlen(list);

	snprintf(list + used, len - used, "%s%s", used ? ", " : "", name);
}

static const char *str_field(struct json_object *rec, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(rec, key, &v))
		return "";
	return json_object_get_string(v);
}

static void handle_check(struct run *r, struct point *p,
			 struct json_object *rec)
{
	const char *name = str_field(rec, "name");
	struct json_object *ok_obj, *evidence = NULL, *diag;
	const char *reason = expect_lookup(&r->exp, p->test->name, name);
	bool ok;

	json_object_object_get_ex(rec, "ok", &ok_obj);
	ok = json_object_get_boolean(ok_obj);
	json_object_object_get_ex(rec, "evidence", &evidence);
	if (ok && expect_varies(reason))
		reason = NULL;

	diag = json_object_new_object();
	json_object_object_add(diag, "message",
			       json_object_new_string(str_field(rec, "message")));
	if (evidence) {
		json_object_object_foreach(evidence, k, v)
			json_object_object_add(diag, k, json_object_get(v));
	}
	if (reason)
		json_object_object_add(diag, "expected_failure",
				       json_object_new_string(reason));
	tap_point(&p->sub, ok, name, reason ? TAP_TODO : TAP_NONE, reason,
		  (!ok || r->opts->verbose || reason) ? diag : NULL);
	json_object_put(diag);

	if (reason)
		json_object_object_add(rec, "expected_failure",
				       json_object_new_string(reason));
	json_object_array_add(p->checks, json_object_get(rec));
	if (!ok && !reason) {
		p->failed_unexpected++;
		append_name(p->failed_names, sizeof(p->failed_names), name);
	} else if (!ok) {
		if (!p->failed_expected++)
			snprintf(p->xfail_reason, sizeof(p->xfail_reason),
				 "%s: %s", name, reason);
	} else if (reason) {
		p->passed_unexpected++;
		append_name(p->xpass_names, sizeof(p->xpass_names), name);
	}
}

static void handle_record(struct run *r, struct point *p, const char *line)
{
	struct json_object *rec = json_tokener_parse(line);
	const char *type;

	if (!rec) {
		snprintf(p->error, sizeof(p->error),
			 "test wrote a malformed record: %.200s", line);
		return;
	}
	type = str_field(rec, "type");
	if (!strcmp(type, "check")) {
		handle_check(r, p, rec);
	} else if (!strcmp(type, "measure")) {
		struct json_object *v;

		if (json_object_object_get_ex(rec, "value", &v))
			json_object_object_add(p->measurements,
					       str_field(rec, "key"),
					       json_object_get(v));
	} else if (!strcmp(type, "skip")) {
		snprintf(p->skip, sizeof(p->skip), "%s",
			 str_field(rec, "message"));
	} else if (!strcmp(type, "error")) {
		struct json_object *diag = json_object_new_object();
		struct json_object *ev;

		snprintf(p->error, sizeof(p->error), "%s",
			 str_field(rec, "message"));
		if (json_object_object_get_ex(rec, "evidence", &ev))
			json_object_object_add(diag, "evidence",
					       json_object_get(ev));
		tap_point(&p->sub, false, "test error", TAP_NONE, NULL, diag);
		json_object_put(diag);
	} else if (!strcmp(type, "note") && r->opts->verbose) {
		tap_comment(&p->sub, "%s", str_field(rec, "message"));
	}
	json_object_put(rec);
}

static void drain_kmsg(struct run *r, struct point *p)
{
	struct kmsg_record rec;

	if (!r->have_kmsg)
		return;
	while (kmsg_next(&r->kmsg, &rec) > 0) {
		enum kmsg_class class = kmsg_classify(rec.text);

		if (p->kmsg_log)
			fprintf(p->kmsg_log, "[%llu.%06llu] %s\n",
				(unsigned long long)(rec.ts_usec / 1000000),
				(unsigned long long)(rec.ts_usec % 1000000),
				rec.text);
		if (class == KMSG_OTHER)
			continue;
		if (json_object_array_length(p->kernel_log) < 200) {
			struct json_object *o = json_object_new_object();

			json_object_object_add(o, "ts_usec",
					       json_object_new_int64((int64_t)rec.ts_usec));
			json_object_object_add(o, "class",
					       json_object_new_string(kmsg_class_name(class)));
			json_object_object_add(o, "text",
					       json_object_new_string(rec.text));
			json_object_array_add(p->kernel_log, o);
		}
		if (kmsg_class_is_distress(class) &&
		    json_object_array_length(p->distress) < KMSG_KEEP) {
			char line[1200];

			snprintf(line, sizeof(line), "[%llu.%06llu] %s",
				 (unsigned long long)(rec.ts_usec / 1000000),
				 (unsigned long long)(rec.ts_usec % 1000000),
				 rec.text);
			json_object_array_add(p->distress,
					      json_object_new_string(line));
		}
	}
}

/*
 * With the runner as child subreaper, whatever a killed test left behind
 * (fio, stress-ng) is re-parented here: kill it all.
 */
static void kill_descendants(void)
{
	pid_t self = getpid();

	for (int round = 0; round < 50; round++) {
		DIR *dir = opendir("/proc");
		struct dirent *de;
		int found = 0;

		if (!dir)
			return;
		while ((de = readdir(dir))) {
			char path[64], buf[512], *close_paren;
			int ppid;
			pid_t pid = (pid_t)atoi(de->d_name);
			FILE *f;

			if (pid <= 0)
				continue;
			snprintf(path, sizeof(path), "/proc/%d/stat", pid);
			f = fopen(path, "re");
			if (!f)
				continue;
			if (!fgets(buf, sizeof(buf), f))
				buf[0] = '\0';
			fclose(f);
			close_paren = strrchr(buf, ')');
			if (!close_paren ||
			    sscanf(close_paren + 2, "%*c %d", &ppid) != 1 ||
			    ppid != self)
				continue;
			kill(pid, SIGKILL);
			/* one stuck in the kernel (hung I/O) outlives SIGKILL */
			for (int i = 0; i < 250; i++) {
				if (waitpid(pid, NULL, WNOHANG) == pid) {
					found++;
					break;
				}
				usleep(20000);
			}
		}
		closedir(dir);
		if (!found)
			return;
	}
}

static void tail_file(const char *path, struct json_object *diag,
		      const char *key)
{
	char *lines[OUTPUT_TAIL] = { 0 };
	struct json_object *arr;
	char buf[1024];
	unsigned int n = 0;
	FILE *f = fopen(path, "re");

	if (!f)
		return;
	while (fgets(buf, sizeof(buf), f)) {
		buf[strcspn(buf, "\n")] = '\0';
		free(lines[n % OUTPUT_TAIL]);
		lines[n % OUTPUT_TAIL] = strdup(buf);
		n++;
	}
	fclose(f);
	if (!n)
		return;
	arr = json_object_new_array();
	for (unsigned int i = n > OUTPUT_TAIL ? n - OUTPUT_TAIL : 0; i < n; i++)
		json_object_array_add(arr,
				      json_object_new_string(lines[i % OUTPUT_TAIL] ?
							     lines[i % OUTPUT_TAIL] : ""));
	for (unsigned int i = 0; i < OUTPUT_TAIL; i++)
		free(lines[i]);
	json_object_object_add(diag, key, arr);
}

static void injector_cleanup(struct run *r, const struct atc_test *t)
{
	char path[PATH_MAX];

	if (!(t->needs & NEED_INJECTOR) || r->injector_was_loaded)
		return;
	snprintf(path, sizeof(path), "%s/module/%s", r->opts->sysfs,
		 INJECTOR_NAME);
	if (access(path, F_OK))
		return;
	if (injector_remove_loaded(r->opts->debugfs))
		tap_comment(&r->tap, "warning: %s is still loaded after %s",
			    INJECTOR_NAME, t->name);
}

/*
 * The test process is told to stop (the runner's SIGTERM, or its death):
 * its workloads go with it. An armed injector is left to its dead-man
 * timer, and the next run removes the module.
 */
static void on_test_stop(int sig)
{
	workload_kill_all();
	_exit(128 + sig);
}

static void child_main(struct run *r, struct point *p, int fd)
{
	struct atc_ctx ctx = {
		.test = p->test,
		.opts = r->opts,
		.device = p->device,
		.neighbour = r->opts->neighbour[0] ? r->opts->neighbour : NULL,
		.seed = r->seed,
		.report_fd = fd,
		.deadline_ns = p->deadline_ns,
	};
	char path[PATH_MAX];
	int out, ret;

	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, on_test_stop);
	setpgid(0, 0);
	/* A runner killed outright (SIGKILL) leaves no test running. */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != r->pid)
		on_test_stop(SIGTERM);
	if (r->have_kmsg)
		kmsg_close(&r->kmsg);
	/* the lock is the runner's: an orphaned test must not hold it */
	if (r->lock_fd >= 0)
		close(r->lock_fd);
	snprintf(ctx.log_dir, sizeof(ctx.log_dir), "%s", p->log_dir);
	/* stdout carries TAP: the test's own output goes to its log. */
	snprintf(path, sizeof(path), "%s/output.log", p->log_dir);
	out = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (out >= 0) {
		dup2(out, STDOUT_FILENO);
		dup2(out, STDERR_FILENO);
		close(out);
	}
	ret = p->test->run(&ctx);
	json_object_put(ctx.pending);
	close(fd);
	fflush(NULL);
	exit(ret ? 1 : 0);
}

static const char *verdict_name(const struct point *p, bool *ok,
				enum tap_directive *dir, char *reason,
				size_t len)
{
	*dir = TAP_NONE;
	reason[0] = '\0';
	if (p->error[0]) {
		*ok = false;
		snprintf(reason, len, "%s", p->error);
		return "error";
	}
	if (p->skip[0] && !p->failed_unexpected) {
		*ok = true;
		*dir = TAP_SKIP;
		snprintf(reason, len, "%s", p->skip);
		return "skip";
	}
	if (p->failed_unexpected) {
		*ok = false;
		snprintf(reason, len, "failed: %s", p->failed_names);
		return "fail";
	}
	if (p->passed_unexpected) {
		*ok = true;
		*dir = TAP_TODO;
		snprintf(reason, len, "unexpectedly passed: %s",
			 p->xpass_names);
		return "xpass";
	}
	if (p->failed_expected) {
		*ok = false;
		*dir = TAP_TODO;
		snprintf(reason, len, "%s", p->xfail_reason);
		return "xfail";
	}
	*ok = true;
	return "pass";
}

static void count_verdict(struct counts *c, const char *verdict)
{
	if (!strcmp(verdict, "pass"))
		c->passed++;
	else if (!strcmp(verdict, "skip"))
		c->skipped++;
	else if (!strcmp(verdict, "xfail"))
		c->xfail++;
	else if (!strcmp(verdict, "xpass"))
		c->xpass++;
	else
		c->failed++;
}

static int write_results(struct run *r, bool quiet)
{
	struct json_object *sum = json_object_new_object();
	char when[32];
	int ret;

	json_object_object_add(sum, "passed", json_object_new_int((int)r->counts.passed));
	json_object_object_add(sum, "failed", json_object_new_int((int)r->counts.failed));
	json_object_object_add(sum, "skipped", json_object_new_int((int)r->counts.skipped));
	json_object_object_add(sum, "expected_failures",
			       json_object_new_int((int)r->counts.xfail));
	json_object_object_add(sum, "unexpected_passes",
			       json_object_new_int((int)r->counts.xpass));
	json_object_object_add(r->results, "summary", sum);
	results_timestamp(when, sizeof(when));
	json_object_object_add(r->results, "updated", json_object_new_string(when));
	ret = results_write_atomic(r->opts->out, "results.json", r->results);
	/* said once; the run goes on (TAP is the stream) and exits 2 */
	if (ret && !quiet && !r->results_error) {
		r->results_error = ret;
		fprintf(stderr,
			"atctests: cannot write %s/results.json: %s; the TAP on stdout stays complete, results.json keeps the last good state; free space under --out\n",
			r->opts->out, strerror(-ret));
	}
	return ret;
}

static void finish_point(struct run *r, struct point *p, int status,
			 bool timed_out, unsigned int timeout_s,
			 uint64_t started)
{
	struct json_object *diag = json_object_new_object();
	char reason[1024], path[PATH_MAX];
	enum tap_directive dir;
	const char *verdict;
	uint64_t duration_ms = (atc_now_ns() - started) / 1000000;
	bool ok;

	snprintf(path, sizeof(path), "%s/output.log", p->log_dir);
	if (timed_out)
		snprintf(p->error, sizeof(p->error),
			 "timed out after %u s and was killed", timeout_s);
	else if (WIFSIGNALED(status))
		snprintf(p->error, sizeof(p->error),
			 "crashed: killed by signal %d (%s)", WTERMSIG(status),
			 strsignal(WTERMSIG(status)));
	else if (!p->error[0] && !p->skip[0] &&
		 json_object_array_length(p->checks) == 0)
		snprintf(p->error, sizeof(p->error),
			 "recorded no check (exit status %d): a test that asserts nothing is a defect",
			 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	if (p->error[0] && (timed_out || WIFSIGNALED(status) ||
			    !json_object_array_length(p->checks))) {
		struct json_object *why = json_object_new_object();

		json_object_object_add(why, "error",
				       json_object_new_string(p->error));
		tail_file(path, why, "output_tail");
		tap_point(&p->sub, false, "test completed", TAP_NONE, NULL,
			  why);
		json_object_put(why);
	}

	/* The runner's own check: the kernel stayed healthy meanwhile. */
	if (r->have_kmsg && strcmp(p->test->group, "meta") && !p->skip[0]) {
		struct json_object *rec = json_object_new_object();
		struct json_object *ev = json_object_new_object();
		size_t n = json_object_array_length(p->distress);
		bool provoked = p->test->provokes_distress;
		char msg[256];

		snprintf(msg, sizeof(msg), n ?
			 "%zu kernel log lines of lockup, stall, hung task, oops or warning" :
			 "no lockup, stall, hung task, oops or warning in the kernel log",
			 n);
		if (provoked && !n)
			snprintf(msg, sizeof(msg),
				 "the test drove the kernel into distress, yet no kernel log line of lockup, stall, hung task, oops or warning was seen");
		json_object_object_add(rec, "type", json_object_new_string("check"));
		json_object_object_add(rec, "name",
				       json_object_new_string(provoked ?
							      "X-C3-detects-kernel-distress" :
							      "C3-kernel-log"));
		json_object_object_add(rec, "ok",
				       json_object_new_boolean(provoked ? n > 0 : n == 0));
		json_object_object_add(rec, "message", json_object_new_string(msg));
		if (provoked)
			json_object_object_add(ev, "catches",
					       json_object_new_string("C3-kernel-log"));
		if (n)
			json_object_object_add(ev, "kernel_log",
					       json_object_get(p->distress));
		json_object_object_add(rec, "evidence", ev);
		handle_check(r, p, rec);
		json_object_put(rec);
	}
	if (p->sub.count)
		tap_plan(&p->sub, p->sub.count);

	verdict = verdict_name(p, &ok, &dir, reason, sizeof(reason));
	count_verdict(&r->counts, verdict);
	json_object_object_add(diag, "verdict", json_object_new_string(verdict));
	if (reason[0])
		json_object_object_add(diag, "reason",
				       json_object_new_string(reason));
	if (p->device)
		json_object_object_add(diag, "device",
				       json_object_new_string(p->device));
	json_object_object_add(diag, "duration_ms",
			       json_object_new_int64((int64_t)duration_ms));
	json_object_object_add(diag, "log_dir",
			       json_object_new_string(p->log_dir));
	tap_point(&r->tap, ok, p->name, dir, reason,
		  (!ok || dir == TAP_TODO || r->opts->verbose) ? diag : NULL);

	json_object_object_add(p->json, "verdict", json_object_new_string(verdict));
	json_object_object_add(p->json, "reason", json_object_new_string(reason));
	json_object_object_add(p->json, "duration_ms",
			       json_object_new_int64((int64_t)duration_ms));
	json_object_object_add(p->json, "diagnostics", diag);
	json_object_array_add(r->tests, p->json);
	json_object_put(p->distress);
	write_results(r, false);
}

#define RECORD_MAX (16u << 20)	/* one record: evidence of one check */

static int wait_child(struct run *r, struct point *p, pid_t pid, int fd,
		      unsigned int timeout_s, bool *timed_out)
{
	uint64_t deadline = atc_now_ns() + (uint64_t)timeout_s * 1000000000ull;
	size_t size = 65536, used = 0;
	char *buf = malloc(size);
	bool eof = false;
	int status = 0;

	*timed_out = false;
	while (!eof && buf) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int n = poll(&pfd, 1, 100);
		ssize_t got;
		char *nl;

		drain_kmsg(r, p);
		if (stop_signal) {
			kill(-pid, SIGTERM);
			usleep(500000);
			kill(-pid, SIGKILL);
			break;
		}
		if (atc_now_ns() >= deadline) {
			*timed_out = true;
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			break;
		}
		if (n <= 0)
			continue;
		if (used + 1 == size) {
			char *grown = size < RECORD_MAX ? realloc(buf, size * 2) : NULL;

			if (!grown) {
				snprintf(p->error, sizeof(p->error),
					 "a record longer than %u bytes", RECORD_MAX);
				used = 0;
			} else {
				buf = grown;
				size *= 2;
			}
		}
		got = read(fd, buf + used, size - 1 - used);
		if (got <= 0) {
			if (got < 0 && errno == EINTR)
				continue;
			eof = true;
			got = 0;
		}
		used += (size_t)got;
		buf[used] = '\0';
		while ((nl = strchr(buf, '\n'))) {
			*nl = '\0';
			handle_record(r, p, buf);
			used -= (size_t)(nl + 1 - buf);
			memmove(buf, nl + 1, used + 1);
		}
	}
	free(buf);
	waitpid(pid, &status, 0);
	/* Let the kernel log catch up with what the test provoked. */
	usleep(100000);
	drain_kmsg(r, p);
	return status;
}

static int point_prepare(struct run *r, struct point *p,
			 const struct atc_test *t, const char *device)
{
	char dirname[160];

	memset(p, 0, sizeof(*p));
	p->test = t;
	p->device = device;
	snprintf(p->name, sizeof(p->name), "%s%s%s", t->name,
		 device ? " " : "", device ? device : "");
	snprintf(dirname, sizeof(dirname), "%s%s%s", t->name,
		 device ? "@" : "", device ? device : "");
	for (char *c = dirname; *c; c++)
		if (*c == ':')
			*c = '-';
	snprintf(p->log_dir, sizeof(p->log_dir), "%s/%s", r->opts->out,
		 dirname);
	p->json = json_object_new_object();
	p->checks = json_object_new_array();
	p->measurements = json_object_new_object();
	p->kernel_log = json_object_new_array();
	p->distress = json_object_new_array();
	json_object_object_add(p->json, "test", json_object_new_string(t->name));
	json_object_object_add(p->json, "device",
			       device ? json_object_new_string(device) : NULL);
	json_object_object_add(p->json, "checks", p->checks);
	json_object_object_add(p->json, "measurements", p->measurements);
	json_object_object_add(p->json, "kernel_log", p->kernel_log);
	return results_mkdirs(p->log_dir);
}

/* Why the test cannot run here, or NULL. */
static const char *unmet_need(struct run *r, const struct atc_test *t,
			      const char *device, char *why, size_t len)
{
	const struct atc_options *o = r->opts;

	if ((t->needs & NEED_ROOT) && geteuid()) {
		snprintf(why, len, "needs root");
		return why;
	}
	if (t->needs & NEED_DEVICE) {
		struct ats_state st;

		if (!device) {
			snprintf(why, len,
				 "no --device given (atctests probe lists ATS devices)");
			return why;
		}
		if (pci_ats_read(o->sysfs, device, &st) || !st.present) {
			snprintf(why, len, "%s has no ATS capability", device);
			return why;
		}
	}
	if ((t->needs & NEED_NEIGHBOUR) && !o->neighbour[0]) {
		snprintf(why, len, "no --neighbour device given");
		return why;
	}
	if (t->needs & NEED_INJECTOR) {
		char path[PATH_MAX];

		if (injector_locate(o->injector, path, sizeof(path), why, len))
			return why;
	}
	if ((t->needs & NEED_INJECTOR_MODULE) && o->inject_hw) {
		snprintf(why, len,
			 "needs the module injector's own injection (--injector module), not --injector hw");
		return why;
	}
	if ((t->needs & NEED_INJECTOR_HW) && !o->inject_hw) {
		snprintf(why, len,
			 "needs the IOMMU to time out itself: --injector hw (ci/vm/atc-vm --injector hw)");
		return why;
	}
	if ((t->needs & NEED_FIO) && access(load_fio_path(), X_OK)) {
		snprintf(why, len, "fio not found at %s (Debian package fio)",
			 load_fio_path());
		return why;
	}
	if ((t->needs & NEED_STRESS_NG) && access(load_stress_ng_path(), X_OK)) {
		snprintf(why, len,
			 "stress-ng not found at %s (Debian package stress-ng)",
			 load_stress_ng_path());
		return why;
	}
	return NULL;
}

static void run_point(struct run *r, const struct atc_test *t,
		      const char *device)
{
	unsigned int timeout_s = r->opts->timeout_s ? r->opts->timeout_s :
						      t->timeout_s;
	uint64_t started = atc_now_ns();
	struct point p;
	char why[512], path[PATH_MAX];
	bool timed_out = false;
	int fds[2], status;
	pid_t pid;

	if (point_prepare(r, &p, t, device)) {
		snprintf(p.error, sizeof(p.error), "cannot create %s: %s",
			 p.log_dir, strerror(errno));
		tap_subtest(&r->tap, &p.sub, p.name);
		finish_point(r, &p, 0, false, timeout_s, started);
		return;
	}
	if (r->opts->dry_run || unmet_need(r, t, device, why, sizeof(why))) {
		snprintf(p.skip, sizeof(p.skip), "%s",
			 r->opts->dry_run ? "dry run" : why);
		tap_init(&p.sub, stdout);
		p.sub.indent = r->tap.indent + 4;
		finish_point(r, &p, 0, false, timeout_s, started);
		return;
	}
	tap_subtest(&r->tap, &p.sub, p.name);
	snprintf(path, sizeof(path), "%s/kmsg.log", p.log_dir);
	p.kmsg_log = fopen(path, "we");
	if (pipe2(fds, O_CLOEXEC)) {
		snprintf(p.error, sizeof(p.error), "pipe: %s", strerror(errno));
		finish_point(r, &p, 0, false, timeout_s, started);
		return;
	}
	fflush(NULL);
	/* the child's view of it, a moment before the runner's own */
	p.deadline_ns = atc_now_ns() + (uint64_t)timeout_s * 1000000000ull;
	pid = fork();
	if (pid < 0) {
		snprintf(p.error, sizeof(p.error), "fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
	} else if (pid == 0) {
		close(fds[0]);
		child_main(r, &p, fds[1]);
	} else {
		close(fds[1]);
		status = wait_child(r, &p, pid, fds[0], timeout_s, &timed_out);
		close(fds[0]);
		kill_descendants();
		injector_cleanup(r, t);
		if (p.kmsg_log)
			fclose(p.kmsg_log);
		p.kmsg_log = NULL;
		finish_point(r, &p, status, timed_out, timeout_s, started);
		return;
	}
	if (p.kmsg_log)
		fclose(p.kmsg_log);
	finish_point(r, &p, 0, false, timeout_s, started);
}

static json_object *string_array(int argc, char **argv)
{
	struct json_object *arr = json_object_new_array();

	for (int i = 0; i < argc; i++)
		json_object_array_add(arr, json_object_new_string(argv[i]));
	return arr;
}

static void results_init(struct run *r, int argc, char **argv)
{
	const struct atc_options *o = r->opts;
	struct json_object *devices = json_object_new_array();
	struct json_object *opts = json_object_new_object();
	char when[32];

	r->results = json_object_new_object();
	r->tests = json_object_new_array();
	results_timestamp(when, sizeof(when));
	json_object_object_add(r->results, "tool", json_object_new_string("atctests"));
	json_object_object_add(r->results, "version",
			       json_object_new_string(ATC_BUILD_VERSION));
	json_object_object_add(r->results, "started", json_object_new_string(when));
	json_object_object_add(r->results, "command", string_array(argc, argv));
	json_object_object_add(r->results, "seed",
			       json_object_new_int64((int64_t)r->seed));
	json_object_object_add(r->results, "kernel", inventory_kernel(o->proc));
	for (unsigned int i = 0; i < o->ndevices; i++)
		json_object_array_add(devices, inventory_device(o->sysfs, o->proc,
								 o->devices[i]));
	if (o->neighbour[0])
		json_object_array_add(devices, inventory_device(o->sysfs, o->proc,
								 o->neighbour));
	json_object_object_add(r->results, "devices", devices);
	json_object_object_add(opts, "fence_ms", json_object_new_int((int)o->fence_ms));
	json_object_object_add(opts, "recover_s", json_object_new_int((int)o->recover_s));
	json_object_object_add(opts, "stall_ms", json_object_new_int((int)o->stall_ms));
	json_object_object_add(opts, "timeout_s", json_object_new_int((int)o->timeout_s));
	json_object_object_add(opts, "expect",
			       o->nexpect ? string_array((int)o->nexpect,
							 (char **)o->expect) : NULL);
	json_object_object_add(opts, "dry_run", json_object_new_boolean(o->dry_run));
	json_object_object_add(r->results, "options", opts);
	json_object_object_add(r->results, "tests", r->tests);
}

/* Why a device the tests need cannot take ATC invalidation timeouts, or NULL. */
static const char *not_testable(const struct atc_options *o, const char *bdf,
				char *why, size_t len)
{
	struct ats_state st;
	char group[64];
	int err;

	if (pci_link_name(o->sysfs, bdf, "iommu_group", group, sizeof(group))) {
		snprintf(why, len,
			 "%s is not behind an IOMMU (no iommu_group), so nothing translates its DMA; boot with the IOMMU on (intel_iommu=on, amd_iommu=on) or pick another device ('atctests probe')",
			 bdf);
		return why;
	}
	err = pci_ats_read(o->sysfs, bdf, &st);
	if (err) {
		snprintf(why, len,
			 "cannot read the config space of %s: %s; run as root on the machine that has it",
			 bdf, strerror(-err));
		return why;
	}
	if (!st.present) {
		snprintf(why, len,
			 "%s has no ATS capability, so it has no ATC to invalidate; pick an ATS device ('atctests probe' lists them)",
			 bdf);
		return why;
	}
	if (!st.enabled) {
		snprintf(why, len,
			 "ATS is disabled on %s (ATS control 0x%04x), so the kernel sends it no ATC invalidations; turn the IOMMU's translation on for it (not iommu=pt) or pick a device whose ATS is enabled ('atctests probe')",
			 bdf, st.control);
		return why;
	}
	return NULL;
}

/*
 * Devices must exist, nothing the system depends on may sit on them, and
 * those the selected tests need must be ATS devices behind an IOMMU.
 */
static int check_devices(const struct atc_options *o, unsigned int needs)
{
	for (unsigned int i = 0; i <= o->ndevices; i++) {
		bool neighbour = i == o->ndevices;
		const char *bdf = neighbour ? o->neighbour : o->devices[i];
		char why[512];
		int ret;

		if (!bdf[0])
			continue;
		if (!pci_device_exists(o->sysfs, bdf)) {
			fprintf(stderr,
				"atctests: no PCI device %s; 'atctests probe' lists the ATS devices here\n",
				bdf);
			return 2;
		}
		ret = o->force ? 0 : safety_device_in_use(o->sysfs, o->proc,
							  bdf, why, sizeof(why));
		if (ret > 0) {
			fprintf(stderr,
				"atctests: refusing %s: %s; pick a spare device or pass --force\n",
				bdf, why);
			return 2;
		}
		if (ret < 0) {
			fprintf(stderr,
				"atctests: cannot tell whether %s is in use: %s; pass --force to run anyway\n",
				bdf, why[0] ? why : strerror(-ret));
			return 2;
		}
		if ((needs & (neighbour ? NEED_NEIGHBOUR : NEED_DEVICE)) &&
		    not_testable(o, bdf, why, sizeof(why))) {
			fprintf(stderr, "atctests: %s\n", why);
			return 2;
		}
	}
	return 0;
}

/* What the selected tests need, together. */
static unsigned int selected_needs(const struct atc_options *o)
{
	unsigned int needs = 0;

	for (const struct atc_test *t = registry_first(); t; t = t->next)
		if (registry_selected(t, o))
			needs |= t->needs;
	return needs;
}

/* A module named with --injector must be a file that can be read. */
static int check_injector(const struct atc_options *o)
{
	struct stat st;

	if (!o->injector)
		return 0;
	if (stat(o->injector, &st) || access(o->injector, R_OK)) {
		fprintf(stderr,
			"atctests: --injector %s: %s; give the built module, e.g. --injector injectors/atc_inject/atc_inject.ko\n",
			o->injector, strerror(errno));
		return 2;
	}
	if (!S_ISREG(st.st_mode)) {
		fprintf(stderr,
			"atctests: --injector %s is not a file; give the built module, e.g. --injector injectors/atc_inject/atc_inject.ko\n",
			o->injector);
		return 2;
	}
	return 0;
}

/* --injector hw: the host agent's port must be there. */
static int check_hw_injector(const struct atc_options *o, unsigned int needs)
{
	char path[PATH_MAX];

	if (!o->inject_hw || !(needs & NEED_INJECTOR) ||
	    !hw_find_port(o->sysfs, path, sizeof(path)))
		return 0;
	fprintf(stderr,
		"atctests: --injector hw: no virtio-serial port %s; the hardware-level injector runs in the VM platform (ci/vm/atc-vm --injector hw), elsewhere use --injector module\n",
		HW_CONTROL_PORT);
	return 2;
}

/* The load generators the selected tests run. */
static int check_tools(unsigned int needs)
{
	if ((needs & NEED_FIO) && access(load_fio_path(), X_OK)) {
		fprintf(stderr,
			"atctests: fio not found at %s; install it (Debian package fio) or run only tests that do not need it\n",
			load_fio_path());
		return 2;
	}
	if ((needs & NEED_STRESS_NG) && access(load_stress_ng_path(), X_OK)) {
		fprintf(stderr,
			"atctests: stress-ng not found at %s; install it (Debian package stress-ng) or run only tests that do not need it\n",
			load_stress_ng_path());
		return 2;
	}
	return 0;
}

/* How much of path exists already: the directories below it are ours. */
static size_t existing_prefix(const char *path)
{
	char buf[PATH_MAX];
	size_t len, keep = 0;

	snprintf(buf, sizeof(buf), "%s", path);
	len = strlen(buf);
	for (size_t i = 1; i <= len; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		buf[i] = '\0';
		if (access(buf, F_OK))
			break;
		keep = i;
		if (i < len)
			buf[i] = '/';
	}
	return keep;
}

/*
 * --out and a first results.json, before the TAP stream starts: a results
 * directory that cannot be written (read-only, not a directory, disk full)
 * is an environment error, and the directories made here go again.
 */
static int results_start(struct run *r)
{
	const char *out = r->opts->out;
	size_t keep = existing_prefix(out);
	char buf[PATH_MAX];
	int ret;

	ret = results_mkdirs(out);
	if (!ret)
		ret = write_results(r, true);
	if (!ret)
		return 0;
	snprintf(buf, sizeof(buf), "%s", out);
	for (size_t i = strlen(buf); i > keep; i--) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		buf[i] = '\0';
		rmdir(buf);
	}
	fprintf(stderr,
		"atctests: cannot write results to --out %s: %s; give --out a directory that can be written and has free space\n",
		out, strerror(-ret));
	return 2;
}

/*
 * One run at a time drives the injector: a lock file held for the run's
 * life (the kernel drops it when the runner dies, however it dies). With
 * the lock taken, a loaded atc_inject is a leftover of a run that was
 * killed (its dead-man timer disarms it): remove it, and say so in left.
 */
static int claim_injector(struct run *r, char *left, size_t len)
{
	const char *lock = getenv("ATC_LOCK");
	struct injector inj = { 0 };
	char path[PATH_MAX], armed[16] = "?", owner[32] = "";
	int ret;

	left[0] = '\0';
	lock = lock && *lock ? lock : "/run/atctests.lock";
	r->lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (r->lock_fd < 0) {
		fprintf(stderr,
			"atctests: cannot open the run lock %s: %s; run as root, or set ATC_LOCK to a writable file\n",
			lock, strerror(errno));
		return 2;
	}
	if (flock(r->lock_fd, LOCK_EX | LOCK_NB)) {
		ssize_t n = pread(r->lock_fd, owner, sizeof(owner) - 1, 0);

		owner[n > 0 ? n : 0] = '\0';
		owner[strcspn(owner, "\n")] = '\0';
		fprintf(stderr,
			"atctests: another atctests run (pid %s) is using the injector; wait for it to end, then run again\n",
			owner[0] ? owner : "unknown");
		close(r->lock_fd);
		r->lock_fd = -1;
		return 2;
	}
	if (ftruncate(r->lock_fd, 0) == 0)
		dprintf(r->lock_fd, "%d\n", (int)getpid());

	snprintf(path, sizeof(path), "%s/module/%s", r->opts->sysfs,
		 INJECTOR_NAME);
	if (access(path, F_OK))
		return 0;
	snprintf(inj.dir, sizeof(inj.dir), "%s/%s", r->opts->debugfs,
		 INJECTOR_NAME);
	injector_get(&inj, "armed", armed, sizeof(armed));
	ret = injector_remove_loaded(r->opts->debugfs);
	if (ret) {
		fprintf(stderr,
			"atctests: %s is loaded (armed: %s) and cannot be removed: %s; see what uses it (lsmod), unload it, then run again\n",
			INJECTOR_NAME, armed, strerror(-ret));
		return 2;
	}
	snprintf(left, len,
		 "removed %s left loaded by an earlier run (armed: %s)",
		 INJECTOR_NAME, armed);
	return 0;
}

static bool needs_privilege(const struct atc_options *o)
{
	for (const struct atc_test *t = registry_first(); t; t = t->next)
		if (registry_selected(t, o) && t->needs)
			return true;
	return false;
}

static uint64_t default_seed(void)
{
	uint64_t s = atc_now_ns() ^ ((uint64_t)getpid() << 32);

	return s % 1000000000ull;
}

static int exit_code(const struct run *r, unsigned int points)
{
	if (stop_signal)
		return 128 + stop_signal;
	if (r->results_error) {
		tap_comment((struct tap *)&r->tap,
			    "results.json could not be kept up to date (%s): only this TAP stream is complete",
			    strerror(-r->results_error));
		return 2;
	}
	if (r->counts.failed || r->counts.xpass)
		return 1;
	if (points && r->counts.skipped == points && !r->opts->dry_run) {
		tap_comment((struct tap *)&r->tap,
			    "every test skipped: nothing was checked");
		return 77;
	}
	return 0;
}

/* The running kernel's release: ATC_PROC's sys/kernel/osrelease, else uname. */
static void kernel_release(const char *proc, char *buf, size_t len)
{
	char path[PATH_MAX];
	struct utsname uts;
	FILE *f;

	snprintf(path, sizeof(path), "%s/sys/kernel/osrelease", proc);
	f = fopen(path, "re");
	if (f) {
		bool got = fgets(buf, (int)len, f) != NULL;

		fclose(f);
		buf[strcspn(buf, "\n")] = '\0';
		if (got && *buf)
			return;
	}
	uname(&uts);
	snprintf(buf, len, "%s", uts.release);
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static const char *const match_names[] = {
	[EXPECT_UNRANGED] = "unranged",
	[EXPECT_COVERS] = "covers",
	[EXPECT_NEAREST_OLDER] = "nearest-older",
	[EXPECT_NONE] = "none",
};

/*
 * Every --expect file loaded; the one for the running kernel kept in
 * r->exp, r->exp_note saying which and why. 0, or 2 with one line in err.
 */
static int load_expectations(struct run *r, struct json_object **record,
			     char *err, size_t errlen)
{
	const struct atc_options *o = r->opts;
	struct expectations set[ATC_MAX_EXPECT];
	struct json_object *rec;
	char release[256];
	int chosen;

	*record = NULL;
	if (!o->nexpect)
		return 0;
	for (unsigned int i = 0; i < o->nexpect; i++) {
		if (expect_load(o->expect[i], &set[i], err, errlen)) {
			while (i--)
				expect_free(&set[i]);
			return 2;
		}
	}
	kernel_release(o->proc, release, sizeof(release));
	chosen = expect_choose(set, o->expect, o->nexpect, release,
			       &r->exp_match, err, errlen);
	for (unsigned int i = 0; i < o->nexpect; i++)
		if ((int)i != chosen)
			expect_free(&set[i]);
	if (chosen == -2)
		return 2;

	switch (r->exp_match) {
	case EXPECT_UNRANGED:
		snprintf(r->exp_note, sizeof(r->exp_note),
			 "expectations: %s (it states no kernel range) for %s",
			 base_name(o->expect[chosen]), release);
		break;
	case EXPECT_COVERS:
		snprintf(r->exp_note, sizeof(r->exp_note),
			 "expectations: %s (kernels %s) for %s",
			 base_name(o->expect[chosen]), set[chosen].range.text,
			 release);
		break;
	case EXPECT_NEAREST_OLDER:
		snprintf(r->exp_note, sizeof(r->exp_note),
			 "expectations: %s, the nearest older (kernels %s): none given covers %s; failures it lists are TODO, others and unexpected passes are news",
			 base_name(o->expect[chosen]), set[chosen].range.text,
			 release);
		break;
	case EXPECT_NONE:
		snprintf(r->exp_note, sizeof(r->exp_note),
			 "expectations: none for %s: none given covers it or is older; every failure counts",
			 release);
		break;
	}
	rec = json_object_new_object();
	json_object_object_add(rec, "release", json_object_new_string(release));
	json_object_object_add(rec, "match",
			       json_object_new_string(match_names[r->exp_match]));
	json_object_object_add(rec, "file", chosen >= 0 ?
			       json_object_new_string(o->expect[chosen]) : NULL);
	json_object_object_add(rec, "kernels",
			       chosen >= 0 && set[chosen].range.set ?
			       json_object_new_string(set[chosen].range.text) : NULL);
	*record = rec;
	if (chosen >= 0)
		r->exp = set[chosen];
	return 0;
}

int runner_run(const struct atc_options *opts, int argc, char **argv)
{
	struct run r = { .opts = opts, .pid = getpid(), .lock_fd = -1 };
	struct sigaction sa = { .sa_handler = on_signal };
	unsigned int points = 0, needs;
	char err[512], path[PATH_MAX], leftover[160] = "";
	struct json_object *exp_record = NULL;
	int ret;

	if (!opts->dry_run && geteuid() && needs_privilege(opts)) {
		fprintf(stderr,
			"atctests: run needs root (it loads a kernel module and reads config space); run as root or add --dry-run\n");
		return 2;
	}
	if (load_expectations(&r, &exp_record, err, sizeof(err))) {
		fprintf(stderr, "atctests: %s\n", err);
		return 2;
	}
	needs = selected_needs(opts);
	ret = check_injector(opts);
	if (!ret && !opts->dry_run)
		ret = check_tools(needs) ?: check_hw_injector(opts, needs) ?:
		      check_devices(opts, needs);
	if (!ret && !opts->dry_run && (needs & NEED_INJECTOR))
		ret = claim_injector(&r, leftover, sizeof(leftover));
	r.seed = opts->seed_given ? opts->seed : default_seed();
	if (!ret) {
		results_init(&r, argc, argv);
		if (exp_record)
			json_object_object_add(r.results, "expectations",
					       exp_record);
		exp_record = NULL;
		ret = results_start(&r);
	}
	if (ret) {
		json_object_put(exp_record);
		json_object_put(r.results);
		expect_free(&r.exp);
		if (r.lock_fd >= 0)
			close(r.lock_fd);
		return ret;
	}
	snprintf(path, sizeof(path), "%s/module/%s", opts->sysfs, INJECTOR_NAME);
	r.injector_was_loaded = access(path, F_OK) == 0;
	r.have_kmsg = kmsg_open(&r.kmsg, opts->kmsg) == 0;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	prctl(PR_SET_CHILD_SUBREAPER, 1);

	for (const struct atc_test *t = registry_first(); t; t = t->next)
		if (registry_selected(t, opts))
			points += (t->needs & NEED_DEVICE) && opts->ndevices ?
				  opts->ndevices : 1;
	tap_init(&r.tap, stdout);
	tap_header(&r.tap, opts->tap_version);
	tap_plan(&r.tap, points);
	tap_comment(&r.tap, "atctests %s, seed %llu (rerun with --seed %llu)",
		    ATC_BUILD_VERSION, (unsigned long long)r.seed,
		    (unsigned long long)r.seed);
	if (r.exp_note[0])
		tap_comment(&r.tap, "%s", r.exp_note);
	if (leftover[0]) {
		tap_comment(&r.tap, "%s", leftover);
		json_object_object_add(r.results, "leftover",
				       json_object_new_string(leftover));
	}
	if (!r.have_kmsg)
		tap_comment(&r.tap, "kernel log %s unreadable: no kernel-log checks",
			    opts->kmsg);

	for (const struct atc_test *t = registry_first(); t && !stop_signal;
	     t = t->next) {
		if (!registry_selected(t, opts))
			continue;
		if ((t->needs & NEED_DEVICE) && opts->ndevices) {
			for (unsigned int i = 0; i < opts->ndevices && !stop_signal; i++)
				run_point(&r, t, opts->devices[i]);
		} else {
			run_point(&r, t, NULL);
		}
	}
	if (stop_signal) {
		char msg[64];

		snprintf(msg, sizeof(msg), "interrupted by %s",
			 stop_signal == SIGINT ? "SIGINT" : "SIGTERM");
		kill_descendants();
		if (!r.injector_was_loaded)
			injector_remove_loaded(opts->debugfs);
		json_object_object_add(r.results, "interrupted",
				       json_object_new_string(msg));
		write_results(&r, false);
		tap_bail(&r.tap, msg);
	}
	tap_comment(&r.tap, "%u passed, %u failed, %u skipped, %u expected failures, %u unexpected passes",
		    r.counts.passed, r.counts.failed, r.counts.skipped,
		    r.counts.xfail, r.counts.xpass);
	/* a kernel the expectations were not written for: said again here */
	if (r.exp_match == EXPECT_NEAREST_OLDER || r.exp_match == EXPECT_NONE)
		tap_comment(&r.tap, "%s", r.exp_note);
	ret = exit_code(&r, points);
	json_object_put(r.results);
	expect_free(&r.exp);
	if (r.have_kmsg)
		kmsg_close(&r.kmsg);
	if (r.lock_fd >= 0)
		close(r.lock_fd);
	return ret;
}
