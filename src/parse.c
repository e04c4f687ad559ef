// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Strict parsing of command-line numbers and validation of names. strtoul() and friends
 * accept leading spaces, a sign ("-1" becomes ULONG_MAX), hex or octal prefixes and trailing
 * garbage unless every caller checks the end pointer and errno, so numbers are parsed here by
 * hand, decimal only, and every caller gets the same answer: -EINVAL for text that is not a
 * number, -ERANGE for a number outside the accepted range. Seconds are parsed without
 * strtod() so that the locale's decimal separator cannot change what "0.5" means. Names that
 * are pasted into tracefs paths or filters are limited to small alphabets.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

static int scd_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Decimal digits of s[0..len), at least one; -EINVAL if any is not a digit, -ERANGE above U64. */
static int scd_parse_digits(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (!len)
		return -EINVAL;
	for (i = 0; i < len; i++) {
		if (!scd_is_digit(s[i]))
			return -EINVAL;
	}
	for (i = 0; i < len; i++) {
		unsigned int d = (unsigned int)(s[i] - '0');

		if (v > (UINT64_MAX - d) / 10)
			return -ERANGE;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

/**
 * scd_parse_u64 - parse an unsigned decimal number
 * @s: the text, digits only: no sign, no spaces, no 0x prefix, nothing after the number
 * @min: smallest accepted value
 * @max: largest accepted value
 * @out: set only on success
 *
 * Return: 0, -EINVAL when @s is not a number, -ERANGE when it overflows or is out of range.
 */
int scd_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	uint64_t v;
	int err;

	if (!s || !out || min > max)
		return -EINVAL;
	err = scd_parse_digits(s, strlen(s), &v);
	if (err)
		return err;
	if (v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

/**
 * scd_parse_int - parse a signed decimal number
 * @s: the text: an optional '-' followed by digits, nothing else
 * @min: smallest accepted value
 * @max: largest accepted value
 * @out: set only on success
 *
 * Return: 0, -EINVAL when @s is not a number, -ERANGE when it overflows or is out of range.
 */
int scd_parse_int(const char *s, long min, long max, long *out)
{
	uint64_t mag;
	long v;
	int neg, err;

	if (!s || !out || min > max)
		return -EINVAL;
	neg = *s == '-';
	err = scd_parse_digits(s + neg, strlen(s + neg), &mag);
	if (err)
		return err;
	if (neg) {
		/* |LONG_MIN| is one more than LONG_MAX and has no positive long. */
		if (mag > (uint64_t)LONG_MAX + 1)
			return -ERANGE;
		v = mag == (uint64_t)LONG_MAX + 1 ? LONG_MIN : -(long)mag;
	} else {
		if (mag > (uint64_t)LONG_MAX)
			return -ERANGE;
		v = (long)mag;
	}
	if (v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

/**
 * scd_parse_seconds - parse a duration in seconds
 * @s: digits, optionally followed by '.' and more digits: "5", "0.5", "2.25"; no sign, no
 *     exponent, no unit suffix, no "inf" or "nan"
 * @min: smallest accepted value
 * @max: largest accepted value
 * @out: set only on success
 *
 * Digits beyond the 19th after the point are checked but do not change the value.
 *
 * Return: 0, -EINVAL when @s is not such a number, -ERANGE when it is out of range.
 */
int scd_parse_seconds(const char *s, double min, double max, double *out)
{
	const char *dot;
	uint64_t ip, frac = 0;
	double scale = 1.0, v;
	size_t ilen, flen, i;
	int err;

	if (!s || !out || !(min <= max))
		return -EINVAL;
	dot = strchr(s, '.');
	ilen = dot ? (size_t)(dot - s) : strlen(s);
	err = scd_parse_digits(s, ilen, &ip);
	if (err)
		return err;
	if (dot) {
		flen = strlen(dot + 1);
		if (!flen)
			return -EINVAL;
		for (i = 0; i < flen; i++) {
			if (!scd_is_digit(dot[1 + i]))
				return -EINVAL;
			if (i < 19) {
				frac = frac * 10 + (uint64_t)(dot[1 + i] - '0');
				scale *= 10.0;
			}
		}
	}
	v = (double)ip + (double)frac / scale;
	if (!(v >= min && v <= max))
		return -ERANGE;
	*out = v;
	return 0;
}

/**
 * scd_valid_name - check a syscall, event or event system name
 * @s: the name
 * @maxlen: longest accepted length
 *
 * Return: true when @s matches ^[a-z0-9_]{1,maxlen}$.
 */
bool scd_valid_name(const char *s, size_t maxlen)
{
	size_t i;

	if (!s || !*s)
		return false;
	for (i = 0; s[i]; i++) {
		char c = s[i];

		if (i >= maxlen)
			return false;
		if (!(c >= 'a' && c <= 'z') && !scd_is_digit(c) && c != '_')
			return false;
	}
	return true;
}

/**
 * scd_valid_glob - check an event name pattern
 * @s: the pattern, e.g. "sys_enter_*", "sched:sched_switch", "sys_enter_[rw]*"
 *
 * Return: true when @s is non-empty, matches ^[A-Za-z0-9_:*?.\[\]-]+$ and has no "..".
 * A '/' is outside the alphabet, so a pattern can never leave the events directory.
 */
bool scd_valid_glob(const char *s)
{
	static const char extra[] = "_:*?.[]-";
	size_t i;

	if (!s || !*s || strstr(s, ".."))
		return false;
	for (i = 0; s[i]; i++) {
		char c = s[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || scd_is_digit(c))
			continue;
		if (!strchr(extra, c))
			return false;
	}
	return true;
}

/**
 * scd_valid_comm - check a process name to match against the kernel's comm
 * @s: the name
 *
 * The kernel keeps 15 bytes of comm (TASK_COMM_LEN 16 with the NUL), so a longer name would
 * never match. Quotes and backslashes are refused because the name goes into a filter string.
 *
 * Return: 0, -ENAMETOOLONG above SCD_COMM_MAX bytes, -EINVAL when empty or when it contains
 * a control byte, a quote or a backslash.
 */
int scd_valid_comm(const char *s)
{
	size_t i;

	if (!s || !*s)
		return -EINVAL;
	for (i = 0; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f || c == '"' || c == '\'' || c == '\\')
			return -EINVAL;
	}
	return i > SCD_COMM_MAX ? -ENAMETOOLONG : 0;
}

/**
 * scd_free_list - free a list made by scd_split_list()
 * @items: the list, may be NULL
 * @n: its length
 */
void scd_free_list(char **items, size_t n)
{
	size_t i;

	if (!items)
		return;
	for (i = 0; i < n; i++)
		free(items[i]);
	free(items);
}

/**
 * scd_split_list - split a comma-separated list
 * @s: "a,b,c"; no item may be empty ("", "a,,b", ",a", "a," are refused); spaces are kept
 * @items: set to a malloc'd array of malloc'd strings on success, NULL on failure
 * @n: set to the number of items on success, 0 on failure
 *
 * Return: 0, -EINVAL for an empty item, -ENOMEM. Free the result with scd_free_list().
 */
int scd_split_list(const char *s, char ***items, size_t *n)
{
	char **arr;
	size_t cnt = 1, i;
	const char *p;
	int err;

	if (!items || !n)
		return -EINVAL;
	*items = NULL;
	*n = 0;
	if (!s)
		return -EINVAL;
	for (p = s; *p; p++)
		cnt += *p == ',';
	arr = calloc(cnt, sizeof(*arr));
	if (!arr)
		return -ENOMEM;

	for (i = 0, p = s; i < cnt; i++) {
		size_t len = strcspn(p, ",");

		if (!len) {
			err = -EINVAL;
			goto err_free;
		}
		arr[i] = malloc(len + 1);
		if (!arr[i]) {
			err = -ENOMEM;
			goto err_free;
		}
		memcpy(arr[i], p, len);
		arr[i][len] = '\0';
		p += len + 1;
	}
	*items = arr;
	*n = cnt;
	return 0;

err_free:
	scd_free_list(arr, i);
	return err;
}
