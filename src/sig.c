// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Stop-signal handling (see sig.h). Handlers are installed without SA_RESTART so a blocked
 * poll() returns EINTR at once.
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include "sig.h"

static volatile sig_atomic_t count;
static volatile sig_atomic_t last;

static void on_stop(int sig)
{
	count++;
	last = sig;
}

void scd_sig_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

int scd_sig_count(void)
{
	return count;
}

int scd_sig_last(void)
{
	return last;
}
