// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Event formats: the kernel's events/SYS/EV/format files parsed with libtraceevent, once, at
 * set-up. Their field offsets fill the decoder's layouts; no libtraceevent call remains on the
 * per-record path. Also the sub-buffer header layout from events/header_page.
 */
#ifndef SCD_TFS_FORMAT_H
#define SCD_TFS_FORMAT_H

#include <stdbool.h>

#include "decode.h"
#include "tfs-page.h"

struct scd_tfs_formats;
struct tep_event;

struct scd_tfs_formats *scd_tfs_formats_new(void);
void scd_tfs_formats_free(struct scd_tfs_formats *f);

/* Sub-buffer header layout from events/header_page. */
int scd_tfs_page_format(struct scd_page_fmt *pf);

/* Parses (once) and returns SYS:EV's format, or NULL. */
struct tep_event *scd_tfs_format_event(struct scd_tfs_formats *f, const char *sys, const char *ev);

/*
 * Adds SYS:EV to @d as @kind (SCD_EV_SYS_ENTER/EXIT for syscalls:* and raw_syscalls:*,
 * SCD_EV_TASK_EXEC/EXIT for sched:sched_process_*). Returns the event id or a negative errno.
 */
int scd_tfs_layout_add(struct scd_tfs_formats *f, struct scd_decoder *d, const char *sys,
		       const char *ev, int kind);

struct scd_field_info {
	const char *name;
	const char *type;
	int offset;
	int size;
	bool is_signed;
	bool common;		/* common_* header field */
};

/* Calls @fn for each field of SYS:EV (common fields first). 0 or a negative errno. */
int scd_tfs_format_fields(struct scd_tfs_formats *f, const char *sys, const char *ev,
			  void (*fn)(const struct scd_field_info *fi, void *ctx), void *ctx);

/* Builds a syscall-number-free format text for a unit test fixture (format file contents). */
int scd_tfs_layout_from_text(struct scd_tfs_formats *f, struct scd_decoder *d, const char *sys,
			     const char *text, int kind);

#endif
