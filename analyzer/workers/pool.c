// SPDX-License-Identifier: GPL-2.0
/*
 * Forked workers.  libclang can crash or loop on input it was never tested
 * on, and a scan of a whole driver tree must survive that: each file is
 * analysed in a child process that reports through a pipe, so a crash
 * (a signal), a hang (the time limit) or garbage is confined to that file.
 * Children are forked, not exec'ed: the work function runs in a copy of the
 * caller, which needs no threads (libclang is only used in the children).
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util.h"
#include "workers.h"

struct slot {
	pid_t pid;
	int fd;			/* read end of the child's pipe, -1 when free */
	size_t index;
	double started;
	char *buf;
	size_t len;
	size_t cap;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void child(struct slot *slots, unsigned parallel, int fd, size_t index, pool_job_fn job,
		  void *ctx)
{
	int rc;

	/* Other jobs' pipes are theirs. */
	for (unsigned i = 0; i < parallel; i++)
		if (slots[i].fd >= 0)
			close(slots[i].fd);
	signal(SIGPIPE, SIG_DFL);
	rc = job(index, fd, ctx);
	close(fd);
	/* _exit: the parent's stdio buffers must not be flushed twice. */
	_exit(rc & 0xff);
}

static int start(struct slot *slots, unsigned parallel, struct slot *s, size_t index,
		 pool_job_fn job, void *ctx)
{
	int p[2];

	if (pipe(p) != 0)
		return -1;
	fflush(NULL);
	s->pid = fork();
	if (s->pid == 0) {
		close(p[0]);
		child(slots, parallel, p[1], index, job, ctx);
	}
	close(p[1]);
	if (s->pid < 0) {
		close(p[0]);
		return -1;
	}
	s->fd = p[0];
	s->index = index;
	s->started = now_s();
	s->len = 0;
	return 0;
}

static void finish(struct slot *s, int timed_out, pool_done_fn done, void *ctx)
{
	struct pool_result res = { 0 };
	int status = 0;

	if (timed_out)
		kill(s->pid, SIGKILL);
	while (waitpid(s->pid, &status, 0) < 0 && errno == EINTR)
		;
	close(s->fd);
	s->fd = -1;
	dmc_grow((void **)&s->buf, &s->cap, s->len + 1, 1);
	s->buf[s->len] = '\0';
	res.output = s->buf;
	res.length = s->len;
	res.timed_out = timed_out;
	res.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
	res.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + res.signal;
	res.seconds = now_s() - s->started;
	done(s->index, &res, ctx);
}

/* Reads what is there; returns 1 at end of file. */
static int drain(struct slot *s)
{
	char chunk[65536];
	ssize_t n = read(s->fd, chunk, sizeof(chunk));

	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? 0 : 1;
	if (n == 0)
		return 1;
	dmc_grow((void **)&s->buf, &s->cap, s->len + (size_t)n + 1, 1);
	memcpy(s->buf + s->len, chunk, (size_t)n);
	s->len += (size_t)n;
	return 0;
}

/* A job that cannot even be started fails like one that exited 127. */
static void report_unstarted(size_t index, pool_done_fn done, void *ctx)
{
	struct pool_result res = { .output = "", .exit_status = 127 };

	done(index, &res, ctx);
}

int pool_run(size_t njobs, unsigned parallel, unsigned timeout_s, pool_job_fn job,
	     pool_done_fn done, void *ctx)
{
	struct slot *slots;
	struct pollfd *fds;
	size_t next = 0, running = 0;

	if (parallel == 0)
		parallel = 1;
	slots = dmc_xcalloc(parallel, sizeof(*slots));
	fds = dmc_xcalloc(parallel, sizeof(*fds));
	for (unsigned i = 0; i < parallel; i++)
		slots[i].fd = -1;
	while (next < njobs || running) {
		int wait_ms = -1;
		double now;

		for (unsigned i = 0; i < parallel && next < njobs; i++) {
			if (slots[i].fd >= 0)
				continue;
			if (start(slots, parallel, &slots[i], next, job, ctx) == 0)
				running++;
			else
				report_unstarted(next, done, ctx);
			next++;
		}
		now = now_s();
		for (unsigned i = 0; i < parallel; i++) {
			fds[i] = (struct pollfd){ slots[i].fd, POLLIN, 0 };
			if (slots[i].fd >= 0 && timeout_s) {
				double left = slots[i].started + timeout_s - now;
				int ms = left > 0 ? (int)(left * 1000) + 1 : 0;

				if (wait_ms < 0 || ms < wait_ms)
					wait_ms = ms;
			}
		}
		if (running && poll(fds, parallel, wait_ms) < 0 && errno != EINTR)
			break;
		now = now_s();
		for (unsigned i = 0; i < parallel; i++) {
			struct slot *s = &slots[i];

			if (s->fd < 0)
				continue;
			if ((fds[i].revents & (POLLIN | POLLHUP | POLLERR)) && drain(s)) {
				finish(s, 0, done, ctx);
				running--;
			} else if (timeout_s && now - s->started >= timeout_s) {
				finish(s, 1, done, ctx);
				running--;
			}
		}
	}
	for (unsigned i = 0; i < parallel; i++)
		free(slots[i].buf);
	free(slots);
	free(fds);
	return 0;
}
