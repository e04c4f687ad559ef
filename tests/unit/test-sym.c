// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of the symbolizers. Kernel: small kallsyms files written here (unsorted, mixed
 * types, aliases at one address, an end marker, a module, a restricted all-zero file).
 * User space: the sym-target workload, built as a PIE and as an ET_EXEC, prints the addresses
 * of its own functions and of two libc functions and waits on stdin; we snapshot its maps
 * and check names and offsets, then check that lookups still work after it has exited.
 * Stripped: the PIE stripped (sym-stripped) with its .symtab in a debug file named by
 * build-id (tests/workloads/debug/.build-id/XX/YYYY.debug, made by objcopy at build time).
 * Needs no privilege. The program exits non-zero when any test fails.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "unit.h"
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "demangle.h"
#include "ksym.h"
#include "symbolize.h"
#include "usym.h"
#include "usym-elf.h"
#include "cfi.h"

/* Writes @text to a new temporary file; returns its path (free it, unlink it). */
static char *write_tmp(const char *text)
{
	char *path = strdup("/tmp/scd-test-sym-XXXXXX");
	size_t len = strlen(text);
	int fd;

	ck_assert_ptr_nonnull(path);
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, len), (ssize_t)len);
	close(fd);
	return path;
}

static struct scd_ksyms *load_text(const char *text, int *err)
{
	char *path = write_tmp(text);
	struct scd_ksyms *k = scd_ksyms_load(path, err);

	unlink(path);
	free(path);
	return k;
}

static const char kallsyms_fixture[] =
	"ffffffff81000200 t beta_local\n"
	"ffffffff81000100 t __alpha_alias\n"
	"ffffffff81000100 T alpha\n"
	"ffffffff81000050 D early_data\n"
	"ffffffff81000300 d some_data\n"
	"ffffffff81000400 T __weak_fn_global\n"
	"ffffffff81000400 W weak_fn\n"
	"ffffffff81000500 T _etext\n"
	"ffffffffc0001000 t mod_fn\t[mymod]\n"
	"ffffffffc0002000 t mod_fn2\t[mymod]\n"
	"ffffffff81000400 w weak_fn_local_weak\n";

START_TEST(test_ksyms_lookup)
{
	static const struct {
		uint64_t addr;
		const char *name;	/* NULL: no symbol */
		uint64_t off;
		const char *module;
	} rows[] = {
		{ 0xffffffff81000100, "alpha", 0, NULL },
		{ 0xffffffff810001ff, "alpha", 0xff, NULL },
		{ 0xffffffff81000200, "beta_local", 0, NULL },
		{ 0xffffffff81000300, "beta_local", 0x100, NULL },	/* data is not kept */
		{ 0xffffffff81000400, "weak_fn", 0, NULL },
		{ 0xffffffff810004ff, "weak_fn", 0xff, NULL },
		{ 0xffffffff81000500, NULL, 0, NULL },			/* _etext ends text */
		{ 0xffffffff81000600, NULL, 0, NULL },
		{ 0xffffffffc0001010, "mod_fn", 0x10, "mymod" },
		{ 0xffffffffc0002008, "mod_fn2", 8, "mymod" },
		{ 0xffffffffc0002000 + SCD_KSYM_MAX_SPAN, NULL, 0, NULL },
		{ 0xffffffff810000ff, NULL, 0, NULL },			/* below the first */
		{ 0xffffffff81000050, NULL, 0, NULL },
		{ 0x00007f0000001000, NULL, 0, NULL },			/* user space */
		{ 0, NULL, 0, NULL },
	};
	struct scd_ksyms *k;
	const char *name, *mod;
	uint64_t off;
	size_t i;
	int err = 1;

	k = load_text(kallsyms_fixture, &err);
	ck_assert_ptr_nonnull(k);
	ck_assert_int_eq(err, 0);
	ck_assert(!scd_ksyms_restricted(k));
	ck_assert_uint_eq(scd_ksyms_count(k), 6);
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		off = 4242;
		name = scd_ksyms_lookup_mod(k, rows[i].addr, &off, &mod);
		if (!rows[i].name) {
			ck_assert_msg(!name, "%#" PRIx64 ": %s, want none", rows[i].addr, name);
			continue;
		}
		ck_assert_msg(name && !strcmp(name, rows[i].name), "%#" PRIx64 ": %s, want %s",
			      rows[i].addr, name, rows[i].name);
		ck_assert_uint_eq(off, rows[i].off);
		if (rows[i].module)
			ck_assert_str_eq(mod, rows[i].module);
		else
			ck_assert_ptr_null(mod);
		ck_assert_str_eq(scd_ksyms_lookup(k, rows[i].addr, NULL), rows[i].name);
	}
	scd_ksyms_free(k);
	scd_ksyms_free(NULL);
}
END_TEST

