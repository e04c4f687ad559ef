// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Signals during a trace: SIGINT, SIGTERM and SIGHUP only raise a counter (the loop stops,
 * drains and reports; a second signal skips the drain but still cleans up), SIGPIPE is
 * ignored so a closed stdout becomes EPIPE on write and the normal clean-up runs.
 */
#ifndef SCD_SIG_H
#define SCD_SIG_H

#include <stdbool.h>

void scd_sig_install(void);
/* How many stop signals arrived, and the last one. */
int scd_sig_count(void);
int scd_sig_last(void);

#endif
