// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Inside the flame graph writer: the merged tree (flame.c) that the SVG writer (flame-svg.c)
 * draws, and the XML-safe text helpers (flame-xml.c) it draws names with.
 */
#ifndef SCD_FLAME_INT_H
#define SCD_FLAME_INT_H

#include <stdbool.h>

#include "flame.h"

#define SCD_FLAME_ALL 0xff	/* kind of the synthetic "all" root */

struct scd_flame_node {
	const char *name;	/* the caller's string, not copied */
	uint64_t total;		/* sum of the values of all stacks through this frame */
	uint64_t x;		/* left edge in value units, 0 = left edge of "all" */
	uint64_t next;		/* left edge of the next child to be laid out */
	size_t parent;
	unsigned int depth;	/* 0 = "all" */
	uint8_t kind;
};

/* Nodes in pre-order: a parent comes before its children, siblings by name; so x never
 * decreases along the array, which the embedded script relies on to add up search matches. */
struct scd_flame_tree {
	struct scd_flame_node *nodes;
	size_t nnodes;
	size_t cap;
};

int scd_flame_tree_new(const struct scd_flame_stack *stacks, size_t n,
		       struct scd_flame_tree **out);
void scd_flame_tree_free(struct scd_flame_tree *t);

/* Draw @t (NULL or an empty total: "no samples") into @f; geometry comes from @o. */
void scd_flame_svg_draw(FILE *f, const struct scd_flame_opts *o, const struct scd_flame_tree *t);

/*
 * Copy @s into @out (room for strlen(@s) + 1; may be @s itself) keeping only what XML 1.0
 * allows and a browser shows sensibly: valid UTF-8 without control characters, U+FFFE or
 * U+FFFF; every other byte becomes '?'. Returns the length of @out.
 */
size_t scd_flame_xml_clean(const char *s, char *out);
/* Number of characters (code points) in the valid UTF-8 @s of @len bytes. */
size_t scd_flame_utf8_len(const char *s, size_t len);
/* Bytes taken by the first @nchars characters of the valid UTF-8 @s. */
size_t scd_flame_utf8_prefix(const char *s, size_t nchars);
/* Write @len bytes of cleaned @s with & < > " ' as entities: safe in text and attributes. */
void scd_flame_xml_put(FILE *f, const char *s, size_t len);
/* scd_flame_xml_clean() then scd_flame_xml_put() for a short string such as a title. */
void scd_flame_xml_puts(FILE *f, const char *s);

#endif