START_TEST(test_ksyms_files)
{
	struct scd_ksyms *k;
	uint64_t off;
	int err = 1;

	/* kptr_restrict: every address reads as zero. */
	k = load_text("0000000000000000 T _stext\n0000000000000000 t foo\n"
		      "0000000000000000 T bar\t[mod]\n", &err);
	ck_assert_ptr_nonnull(k);
	ck_assert_int_eq(err, 0);
	ck_assert(scd_ksyms_restricted(k));
	ck_assert_uint_eq(scd_ksyms_count(k), 0);
	ck_assert_ptr_null(scd_ksyms_lookup(k, 0, &off));
	ck_assert_ptr_null(scd_ksyms_lookup(k, 0xffffffff81000000, &off));
	scd_ksyms_free(k);

	k = load_text("", &err);
	ck_assert_ptr_nonnull(k);
	ck_assert(!scd_ksyms_restricted(k));
	ck_assert_uint_eq(scd_ksyms_count(k), 0);
	ck_assert_ptr_null(scd_ksyms_lookup(k, 0xffffffff81000000, &off));
	scd_ksyms_free(k);

	/* No trailing newline on the last line. */
	k = load_text("ffffffff81000000 T last", &err);
	ck_assert_ptr_nonnull(k);
	ck_assert_str_eq(scd_ksyms_lookup(k, 0xffffffff81000010, &off), "last");
	ck_assert_uint_eq(off, 0x10);
	scd_ksyms_free(k);

	ck_assert_ptr_null(load_text("ffffffff81000000 T ok\nnot a line\n", &err));
	ck_assert_int_eq(err, -EINVAL);
	ck_assert_ptr_null(load_text("ffffffff81000000T glued\n", &err));
	ck_assert_int_eq(err, -EINVAL);
	ck_assert_ptr_null(load_text("1ffffffff81000000 T toolong\n", &err));
	ck_assert_int_eq(err, -EINVAL);
	ck_assert_ptr_null(scd_ksyms_load("/nonexistent/kallsyms", &err));
	ck_assert_int_eq(err, -ENOENT);
}
END_TEST

/* A running sym-target and the addresses it printed. */
struct target {
	pid_t pid;
	int in;			/* its stdin; closing it ends the process */
	const char *module;
	uint64_t alpha, beta, local, sized, mangled, getppid, read, pushes, framed;
};

static void read_addrs(struct target *t, FILE *f)
{
	char line[128], name[64];
	uint64_t addr;

	while (fgets(line, sizeof(line), f) && strcmp(line, "ready\n")) {
		ck_assert_int_eq(sscanf(line, "%63s %" SCNx64, name, &addr), 2);
		if (!strcmp(name, "sym_target_alpha"))
			t->alpha = addr;
		else if (!strcmp(name, "sym_target_beta"))
			t->beta = addr;
		else if (!strcmp(name, "sym_target_local"))
			t->local = addr;
		else if (!strcmp(name, "sym_target_sized"))
			t->sized = addr;
		else if (!strcmp(name, "sym_target_mangled"))
			t->mangled = addr;
		else if (!strcmp(name, "sym_target_cfi_pushes"))
			t->pushes = addr;
		else if (!strcmp(name, "sym_target_cfi_framed"))
			t->framed = addr;
		else if (!strcmp(name, "getppid"))
			t->getppid = addr;
		else if (!strcmp(name, "read"))
			t->read = addr;
	}
	ck_assert_msg(!strcmp(line, "ready\n"), "%s: no ready line", t->module);
	ck_assert(t->alpha && t->beta && t->local && t->mangled && t->getppid && t->read);
}

