// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Terminal-safe copies of untrusted strings (see text.h).
 */
#include "config.h"

#include <stdint.h>

#include "text.h"

size_t scd_utf8_seq(const unsigned char *s)
{
	uint32_t cp;
	size_t n, i;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;	/* also stops at the NUL */
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* overlong forms, UTF-16 surrogates and beyond U+10FFFF are not UTF-8 */
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

char *scd_tty_safe(const char *in, char *out, size_t len)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t o = 0, n;

	if (!len)
		return out;
	while (*p && o + 1 < len) {
		n = *p >= 0x80 ? scd_utf8_seq(p) : 1;
		if (n > 1 && !(p[0] == 0xc2 && p[1] < 0xa0)) {	/* U+0080..U+009F: C1 */
			if (o + n >= len)
				break;
			while (n--)
				out[o++] = (char)*p++;
			continue;
		}
		out[o++] = *p < 0x20 || *p >= 0x7f ? '?' : (char)*p;
		p += n ? n : 1;
	}
	out[o] = 0;
	return out;
}
