// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * argdist spec binding and evaluation (see argdist-bind.h). Variables are slots of a small
 * array (an-argdist.h): entry arguments by position, ret, errno, latency, pid, tid, nr. Field
 * names come from the kernel's format of syscalls:sys_enter_X (the arguments, in order) and
 * sys_exit_X (ret), read once with libtraceevent.
 *
 * A char* value (a TYPE of char* in the tracepoint form; a char* field alone in the native
 * form) is a pointer in the record: the string is read from the thread's memory when the
 * record is processed (umem.h), and stands in the tuple as an interned id.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "argdist-bind.h"
#include "event.h"
#include "session.h"
#include "suggest.h"
#include "syscalls.h"
#include "tfs-events.h"
#include "tfs-format.h"
#include "umem.h"
#include "xalloc.h"

struct fields {
	char *name[SCD_MAX_ARGS + 2];
	bool is_str[SCD_MAX_ARGS + 2];	/* declared char * (a path, a name) */
	size_t n;
};

struct resolve_ctx {
	const struct scd_argspec *s;
	const struct fields *f;	/* of the enter event (args) */
	bool exit_event;	/* tracepoint form on sys_exit_X */
	bool uses_task;
};

/*
 * Whether the native form shows a field as a string: a "char *" or "const char *" whose
 * name says it is a path or a name (filename, pathname, ...). Other char pointers are data
 * (read's buf), addresses (shmdt's shmaddr) or arrays (execve's argv), not C strings.
 */
static bool is_path_field(const char *type, const char *name)
{
	static const char *const names[] = {
		"filename", "pathname", "path", "oldname", "newname", "name", "dev_name",
		"dir_name", "specialfile", "library", "type",
	};
	size_t i;

	if (!type || (strcmp(type, "const char *") && strcmp(type, "char *")))
		return false;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(name, names[i]))
			return true;
	return false;
}

static void take_field(const struct scd_field_info *fi, void *ctx)
{
	struct fields *f = ctx;

	if (fi->common || !strcmp(fi->name, "__syscall_nr") || f->n >= SCD_MAX_ARGS)
		return;
	f->is_str[f->n] = is_path_field(fi->type, fi->name);
	f->name[f->n++] = xstrdup(fi->name);
}

static void free_fields(struct fields *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		free(f->name[i]);
	f->n = 0;
}

static int arg_slot(const struct fields *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (!strcmp(f->name[i], name))
			return SCD_AD_SLOT_ARG0 + (int)i;
	return -ENOENT;
}

static void hint_from(const char *word, const char *prefix, const struct fields *f,
		      const char *const *extra, size_t nextra, char *hint, size_t hintlen)
{
	const char *cands[SCD_MAX_ARGS + 8], *sug[3];
	size_t n = 0, i, k;

	for (i = 0; i < f->n; i++)
		cands[n++] = f->name[i];
	for (i = 0; i < nextra; i++)
		cands[n++] = extra[i];
	k = scd_suggest(word, cands, n, sug, 3);
	if (!k) {
		snprintf(hint, hintlen, "fields: ");
		for (i = 0; i < n; i++)
			snprintf(hint + strlen(hint), hintlen - strlen(hint), "%s%s%s",
				 i ? ", " : "", prefix, cands[i]);
		return;
	}
	snprintf(hint, hintlen, "did you mean ");
	for (i = 0; i < k; i++)
		snprintf(hint + strlen(hint), hintlen - strlen(hint), "%s%s%s", i ? ", " : "",
			 prefix, sug[i]);
	snprintf(hint + strlen(hint), hintlen - strlen(hint), "?");
}

static int resolve(const char *ident, void *vctx, char *hint, size_t hintlen)
{
	static const char *const exit_names[] = { "ret" };
	static const char *const call_names[] = { "ret", "errno", "latency", "pid", "tid" };
	struct resolve_ctx *c = vctx;
	int slot;

	if (!strcmp(ident, "$PID")) {
		c->uses_task = true;
		return SCD_AD_SLOT_PID;
	}
	if (!strcmp(ident, "$TID"))
		return SCD_AD_SLOT_TID;
	if (c->s->form == SCD_ARGSPEC_TRACEPOINT) {
		if (strncmp(ident, "args->", 6)) {
			snprintf(hint, hintlen, "use args->FIELD, $PID or $TID");
			return -ENOENT;
		}
		ident += 6;
		if (!strcmp(ident, "__syscall_nr"))
			return SCD_AD_SLOT_NR;
		if (c->exit_event) {
			if (!strcmp(ident, "ret"))
				return SCD_AD_SLOT_RET;
			snprintf(hint, hintlen, "fields: args->ret, args->__syscall_nr");
			return -ENOENT;
		}
		slot = arg_slot(c->f, ident);
		if (slot < 0)
			hint_from(ident, "args->", c->f, NULL, 0, hint, hintlen);
		return slot;
	}
	if (!strcmp(ident, "ret"))
		return SCD_AD_SLOT_RET;
	if (!strcmp(ident, "errno"))
		return SCD_AD_SLOT_ERRNO;
	if (!strcmp(ident, "latency"))
		return SCD_AD_SLOT_LATENCY;
	if (!strcmp(ident, "tid"))
		return SCD_AD_SLOT_TID;
	if (!strcmp(ident, "pid")) {
		c->uses_task = true;
		return SCD_AD_SLOT_PID;
	}
	slot = arg_slot(c->f, ident);
	if (slot < 0)
		hint_from(ident, "", c->f, call_names, 5, hint, hintlen);
	(void)exit_names;
	return slot;
}

