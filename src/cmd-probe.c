// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * scdiag probe: what this kernel offers and what scdiag will use on it. Read-only: it may
 * mount tracefs when nothing is mounted (and says so), opens a perf event (with and without
 * callchains) to see whether sampling is allowed and creates a one-entry BPF map to tell
 * whether BPF works, closing each at once. Nothing is written to tracefs.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "cli.h"
#include "json.h"
#include "pf-probe.h"
#include "tfs-dir.h"
#include "tfs-events.h"
#include "demangle.h"
#include "umem.h"

struct probe {
	struct scd_tfs_where w;
	int tfs_err;
	size_t nsyscalls;
	bool raw, sched_switch, kprobes, hist;
	int eprobes;		/* 1 yes, 0 no, -1 announced but the kernel config is unknown */
	struct scd_perf_probe perf;
	const char *umem;	/* how char* strings are read, NULL: they cannot be */
	int umem_err;
	int ptrace_scope;	/* Yama's, -1 without Yama */
	bool debug_dir;		/* SCD_DEBUG_DIR exists */
};

static bool file_exists(const char *rel)
{
	char path[512];

	if (!scd_tfs_path())
		return false;
	snprintf(path, sizeof(path), "%s/%s", scd_tfs_path(), rel);
	return access(path, F_OK) == 0;
}

/*
 * The kernel's build configuration: /boot/config-RELEASE, else /proc/config.gz through zcat
 * (a fixed command line, no user input). Returns 1 (=y), 0 (not set) or -1 (unknown).
 */
static int kconfig(const char *opt)
{
	char path[300], line[256];
	struct utsname u;
	size_t len = strlen(opt);
	int found = 0;
	bool piped = false;
	FILE *f = NULL;

	if (uname(&u) == 0) {
		snprintf(path, sizeof(path), "/boot/config-%s", u.release);
		f = fopen(path, "re");
	}
	if (!f && access("/proc/config.gz", R_OK) == 0) {
		f = popen("zcat /proc/config.gz 2>/dev/null", "r");
		piped = f != NULL;
	}
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, opt, len) && line[len] == '=' && line[len + 1] == 'y')
			found = 1;
	if (piped ? pclose(f) != 0 : fclose(f) != 0)
		return -1;
	return found;
}

/* eprobes are announced in the tracefs README ("e[:[<group>/][<event>]] <attached-group>..."). */
static bool readme_has(const char *needle)
{
	char path[512], line[512];
	bool found = false;
	FILE *f;

	snprintf(path, sizeof(path), "%s/README", scd_tfs_path());
	f = fopen(path, "re");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, needle) != NULL;
	fclose(f);
	return found;
}

