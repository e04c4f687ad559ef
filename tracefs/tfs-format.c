// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Format parsing and decoder layouts (see tfs-format.h). We build a tep handle by hand with
 * only the formats we need: tracefs_local_events() would parse all ~2300 events and
 * /proc/kallsyms, 300 ms of start-up for nothing (kernel-interfaces.md §1.3).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event-parse.h>
#include <tracefs.h>

#include "tfs-format.h"
#include "xalloc.h"

struct scd_tfs_formats {
	struct tep_handle *tep;
};

struct scd_tfs_formats *scd_tfs_formats_new(void)
{
	struct scd_tfs_formats *f = xcalloc(1, sizeof(*f));

	f->tep = tep_alloc();
	if (!f->tep) {
		free(f);
		return NULL;
	}
	tep_set_long_size(f->tep, (int)sizeof(long));
	return f;
}

void scd_tfs_formats_free(struct scd_tfs_formats *f)
{
	if (!f)
		return;
	tep_free(f->tep);
	free(f);
}

int scd_tfs_page_format(struct scd_page_fmt *pf)
{
	char *text, *p;
	int off, size;

	/* Defaults of a 64-bit kernel, used if the file cannot be read. */
	pf->commit_size = 8;
	pf->data_off = 16;
	pf->data_size = 4080;
	text = tracefs_instance_file_read(NULL, "events/header_page", NULL);
	if (!text)
		return -ENOENT;
	p = strstr(text, " commit;");
	if (p && sscanf(p, " commit;%*[ \t]offset:%d;%*[ \t]size:%d;", &off, &size) == 2 &&
	    (size == 4 || size == 8))
		pf->commit_size = (unsigned int)size;
	p = strstr(text, " data;");
	if (p && sscanf(p, " data;%*[ \t]offset:%d;%*[ \t]size:%d;", &off, &size) == 2 &&
	    off >= 12 && off <= 64 && size >= 1024) {
		pf->data_off = (unsigned int)off;
		pf->data_size = (unsigned int)size;
	}
	free(text);
	return 0;
}

struct tep_event *scd_tfs_format_event(struct scd_tfs_formats *f, const char *sys, const char *ev)
{
	struct tep_event *e = tep_find_event_by_name(f->tep, sys, ev);
	char *text;
	int len;

	if (e)
		return e;
	text = tracefs_event_file_read(NULL, sys, ev, "format", &len);
	if (!text)
		return NULL;
	if (tep_parse_event(f->tep, text, (unsigned long)len, sys) == TEP_ERRNO__SUCCESS)
		e = tep_find_event_by_name(f->tep, sys, ev);
	free(text);
	return e;
}

static void loc(struct scd_field_loc *l, const struct tep_format_field *fld)
{
	l->off = (uint16_t)fld->offset;
	l->size = (uint8_t)fld->size;
	l->is_signed = !!(fld->flags & TEP_FIELD_IS_SIGNED);
}

/* sched_switch: prev_pid is the thread, prev_state its state, next_pid the next one. */
static bool switch_field(struct scd_ev_layout *l, const struct tep_format_field *fld)
{
	if (!strcmp(fld->name, "prev_pid")) {
		loc(&l->tid, fld);
	} else if (!strcmp(fld->name, "prev_state")) {
		loc(&l->ret, fld);
	} else if (!strcmp(fld->name, "next_pid")) {
		loc(&l->nr, fld);
	} else if (!strcmp(fld->name, "prev_comm") && fld->size > 0) {
		l->comm.off = (uint16_t)fld->offset;
		l->comm.size = (uint8_t)(fld->size < 16 ? fld->size : 16);
	} else {
		return false;
	}
	return true;
}

