// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Terminal-safe copies of untrusted strings (see text.h).
 */
#include "config.h"

#include "text.h"

char *scd_tty_safe(const char *in, char *out, size_t len)
{
	size_t i;

	if (!len)
		return out;
	for (i = 0; i + 1 < len && in[i]; i++) {
		unsigned char c = (unsigned char)in[i];

		out[i] = (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) ? '?' : (char)c;
	}
	out[i] = 0;
	return out;
}
