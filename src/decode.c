// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The decoder's id -> layout table (see decode.h). Filled once at set-up by the source that
 * read the kernel's event formats; read-only afterwards.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "xalloc.h"

struct scd_decoder *scd_decoder_new(void)
{
	return xcalloc(1, sizeof(struct scd_decoder));
}

void scd_decoder_free(struct scd_decoder *d)
{
	if (!d)
		return;
	free(d->by_id);
	free(d);
}

struct scd_ev_layout *scd_decoder_slot(struct scd_decoder *d, uint32_t id)
{
	if (id >= d->nids) {
		uint32_t n = id + 64;

		d->by_id = xrealloc(d->by_id, n, sizeof(*d->by_id));
		memset(d->by_id + d->nids, 0, (n - d->nids) * sizeof(*d->by_id));
		d->nids = n;
	}
	return &d->by_id[id];
}