static int fill(struct scd_decoder *d, struct tep_event *e, int kind)
{
	struct scd_ev_layout *l;
	struct tep_format_field *fld, *pid;
	unsigned int min = 8;

	pid = tep_find_common_field(e, "common_pid");
	if (!pid || e->id < 0 || e->id >= 65536)
		return -EINVAL;
	l = scd_decoder_slot(d, (uint32_t)e->id);
	memset(l, 0, sizeof(*l));
	l->kind = (uint8_t)kind;
	l->fixed_nr = -1;
	loc(&l->tid, pid);

	for (fld = e->format.fields; fld; fld = fld->next) {
		unsigned int endoff = (unsigned int)(fld->offset + fld->size);

		if (!strcmp(fld->name, "__syscall_nr") || !strcmp(fld->name, "id")) {
			loc(&l->nr, fld);
		} else if (!strcmp(fld->name, "ret") && kind == SCD_EV_SYS_EXIT) {
			loc(&l->ret, fld);
		} else if (kind == SCD_EV_SYS_ENTER && !strcmp(fld->name, "args") &&
			   (fld->flags & TEP_FIELD_IS_ARRAY) && fld->arraylen) {
			/* raw_syscalls:sys_enter: unsigned long args[6] */
			unsigned int i, esz = (unsigned int)fld->size / fld->arraylen;

			for (i = 0; i < fld->arraylen && i < SCD_MAX_ARGS; i++) {
				l->args[i].off = (uint16_t)(fld->offset + (int)(i * esz));
				l->args[i].size = (uint8_t)esz;
			}
			l->nargs = (uint8_t)i;
		} else if (kind == SCD_EV_SYS_ENTER && l->nargs < SCD_MAX_ARGS) {
			/* syscalls:sys_enter_X: one field per argument, in order */
			loc(&l->args[l->nargs++], fld);
		} else if (kind == SCD_EV_SCHED_SWITCH) {
			if (!switch_field(l, fld))
				continue;
		} else if (kind == SCD_EV_TASK_FORK && !strcmp(fld->name, "child_pid")) {
			loc(&l->tid, fld);
			loc(&l->args[0], fld);
			l->nargs = l->nargs < 1 ? 1 : l->nargs;
		} else if (kind == SCD_EV_TASK_FORK && !strcmp(fld->name, "parent_pid")) {
			loc(&l->args[1], fld);
			l->nargs = 2;
		} else if ((kind == SCD_EV_TASK_EXIT || kind == SCD_EV_TASK_EXEC ||
			    kind == SCD_EV_WAKEUP) && !strcmp(fld->name, "pid")) {
			loc(&l->tid, fld);
		} else if (kind == SCD_EV_TASK_EXIT && !strcmp(fld->name, "comm") && fld->size > 0) {
			l->comm.off = (uint16_t)fld->offset;
			l->comm.size = (uint8_t)(fld->size < 16 ? fld->size : 16);
		} else {
			continue;
		}
		if (endoff > min)
			min = endoff;
	}
	if ((kind == SCD_EV_SYS_ENTER || kind == SCD_EV_SYS_EXIT) && !l->nr.size)
		return -EINVAL;
	if (kind == SCD_EV_SYS_EXIT && !l->ret.size)
		return -EINVAL;
	if (kind == SCD_EV_SCHED_SWITCH && (!l->ret.size || !l->nr.size || l->tid.off < 8))
		return -EINVAL;
	l->min_size = (uint16_t)min;
	return e->id;
}

int scd_tfs_layout_add(struct scd_tfs_formats *f, struct scd_decoder *d, const char *sys,
		       const char *ev, int kind)
{
	struct tep_event *e = scd_tfs_format_event(f, sys, ev);

	if (!e)
		return -ENOENT;
	return fill(d, e, kind);
}

int scd_tfs_layout_from_text(struct scd_tfs_formats *f, struct scd_decoder *d, const char *sys,
			     const char *text, int kind)
{
	struct tep_event *e = NULL;

	if (tep_parse_format(f->tep, &e, text, strlen(text), sys) != TEP_ERRNO__SUCCESS || !e)
		return -EINVAL;
	return fill(d, e, kind);
}

static void each(struct tep_format_field *fld, bool common,
		 void (*fn)(const struct scd_field_info *fi, void *ctx), void *ctx)
{
	for (; fld; fld = fld->next) {
		struct scd_field_info fi = {
			.name = fld->name, .type = fld->type, .offset = fld->offset,
			.size = fld->size, .is_signed = !!(fld->flags & TEP_FIELD_IS_SIGNED),
			.common = common,
		};

		fn(&fi, ctx);
	}
}

int scd_tfs_format_fields(struct scd_tfs_formats *f, const char *sys, const char *ev,
			  void (*fn)(const struct scd_field_info *fi, void *ctx), void *ctx)
{
	struct tep_event *e = scd_tfs_format_event(f, sys, ev);

	if (!e)
		return -ENOENT;
	each(e->format.common_fields, true, fn, ctx);
	each(e->format.fields, false, fn, ctx);
	return 0;
}
