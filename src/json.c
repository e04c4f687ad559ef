// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Streaming JSON writer (see json.h). Output is compact, one document per line, so a reader
 * can take interval documents line by line.
 */
#include "config.h"

#include <inttypes.h>

#include "json.h"
#include "text.h"

void scd_json_init(struct scd_json *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
	j->need_comma[0] = false;
}

void scd_json_escape(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	fputc('"', f);
	for (; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			/* Valid UTF-8 as it is; control bytes and bytes that are not UTF-8 as
			 * \u00XX (the byte's value as a code point: nothing is lost). */
			if (*p >= 0x80 && (n = scd_utf8_seq(p))) {
				fwrite(p, 1, n, f);
				p += n - 1;
			} else if (*p < 0x20 || *p >= 0x7f) {
				fprintf(f, "\\u%04x", *p);
			} else {
				fputc(*p, f);
			}
		}
	}
	fputc('"', f);
}

static void key(struct scd_json *j, const char *k)
{
	if (j->need_comma[j->depth])
		fputc(',', j->f);
	j->need_comma[j->depth] = true;
	if (k) {
		scd_json_escape(j->f, k);
		fputc(':', j->f);
	}
}

static void open_(struct scd_json *j, const char *k, char c)
{
	key(j, k);
	fputc(c, j->f);
	if (j->depth < SCD_JSON_DEPTH - 1)
		j->depth++;
	j->need_comma[j->depth] = false;
}

static void close_(struct scd_json *j, char c)
{
	fputc(c, j->f);
	if (j->depth > 0)
		j->depth--;
}

void scd_json_obj(struct scd_json *j, const char *k)
{
	open_(j, k, '{');
}

void scd_json_obj_end(struct scd_json *j)
{
	close_(j, '}');
}

void scd_json_arr(struct scd_json *j, const char *k)
{
	open_(j, k, '[');
}

void scd_json_arr_end(struct scd_json *j)
{
	close_(j, ']');
}

void scd_json_str(struct scd_json *j, const char *k, const char *val)
{
	key(j, k);
	scd_json_escape(j->f, val);
}

void scd_json_u64(struct scd_json *j, const char *k, uint64_t val)
{
	key(j, k);
	fprintf(j->f, "%" PRIu64, val);
}

void scd_json_i64(struct scd_json *j, const char *k, int64_t val)
{
	key(j, k);
	fprintf(j->f, "%" PRId64, val);
}

void scd_json_dbl(struct scd_json *j, const char *k, double val)
{
	key(j, k);
	fprintf(j->f, "%.3f", val);
}

void scd_json_bool(struct scd_json *j, const char *k, bool val)
{
	key(j, k);
	fputs(val ? "true" : "false", j->f);
}

void scd_json_null(struct scd_json *j, const char *k)
{
	key(j, k);
	fputs("null", j->f);
}

void scd_json_escape_key(struct scd_json *j, const char *k)
{
	key(j, k);
}

void scd_json_end(struct scd_json *j)
{
	fputc('\n', j->f);
	j->depth = 0;
	j->need_comma[0] = false;
}
