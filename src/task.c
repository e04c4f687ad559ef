// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The thread table (see task.h): a tid map whose entries are filled from /proc/TID/status.
 * /proc is read once per thread, never per record.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proc.h"
#include "task.h"
#include "tidmap.h"
#include "xalloc.h"

struct scd_tasks {
	struct scd_tidmap *map;
	int32_t (*tgid_of)(int32_t tid, void *ctx);
	void *ctx;
	struct scd_task named;	/* returned by scd_tasks_exit() */
};

struct scd_tasks *scd_tasks_new(int32_t (*tgid_of)(int32_t tid, void *ctx), void *ctx)
{
	struct scd_tasks *t = xcalloc(1, sizeof(*t));

	t->tgid_of = tgid_of;
	t->ctx = ctx;
	t->map = scd_tidmap_new(sizeof(struct scd_task));
	return t;
}

void scd_tasks_free(struct scd_tasks *t)
{
	if (!t)
		return;
	scd_tidmap_free(t->map);
	free(t);
}

int scd_proc_task(int32_t tid, int32_t *tgid, char comm[16])
{
	char buf[2048], *p;

	if (scd_proc_read(tid, "status", buf, sizeof(buf)) < 0)
		return -ENOENT;
	/* "Name:\t<comm>\n" comes first; the kernel escapes \n and \\ in it. */
	if (strncmp(buf, "Name:\t", 6) == 0) {
		size_t len = strcspn(buf + 6, "\n");

		if (len > 15)
			len = 15;
		memcpy(comm, buf + 6, len);
		comm[len] = 0;
	}
	p = strstr(buf, "\nTgid:\t");
	if (!p)
		return -EIO;
	*tgid = (int32_t)strtol(p + 7, NULL, 10);
	return 0;
}

static void resolve(struct scd_tasks *t, struct scd_task *e)
{
	if (scd_proc_task(e->tid, &e->tgid, e->comm) < 0) {
		int32_t tgid = t->tgid_of ? t->tgid_of(e->tid, t->ctx) : -1;

		/* A thread of a process still alive takes its process's comm. */
		e->tgid = tgid > 0 ? tgid : e->tid;
		if (tgid <= 0 || tgid == e->tid || scd_proc_task(tgid, &tgid, e->comm) < 0) {
			snprintf(e->comm, sizeof(e->comm), "[unknown]");
			e->unknown = 1;
		}
	}
	e->resolved = 1;
}

const struct scd_task *scd_tasks_get(struct scd_tasks *t, int32_t tid)
{
	struct scd_task *e = scd_tidmap_get(t->map, tid, NULL);

	if (!e->resolved)
		resolve(t, e);
	return e;
}

void scd_tasks_exec(struct scd_tasks *t, int32_t tid)
{
	struct scd_task *e = scd_tidmap_find(t->map, tid);

	if (e)
		e->resolved = 0;
}

const struct scd_task *scd_tasks_exit(struct scd_tasks *t, int32_t tid, const char *comm)
{
	struct scd_task *e = scd_tidmap_find(t->map, tid);
	const struct scd_task *ret = NULL;

	if (!e)
		return NULL;
	if (e->unknown && comm && comm[0]) {
		t->named = *e;
		snprintf(t->named.comm, sizeof(t->named.comm), "%.15s", comm);
		t->named.unknown = 0;
		ret = &t->named;
	}
	scd_tidmap_del(t->map, e);
	return ret;
}

size_t scd_tasks_count(const struct scd_tasks *t)
{
	return t->map->used;
}
