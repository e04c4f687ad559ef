// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A small streaming JSON writer: keys and values are written in order, commas are placed for
 * the caller, and strings are escaped (comm and paths may hold any byte but NUL).
 */
#ifndef SCD_JSON_H
#define SCD_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define SCD_JSON_DEPTH 16

struct scd_json {
	FILE *f;
	int depth;
	bool need_comma[SCD_JSON_DEPTH];
};

void scd_json_init(struct scd_json *j, FILE *f);
void scd_json_obj(struct scd_json *j, const char *key);	/* key NULL inside arrays/top */
void scd_json_obj_end(struct scd_json *j);
void scd_json_arr(struct scd_json *j, const char *key);
void scd_json_arr_end(struct scd_json *j);
void scd_json_str(struct scd_json *j, const char *key, const char *val);
void scd_json_u64(struct scd_json *j, const char *key, uint64_t val);
void scd_json_i64(struct scd_json *j, const char *key, int64_t val);
void scd_json_dbl(struct scd_json *j, const char *key, double val);
void scd_json_bool(struct scd_json *j, const char *key, bool val);
void scd_json_null(struct scd_json *j, const char *key);
/* Writes the separator and "key": for a value the caller prints itself (a preformatted number). */
void scd_json_escape_key(struct scd_json *j, const char *key);
/* Ends the document with a newline. */
void scd_json_end(struct scd_json *j);

void scd_json_escape(FILE *f, const char *s);

#endif