static const char *event_at(size_t i, void *ctx)
{
	char **v = ctx;

	return v[i];
}

/* @what: "sys_enter_X", "sys_exit_X" or a bare syscall name; suggestions keep its prefix. */
static int unknown_event(const struct scd_argspec *s, const char *what, size_t pos,
			 char *msg, size_t msglen)
{
	char **names, line[512], hint[256] = "";
	const char *sug[3], *prefix = "";
	size_t n, k, i;

	if (!strncmp(what, "sys_enter_", 10))
		prefix = "sys_enter_";
	else if (!strncmp(what, "sys_exit_", 9))
		prefix = "sys_exit_";
	what += strlen(prefix);
	if (scd_tfs_syscall_events(&names, &n) == 0) {
		k = scd_suggest_fn(what, event_at, n, names, sug, 3);
		for (i = 0; i < k; i++)
			snprintf(hint + strlen(hint), sizeof(hint) - strlen(hint), "%s%s%s",
				 i ? ", " : " (did you mean ", prefix, sug[i]);
		if (k)
			snprintf(hint + strlen(hint), sizeof(hint) - strlen(hint), "?)");
		scd_tfs_names_free(names, n);
	}
	snprintf(line, sizeof(line), "no such syscall event%s", hint);
	scd_argspec_caret(s->spec, pos, line, msg, msglen);
	return -1;
}

/* Names the event of @s and loads the enter event's fields into @f. */
static int find_event(const struct scd_argspec *s, struct scd_tfs_formats *fmts,
		      struct scd_ad_bind *b, struct fields *f, char *msg, size_t msglen)
{
	char ev[96];
	const char *base;

	if (s->form == SCD_ARGSPEC_TRACEPOINT) {
		if (strcmp(s->category, "syscalls")) {
			scd_argspec_caret(s->spec, 2, "only syscalls:* tracepoints are supported "
					  "(see scdiag list 'syscalls:*')", msg, msglen);
			return -1;
		}
		if (!strncmp(s->event, "sys_enter_", 10)) {
			b->kind = SCD_EV_SYS_ENTER;
			base = s->event + 10;
		} else if (!strncmp(s->event, "sys_exit_", 9)) {
			b->kind = SCD_EV_SYS_EXIT;
			base = s->event + 9;
		} else {
			scd_argspec_caret(s->spec, s->event_pos, "not a syscall event (sys_enter_X "
					  "or sys_exit_X)", msg, msglen);
			return -1;
		}
		if (!scd_tfs_event_exists("syscalls", s->event))
			return unknown_event(s, s->event, s->event_pos, msg, msglen);
		b->want = b->kind == SCD_EV_SYS_ENTER ? SCD_WANT_ENTER : SCD_WANT_EXIT;
		b->id = scd_tfs_event_id("syscalls", s->event);
	} else {
		base = scd_syscall_event_name(s->syscall);
		snprintf(ev, sizeof(ev), "sys_exit_%s", base);
		if (!scd_tfs_event_exists("syscalls", ev))
			return unknown_event(s, s->syscall, s->event_pos, msg, msglen);
		b->kind = 0;
		b->want = SCD_WANT_ENTER | SCD_WANT_EXIT;
		b->id = scd_tfs_event_id("syscalls", ev);
	}
	snprintf(b->name, sizeof(b->name), "%s", base);
	b->nr = scd_syscall_nr(base);
	snprintf(ev, sizeof(ev), "sys_enter_%s", base);
	if (scd_tfs_format_fields(fmts, "syscalls", ev, take_field, f) < 0) {
		snprintf(msg, msglen, "cannot read the format of syscalls:%s", ev);
		return -1;
	}
	return 0;
}

/* The filter as the event's kernel filter, when every variable is a field of that event. */
static void kernel_filter(const struct scd_argspec *s, const struct fields *f,
			  struct scd_ad_bind *b)
{
	const char *names[SCD_AD_NSLOTS] = { NULL };
	char buf[512];
	size_t i;

