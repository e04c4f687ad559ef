// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Flame graph writer: one graph compared byte for byte with tests/golden/flame-basic.svg, and
 * checks that hold whatever the drawing looks like: the document is well-formed XML (a small
 * checker below: balanced tags, quoted attributes, known entities, valid UTF-8), "all" holds
 * the sum of the values, children lie inside their parent, merging adds up, narrow frames are
 * left out, bad arguments and write errors are reported. Regenerate the golden file only when
 * a change of the output is intended:
 *   SCD_GOLDEN_UPDATE=1 tests/unit/test-flame
 */
#include "unit.h"
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "flame.h"

#define T SCD_FLAME_ROOT_TASK
#define U SCD_FLAME_USER
#define K SCD_FLAME_KERNEL
#define D SCD_FLAME_DELIM

static const struct scd_flame_frame s_epoll[] = {
	{ "nginx", T }, { "main", U }, { "ngx_process_events", U }, { "epoll_wait", U },
	{ "-", D }, { "do_epoll_wait", K }, { "schedule_hrtimeout_range", K }, { "schedule", K },
};
static const struct scd_flame_frame s_write[] = {
	{ "nginx", T }, { "main", U }, { "ngx_write", U },
	{ "operator<<(std::ostream&, \"x\")", U }, { "write", U }, { "-", D },
	{ "ksys_write", K }, { "schedule", K },
};
static const struct scd_flame_frame s_tiny[] = {
	{ "nginx", T }, { "main", U }, { "tiny_func", U },
};
static const struct scd_flame_frame s_bash[] = {
	{ "bash", T }, { "main", U }, { "readline", U }, { "read", U }, { "-", D },
	{ "ksys_read", K }, { "schedule", K },
};
static const struct scd_flame_frame s_odd[] = {
	{ "bash", T }, { "main", U }, { "</title><script>alert('x')</script>", U },
	{ "bad\xff\x01name \xc3\xbc\xe2\x82\xac", U }, { "schedule", U },
};

static const struct scd_flame_stack basic[] = {
	{ s_epoll, ARRAY_SIZE(s_epoll), 40000 },
	{ s_write, ARRAY_SIZE(s_write), 25000 },
	{ s_epoll, ARRAY_SIZE(s_epoll) - 1, 5000 },	/* shares all but the last frame */
	{ s_tiny, ARRAY_SIZE(s_tiny), 7 },		/* 0.08 px of 1180: left out */
	{ s_bash, ARRAY_SIZE(s_bash), 20000 },
	{ s_odd, ARRAY_SIZE(s_odd), 8993 },
	{ s_epoll, ARRAY_SIZE(s_epoll), 1000 },		/* merges with the first */
};
#define BASIC_TOTAL 100000

static const struct scd_flame_opts opts = {
	.title = "Off-CPU time", .subtitle = "scdiag offcpu -- nginx (10.0 s)", .unit = "us",
};

static char *render(const struct scd_flame_opts *o, const struct scd_flame_stack *s, size_t n,
		    size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	ck_assert(f != NULL);
	ck_assert_int_eq(scd_flame_write_svg(f, o, s, n), 0);
	fclose(f);
	return buf;
}

/* ---- a small well-formedness checker: enough for what the writer may produce ---- */

static const char *skip_past(const char *p, const char *end)
{
	const char *e = strstr(p, end);

	ck_assert_msg(e != NULL, "unterminated construct at %.40s", p);
	return e + strlen(end);
}

static void check_entity(const char *p)
{
	static const char *const ok[] = { "&amp;", "&lt;", "&gt;", "&quot;", "&#39;" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ok); i++)
		if (!strncmp(p, ok[i], strlen(ok[i])))
			return;
	ck_abort_msg("bad entity at %.20s", p);
}

/* Returns the end of the tag at @p (just past '>'); pushes or pops @stack. */
static const char *check_tag(const char *p, char stack[][32], int *depth)
{
	bool closing = p[1] == '/';
	char name[32];
	int n = 0;

	p += closing ? 2 : 1;
	while (*p && *p != ' ' && *p != '>' && *p != '/' && n < 31)
		name[n++] = *p++;
	name[n] = 0;
	ck_assert_msg(n > 0, "empty tag name");
	while (*p && *p != '>') {
		if (*p == '"') {
			for (p++; *p && *p != '"'; p++) {
				ck_assert_msg(*p != '<', "'<' in an attribute");
				if (*p == '&')
					check_entity(p);
			}
		}
		ck_assert_msg(*p, "unterminated tag %s", name);
		if (*p == '/' && p[1] == '>')
			return p + 2;
		p++;
	}
	ck_assert_msg(*p == '>', "unterminated tag %s", name);
	if (closing) {
		ck_assert_msg(*depth > 0 && !strcmp(stack[*depth - 1], name), "</%s> unbalanced",
			      name);
		(*depth)--;
	} else {
		ck_assert_int_lt(*depth, 16);
		strcpy(stack[(*depth)++], name);
	}
	return p + 1;
}

