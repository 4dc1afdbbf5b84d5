// SPDX-License-Identifier: MIT
/*
 * Crash safety of the emulated controller (ngio-emu(7)): with its volatile
 * write cache on, a process that dies (SIGKILL: no close, no flush) loses
 * the writes it had not flushed, whole blocks, and never a flushed or FUA
 * write.  With the cache off nothing acknowledged is lost.  The namespace
 * lives in a file (file=) so that a new process opens what survived.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "ngio.h"

#define BS	512

/* Blocks by what happens to them before the crash. */
enum { PLAIN = 0, FUA = 8, FLUSHED = 16, AFTER = 24, OLD = 32, NBLK = 40 };

static void stamp(unsigned char *b, unsigned lba, unsigned gen)
{
	for (unsigned i = 0; i < BS; i++)
		b[i] = (unsigned char)(lba * 7 + gen * 31 + i);
}

static bool stamped(const unsigned char *b, unsigned lba, unsigned gen)
{
	unsigned char want[BS];

	stamp(want, lba, gen);
	return !memcmp(b, want, BS);
}

static int put(struct ngio_dev *dev, unsigned lba, unsigned gen,
	       unsigned flags)
{
	unsigned char b[BS];

	stamp(b, lba, gen);
	return ngio_write(dev, lba, b, BS, flags);
}

/* The child: generation 1 everywhere (made durable), then generation 2
 * written each way, then death with nothing closed. */
static void child(const char *name)
{
	struct ngio_dev *dev;
	unsigned l;

	if (ngio_dev_open(name, 0, &dev))
		_exit(2);
	for (l = 0; l < NBLK; l++)
		if (put(dev, l, 1, 0))
			_exit(3);
	if (ngio_flush(dev))
		_exit(4);
	for (l = FLUSHED; l < FLUSHED + 8; l++)
		if (put(dev, l, 2, 0))
			_exit(5);
	if (ngio_flush(dev))
		_exit(6);
	/* After the last flush: plain, FUA, plain again. */
	for (l = PLAIN; l < PLAIN + 8; l++)
		if (put(dev, l, 2, 0))
			_exit(7);
	for (l = FUA; l < FUA + 8; l++)
		if (put(dev, l, 2, NGIO_RW_FUA))
			_exit(8);
	for (l = AFTER; l < AFTER + 8; l++)
		if (put(dev, l, 2, 0))
			_exit(9);
	raise(SIGKILL);
	_exit(10);
}

/* Crash a writer on name; *gen[l]: the generation each block holds after. */
static void crash_and_read(const char *name, unsigned *gen)
{
	unsigned char b[BS];
	struct ngio_dev *dev;
	int status;
	pid_t pid;

	pid = fork();
	assert_true(pid >= 0);
	if (!pid)
		child(name);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	assert_int_equal(ngio_dev_open(name, 0, &dev), 0);
	for (unsigned l = 0; l < NBLK; l++) {
		assert_int_equal(ngio_read(dev, l, b, BS, 0), 0);
		gen[l] = stamped(b, l, 2) ? 2 : stamped(b, l, 1) ? 1 : 0;
	}
	ngio_dev_close(dev);
}

static char *emu_name(const char *path, int vwc)
{
	static char name[512];

	snprintf(name, sizeof(name), "emu:nvm,size=1M,file=%s,vwc=%d", path,
		 vwc);
	return name;
}

/* A fresh name for the namespace's file, which the model makes. */
static void tmp_path(char *path)
{
	int fd;

	strcpy(path, "/tmp/ngio-emu-power.XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
}

static void t_vwc_on(void **state)
{
	char path[32];
	unsigned gen[NBLK];

	(void)state;
	tmp_path(path);
	crash_and_read(emu_name(path, 1), gen);
	unlink(path);
	for (unsigned l = 0; l < NBLK; l++) {
		/* Unflushed: lost, and the whole block is the old one. */
		unsigned want = l >= FUA && l < AFTER ? 2 : 1;

		if (gen[l] != want)
			fail_msg("block %u: generation %u, want %u", l, gen[l],
				 want);
	}
}

static void t_vwc_off(void **state)
{
	char path[32];
	unsigned gen[NBLK];

	(void)state;
	tmp_path(path);
	crash_and_read(emu_name(path, 0), gen);
	unlink(path);
	for (unsigned l = 0; l < NBLK; l++) {
		unsigned want = l < OLD ? 2 : 1;

		if (gen[l] != want)
			fail_msg("block %u: generation %u, want %u", l, gen[l],
				 want);
	}
}

/* A clean close is a clean shutdown: the cache is written back. */
static void t_clean_close(void **state)
{
	unsigned char b[BS];
	struct ngio_dev *dev;
	char path[32];

	(void)state;
	tmp_path(path);
	assert_int_equal(ngio_dev_open(emu_name(path, 1), 0, &dev), 0);
	assert_int_equal(put(dev, 3, 2, 0), 0);
	ngio_dev_close(dev);
	assert_int_equal(ngio_dev_open(emu_name(path, 1), 0, &dev), 0);
	assert_int_equal(ngio_read(dev, 3, b, BS, 0), 0);
	assert_true(stamped(b, 3, 2));
	ngio_dev_close(dev);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_vwc_on),
		cmocka_unit_test(t_vwc_off),
		cmocka_unit_test(t_clean_close),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
