// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Report names of syscalls (see sysname.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syscalls.h"
#include "sysname.h"
#include "xalloc.h"

static char **learned;
static size_t nlearned;

void scd_sysname_learn(int nr, const char *name)
{
	if (nr < 0 || nr > 65535 || scd_syscall_name(nr))
		return;
	if ((size_t)nr >= nlearned) {
		size_t n = (size_t)nr + 64;

		learned = xrealloc(learned, n, sizeof(*learned));
		memset(learned + nlearned, 0, (n - nlearned) * sizeof(*learned));
		nlearned = n;
	}
	if (!learned[nr])
		learned[nr] = xstrdup(name);
}

const char *scd_sysname(int nr, char *buf, size_t len)
{
	const char *n = nr >= 0 ? scd_syscall_name(nr) : NULL;

	if (n)
		return n;
	if (nr >= 0 && (size_t)nr < nlearned && learned[nr])
		return learned[nr];
	snprintf(buf, len, "syscall_%d", nr);
	return buf;
}

void scd_sysname_reset(void)
{
	size_t i;

	for (i = 0; i < nlearned; i++)
		free(learned[i]);
	free(learned);
	learned = NULL;
	nlearned = 0;
}