static void check_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int more;

	for (; *p; p++) {
		more = *p < 0x80 ? 0 : *p >= 0xf0 ? 3 : *p >= 0xe0 ? 2 : *p >= 0xc2 ? 1 : -1;
		ck_assert_msg(more >= 0, "bad UTF-8 lead byte");
		ck_assert_msg(*p >= 0x20 || *p == '\n' || *p == '\t', "control byte 0x%02x", *p);
		for (; more; more--)
			ck_assert_msg((*++p & 0xc0) == 0x80, "bad UTF-8 continuation");
	}
}

static void check_xml(const char *doc)
{
	char stack[16][32];
	int depth = 0, roots = 0;
	const char *p = doc;

	check_utf8(doc);
	ck_assert(!strncmp(p, "<?xml ", 6));
	while (*p) {
		if (!strncmp(p, "<?", 2))
			p = skip_past(p, "?>");
		else if (!strncmp(p, "<!--", 4))
			p = skip_past(p, "-->");
		else if (!strncmp(p, "<![CDATA[", 9))
			p = skip_past(p, "]]>");
		else if (*p == '<') {
			roots += depth == 0 && p[1] != '/';
			p = check_tag(p, stack, &depth);
		} else {
			ck_assert_msg(*p != '>' || depth, "stray '>'");
			if (*p == '&')
				check_entity(p);
			ck_assert_msg(depth || *p == '\n', "text outside the root element");
			p++;
		}
	}
	ck_assert_int_eq(depth, 0);
	ck_assert_int_eq(roots, 1);
}

/* ---- the frames as drawn ---- */

struct drawn {
	uint64_t x, w;		/* data-x, data-w */
	double px, pw;		/* rect x, width */
	unsigned int y;
	char title[256];
};

static size_t parse_frames(const char *doc, struct drawn *d, size_t max)
{
	const char *p = doc, *t;
	size_t n = 0;

	while ((p = strstr(p, "<g class=\"f\"")) != NULL) {
		ck_assert_uint_lt(n, max);
		ck_assert_int_eq(sscanf(p, "<g class=\"f\" data-x=\"%" SCNu64
					"\" data-w=\"%" SCNu64, &d[n].x, &d[n].w), 2);
		p = strstr(p, "<title>") + 7;
		t = strstr(p, "</title>");
		ck_assert_uint_lt((size_t)(t - p), sizeof(d[n].title));
		memcpy(d[n].title, p, (size_t)(t - p));
		d[n].title[t - p] = 0;
		p = strstr(t, "<rect x=\"");
		ck_assert_int_eq(sscanf(p, "<rect x=\"%lf\" width=\"%lf\" y=\"%u\"", &d[n].px,
					&d[n].pw, &d[n].y), 3);
		n++;
	}
	return n;
}

static size_t count(const char *doc, const char *s)
{
	size_t n = 0;

	for (; (doc = strstr(doc, s)) != NULL; doc++)
		n++;
	return n;
}

/* The drawn frame whose title starts with "@name (", or NULL. */
static const struct drawn *find(const struct drawn *d, size_t n, const char *name)
{
	size_t i, len = strlen(name);

	for (i = 0; i < n; i++)
		if (!strncmp(d[i].title, name, len) && !strncmp(d[i].title + len, " (", 2))
			return &d[i];
	return NULL;
}

/* What must hold for any input: returns the number of frames drawn. */
static size_t check_structure(const char *doc, uint64_t total, struct drawn *d, size_t max)
{
	size_t n, i, j;

	check_xml(doc);
	n = parse_frames(doc, d, max);
	ck_assert_uint_gt(n, 0);
	ck_assert_uint_eq(count(doc, "<g "), n + 1);	/* and the frames container */
	ck_assert_uint_eq(count(doc, "</g>"), n + 1);
	ck_assert(!strncmp(d[0].title, "all (", 5));
	ck_assert_uint_eq(d[0].x, 0);
	ck_assert_uint_eq(d[0].w, total);
	for (i = 1; i < n; i++) {
		ck_assert_uint_ge(d[i].x, d[i - 1].x);	/* pre-order, left to right */
		for (j = i; j-- > 0;)	/* the parent: the closest frame one level below */
			if (d[j].y == d[i].y + 16)
				break;
		ck_assert_msg(j < i, "frame %zu has no parent", i);
		ck_assert_uint_ge(d[i].x, d[j].x);
		ck_assert_uint_le(d[i].x + d[i].w, d[j].x + d[j].w);
		ck_assert(d[i].px >= d[j].px - 0.011);
		ck_assert(d[i].px + d[i].pw <= d[j].px + d[j].pw + 0.021);
	}
	return n;
}

