// SPDX-License-Identifier: GPL-2.0
/*
 * Negative control of the soak's judgements: the same rounds, while
 * kernel memory really grows (System V message queues filled each round:
 * kmalloc'd, unreclaimable) and the runner keeps one more file open per
 * round. S-kernel-memory and S-file-descriptors must both fail;
 * soak-injections shows they pass. Everything is released at the end.
 */
#include "atc.h"
#include "soak.h"

#include <fcntl.h>
#include <json.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <unistd.h>

#define QUEUES_PER_ROUND 8
#define MSG_BYTES 8000		/* two fit in a queue's default 16 KiB */

struct growth {
	int queues[SOAK_ROUNDS * QUEUES_PER_ROUND];
	int nqueues;
	int fds[SOAK_ROUNDS];
	int nfds;
	int failed;		/* queue operations refused */
};

static void grow(int round, void *arg)
{
	struct { long type; char text[MSG_BYTES]; } msg = { .type = 1 };
	struct growth *g = arg;

	(void)round;
	memset(msg.text, 'x', sizeof(msg.text));
	for (int i = 0; i < QUEUES_PER_ROUND; i++) {
		int q = msgget(IPC_PRIVATE, IPC_CREAT | 0600);

		if (q < 0) {
			g->failed++;
			continue;
		}
		g->queues[g->nqueues++] = q;
		for (int m = 0; m < 2; m++)
			if (msgsnd(q, &msg, sizeof(msg.text), IPC_NOWAIT))
				g->failed++;
	}
	g->fds[g->nfds] = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (g->fds[g->nfds] >= 0)
		g->nfds++;
}

static void release(struct growth *g)
{
	for (int i = 0; i < g->nqueues; i++)
		msgctl(g->queues[i], IPC_RMID, NULL);
	for (int i = 0; i < g->nfds; i++)
		close(g->fds[i]);
}

static int control_soak_growth(struct atc_ctx *ctx)
{
	struct growth g = { .nqueues = 0 };
	struct soak s;
	char why[256];
	int ran = soak_run(ctx, &s, grow, &g);

	release(&g);
	if (ran) {
		soak_release(&s);
		return 0;
	}
	atc_evidence(ctx, "rounds", json_object_get(s.per_round));
	atc_evidence_u64(ctx, "message_queues", g.nqueues);
	atc_evidence_u64(ctx, "queue_operations_refused", g.failed);
	atc_evidence_u64(ctx, "files_kept_open", g.nfds);
	atc_evidence_str(ctx, "catches", "S-kernel-memory");
	atc_check(ctx, "X-S-kernel-memory-detects-growth",
		  !soak_memory_steady(&s, why, sizeof(why)) && !g.failed,
		  "with %d message queues of %d KiB held: %s", g.nqueues,
		  2 * MSG_BYTES / 1000, why);
	atc_evidence_str(ctx, "catches", "S-file-descriptors");
	atc_check(ctx, "X-S-file-descriptors-detects-leak",
		  !soak_fds_steady(&s, why, sizeof(why)),
		  "with one file more kept open per round: %s", why);
	soak_release(&s);
	return 0;
}
ATC_TEST(control_soak_growth, "control-soak-growth",
	 "negative control: kernel memory and open files growing each round fail the soak's judgements",
	 .group = "control",
	 .needs = NEED_ROOT | NEED_DEVICE | NEED_INJECTOR |
		  NEED_INJECTOR_MODULE | NEED_FIO,
	 .timeout_s = 600);
