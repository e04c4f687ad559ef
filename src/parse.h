// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The one strict parser for numbers and the validators for names given on the command line.
 * Numbers are plain decimal, fully consumed, range checked: "5x", "-1", "+1", " 5", "0x10"
 * and overflow are errors, never silently 0 or truncated. Names that end up in tracefs paths
 * or filter strings are checked against a small alphabet so that "../" or "1 || 1" can never
 * reach the kernel.
 */
#ifndef SCD_PARSE_H
#define SCD_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest task comm the kernel keeps (TASK_COMM_LEN - 1). */
#define SCD_COMM_MAX 15

int scd_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);
int scd_parse_int(const char *s, long min, long max, long *out);
int scd_parse_seconds(const char *s, double min, double max, double *out);
bool scd_valid_name(const char *s, size_t maxlen);
bool scd_valid_glob(const char *s);
int scd_valid_comm(const char *s);
int scd_split_list(const char *s, char ***items, size_t *n);
void scd_free_list(char **items, size_t n);

#endif /* SCD_PARSE_H */
