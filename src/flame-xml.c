// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * XML-safe text for the flame graph (see flame-int.h). Frame names come from symbol tables of
 * arbitrary binaries, so they may hold any byte: a stray '<' or an invalid UTF-8 sequence must
 * neither break the document nor let a name become markup or script. Names are first reduced
 * to valid UTF-8 without control characters, then written with the five XML specials as
 * entities, which makes them safe both as element text and inside quoted attributes.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "flame-int.h"
#include "xalloc.h"

/* Length of the valid UTF-8 sequence at @p that XML allows, or 0. */
static size_t utf8_seq(const unsigned char *p)
{
	unsigned int cp;

	if (p[0] >= 0x20 && p[0] < 0x7f)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		if ((p[1] & 0xc0) != 0x80)
			return 0;
		cp = (p[0] & 0x1fu) << 6 | (p[1] & 0x3fu);
		return cp >= 0xa0 ? 2 : 0;	/* C1 controls show as boxes or worse */
	}
	if (p[0] >= 0xe0 && p[0] <= 0xef) {
		if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
			return 0;
		cp = (p[0] & 0x0fu) << 12 | (p[1] & 0x3fu) << 6 | (p[2] & 0x3fu);
		/* overlong forms, UTF-16 surrogates and the two non-characters XML forbids */
		if (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfffe || cp == 0xffff)
			return 0;
		return 3;
	}
	if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 || (p[3] & 0xc0) != 0x80)
			return 0;
		cp = (p[0] & 0x07u) << 18 | (p[1] & 0x3fu) << 12 | (p[2] & 0x3fu) << 6 |
		     (p[3] & 0x3fu);
		return cp >= 0x10000 && cp <= 0x10ffff ? 4 : 0;
	}
	return 0;
}

size_t scd_flame_xml_clean(const char *s, char *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = 0, n;

	/* A NUL ends the string, and a NUL never counts as a continuation byte: no overrun. */
	while (*p) {
		n = utf8_seq(p);
		if (!n) {
			out[len++] = '?';
			p++;
			continue;
		}
		memmove(out + len, p, n);	/* @out may be @s */
		len += n;
		p += n;
	}
	out[len] = 0;
	return len;
}

size_t scd_flame_utf8_len(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xc0) != 0x80;
	return n;
}

size_t scd_flame_utf8_prefix(const char *s, size_t nchars)
{
	size_t i = 0;

	while (s[i] && nchars) {
		i++;
		while (((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		nchars--;
	}
	return i;
}

void scd_flame_xml_put(FILE *f, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		switch (s[i]) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&#39;", f);
			break;
		default:
			fputc(s[i], f);
		}
	}
}

void scd_flame_xml_puts(FILE *f, const char *s)
{
	char *clean = xmalloc(strlen(s) + 1);
	size_t len = scd_flame_xml_clean(s, clean);

	scd_flame_xml_put(f, clean, len);
	free(clean);
}