	if (!s->filter || !b->kind)
		return;
	if (b->kind == SCD_EV_SYS_ENTER)
		for (i = 0; i < f->n; i++)
			names[SCD_AD_SLOT_ARG0 + i] = f->name[i];
	else
		names[SCD_AD_SLOT_RET] = "ret";
	names[SCD_AD_SLOT_NR] = "__syscall_nr";
	/*
	 * The kernel compares with the field's own type: a negative constant against an
	 * unsigned field (fd of close(-1) is "unsigned int") would not match what C, BCC and
	 * our userspace filter match, and the kernel would drop records we must count.
	 */
	if (scd_expr_kernel_filter(s->filter, names, SCD_AD_NSLOTS, buf, sizeof(buf)) == 0 &&
	    !strchr(buf, '-'))
		b->kfilter = xstrdup(buf);
}

int scd_ad_bind_all(struct scd_argspec *const *specs, size_t n, struct scd_ad_bind **out,
		    char *msg, size_t msglen)
{
	struct scd_ad_bind *b = xcalloc(n ? n : 1, sizeof(*b));
	struct scd_tfs_formats *fmts = scd_tfs_formats_new();
	size_t i, k;
	int ret = -1;

	if (!fmts) {
		snprintf(msg, msglen, "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		struct fields f = { .n = 0 };
		struct resolve_ctx rc = { .s = specs[i], .f = &f };
		struct scd_expr_err err;

		if (specs[i]->nexprs > SCD_AD_MAXEXPR) {
			scd_argspec_caret(specs[i]->spec, specs[i]->exprs[SCD_AD_MAXEXPR].pos,
					  "at most 8 expressions per spec", msg, msglen);
			goto out;
		}
		if (find_event(specs[i], fmts, &b[i], &f, msg, msglen)) {
			free_fields(&f);
			goto out;
		}
		rc.exit_event = b[i].kind == SCD_EV_SYS_EXIT;
		if (scd_argspec_compile(specs[i], resolve, &rc, &err)) {
			scd_argspec_caret(specs[i]->spec, err.pos, err.msg, msg, msglen);
			free_fields(&f);
			goto out;
		}
		for (k = 0; k < specs[i]->nexprs; k++) {
			struct scd_argexpr *x = &specs[i]->exprs[k];
			int v = x->is_comm ? -1 : scd_expr_single_var(x->e);

			if (x->is_comm)
				rc.uses_task = true;
			else
				b[i].slots |= scd_expr_slots(x->e);
			/* Native form: a char * field alone is its string (a count, not -H). */
			if (specs[i]->form != SCD_ARGSPEC_TRACEPOINT && !specs[i]->hist &&
			    v >= SCD_AD_SLOT_ARG0 && v < SCD_AD_SLOT_ARG0 + (int)f.n &&
			    f.is_str[v - SCD_AD_SLOT_ARG0])
				x->type = SCD_AT_STR;
		}
		if (specs[i]->filter)
			b[i].slots |= scd_expr_slots(specs[i]->filter);
		b[i].uses_task = rc.uses_task;
		kernel_filter(specs[i], &f, &b[i]);
		free_fields(&f);
	}
	/*
	 * A kernel filter serves only when one spec alone reads that event. A paired spec reads
	 * both the enter and the exit of its syscall.
	 */
	for (i = 0; i < n; i++)
		for (k = 0; k < n; k++)
			if (k != i && !strcmp(b[k].name, b[i].name) &&
			    (b[k].kind == b[i].kind || !b[k].kind || !b[i].kind)) {
				free(b[i].kfilter);
				b[i].kfilter = NULL;
			}
	ret = 0;
out:
	scd_tfs_formats_free(fmts);
	if (ret)
		scd_ad_bind_free(b, n);
	else
		*out = b;
	return ret;
}

void scd_ad_bind_free(struct scd_ad_bind *b, size_t n)
{
	size_t i;

	if (!b)
		return;
	for (i = 0; i < n; i++)
		free(b[i].kfilter);
	free(b);
}

/*
 * The string at @addr in the memory of thread @tid (of process @pid), now, as an id of
 * @agg's table; read at most once per SCD_AD_STR_TTL_NS for one (process, address).
 */
static int64_t string_value(struct scd_argdist *agg, int32_t pid, int32_t tid, uint64_t addr)
{
	char buf[PATH_MAX + 64];
	struct timespec ts;
	int64_t now, id;
	ssize_t n;
	bool cut;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	now = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
	id = scd_argdist_memo_get(agg, pid, addr, now);
	if (id >= 0)
		return id;
	n = scd_umem_thread_str(tid, pid, addr, buf, PATH_MAX, &cut);
	if (n >= 0) {
		if (cut)
			strcat(buf, "...");
	} else if (!addr) {
		snprintf(buf, sizeof(buf), "[NULL]");
	} else {
		snprintf(buf, sizeof(buf), "[0x%llx: %s]", (unsigned long long)addr,
			 n == -ESRCH ? "process gone" : n == -EFAULT ? "unreadable" : strerror((int)-n));
	}
	id = scd_argdist_intern(agg, buf, n >= 0);
	scd_argdist_memo_put(agg, pid, addr, now, id, n >= 0);
	return id;
}

static void eval_spec(const struct scd_argspec *s, size_t i, struct scd_argdist *agg,
		      const int64_t *vars, const struct scd_task *task)
{
	int64_t v[SCD_AD_MAXEXPR];
	bool ok = true;
	size_t k;

	if (s->filter && (!scd_expr_eval(s->filter, vars, &ok) || !ok))
		return;
	for (k = 0; k < s->nexprs && k < SCD_AD_MAXEXPR; k++) {
		if (s->exprs[k].is_comm) {
			v[k] = 0;
			continue;
		}
		v[k] = scd_argtype_apply(s->exprs[k].type, scd_expr_eval(s->exprs[k].e, vars, &ok));
		if (!ok)
			return;	/* e.g. a division by zero: BPF would return 0, we skip */
		if (s->exprs[k].type == SCD_AT_STR)
			v[k] = string_value(agg, (int32_t)vars[SCD_AD_SLOT_PID],
					    (int32_t)vars[SCD_AD_SLOT_TID], (uint64_t)v[k]);
	}
	scd_argdist_add(agg, i, v, k, task ? task->comm : NULL);
}

static bool matches(const struct scd_ad_bind *b, int kind, int nr, int id)
{
	return b->kind == kind && ((b->nr >= 0 && b->nr == nr) || b->id == id);
}

void scd_ad_on_record(const struct scd_ad_bind *b, struct scd_argspec *const *specs, size_t n,
		      struct scd_argdist *agg, const struct scd_event *ev,
		      const struct scd_task *task)
{
	int64_t vars[SCD_AD_NSLOTS];
	bool filled = false;
	size_t i, k;

	for (i = 0; i < n; i++) {
		if (!matches(&b[i], ev->kind, ev->nr, ev->id))
			continue;
		if (!filled) {
			for (k = 0; k < SCD_MAX_ARGS; k++)
				vars[SCD_AD_SLOT_ARG0 + k] = k < ev->nargs ? (int64_t)ev->args[k] : 0;
			vars[SCD_AD_SLOT_RET] = ev->ret;
			vars[SCD_AD_SLOT_ERRNO] = scd_ret_errno(ev->ret);
			vars[SCD_AD_SLOT_LATENCY] = 0;
			vars[SCD_AD_SLOT_PID] = task ? task->tgid : ev->tid;
			vars[SCD_AD_SLOT_TID] = ev->tid;
			vars[SCD_AD_SLOT_NR] = ev->nr;
			filled = true;
		}
		eval_spec(specs[i], i, agg, vars, task);
	}
}

void scd_ad_on_call(const struct scd_ad_bind *b, struct scd_argspec *const *specs, size_t n,
		    struct scd_argdist *agg, const struct scd_call *c, const struct scd_task *task)
{
	const uint64_t needs_enter = (0x3full << SCD_AD_SLOT_ARG0) | (1ull << SCD_AD_SLOT_LATENCY);
	int64_t vars[SCD_AD_NSLOTS];
	bool filled = false;
	size_t i, k;

	for (i = 0; i < n; i++) {
		if (!matches(&b[i], 0, c->nr, c->exit_id))
			continue;
		/* A call that began before tracing has no arguments and no latency. */
		if (!c->has_enter && (b[i].slots & needs_enter))
			continue;
		if (!filled) {
			for (k = 0; k < SCD_MAX_ARGS; k++)
				vars[SCD_AD_SLOT_ARG0 + k] = k < c->nargs ? (int64_t)c->args[k] : 0;
			vars[SCD_AD_SLOT_RET] = c->ret;
			vars[SCD_AD_SLOT_ERRNO] = scd_ret_errno(c->ret);
			vars[SCD_AD_SLOT_LATENCY] = c->has_enter ? (int64_t)(c->ts_exit - c->ts_enter) : 0;
			vars[SCD_AD_SLOT_PID] = task ? task->tgid : c->tid;
			vars[SCD_AD_SLOT_TID] = c->tid;
			vars[SCD_AD_SLOT_NR] = c->nr;
			filled = true;
		}
		eval_spec(specs[i], i, agg, vars, task);
	}
}