static void target_start(struct target *t, const char *path)
{
	int in[2], out[2];
	FILE *f;

	memset(t, 0, sizeof(*t));
	t->module = strrchr(path, '/') + 1;
	ck_assert_int_eq(pipe2(in, O_CLOEXEC), 0);
	ck_assert_int_eq(pipe2(out, O_CLOEXEC), 0);
	t->pid = fork();
	ck_assert_int_ge(t->pid, 0);
	if (!t->pid) {
		if (dup2(in[0], 0) < 0 || dup2(out[1], 1) < 0)
			_exit(127);
		execl(path, path, (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	t->in = in[1];
	f = fdopen(out[0], "r");
	ck_assert_ptr_nonnull(f);
	read_addrs(t, f);
	fclose(f);
}

static void target_stop(struct target *t)
{
	int status;

	close(t->in);
	ck_assert_int_eq(waitpid(t->pid, &status, 0), t->pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void expect(struct scd_usyms *u, const struct target *t, uint64_t ip, const char *name,
		   uint64_t off, const char *module)
{
	struct scd_usym s;
	int ret = scd_usyms_lookup(u, t->pid, ip, &s);

	ck_assert_msg(ret == 0, "%s %s: lookup %d", t->module, name, ret);
	ck_assert_msg(s.name && !strcmp(s.name, name), "%s: %#" PRIx64 " is %s, want %s",
		      t->module, ip, s.name, name);
	ck_assert_uint_eq(s.offset, off);
	ck_assert_msg(s.module && !strncmp(s.module, module, strlen(module)), "%s: module %s",
		      name, s.module);
}

/* The names and offsets every layout must give. */
static void expect_all(struct scd_usyms *u, const struct target *t)
{
	struct scd_usym s;

	expect(u, t, t->alpha, "sym_target_alpha", 0, t->module);
	expect(u, t, t->alpha + 5, "sym_target_alpha", 5, t->module);
	expect(u, t, t->beta + 1, "sym_target_beta", 1, t->module);
	expect(u, t, t->local, "sym_target_local", 0, t->module);
	expect(u, t, t->mangled + 2, "_ZN6scdiag6target7mangledEi", 2, t->module);
	expect(u, t, t->getppid + 5, "getppid", 5, "libc");
	expect(u, t, t->read, "read", 0, "libc");	/* not its alias __read */
	if (t->sized) {
		expect(u, t, t->sized, "sym_target_sized", 0, t->module);
		/* Past the 1-byte symbol: no name, the module and its file offset. */
		ck_assert_int_eq(scd_usyms_lookup(u, t->pid, t->sized + 4, &s), 0);
		ck_assert_ptr_null(s.name);
		ck_assert_str_eq(s.module, t->module);
		ck_assert_uint_ne(s.offset, 0);
	}
	ck_assert_int_eq(scd_usyms_lookup(u, t->pid, 1, &s), -ENOENT);
	ck_assert_ptr_null(s.module);
	ck_assert_ptr_null(s.name);
	ck_assert_int_eq(scd_usyms_lookup(u, t->pid, UINT64_MAX, &s), -ENOENT);
}

static void check_layout(const char *path)
{
	struct scd_usyms *u = scd_usyms_new();
	struct scd_usyms_stats st;
	struct target t;
	struct scd_usym s;

	ck_assert(!scd_usyms_known(u, getpid()));
	target_start(&t, path);
	ck_assert_int_eq(scd_usyms_snapshot(u, t.pid), 0);
	ck_assert(scd_usyms_known(u, t.pid));
	expect_all(u, &t);
	/* A second snapshot replaces the first. */
	ck_assert_int_eq(scd_usyms_snapshot(u, t.pid), 0);
	expect_all(u, &t);
	ck_assert_int_eq(scd_usyms_lookup(u, getpid(), t.alpha, &s), -ENOENT);

	/* The process is gone: the snapshot still answers, a new one fails and keeps it. */
	target_stop(&t);
	expect_all(u, &t);
	ck_assert_int_eq(scd_usyms_snapshot(u, t.pid), -ENOENT);
	ck_assert(scd_usyms_known(u, t.pid));
	expect(u, &t, t.beta, "sym_target_beta", 0, t.module);

	scd_usyms_stats(u, &st);
	ck_assert_uint_eq(st.processes, 1);
	ck_assert_uint_ge(st.files_loaded, 2);	/* the program and libc, each once */
	ck_assert_uint_ge(st.lookups, 20);
	ck_assert_uint_ge(st.no_mapping, 4);

	scd_usyms_forget(u, t.pid);
	scd_usyms_forget(u, t.pid);
	ck_assert(!scd_usyms_known(u, t.pid));
	ck_assert_int_eq(scd_usyms_lookup(u, t.pid, t.alpha, &s), -ENOENT);
	scd_usyms_stats(u, &st);
	ck_assert_uint_eq(st.processes, 0);
	scd_usyms_free(u);
}

START_TEST(test_usyms_pie)
{
	check_layout(SYM_PIE);
}
END_TEST

START_TEST(test_usyms_nopie)
{
	check_layout(SYM_NOPIE);
}
END_TEST

/* Two processes share the parse of a file; errors of the API itself. */
START_TEST(test_usyms_shared)
{
	struct scd_usyms *u = scd_usyms_new();
	struct scd_usyms_stats st1, st2;
	struct target a, b;

	ck_assert_int_eq(scd_usyms_snapshot(u, 0), -EINVAL);
	ck_assert_int_eq(scd_usyms_snapshot(u, -1), -EINVAL);
	target_start(&a, SYM_PIE);
	target_start(&b, SYM_PIE);
	ck_assert_int_eq(scd_usyms_snapshot(u, a.pid), 0);
	scd_usyms_stats(u, &st1);
	ck_assert_int_eq(scd_usyms_snapshot(u, b.pid), 0);
	scd_usyms_stats(u, &st2);
	ck_assert_uint_eq(st2.files_loaded, st1.files_loaded);
	ck_assert_uint_eq(st2.processes, 2);
	expect_all(u, &a);
	expect_all(u, &b);
	/* forget() of one leaves the other. */
	scd_usyms_forget(u, a.pid);
	ck_assert(!scd_usyms_known(u, a.pid));
	expect(u, &b, b.alpha, "sym_target_alpha", 0, b.module);
	target_stop(&a);
	target_stop(&b);
	scd_usyms_free(u);
	scd_usyms_free(NULL);
}
END_TEST

/* The stripped program's own function at @ip has no name in @u. */
static void expect_unnamed(struct scd_usyms *u, const struct target *t, uint64_t ip)
{
	struct scd_usym s;

	ck_assert_int_eq(scd_usyms_lookup(u, t->pid, ip, &s), 0);
	ck_assert_msg(!s.name, "%#" PRIx64 " named %s", ip, s.name);
	ck_assert_str_eq(s.module, "sym-stripped");
}

/* A debug tree under a new temporary directory whose file for @e's build-id is @file. */
static char *debug_tree_with(const struct scd_usym_elf *e, const char *file)
{
	char *root = strdup("/tmp/scd-test-debug-XXXXXX"), path[512];
	const uint8_t *id;
	size_t len, i, n;

	ck_assert_ptr_nonnull(root);
	ck_assert_ptr_nonnull(mkdtemp(root));
	id = scd_usym_elf_build_id(e, &len);
	ck_assert_ptr_nonnull(id);
	snprintf(path, sizeof(path), "%s/.build-id", root);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	n = (size_t)snprintf(path, sizeof(path), "%s/.build-id/%02x", root, id[0]);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	n += (size_t)snprintf(path + n, sizeof(path) - n, "/");
	for (i = 1; i < len; i++)
		n += (size_t)snprintf(path + n, sizeof(path) - n, "%02x", id[i]);
	snprintf(path + n, sizeof(path) - n, ".debug");
	ck_assert_int_eq(symlink(file, path), 0);
	return root;
}

static void debug_tree_remove(char *root)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	ck_assert_int_eq(system(cmd), 0);
	free(root);
}

/*
 * A stripped file names only what .dynsym exports (none of the program's functions); with a
 * debug directory, its symbols come from the debug file of its build-id, exactly as from the
 * unstripped file. A file at that path with another build-id is not believed.
 */
START_TEST(test_usyms_debug_file)
{
	struct scd_usyms_stats st;
	struct scd_usym_elf *e;
	struct scd_usyms *u;
	struct target t;
	char *root;
	int fd, err;

	target_start(&t, SYM_STRIPPED);

	u = scd_usyms_new();
	ck_assert_int_eq(scd_usyms_snapshot(u, t.pid), 0);
	expect_unnamed(u, &t, t.alpha);
	expect_unnamed(u, &t, t.local);
	expect(u, &t, t.getppid + 5, "getppid", 5, "libc");
	scd_usyms_stats(u, &st);
	ck_assert_uint_eq(st.debug_files, 0);
	scd_usyms_free(u);

	u = scd_usyms_new();
	scd_usyms_set_debug_dir(u, SYM_DEBUG_DIR);
	ck_assert_int_eq(scd_usyms_snapshot(u, t.pid), 0);
	expect_all(u, &t);
	scd_usyms_stats(u, &st);
	ck_assert_uint_eq(st.debug_files, 1);	/* libc has no debug file in that directory */
	scd_usyms_free(u);

	/* The path of this build-id holds another program (its own .symtab, another id). */
	fd = open(SYM_STRIPPED, O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	e = scd_usym_elf_load(fd, NULL, false, &err);
	close(fd);
	ck_assert_ptr_nonnull(e);
	ck_assert(!scd_usym_elf_from_debug(e));
	root = debug_tree_with(e, SYM_NOPIE);
	u = scd_usyms_new();
	scd_usyms_set_debug_dir(u, root);
	ck_assert_int_eq(scd_usyms_snapshot(u, t.pid), 0);
	expect_unnamed(u, &t, t.alpha);
	scd_usyms_stats(u, &st);
	ck_assert_uint_eq(st.debug_files, 0);
	scd_usyms_free(u);
	debug_tree_remove(root);
	scd_usym_elf_free(e);

	/* No such directory: the stripped file's own table, no error. */
	u = scd_usyms_new();
	scd_usyms_set_debug_dir(u, "/nonexistent/scdiag-debug");
	ck_assert_int_eq(scd_usyms_snapshot(u, t.pid), 0);
	expect_unnamed(u, &t, t.local);
	scd_usyms_set_debug_dir(u, NULL);
	scd_usyms_free(u);

	target_stop(&t);
}
END_TEST

/* The file offset of virtual address @va in the ELF image @img (its PT_LOAD segments). */
static uint64_t image_offset(void *img, size_t len, uint64_t va)
{
	Elf *elf = elf_memory(img, len);
	uint64_t off = 0;
	size_t i, n;
	GElf_Phdr ph;

	ck_assert_ptr_nonnull(elf);
	ck_assert_int_eq(elf_getphdrnum(elf, &n), 0);
	for (i = 0; i < n; i++)
		if (gelf_getphdr(elf, i, &ph) && ph.p_type == PT_LOAD && va >= ph.p_vaddr &&
		    va - ph.p_vaddr < ph.p_filesz)
			off = va - ph.p_vaddr + ph.p_offset;
	elf_end(elf);
	ck_assert_uint_ne(off, 0);
	return off;
}

/*
 * A versioned name in a .symtab ("read@GLIBC_2.2.5", as libc's debug file has them) is
 * named without its version, as dladdr() names it: sym-nopie's symbol table with
 * "sym_target_beta" renamed "sym_target_b@V1" (same length) in memory.
 */
START_TEST(test_usym_versioned_name)
{
	static const char from[] = "sym_target_beta", to[] = "sym_target_b@V1";
	struct scd_usym_elf *e;
	struct target t;
	char *img, *p;
	size_t len = 0, cap = 1 << 16, hits = 0;
	uint64_t off, so;
	ssize_t n;
	int fd, err;

	ck_assert_uint_eq(sizeof(from), sizeof(to));
	target_start(&t, SYM_NOPIE);	/* an ET_EXEC: the printed address is the file's */
	target_stop(&t);
	fd = open(SYM_NOPIE, O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	img = malloc(cap);
	while (img && (n = read(fd, img + len, cap - len)) > 0)
		if ((len += (size_t)n) == cap)
			img = realloc(img, cap *= 2);
	close(fd);
	ck_assert_ptr_nonnull(img);
	for (p = img; (p = memmem(p, len - (size_t)(p - img), from, sizeof(from))); hits++)
		memcpy(p, to, sizeof(to));
	ck_assert_uint_ge(hits, 1);
	elf_version(EV_CURRENT);
	off = image_offset(img, len, t.beta);
	e = scd_usym_elf_load_mem(img, len, false, &err);
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(scd_usym_elf_lookup(e, off + 1, &so), "sym_target_b");
	ck_assert_uint_eq(so, 1);
	scd_usym_elf_free(e);
	free(img);
}
END_TEST

/* What libiberty makes of C++ and Rust names; C names and non-names are left alone. */
START_TEST(test_demangle)
{
	static const struct {
		const char *in, *out;
	} t[] = {
		{ "_ZN3foo3barEv", "foo::bar()" },
		{ "_ZNSt6vectorIiSaIiEE9push_backERKi",
		  "std::vector<int, std::allocator<int> >::push_back(int const&)" },
		/* Rust v0, and legacy with its hash dropped */
		{ "_RNvMs_NtNtCsalM65ksrrJu_3std6thread6threadNtB4_6Thread12park_timeout",
		  "<std::thread::thread::Thread>::park_timeout" },
		{ "_ZN4core3ptr13drop_in_place17h1234567890abcdefE", "core::ptr::drop_in_place" },
		{ "main", NULL },
		{ "_start", NULL },
		{ "_Z", NULL },		/* mangled-looking, not valid */
		{ "_ZN3foo", NULL },
		{ "", NULL },
	};
	size_t i;
	char *d;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		d = scd_demangle(t[i].in);
		if (!scd_demangle_available() || !t[i].out)
			ck_assert_msg(!d, "%s: %s", t[i].in, d);
		else
			ck_assert_msg(d && !strcmp(d, t[i].out), "%s: %s", t[i].in, d);
		free(d);
	}
}
END_TEST

/* Report names: demangled by default (where the build can), raw on request; C untouched. */
START_TEST(test_symbolizer_names)
{
	struct scd_symbolizer *s;
	struct target t;
	int on;

	target_start(&t, SYM_PIE);
	for (on = 0; on <= 1; on++) {
		s = scd_symbolizer_new();
		if (!on)
			scd_symbolizer_demangle(s, false);
		scd_symbolizer_seen(s, t.pid);
		/* A return address: the symbolizer looks up ip - 1. */
		ck_assert_str_eq(scd_symbolizer_user(s, t.pid, t.mangled + 3),
				 on && scd_demangle_available() ? "scdiag::target::mangled(int)" :
				 "_ZN6scdiag6target7mangledEi");
		ck_assert_str_eq(scd_symbolizer_user(s, t.pid, t.alpha + 3), "sym_target_alpha");
		scd_symbolizer_free(s);
	}
	target_stop(&t);
}
END_TEST

/* The .eh_frame rules of the two functions whose CFI directives sym-target.c spells out. */
static void check_cfi(const char *path)
{
	static const struct {
		bool framed;
		unsigned int at;
		struct scd_cfi_row row;
	} t[] = {
		{ false, 0, { SCD_CFI_RSP, 8, true, -8, false, 0 } },
		{ false, 1, { SCD_CFI_RSP, 16, true, -8, false, 0 } },
		{ false, 2, { SCD_CFI_RSP, 24, true, -8, true, -24 } },
		{ false, 6, { SCD_CFI_RSP, 56, true, -8, true, -24 } },
		{ false, 11, { SCD_CFI_RSP, 24, true, -8, true, -24 } },
		{ false, 12, { SCD_CFI_RSP, 16, true, -8, false, 0 } },
		{ false, 13, { SCD_CFI_RSP, 8, true, -8, false, 0 } },
		{ true, 0, { SCD_CFI_RSP, 8, true, -8, false, 0 } },
		{ true, 1, { SCD_CFI_RSP, 16, true, -8, true, -16 } },
		{ true, 4, { SCD_CFI_RBP, 16, true, -8, true, -16 } },
		{ true, 5, { SCD_CFI_RBP, 16, true, -8, true, -16 } },
		{ true, 6, { SCD_CFI_RSP, 8, true, -8, true, -16 } },
	};
	struct scd_usyms *u = scd_usyms_new();
	struct scd_cfi_row row;
	struct target t0;
	size_t i;

	scd_usyms_set_cfi(u, true);
	target_start(&t0, path);
	ck_assert_int_eq(scd_usyms_snapshot(u, t0.pid), 0);
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		uint64_t ip = (t[i].framed ? t0.framed : t0.pushes) + t[i].at;

		ck_assert_msg(scd_usyms_cfi(u, t0.pid, ip, &row) == 0, "case %zu", i);
		ck_assert_msg(row.cfa_reg == t[i].row.cfa_reg && row.cfa_off == t[i].row.cfa_off &&
			      row.ra_saved && row.ra_off == -8 &&
			      row.rbp_saved == t[i].row.rbp_saved &&
			      (!row.rbp_saved || row.rbp_off == t[i].row.rbp_off),
			      "case %zu: cfa %d%+lld ra %d%+lld rbp %d%+lld", i, row.cfa_reg,
			      (long long)row.cfa_off, row.ra_saved, (long long)row.ra_off,
			      row.rbp_saved, (long long)row.rbp_off);
	}
	/* libc, through its .eh_frame_hdr table: a function's first instruction. */
	ck_assert_int_eq(scd_usyms_cfi(u, t0.pid, t0.getppid, &row), 0);
	ck_assert_int_eq(row.cfa_reg, SCD_CFI_RSP);
	ck_assert_int_eq(row.cfa_off, 8);
	/* No mapping; a process never seen. */
	ck_assert_int_eq(scd_usyms_cfi(u, t0.pid, 16, &row), -ENOENT);
	ck_assert_int_eq(scd_usyms_cfi(u, 1 << 30, t0.pushes, &row), -ENOENT);
	target_stop(&t0);
	scd_usyms_free(u);
	/* Without scd_usyms_set_cfi() no table is kept. */
	u = scd_usyms_new();
	target_start(&t0, path);
	ck_assert_int_eq(scd_usyms_snapshot(u, t0.pid), 0);
	ck_assert_int_eq(scd_usyms_cfi(u, t0.pid, t0.pushes, &row), -ENOENT);
	target_stop(&t0);
	scd_usyms_free(u);
}

START_TEST(test_cfi)
{
#ifdef __x86_64__
	check_cfi(SYM_PIE);
	check_cfi(SYM_NOPIE);
	check_cfi(SYM_STRIPPED);	/* .eh_frame stays in stripped files */
#endif
}
END_TEST

int main(void)
{
	const TTest *tests[] = {
		test_ksyms_lookup, test_ksyms_files, test_usyms_pie, test_usyms_nopie,
		test_usyms_shared, test_usyms_debug_file, test_demangle, test_symbolizer_names,
		test_usym_versioned_name, test_cfi,
	};

	return scd_run_suite(scd_suite("sym", tests, ARRAY_SIZE(tests)));
}
