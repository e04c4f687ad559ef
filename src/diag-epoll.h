// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What the epoll diagnoses share: the syscalls they watch, the caller's process id, and
 * the count of an epoll set's registrations from /proc/PID/fdinfo/EPFD.
 */
#ifndef SCD_DIAG_EPOLL_H
#define SCD_DIAG_EPOLL_H

#include <stdint.h>

#include "pair.h"
#include "task.h"

extern const char *const scd_epoll_syscalls[];

static inline int32_t scd_epoll_pid(const struct scd_call *c, const struct scd_task *t)
{
	return t ? t->tgid : c->tid;
}

/* Registered fds with and without EPOLLET; both INT64_MIN when fdinfo cannot be read. */
void scd_epoll_registrations(int32_t pid, int32_t epfd, int64_t *et, int64_t *lt);

#endif
