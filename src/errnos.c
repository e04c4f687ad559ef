// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Errno number <-> name lookups over the table generated from the target's <errno.h>. This
 * does not use strerrorname_np() because that names the errnos of the host libc, which is not
 * the arch scdiag runs on when it is cross-built, and it is missing from musl and old glibc.
 * Input accepts any case and the alias names, so "--errno eagain" and "--errno EWOULDBLOCK"
 * mean the same; output always uses the canonical name.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdint.h>

#include "errnos.h"
#include "parse.h"
#include "errnos-gen.h"

#define SCD_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/**
 * scd_errno_name - canonical name of an errno value
 * @err: positive errno value (a syscall's return value negated)
 *
 * Return: the name ("EAGAIN" for 11 on most arches), or NULL when the table does not know it.
 */
/*
 * Codes of the kernel's include/linux/errno.h that user space never sees (libc and signal
 * restarts turn them into EINTR or retries) but syscall tracepoints do: a sleep interrupted
 * by a signal exits with -516 at sys_exit. Not in <errno.h>, so listed here (stable ABI).
 */
static const struct scd_errno_ent kernel_only[] = {
	{ 512, "ERESTARTSYS" }, { 513, "ERESTARTNOINTR" }, { 514, "ERESTARTNOHAND" },
	{ 515, "ENOIOCTLCMD" }, { 516, "ERESTART_RESTARTBLOCK" }, { 517, "EPROBE_DEFER" },
	{ 518, "EOPENSTALE" }, { 519, "ENOPARAM" }, { 521, "EBADHANDLE" }, { 522, "ENOTSYNC" },
	{ 523, "EBADCOOKIE" }, { 524, "ENOTSUPP" }, { 525, "ETOOSMALL" },
	{ 526, "ESERVERFAULT" }, { 527, "EBADTYPE" }, { 528, "EJUKEBOX" },
	{ 529, "EIOCBQUEUED" }, { 530, "ERECALLCONFLICT" },
};

const char *scd_errno_name(int err)
{
	size_t lo = 0, hi = SCD_ARRAY_SIZE(scd_errno_table), i;

	if (err >= 512 && err <= 530)
		for (i = 0; i < SCD_ARRAY_SIZE(kernel_only); i++)
			if (kernel_only[i].nr == err)
				return kernel_only[i].name;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (scd_errno_table[mid].nr < err)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < SCD_ARRAY_SIZE(scd_errno_table) && scd_errno_table[lo].nr == err)
		return scd_errno_table[lo].name;
	return NULL;
}

/* ASCII-only, so that a Turkish locale cannot make "ebadfi" differ from "EBADFI". */
static int scd_errno_upper(int c)
{
	return (c >= 'a' && c <= 'z') ? c - 'a' + 'A' : c;
}

static int scd_errno_name_eq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		if (scd_errno_upper((unsigned char)*a) != scd_errno_upper((unsigned char)*b))
			return 0;
	}
	return *a == *b;
}

/**
 * scd_errno_parse - parse an errno given by name or number
 * @s: "EAGAIN", "eagain", an alias such as "EWOULDBLOCK", or a decimal number "11"
 * @err: where the positive errno value is stored on success
 *
 * A number must be plain decimal in 1..SCD_ERRNO_MAX; it may be one the table does not name,
 * since the running kernel can be newer than the build's headers.
 *
 * Return: 0, or -EINVAL for anything else ("5x", "-1", "0", " 11", overflow, unknown name).
 */
int scd_errno_parse(const char *s, int *err)
{
	uint64_t v;
	size_t i;

	if (!s || !err)
		return -EINVAL;

	if (*s >= '0' && *s <= '9') {
		if (scd_parse_u64(s, 1, SCD_ERRNO_MAX, &v) < 0)
			return -EINVAL;
		*err = (int)v;
		return 0;
	}

	for (i = 0; i < SCD_ARRAY_SIZE(scd_errno_table); i++) {
		if (scd_errno_name_eq(s, scd_errno_table[i].name)) {
			*err = scd_errno_table[i].nr;
			return 0;
		}
	}
	for (i = 0; scd_errno_alias[i].name; i++) {
		if (scd_errno_name_eq(s, scd_errno_alias[i].name)) {
			*err = scd_errno_alias[i].nr;
			return 0;
		}
	}
	return -EINVAL;
}

/**
 * scd_errno_count - number of canonical names, for iteration with scd_errno_at()
 */
size_t scd_errno_count(void)
{
	return SCD_ARRAY_SIZE(scd_errno_table);
}

/**
 * scd_errno_at - canonical name of the @i-th errno, in number order
 * @i: 0 <= i < scd_errno_count()
 *
 * Return: the name, or NULL when @i is out of range.
 */
const char *scd_errno_at(size_t i)
{
	if (i >= SCD_ARRAY_SIZE(scd_errno_table))
		return NULL;
	return scd_errno_table[i].name;
}
