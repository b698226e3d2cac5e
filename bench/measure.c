// SPDX-License-Identifier: GPL-2.0
/*
 * dmc-measure: runs a command and prints what it cost, for `make bench`.
 *
 *     dmc-measure [-i SECONDS] [-o FILE] -- COMMAND [ARG...]
 *
 * prints (to FILE, default stderr) one line of key=value pairs:
 *
 *     wall_s      elapsed time
 *     user_s      CPU time in user mode of the command and every descendant
 *     sys_s       CPU time in the kernel, likewise
 *     maxrss_kb   the largest resident set of any one of those processes
 *                 (getrusage's ru_maxrss, GNU time's %M)
 *     treerss_kb  the largest sum of the resident sets of the whole process
 *                 tree at once, sampled every -i seconds (default 0.1): what
 *                 parallel workers need together
 *     status      the command's exit status (128+N for signal N)
 *
 * and exits with the command's status, so that a failing command fails the
 * measurement.  Descendants are found through /proc (ppid links), not by
 * process group: dmacheck puts each engine's children in groups of their own.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct proc_sample {
	pid_t pid, ppid;
	long rss_pages;
};

/* Reads pid, ppid and rss (fields 1, 4 and 24) of /proc/PID/stat (proc(5)). */
static int read_proc_stat(const char *pid_dir, struct proc_sample *out)
{
	char path[300], buf[1024], *p;
	unsigned long rss = 0;
	FILE *fp;
	int ppid, n;

	snprintf(path, sizeof(path), "/proc/%s/stat", pid_dir);
	fp = fopen(path, "r");
	if (!fp)
		return -1;	/* gone between readdir and open */
	n = (int)fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	/* The command name may hold spaces and parentheses: skip to the last ')'. */
	p = strrchr(buf, ')');
	/* state ppid pgrp session tty tpgid flags, 4 fault counts, utime stime cutime
	 * cstime priority nice threads itrealvalue starttime vsize rss */
	if (!p || sscanf(p + 2, "%*c %d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d "
			 "%*d %*d %*d %*d %*u %*u %lu", &ppid, &rss) != 2)
		return -1;
	out->pid = (pid_t)atoi(pid_dir);
	out->ppid = ppid;
	out->rss_pages = (long)rss;
	return 0;
}

/* The summed resident set of root and all its descendants, in KiB. */
static long tree_rss_kb(pid_t root)
{
	static struct proc_sample *procs;
	static size_t cap;
	size_t n = 0, i, j;
	struct dirent *de;
	long total = 0;
	DIR *d = opendir("/proc");
	char *in_tree;

	if (!d)
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 1024;
			procs = realloc(procs, cap * sizeof(*procs));
			if (!procs) {
				closedir(d);
				return 0;
			}
		}
		if (read_proc_stat(de->d_name, &procs[n]) == 0)
			n++;
	}
	closedir(d);
	in_tree = calloc(n ? n : 1, 1);
	if (!in_tree)
		return 0;
	/* Mark the root, then its children, until nothing changes (the tree is shallow). */
	for (int changed = 1; changed;) {
		changed = 0;
		for (i = 0; i < n; i++) {
			if (in_tree[i])
				continue;
			if (procs[i].pid == root) {
				in_tree[i] = changed = 1;
				continue;
			}
			for (j = 0; j < n; j++)
				if (in_tree[j] && procs[j].pid == procs[i].ppid) {
					in_tree[i] = changed = 1;
					break;
				}
		}
	}
	for (i = 0; i < n; i++)
		if (in_tree[i])
			total += procs[i].rss_pages;
	free(in_tree);
	return total * (sysconf(_SC_PAGESIZE) / 1024);
}

static double seconds(struct timeval tv)
{
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void usage(void)
{
	fprintf(stderr, "usage: dmc-measure [-i SECONDS] [-o FILE] -- COMMAND [ARG...]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *output = NULL;
	double interval = 0.1, start, wall;
	long peak_tree = 0, sample;
	struct rusage ru;
	struct timespec tick;
	sigset_t chld;
	int opt, status, code;
	pid_t pid;
	FILE *out;

	while ((opt = getopt(argc, argv, "+i:o:")) != -1) {
		switch (opt) {
		case 'i': interval = atof(optarg); break;
		case 'o': output = optarg; break;
		default: usage();
		}
	}
	if (optind >= argc || interval <= 0)
		usage();
	tick.tv_sec = (time_t)interval;
	tick.tv_nsec = (long)((interval - (double)tick.tv_sec) * 1e9);

	/* SIGCHLD stays blocked: sigtimedwait() wakes on it or after one interval. */
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	start = now();
	pid = fork();
	if (pid < 0) {
		perror("dmc-measure: fork");
		return 2;
	}
	if (pid == 0) {
		sigprocmask(SIG_UNBLOCK, &chld, NULL);
		execvp(argv[optind], argv + optind);
		fprintf(stderr, "dmc-measure: %s: %s\n", argv[optind], strerror(errno));
		_exit(127);
	}
	for (;;) {
		pid_t done = wait4(pid, &status, WNOHANG, &ru);

		if (done == pid)
			break;
		if (done < 0 && errno != EINTR) {
			perror("dmc-measure: wait4");
			return 2;
		}
		sample = tree_rss_kb(pid);
		if (sample > peak_tree)
			peak_tree = sample;
		sigtimedwait(&chld, NULL, &tick);
	}
	wall = now() - start;
	code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	/* A command shorter than one sample still used at least its own largest process. */
	if (peak_tree < ru.ru_maxrss)
		peak_tree = ru.ru_maxrss;

	out = output ? fopen(output, "w") : stderr;
	if (!out) {
		fprintf(stderr, "dmc-measure: %s: %s\n", output, strerror(errno));
		return 2;
	}
	fprintf(out, "wall_s=%.3f user_s=%.3f sys_s=%.3f maxrss_kb=%ld treerss_kb=%ld status=%d\n",
		wall, seconds(ru.ru_utime), seconds(ru.ru_stime), ru.ru_maxrss, peak_tree, code);
	if (output)
		fclose(out);
	return code;
}
