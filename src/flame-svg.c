// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Drawing the flame graph tree as SVG (see flame-int.h). Each frame is a <g class="f"> with
 * its position in value units (data-x, data-w, exact, for the script's zoom and search), a
 * <title> tooltip "name (value unit, share%)", a <rect> placed for viewers without script,
 * and a label cut to fit with "..". Numbers are printed from integers, never with %f, so a
 * locale cannot turn "1.5" into "1,5" and the bytes are the same on every run.
 *
 * Colors follow the name's hash, so a function keeps its color across graphs and runs:
 * warm red/orange/yellow for user space functions (flamegraph.pl's "hot" palette), blue/aqua
 * for kernel functions (the tone flamegraph.pl uses for off-CPU and I/O graphs), a pale green
 * for the task (comm) roots, gray for the "-" delimiters and for "all", magenta for frames
 * matching a search.
 */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "flame-int.h"
#include "flame-js.h"
#include "xalloc.h"

#define XPAD		10	/* px left and right of the frames */
#define FRAME_H		16	/* px per stack level, 1 px of it a gap */
#define FONT_W		(12 * 0.59)	/* mean width of a 12 px glyph, as flamegraph.pl */
#define BOTTOM		34	/* px below the frames: the details line */

struct svg {
	FILE *f;
	uint64_t total;		/* value of "all" */
	unsigned int width;	/* of the image */
	unsigned int fw;	/* of "all" */
	unsigned int top;	/* y of the deepest level */
	unsigned int levels;	/* levels drawn, "all" included */
	double min_px;
	char *unit;		/* cleaned */
	size_t unit_len;
	char *buf;		/* the cleaned name of the frame being drawn */
	size_t cap;
};

static const char css[] =
	"text { font-family: Verdana, sans-serif; font-size: 12px; fill: #000; }\n"
	"#title { font-size: 17px; text-anchor: middle; }\n"
	"#subtitle { fill: #555; text-anchor: middle; }\n"
	"#search, #matched { text-anchor: end; }\n"
	".btn { cursor: pointer; fill: #1a4a8a; }\n"
	".btn:hover { text-decoration: underline; }\n"
	"g.f { cursor: pointer; }\n"
	"g.f:hover rect { stroke: #000; stroke-width: 0.5; }\n"
	".dim { opacity: 0.5; }\n"
	".hide { display: none; }\n";

/* @v >= 0 with two decimals, rounded, from integers. */
static void put_fixed(FILE *f, double v)
{
	uint64_t c = (uint64_t)(v * 100 + 0.5);

	fprintf(f, "%" PRIu64 ".%02u", c / 100, (unsigned int)(c % 100));
}

/* 1234567 as "1,234,567", as flamegraph.pl writes sample counts. */
static void put_count(FILE *f, uint64_t v)
{
	char d[32];
	int n = snprintf(d, sizeof(d), "%" PRIu64, v), i;

	for (i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			fputc(',', f);
		fputc(d[i], f);
	}
}

static uint32_t name_hash(const char *s)
{
	uint32_t h = 2166136261u;	/* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void put_fill(FILE *f, const struct scd_flame_node *nd)
{
	uint32_t h = name_hash(nd->name);
	unsigned int a = h % 251, b = (h >> 8) % 251, c = (h >> 16) % 251, r, g, bl;

	switch (nd->kind) {
	case SCD_FLAME_USER:
		r = 205 + a % 51, g = b * 230 / 250, bl = c * 55 / 250;
		break;
	case SCD_FLAME_KERNEL:
		r = 80 + a * 60 / 250, g = 150 + b * 70 / 250, bl = 205 + c * 50 / 250;
		break;
	case SCD_FLAME_ROOT_TASK:
		r = 150 + a * 30 / 250, g = 190 + b * 30 / 250, bl = 140 + c * 30 / 250;
		break;
	case SCD_FLAME_DELIM:
		r = g = bl = 190;
		break;
	default:
		r = g = bl = 215;
	}
	fprintf(f, "rgb(%u,%u,%u)", r, g, bl);
}

static double px(const struct svg *g, uint64_t v)
{
	return (double)v * g->fw / (double)g->total;
}

/* The label: as much of the name as fits in @w px, ".." marking a cut; none below 3 chars. */
static void put_label(struct svg *g, size_t len, double x, unsigned int y, double w)
{
	double fit = floor((w - 6) / FONT_W);

	if (fit < 3)
		return;
	fputs("<text x=\"", g->f);
	put_fixed(g->f, x + 3);
	fprintf(g->f, "\" y=\"%u\">", y + 12);
	if (scd_flame_utf8_len(g->buf, len) <= fit) {
		scd_flame_xml_put(g->f, g->buf, len);
	} else {
		scd_flame_xml_put(g->f, g->buf, scd_flame_utf8_prefix(g->buf, (size_t)fit - 2));
		fputs("..", g->f);
	}
	fputs("</text>", g->f);
}

static void put_frame(struct svg *g, const struct scd_flame_node *nd)
{
	unsigned int y = g->top + (g->levels - 1 - nd->depth) * FRAME_H;
	double x = XPAD + px(g, nd->x), w = px(g, nd->total);
	size_t len = strlen(nd->name);

	if (len + 1 > g->cap) {
		g->cap = len + 1;
		g->buf = xrealloc(g->buf, g->cap, 1);
	}
	len = scd_flame_xml_clean(nd->name, g->buf);
	fprintf(g->f, "<g class=\"f\" data-x=\"%" PRIu64 "\" data-w=\"%" PRIu64 "\"><title>",
		nd->x, nd->total);
	scd_flame_xml_put(g->f, g->buf, len);
	fputs(" (", g->f);
	put_count(g->f, nd->total);
	if (g->unit_len) {
		fputc(' ', g->f);
		scd_flame_xml_put(g->f, g->unit, g->unit_len);
	}
	fputs(", ", g->f);
	put_fixed(g->f, (double)nd->total * 100 / (double)g->total);
	fputs("%)</title><rect x=\"", g->f);
	put_fixed(g->f, x);
	fputs("\" width=\"", g->f);
	put_fixed(g->f, w);
	fprintf(g->f, "\" y=\"%u\" height=\"%u\" rx=\"2\" fill=\"", y, FRAME_H - 1);
	put_fill(g->f, nd);
	fputs("\"/>", g->f);
	put_label(g, len, x, y, w);
	fputs("</g>\n", g->f);
}

static void put_head(struct svg *g, const struct scd_flame_opts *o, unsigned int height)
{
	FILE *f = g->f;

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n", f);
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%u\" "
		"height=\"%u\" viewBox=\"0 0 %u %u\" data-unit=\"", g->width, height, g->width,
		height);
	scd_flame_xml_put(f, g->unit, g->unit_len);
	fputs("\">\n<!-- Flame graph written by scdiag: hover for details, click a frame to zoom, "
	      "Ctrl-F to search. -->\n", f);
	fprintf(f, "<style type=\"text/css\"><![CDATA[\n%s]]></style>\n", css);
	fputs("<rect width=\"100%\" height=\"100%\" fill=\"#f8f8f8\"/>\n", f);
	fprintf(f, "<text id=\"title\" x=\"%u\" y=\"24\">", g->width / 2);
	scd_flame_xml_puts(f, o->title ? o->title : "Flame Graph");
	fputs("</text>\n", f);
	if (o->subtitle) {
		fprintf(f, "<text id=\"subtitle\" x=\"%u\" y=\"44\">", g->width / 2);
		scd_flame_xml_puts(f, o->subtitle);
		fputs("</text>\n", f);
	}
}

/* Levels that have a frame wide enough to draw, "all" included. */
static unsigned int count_levels(const struct svg *g, const struct scd_flame_tree *t)
{
	unsigned int levels = 1;
	size_t i;

	for (i = 1; i < t->nnodes; i++)
		if (t->nodes[i].depth >= levels && px(g, t->nodes[i].total) >= g->min_px)
			levels = t->nodes[i].depth + 1;
	return levels;
}

static void put_frames(struct svg *g, const struct scd_flame_tree *t, unsigned int height)
{
	FILE *f = g->f;
	size_t i;

	fprintf(f, "<text id=\"unzoom\" class=\"btn hide\" x=\"%u\" y=\"24\">Reset Zoom</text>\n",
		XPAD);
	fprintf(f, "<text id=\"search\" class=\"btn\" x=\"%u\" y=\"24\">Search</text>\n",
		g->width - XPAD);
	fprintf(f, "<text id=\"details\" x=\"%u\" y=\"%u\"> </text>\n", XPAD, height - 12);
	fprintf(f, "<text id=\"matched\" x=\"%u\" y=\"%u\"> </text>\n", g->width - XPAD,
		height - 12);
	fputs("<g id=\"frames\">\n", f);
	for (i = 0; i < t->nnodes && !ferror(f); i++)
		if (px(g, t->nodes[i].total) >= g->min_px)
			put_frame(g, &t->nodes[i]);
	fprintf(f, "</g>\n<script type=\"text/ecmascript\"><![CDATA[\n%s]]></script>\n",
		scd_flame_js);
}

void scd_flame_svg_draw(FILE *f, const struct scd_flame_opts *o, const struct scd_flame_tree *t)
{
	struct svg g = { .f = f };
	unsigned int height;

	g.total = t && t->nnodes ? t->nodes[0].total : 0;
	g.width = o->width ? o->width : 1200;
	g.fw = g.width - 2 * XPAD;
	g.min_px = o->min_width_px > 0 ? o->min_width_px : 0.1;
	g.top = o->subtitle ? 56 : 40;
	g.unit = xstrdup(o->unit ? o->unit : "samples");
	g.unit_len = scd_flame_xml_clean(g.unit, g.unit);
	g.levels = g.total ? count_levels(&g, t) : 1;
	height = g.top + g.levels * FRAME_H + BOTTOM;
	put_head(&g, o, height);
	if (g.total)
		put_frames(&g, t, height);
	else
		fprintf(f, "<text id=\"details\" x=\"%u\" y=\"%u\" text-anchor=\"middle\">"
			"no samples</text>\n", g.width / 2, g.top + 12);
	fputs("</svg>\n", f);
	free(g.buf);
	free(g.unit);
}
