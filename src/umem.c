// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * process_vm_readv(2) of strings (see umem.h). A remote range that crosses into an unmapped
 * page makes the call return short or fail, so we never ask past the current page: reads go
 * in pieces of at most 512 bytes that end at a page boundary, and the first one usually
 * holds the whole path. Kernels built without CONFIG_CROSS_MEMORY_ATTACH (some embedded
 * ones) answer ENOSYS; then /proc/TID/mem serves, with the same access check.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "umem.h"

#define UMEM_PIECE 512

static bool no_vm_readv;

ssize_t scd_umem_thread_str(int32_t tid, int32_t tgid, uint64_t addr, char *out, size_t len,
			    bool *cut)
{
	ssize_t n = scd_umem_str(tid, addr, out, len, cut);

	if (n == -ESRCH && tgid > 0 && tgid != tid)
		n = scd_umem_str(tgid, addr, out, len, cut);
	return n;
}

const char *scd_umem_method(int *err)
{
	static const char probe[] = "scdiag";
	char out[sizeof(probe)];
	bool cut;
	ssize_t n = scd_umem_str((int32_t)getpid(), (uintptr_t)probe, out, sizeof(out), &cut);

	*err = n < 0 ? (int)-n : 0;
	if (n < 0)
		return NULL;
	return no_vm_readv ? "/proc/PID/mem" : "process_vm_readv";
}

void scd_umem_use_proc_mem(bool on)
{
	no_vm_readv = on;
}

/* @piece bytes at @at of @tid into @buf: bytes read, or -errno. */
static ssize_t read_piece(int32_t tid, uint64_t at, char *buf, size_t piece)
{
	struct iovec local = { buf, piece }, remote = { (void *)(uintptr_t)at, piece };
	char path[40];
	ssize_t n;
	int fd;

	if (!no_vm_readv) {
		n = process_vm_readv(tid, &local, 1, &remote, 1, 0);
		if (n >= 0 || errno != ENOSYS)
			return n < 0 ? -errno : n;
		no_vm_readv = true;
	}
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? -ESRCH : errno == EACCES ? -EPERM : -errno;
	n = pread(fd, buf, piece, (off_t)at);
	/* EIO: nothing mapped there; 0 bytes: no memory at all (a zombie), as ESRCH says */
	n = n < 0 ? (errno == EIO ? -EFAULT : -errno) : n ? n : -ESRCH;
	close(fd);
	return n;
}

ssize_t scd_umem_str(int32_t tid, uint64_t addr, char *out, size_t len, bool *cut)
{
	static uint64_t page;
	size_t got = 0, piece;
	ssize_t n;

	*cut = false;
	if (len < 2 || tid <= 0)
		return -EINVAL;
	out[0] = 0;
	if (!addr)
		return -EFAULT;
	if (!page) {
		long p = sysconf(_SC_PAGESIZE);

		page = p > 0 ? (uint64_t)p : 4096;
	}
	while (got < len - 1) {
		uint64_t at = addr + got;

		piece = (size_t)(page - at % page);
		if (piece > UMEM_PIECE)
			piece = UMEM_PIECE;
		if (piece > len - 1 - got)
			piece = len - 1 - got;
		n = read_piece(tid, at, out + got, piece);
		if (n <= 0) {
			if (!got)
				return n < 0 ? n : -EFAULT;
			*cut = true;	/* readable memory ended before a NUL */
			break;
		}
		if (memchr(out + got, 0, (size_t)n))
			return (ssize_t)strlen(out);
		got += (size_t)n;
	}
	if (got >= len - 1)
		*cut = true;
	out[got] = 0;
	return (ssize_t)got;
}
