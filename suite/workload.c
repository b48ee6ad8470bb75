// SPDX-License-Identifier: GPL-2.0
#include "workload.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Groups started and not yet reaped, for workload_kill_all(). */
#define LIVE_MAX 16
static volatile pid_t live[LIVE_MAX];

static void live_set(pid_t old, pid_t new)
{
	for (int i = 0; i < LIVE_MAX; i++) {
		if (live[i] == old) {
			live[i] = new;
			return;
		}
	}
}

void workload_describe_end(const struct workload *w, char *out,
			   unsigned long len)
{
	if (!w->reaped)
		snprintf(out, len, "still running");
	else if (WIFSIGNALED(w->status))
		snprintf(out, len, "killed by signal %d (%s)",
			 WTERMSIG(w->status), strsignal(WTERMSIG(w->status)));
	else
		snprintf(out, len, "exited %d", WEXITSTATUS(w->status));
}

void workload_kill_all(void)
{
	for (int i = 0; i < LIVE_MAX; i++)
		if (live[i] > 0)
			kill(-live[i], SIGKILL);
}

int workload_start(struct workload *w, const char *name,
		   char *const argv[], const char *log_path)
{
	int pipefd[2], err = 0;
	pid_t pid, parent = getpid();

	memset(w, 0, sizeof(*w));
	snprintf(w->name, sizeof(w->name), "%s", name);
	/* A close-on-exec pipe tells the parent whether exec worked. */
	if (pipe2(pipefd, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (pid < 0) {
		err = -errno;
		close(pipefd[0]);
		close(pipefd[1]);
		return err;
	}
	if (pid == 0) {
		int fd;

		setpgid(0, 0);
		/* fio stops its jobs on SIGTERM; kept across exec */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != parent)
			_exit(127);
		close(pipefd[0]);
		fd = open(log_path ? log_path : "/dev/null",
			  O_WRONLY | O_CREAT | O_APPEND, 0644);
		if (fd >= 0) {
			dup2(fd, STDOUT_FILENO);
			dup2(fd, STDERR_FILENO);
			close(fd);
		}
		fd = open("/dev/null", O_RDONLY);
		if (fd >= 0) {
			dup2(fd, STDIN_FILENO);
			close(fd);
		}
		execvp(argv[0], argv);
		err = errno;
		if (write(pipefd[1], &err, sizeof(err)) < 0)
			_exit(127);
		_exit(127);
	}
	setpgid(pid, pid);
	close(pipefd[1]);
	if (read(pipefd[0], &err, sizeof(err)) == sizeof(err)) {
		close(pipefd[0]);
		waitpid(pid, NULL, 0);
		return -err;
	}
	close(pipefd[0]);
	w->pid = pid;
	live_set(0, pid);
	return 0;
}

#define KILL_WAIT_MS 5000

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static bool try_reap(struct workload *w, bool block)
{
	pid_t r;

	if (w->reaped)
		return true;
	r = waitpid(w->pid, &w->status, block ? 0 : WNOHANG);
	if (r == w->pid) {
		w->reaped = true;
		live_set(w->pid, 0);
		/* Grandchildren left in the group get no second chance. */
		kill(-w->pid, SIGKILL);
	}
	return w->reaped;
}

int workload_wait(struct workload *w, int timeout_ms)
{
	long deadline = now_ms() + timeout_ms;

	if (w->pid <= 0)
		return -EINVAL;
	while (!try_reap(w, timeout_ms < 0)) {
		if (now_ms() >= deadline) {
			w->timed_out = true;
			workload_stop(w, 2000);
			return -ETIMEDOUT;
		}
		usleep(20000);
	}
	return 0;
}

void workload_stop(struct workload *w, int grace_ms)
{
	long deadline = now_ms() + grace_ms;

	if (w->pid <= 0 || w->reaped)
		return;
	kill(-w->pid, SIGTERM);
	while (!try_reap(w, false) && now_ms() < deadline)
		usleep(20000);
	if (w->reaped)
		return;
	/*
	 * A process stuck in the kernel (I/O to a hung device) outlives even
	 * SIGKILL: give up after a while rather than hang with it; the
	 * runner, as subreaper, collects it should it ever end.
	 */
	kill(-w->pid, SIGKILL);
	deadline = now_ms() + KILL_WAIT_MS;
	while (!try_reap(w, false) && now_ms() < deadline)
		usleep(20000);
}

int workload_exit_code(const struct workload *w)
{
	if (!w->reaped)
		return -1;
	if (WIFEXITED(w->status))
		return WEXITSTATUS(w->status);
	if (WIFSIGNALED(w->status))
		return 128 + WTERMSIG(w->status);
	return -1;
}