/* Yama's kernel.yama.ptrace_scope (3: no process may read another's memory), or -1. */
static int yama_scope(void)
{
	FILE *f = fopen("/proc/sys/kernel/yama/ptrace_scope", "re");
	int v = -1;

	if (f) {
		if (fscanf(f, "%d", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

static void gather(struct probe *p)
{
	char **names;

	p->tfs_err = scd_tfs_locate(true, &p->w);
	if (!p->tfs_err) {
		if (!scd_tfs_syscall_events(&names, &p->nsyscalls))
			scd_tfs_names_free(names, p->nsyscalls);
		p->raw = scd_tfs_event_exists("raw_syscalls", "sys_enter") &&
			 scd_tfs_event_exists("raw_syscalls", "sys_exit");
		p->sched_switch = scd_tfs_event_exists("sched", "sched_switch");
		p->kprobes = file_exists("kprobe_events");
		/* The README lists eprobes even when CONFIG_EPROBE_EVENTS is off: ask the config. */
		p->eprobes = file_exists("dynamic_events") && readme_has("e[:[<group>/]") ? 1 : 0;
		if (p->eprobes)
			p->eprobes = kconfig("CONFIG_EPROBE_EVENTS") == 0 ? 0 :
				     kconfig("CONFIG_EPROBE_EVENTS") > 0 ? 1 : -1;
		p->hist = file_exists("events/sched/sched_switch/hist");
	}
	scd_perf_probe(p->sched_switch ? scd_tfs_event_id("sched", "sched_switch") : -1, &p->perf);
	p->umem = scd_umem_method(&p->umem_err);
	p->ptrace_scope = yama_scope();
	p->debug_dir = SCD_DEBUG_DIR[0] && access(SCD_DEBUG_DIR, F_OK) == 0;
}

static const char *syscall_source(const struct probe *p)
{
	if (p->nsyscalls)
		return "syscalls:sys_enter_*/sys_exit_* (typed arguments)";
	if (p->raw)
		return "raw_syscalls:sys_enter/sys_exit (numbers named by the built-in table)";
	return "none: syscall tracing is not possible on this kernel";
}

static const char *offcpu_source(const struct probe *p)
{
	if (!p->perf.open_err && !p->perf.callchain_err)
		return "sched_switch via perf_event_open, with kernel and user stacks";
	if (!p->perf.open_err)
		return "sched_switch via perf_event_open, without kernel stacks";
	if (p->sched_switch)
		return "sched_switch via tracefs: totals per thread, no stacks";
	return "none";
}

static const char *err_text(int err)
{
	return err ? strerror(err) : "ok";
}

static const char *strings_source(const struct probe *p)
{
	if (!p->umem || p->ptrace_scope == 3)
		return "none: char* arguments stay pointers, failed opens unnamed";
	return strcmp(p->umem, "process_vm_readv") ?
	       "read from process memory (/proc/PID/mem) when the record is read" :
	       "read from process memory (process_vm_readv) when the record is read";
}

static void print_text(const struct probe *p)
{
	printf("tracefs:            %s%s\n", p->tfs_err ? "not available" : p->w.path,
	       p->w.mounted ? " (mounted by scdiag)" : "");
	printf("lockdown:           %s\n", scd_lockdown_name(p->w.lockdown));
	printf("syscalls:* events:  %zu syscalls\n", p->nsyscalls);
	printf("raw_syscalls:       %s\n", p->raw ? "yes" : "no");
	printf("sched_switch:       %s\n", p->sched_switch ? "yes" : "no");
	printf("perf_event_open:    %s (perf_event_paranoid=%d, %s backend)\n",
	       err_text(p->perf.open_err), p->perf.paranoid, p->perf.backend);
	printf("kernel callchains:  %s (perf_event_max_stack=%d)\n",
	       err_text(p->perf.callchain_err), p->perf.max_stack);
	printf("kprobe events:      %s\n", p->kprobes ? "yes" : "no");
	printf("eprobes:            %s\n", p->eprobes > 0 ? "yes" : p->eprobes < 0 ?
	       "listed in tracefs README, kernel config unknown" : "no");
	printf("hist triggers:      %s\n", p->hist ? "yes" : "no");
	printf("BPF (comparison):   %s\n", p->perf.bpf ? "available" : err_text(p->perf.bpf_err));
	printf("process memory:     %s", p->umem ? p->umem : err_text(p->umem_err));
	if (p->ptrace_scope >= 0)
		printf(" (yama ptrace_scope=%d%s)", p->ptrace_scope,
		       p->ptrace_scope == 3 ? ": no process may read another's" : "");
	printf("\nsymbols:            demangling %s; debug files %s%s\n",
	       scd_demangle_available() ? "yes" : "no (built without libiberty)",
	       SCD_DEBUG_DIR[0] ? SCD_DEBUG_DIR : "(none)",
	       SCD_DEBUG_DIR[0] && !p->debug_dir ? " (missing)" : "");
	printf("\nscdiag will use:\n");
	printf("  syscalls:         %s\n", syscall_source(p));
	printf("  off-CPU:          %s\n", offcpu_source(p));
	printf("  char* strings:    %s\n", strings_source(p));
}

static void print_json(const struct probe *p)
{
	struct scd_json j;

	scd_json_init(&j, stdout);
	scd_json_obj(&j, NULL);
	scd_json_str(&j, "command", "probe");
	scd_json_obj(&j, "tracefs");
	if (p->tfs_err)
		scd_json_null(&j, "path");
	else
		scd_json_str(&j, "path", p->w.path);
	scd_json_bool(&j, "mounted_by_scdiag", p->w.mounted);
	scd_json_str(&j, "lockdown", scd_lockdown_name(p->w.lockdown));
	scd_json_obj_end(&j);
	scd_json_u64(&j, "syscall_events", p->nsyscalls);
	scd_json_bool(&j, "raw_syscalls", p->raw);
	scd_json_bool(&j, "sched_switch", p->sched_switch);
	scd_json_obj(&j, "perf_event_open");
	scd_json_bool(&j, "ok", !p->perf.open_err);
	scd_json_str(&j, "error", err_text(p->perf.open_err));
	scd_json_i64(&j, "paranoid", p->perf.paranoid);
	scd_json_bool(&j, "kernel_callchains", !p->perf.callchain_err);
	scd_json_i64(&j, "max_stack", p->perf.max_stack);
	scd_json_str(&j, "backend", p->perf.backend);
	scd_json_obj_end(&j);
	scd_json_bool(&j, "kprobe_events", p->kprobes);
	if (p->eprobes < 0)
		scd_json_null(&j, "eprobes");
	else
		scd_json_bool(&j, "eprobes", p->eprobes > 0);
	scd_json_bool(&j, "hist_triggers", p->hist);
	scd_json_bool(&j, "bpf", p->perf.bpf);
	scd_json_obj(&j, "process_memory");
	if (p->umem)
		scd_json_str(&j, "method", p->umem);
	else
		scd_json_null(&j, "method");
	scd_json_str(&j, "error", err_text(p->umem_err));
	if (p->ptrace_scope >= 0)
		scd_json_i64(&j, "yama_ptrace_scope", p->ptrace_scope);
	else
		scd_json_null(&j, "yama_ptrace_scope");
	scd_json_obj_end(&j);
	scd_json_obj(&j, "symbols");
	scd_json_bool(&j, "demangle", scd_demangle_available());
	scd_json_str(&j, "debug_dir", SCD_DEBUG_DIR);
	scd_json_bool(&j, "debug_dir_exists", p->debug_dir);
	scd_json_obj_end(&j);
	scd_json_obj(&j, "will_use");
	scd_json_str(&j, "syscalls", syscall_source(p));
	scd_json_str(&j, "offcpu", offcpu_source(p));
	scd_json_str(&j, "strings", strings_source(p));
	scd_json_obj_end(&j);
	scd_json_obj_end(&j);
	scd_json_end(&j);
}

static int probe_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, SCD_OPT_JSON },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct probe p;
	bool json = false;
	int opt;

	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (opt == SCD_OPT_JSON) {
			json = true;
		} else if (opt == 'h') {
			printf("Usage: scdiag probe [--json]\n\n"
			       "Show what this kernel offers for tracing (tracefs, syscall events,\n"
			       "sched_switch, perf_event_open, callchains, kprobes, eprobes, hist\n"
			       "triggers, BPF) and which sources scdiag will use.\n");
			return SCD_EXIT_OK;
		} else {
			scd_msg("unknown option '%s' (see scdiag probe --help)", argv[optind - 1]);
			return SCD_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		scd_msg("probe takes no arguments, got '%s'", argv[optind]);
		return SCD_EXIT_USAGE;
	}
	memset(&p, 0, sizeof(p));
	gather(&p);
	if (json)
		print_json(&p);
	else
		print_text(&p);
	if (p.tfs_err == -EACCES)
		scd_msg("tracefs: permission denied (run as root)");
	return SCD_EXIT_OK;
}

const struct scd_cmd scd_cmd_probe = {
	.name = "probe",
	.summary = "show what this kernel offers and what scdiag will use",
	.exec = probe_exec,
};
