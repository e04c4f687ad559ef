// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * scdiag: syscall diagnostics without BPF. Everything lives in the library; see cli.c.
 */
#include "config.h"

#include "cli.h"

int main(int argc, char **argv)
{
	return scd_cli_main(argc, argv);
}
