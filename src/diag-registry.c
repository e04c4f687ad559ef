// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The diagnoses scdiag diagnose knows, in report order. Adding one: its diag-<area>.c, one
 * line here, a workload that triggers it and one that must not.
 */
#include "config.h"

#include "diag.h"

extern const struct scd_diag_ops scd_diag_epoll_maxevents;
extern const struct scd_diag_ops scd_diag_epoll_timeout;
extern const struct scd_diag_ops scd_diag_epoll_mode;
extern const struct scd_diag_ops scd_diag_sleep_interrupted;
extern const struct scd_diag_ops scd_diag_rw_buffers;
extern const struct scd_diag_ops scd_diag_net_sizes;
extern const struct scd_diag_ops scd_diag_net_nonblock;
extern const struct scd_diag_ops scd_diag_open_flags;

const struct scd_diag_ops *const scd_diags[] = {
	&scd_diag_epoll_maxevents,
	&scd_diag_epoll_timeout,
	&scd_diag_epoll_mode,
	&scd_diag_sleep_interrupted,
	&scd_diag_rw_buffers,
	&scd_diag_net_sizes,
	&scd_diag_net_nonblock,
	&scd_diag_open_flags,
};

const size_t scd_ndiags = sizeof(scd_diags) / sizeof(scd_diags[0]);