START_TEST(test_golden)
{
	size_t len, len2;
	char *doc = render(&opts, basic, ARRAY_SIZE(basic), &len);
	char *again = render(&opts, basic, ARRAY_SIZE(basic), &len2);

	ck_assert(len == len2 && !memcmp(doc, again, len));	/* deterministic */
	scd_golden_compare("flame-basic.svg", doc, len);
	free(again);
	free(doc);
}
END_TEST

START_TEST(test_basic_structure)
{
	struct drawn d[64];
	size_t len, n;
	char *doc = render(&opts, basic, ARRAY_SIZE(basic), &len);
	const struct drawn *f;

	n = check_structure(doc, BASIC_TOTAL, d, ARRAY_SIZE(d));
	/* the first and the last stack merged; the third ends one frame earlier */
	f = find(d, n, "do_epoll_wait");
	ck_assert(f != NULL && f->w == 46000);
	f = find(d, n, "schedule_hrtimeout_range");
	ck_assert(f != NULL && f->w == 46000);
	ck_assert(strstr(doc, "<title>schedule (41,000 us, 41.00%)</title>") != NULL);
	/* the narrow frame is gone, its time stays in "main" */
	ck_assert(strstr(doc, "tiny_func") == NULL);
	ck_assert(strstr(doc, "<title>main (71,007 us, 71.01%)</title>") != NULL);
	/* "schedule" as a kernel and as a user frame: never merged with each other */
	ck_assert_uint_eq(count(doc, "<title>schedule ("), 4);
	/* escaped and cleaned, never raw */
	ck_assert(find(d, n, "operator&lt;&lt;(std::ostream&amp;, &quot;x&quot;)") != NULL);
	ck_assert(find(d, n, "&lt;/title&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
	ck_assert(find(d, n, "bad??name \xc3\xbc\xe2\x82\xac") != NULL);
	ck_assert(strstr(doc, "<script>alert") == NULL);
	ck_assert(strstr(doc, "Off-CPU time</text>") != NULL);
	free(doc);
}
END_TEST

START_TEST(test_merge)
{
	static const struct scd_flame_frame ab[] = { { "a", U }, { "b", U } };
	static const struct scd_flame_frame ac[] = { { "a", U }, { "c", U } };
	static const struct scd_flame_frame ak[] = { { "a", K } };
	static const struct scd_flame_frame d_[] = { { "d", T } };
	const struct scd_flame_stack st[] = {
		{ ac, 2, 7 }, { ab, 2, 10 }, { d_, 1, 1 }, { ab, 2, 5 }, { ab, 1, 3 },
		{ ak, 1, 4 }, { ab, 2, 0 }, { NULL, 0, 2 },
	};
	struct scd_flame_opts o = { .unit = "" };
	struct drawn d[16];
	size_t len, n;
	char *doc = render(&o, st, ARRAY_SIZE(st), &len);

	n = check_structure(doc, 32, d, ARRAY_SIZE(d));
	ck_assert_uint_eq(n, 6);	/* all, a (user), b, c, a (kernel), d */
	ck_assert_str_eq(d[1].title, "a (25, 78.13%)");
	ck_assert_str_eq(d[2].title, "b (15, 46.88%)");	/* sorted by name */
	ck_assert_str_eq(d[3].title, "c (7, 21.88%)");
	ck_assert_str_eq(d[4].title, "a (4, 12.50%)");
	ck_assert_str_eq(d[5].title, "d (1, 3.13%)");
	ck_assert_uint_eq(d[2].x, 0);
	ck_assert_uint_eq(d[3].x, 15);
	ck_assert_uint_eq(d[4].x, 25);
	ck_assert_uint_eq(d[5].x, 29);
	free(doc);
}
END_TEST

START_TEST(test_labels)
{
	static const struct scd_flame_frame wide[] = { { "w", U }, { "a_rather_long_name_x", U } };
	static const struct scd_flame_frame narrow[] = { { "n", U } };
	const struct scd_flame_stack st[] = { { wide, 2, 96 }, { narrow, 1, 4 } };
	struct scd_flame_opts o = { .width = 200, .min_width_px = 10 };
	struct drawn d[8];
	size_t len, n;
	char *doc = render(&o, st, ARRAY_SIZE(st), &len);

	n = check_structure(doc, 100, d, ARRAY_SIZE(d));
	ck_assert_uint_eq(n, 3);	/* "n" is 7.2 px wide: under 10 */
	ck_assert_double_eq_tol(d[0].pw, 180, 0.001);
	ck_assert_double_eq_tol(d[2].pw, 172.8, 0.001);
	/* 172.8 px holds 23 characters of 7.08 px: the whole name */
	ck_assert(strstr(doc, ">a_rather_long_name_x</text>") != NULL);
	ck_assert(strstr(doc, "(96 samples, 96.00%)") != NULL);
	free(doc);

	o.width = 300;
	o.min_width_px = 0;
	doc = render(&o, st, ARRAY_SIZE(st), &len);
	check_structure(doc, 100, d, ARRAY_SIZE(d));
	ck_assert(strstr(doc, ">n</text>") == NULL);	/* 11.2 px: no room for a label */
	free(doc);
}
END_TEST

START_TEST(test_empty)
{
	static const struct scd_flame_frame a[] = { { "a", U } };
	const struct scd_flame_stack zero[] = { { a, 1, 0 } };
	size_t len;
	char *doc;

	doc = render(NULL, NULL, 0, &len);
	check_xml(doc);
	ck_assert(strstr(doc, ">no samples</text>") != NULL);
	ck_assert(strstr(doc, "<g") == NULL);
	free(doc);
	doc = render(&opts, zero, 1, &len);
	check_xml(doc);
	ck_assert(strstr(doc, ">no samples</text>") != NULL);
	free(doc);
}
END_TEST

START_TEST(test_bad_args)
{
	static const struct scd_flame_frame a[] = { { "a", U } };
	static const struct scd_flame_frame noname[] = { { NULL, U } };
	static const struct scd_flame_frame badkind[] = { { "a", 7 } };
	const struct scd_flame_stack ok[] = { { a, 1, 1 } };
	const struct scd_flame_stack nn[] = { { noname, 1, 1 } };
	const struct scd_flame_stack bk[] = { { badkind, 1, 1 } };
	const struct scd_flame_stack nf[] = { { NULL, 1, 1 } };
	const struct scd_flame_stack deep[] = { { a, SCD_FLAME_MAX_DEPTH + 1, 1 } };
	const struct scd_flame_stack big[] = { { a, 1, (UINT64_MAX >> 1) + 1 },
					       { a, 1, (UINT64_MAX >> 1) + 1 } };
	struct scd_flame_opts narrow = { .width = 199 }, nan_w = { .min_width_px = NAN };
	struct scd_flame_opts neg = { .min_width_px = -1 };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_int_eq(scd_flame_write_svg(NULL, NULL, ok, 1), -EINVAL);
	ck_assert_int_eq(scd_flame_write_svg(f, NULL, NULL, 1), -EINVAL);
	ck_assert_int_eq(scd_flame_write_svg(f, NULL, nn, 1), -EINVAL);
	ck_assert_int_eq(scd_flame_write_svg(f, NULL, bk, 1), -EINVAL);
	ck_assert_int_eq(scd_flame_write_svg(f, NULL, nf, 1), -EINVAL);
	ck_assert_int_eq(scd_flame_write_svg(f, NULL, deep, 1), -EINVAL);
	ck_assert_int_eq(scd_flame_write_svg(f, &narrow, ok, 1), -EINVAL);
	ck_assert_int_eq(scd_flame_write_svg(f, &nan_w, ok, 1), -EINVAL);
	ck_assert_int_eq(scd_flame_write_svg(f, &neg, ok, 1), -EINVAL);
	ck_assert_int_eq(scd_flame_write_svg(f, NULL, big, 2), -EOVERFLOW);
	fflush(f);
	ck_assert_uint_eq(len, 0);	/* nothing written on a bad argument */
	fclose(f);
	free(buf);
}
END_TEST

START_TEST(test_write_error)
{
	char small[256];
	FILE *f = fopen("/dev/full", "w");

	ck_assert(f != NULL);
	ck_assert_int_eq(scd_flame_write_svg(f, &opts, basic, ARRAY_SIZE(basic)), -ENOSPC);
	fclose(f);
	f = fmemopen(small, sizeof(small), "w");
	ck_assert(f != NULL);
	ck_assert_int_lt(scd_flame_write_svg(f, &opts, basic, ARRAY_SIZE(basic)), 0);
	fclose(f);
}
END_TEST

int main(void)
{
	const TTest *tests[] = {
		test_golden,
		test_basic_structure,
		test_merge,
		test_labels,
		test_empty,
		test_bad_args,
		test_write_error,
	};

	return scd_run_suite(scd_suite("flame", tests, ARRAY_SIZE(tests)));
}
