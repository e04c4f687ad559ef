// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * scdiag list [GLOB] [-v]: tracepoints like BCC's tplist, found wherever tracefs is (tplist
 * hard-codes /sys/kernel/debug/tracing). -v adds each field with its type, offset and size,
 * as the kernel's format file gives them: what argdist specs and filters can use.
 */
#include "config.h"

#include <fnmatch.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "parse.h"
#include "tfs-dir.h"
#include "tfs-events.h"
#include "tfs-format.h"

struct list_ctx {
	const char *glob;
	bool verbose;
	bool json;
	size_t matched;
	struct scd_tfs_formats *fmts;
	bool first_field;
};

static void usage(FILE *f)
{
	fprintf(f, "Usage: scdiag list [GLOB] [-v] [--json]\n\n"
		"List tracepoints as SYSTEM:EVENT, optionally only those matching GLOB\n"
		"(shell pattern on SYSTEM:EVENT, or on EVENT when GLOB has no ':').\n\n"
		"Options:\n"
		"  -v, --verbose   show each event's own fields: type, name, offset, size, signed\n"
		"      --json      one JSON document\n\n"
		"Examples:\n"
		"  scdiag list 'syscalls:*epoll*'\n"
		"  scdiag list -v syscalls:sys_enter_read\n"
		"  scdiag list 'sched:*'\n");
}

static void print_field(const struct scd_field_info *fi, void *ctx)
{
	struct list_ctx *l = ctx;

	if (fi->common)
		return;
	if (l->json) {
		printf("%s{\"name\":\"%s\",\"type\":\"%s\",\"offset\":%d,\"size\":%d,\"signed\":%s}",
		       l->first_field ? "" : ",", fi->name, fi->type, fi->offset, fi->size,
		       fi->is_signed ? "true" : "false");
		l->first_field = false;
		return;
	}
	printf("    %s %s;\toffset:%d;\tsize:%d;\tsigned:%d;\n", fi->type, fi->name, fi->offset,
	       fi->size, fi->is_signed);
}

static void on_event(const char *sys, const char *ev, void *ctx)
{
	struct list_ctx *l = ctx;
	char full[256];

	snprintf(full, sizeof(full), "%s:%s", sys, ev);
	if (l->glob && fnmatch(l->glob, strchr(l->glob, ':') ? full : ev, 0))
		return;
	if (l->json) {
		printf("%s{\"name\":\"%s\"", l->matched ? "," : "", full);
		if (l->verbose) {
			printf(",\"fields\":[");
			l->first_field = true;
			scd_tfs_format_fields(l->fmts, sys, ev, print_field, l);
			printf("]");
		}
		printf("}");
	} else {
		printf("%s\n", full);
		if (l->verbose)
			scd_tfs_format_fields(l->fmts, sys, ev, print_field, l);
	}
	l->matched++;
}

static int list_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "verbose", no_argument, NULL, 'v' },
		{ "json", no_argument, NULL, SCD_OPT_JSON },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct list_ctx l = { 0 };
	struct scd_tfs_where w;
	int opt, err;

	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "vh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'v':
			l.verbose = true;
			break;
		case SCD_OPT_JSON:
			l.json = true;
			break;
		case 'h':
			usage(stdout);
			return SCD_EXIT_OK;
		default:
			scd_msg("unknown option '%s' (see scdiag list --help)", argv[optind - 1]);
			return SCD_EXIT_USAGE;
		}
	}
	if (optind < argc - 1) {
		scd_msg("list takes one GLOB, got %d arguments (quote the pattern)", argc - optind);
		return SCD_EXIT_USAGE;
	}
	if (optind < argc) {
		l.glob = argv[optind];
		if (!scd_valid_glob(l.glob)) {
			scd_msg("invalid pattern '%s' (letters, digits and _ : . - * ? [ ] only)",
				l.glob);
			return SCD_EXIT_USAGE;
		}
	}
	err = scd_tfs_locate(true, &w);
	if (err) {
		scd_msg("tracefs not available: %s (run as root; mount -t tracefs nodev "
			"/sys/kernel/tracing)", strerror(-err));
		return SCD_EXIT_RUNTIME;
	}
	l.fmts = scd_tfs_formats_new();
	if (l.json)
		printf("{\"command\":\"list\",\"events\":[");
	err = scd_tfs_each_event(on_event, &l);
	if (l.json)
		printf("]}\n");
	scd_tfs_formats_free(l.fmts);
	if (err) {
		scd_msg("cannot list events: %s", strerror(-err));
		return SCD_EXIT_RUNTIME;
	}
	if (!l.matched) {
		scd_msg("no tracepoint matches '%s'", l.glob ? l.glob : "*");
		return SCD_EXIT_RUNTIME;
	}
	return SCD_EXIT_OK;
}

const struct scd_cmd scd_cmd_list = {
	.name = "list",
	.summary = "list tracepoints and their fields (like tplist)",
	.exec = list_exec,
};
