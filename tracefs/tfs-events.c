// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Exact-name event handling (see tfs-events.h). Event ids and formats are global: they are
 * read from the top-level events/ directory, which is only read, never written.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <tracefs.h>

#include "parse.h"
#include "tfs-dir.h"
#include "tfs-events.h"
#include "xalloc.h"

#define NAME_MAX_LEN 64

static bool names_ok(const char *sys, const char *ev)
{
	return scd_valid_name(sys, NAME_MAX_LEN) && (!ev || scd_valid_name(ev, NAME_MAX_LEN));
}

bool scd_tfs_event_exists(const char *sys, const char *ev)
{
	char path[512];
	struct stat st;

	if (!scd_tfs_path() || !names_ok(sys, ev))
		return false;
	snprintf(path, sizeof(path), "%s/events/%s/%s/id", scd_tfs_path(), sys, ev);
	return stat(path, &st) == 0;
}

bool scd_tfs_system_exists(const char *sys)
{
	char path[512];
	struct stat st;

	if (!scd_tfs_path() || !names_ok(sys, NULL))
		return false;
	snprintf(path, sizeof(path), "%s/events/%s", scd_tfs_path(), sys);
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int scd_tfs_event_id(const char *sys, const char *ev)
{
	char path[512], buf[32];
	ssize_t n;
	FILE *f;
	long id;

	if (!scd_tfs_path() || !names_ok(sys, ev))
		return -EINVAL;
	snprintf(path, sizeof(path), "%s/events/%s/%s/id", scd_tfs_path(), sys, ev);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	n = (ssize_t)fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	if (n <= 0)
		return -EIO;
	buf[n] = 0;
	id = strtol(buf, NULL, 10);
	return id > 0 && id < 65536 ? (int)id : -EIO;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int scd_tfs_syscall_events(char ***names, size_t *n)
{
	char path[512];
	struct dirent *de;
	char **v = NULL;
	size_t len = 0, cap = 0;
	DIR *d;

	*names = NULL;
	*n = 0;
	if (!scd_tfs_path())
		return -ENOENT;
	snprintf(path, sizeof(path), "%s/events/syscalls", scd_tfs_path());
	d = opendir(path);
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		const char *base;
		char exitname[NAME_MAX_LEN + 16];

		if (strncmp(de->d_name, "sys_enter_", 10))
			continue;
		base = de->d_name + 10;
		snprintf(exitname, sizeof(exitname), "sys_exit_%s", base);
		if (!scd_valid_name(base, NAME_MAX_LEN) || !scd_tfs_event_exists("syscalls", exitname))
			continue;
		if (len == cap) {
			cap = cap ? cap * 2 : 512;
			v = xrealloc(v, cap, sizeof(*v));
		}
		v[len++] = xstrdup(base);
	}
	closedir(d);
	qsort(v, len, sizeof(*v), cmp_str);
	*names = v;
	*n = len;
	return 0;
}

void scd_tfs_names_free(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static int list_dir(const char *path, bool dirs_only, char ***names, size_t *n)
{
	struct dirent *de;
	size_t cap = 0;
	DIR *d = opendir(path);

	*names = NULL;
	*n = 0;
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || (dirs_only && de->d_type != DT_DIR &&
					     de->d_type != DT_UNKNOWN))
			continue;
		if (!scd_valid_name(de->d_name, NAME_MAX_LEN))
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			*names = xrealloc(*names, cap, sizeof(**names));
		}
		(*names)[(*n)++] = xstrdup(de->d_name);
	}
	closedir(d);
	qsort(*names, *n, sizeof(**names), cmp_str);
	return 0;
}

int scd_tfs_each_event(void (*fn)(const char *sys, const char *ev, void *ctx), void *ctx)
{
	char path[512], **sys, **evs;
	size_t nsys, nev, i, k;
	int err;

	if (!scd_tfs_path())
		return -ENOENT;
	snprintf(path, sizeof(path), "%s/events", scd_tfs_path());
	err = list_dir(path, true, &sys, &nsys);
	if (err)
		return err;
	for (i = 0; i < nsys; i++) {
		snprintf(path, sizeof(path), "%s/events/%s", scd_tfs_path(), sys[i]);
		if (list_dir(path, true, &evs, &nev))
			continue;
		for (k = 0; k < nev; k++)
			if (scd_tfs_event_exists(sys[i], evs[k]))
				fn(sys[i], evs[k], ctx);
		scd_tfs_names_free(evs, nev);
	}
	scd_tfs_names_free(sys, nsys);
	return 0;
}

int scd_tfs_enable(struct scd_tfs_instance *ti, const char *sys, const char *ev)
{
	char file[256];

	if (!names_ok(sys, ev))
		return -EINVAL;
	snprintf(file, sizeof(file), "events/%s/%s/enable", sys, ev);
	return scd_tfs_write(ti, file, "1");
}

int scd_tfs_filter(struct scd_tfs_instance *ti, const char *sys, const char *ev,
		   const char *filter, char *kerr, size_t kerrlen)
{
	char file[256], enable[256], *shown;
	int err;

	if (!names_ok(sys, ev) || strchr(filter, '\n'))
		return -EINVAL;
	snprintf(file, sizeof(file), "events/%s/%s/filter", sys, ev);
	err = scd_tfs_write(ti, file, filter);
	if (!err)
		return 0;
	/* The kernel swapped in "no filter": never leave the event enabled like that. */
	snprintf(enable, sizeof(enable), "events/%s/%s/enable", sys, ev);
	scd_tfs_write(ti, enable, "0");
	if (kerr && kerrlen) {
		shown = tracefs_instance_file_read(ti->inst, file, NULL);
		snprintf(kerr, kerrlen, "%s", shown ? shown : "rejected");
		free(shown);
		/* Keep it to one line: the kernel prints the filter, a caret line and the error. */
		for (char *p = kerr; *p; p++)
			if (*p == '\n' || *p == '\t')
				*p = ' ';
	}
	scd_tfs_write(ti, file, "0");
	return -EINVAL;
}
