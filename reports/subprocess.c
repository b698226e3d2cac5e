// SPDX-License-Identifier: GPL-2.0
#include "subprocess.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

struct sink {
	char *buf;
	size_t len;
	size_t cap;
};

static void sink_read(int fd, struct sink *s, int *open_fd)
{
	char chunk[65536];
	ssize_t n = read(fd, chunk, sizeof(chunk));

	if (n <= 0) {
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			return;
		close(fd);
		*open_fd = -1;
		return;
	}
	dmc_grow((void **)&s->buf, &s->cap, s->len + (size_t)n + 1, 1);
	memcpy(s->buf + s->len, chunk, (size_t)n);
	s->len += (size_t)n;
	s->buf[s->len] = '\0';
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void child(char *const argv[], const char *cwd, int out_fd, int err_fd, int status_fd)
{
	int null_fd = open("/dev/null", O_RDONLY);
	int e;

	setpgid(0, 0);	/* so that a timeout can kill the whole group */
	dup2(null_fd, 0);
	dup2(out_fd, 1);
	dup2(err_fd, 2);
	if (!cwd || chdir(cwd) == 0)
		execvp(argv[0], argv);
	e = errno;
	if (write(status_fd, &e, sizeof(e)) < 0)
		_exit(127);
	_exit(127);
}

int dmc_run(char *const argv[], const char *cwd, unsigned timeout_s, struct dmc_run_result *res)
{
	int out_pipe[2], err_pipe[2], status_pipe[2], status = 0;
	struct sink out = { 0 }, err = { 0 };
	double deadline = timeout_s ? now_s() + timeout_s : 0;
	pid_t pid;

	memset(res, 0, sizeof(*res));
	if (pipe(out_pipe) || pipe(err_pipe) || pipe2(status_pipe, O_CLOEXEC)) {
		res->spawn_errno = errno;
		res->exit_status = 127;
		return -1;
	}
	pid = fork();
	if (pid == 0)
		child(argv, cwd, out_pipe[1], err_pipe[1], status_pipe[1]);
	close(out_pipe[1]);
	close(err_pipe[1]);
	close(status_pipe[1]);
	if (pid < 0) {
		res->spawn_errno = errno;
		close(out_pipe[0]);
		close(err_pipe[0]);
		close(status_pipe[0]);
		res->exit_status = 127;
		return -1;
	}
	if (read(status_pipe[0], &res->spawn_errno, sizeof(res->spawn_errno)) <= 0)
		res->spawn_errno = 0;
	close(status_pipe[0]);

	int fds[2] = { out_pipe[0], err_pipe[0] };

	while (fds[0] >= 0 || fds[1] >= 0) {
		struct pollfd p[2] = { { fds[0], POLLIN, 0 }, { fds[1], POLLIN, 0 } };
		int wait_ms = -1;

		if (deadline) {
			double left = deadline - now_s();

			if (left <= 0) {
				kill(-pid, SIGKILL);
				res->timed_out = 1;
				deadline = 0;
			} else {
				wait_ms = (int)(left * 1000) + 1;
			}
		}
		if (poll(p, 2, wait_ms) < 0 && errno != EINTR)
			break;
		if (fds[0] >= 0 && (p[0].revents & (POLLIN | POLLHUP | POLLERR)))
			sink_read(fds[0], &out, &fds[0]);
		if (fds[1] >= 0 && (p[1].revents & (POLLIN | POLLHUP | POLLERR)))
			sink_read(fds[1], &err, &fds[1]);
	}
	for (int i = 0; i < 2; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	res->exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	res->out = out.buf ? out.buf : dmc_xstrdup("");
	res->out_len = out.len;
	res->err = err.buf ? err.buf : dmc_xstrdup("");
	res->err_len = err.len;
	return (res->spawn_errno || res->timed_out || res->exit_status) ? -1 : 0;
}

void dmc_run_free(struct dmc_run_result *res)
{
	free(res->out);
	free(res->err);
	memset(res, 0, sizeof(*res));
}

const char *dmc_tail(const char *s, size_t max)
{
	size_t len = strlen(s);
	const char *p;

	if (len <= max)
		return s;
	p = s + len - max;
	while (*p && *p != '\n')
		p++;
	return *p ? p + 1 : s + len - max;
}
