/* SPDX-License-Identifier: GPL-2.0 */
/* What the Check unit tests of reports/ share. */
#ifndef DMC_TESTUTIL_H
#define DMC_TESTUTIL_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Runs one suite with Check's normal output; the exit status says if it passed. */
static inline int dmc_run_suite(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* Writes text to a new temporary file and returns its path (static buffer per call site). */
static inline void dmc_write_temp(char *path_template, const char *text)
{
	int fd = mkstemps(path_template, 2);
	FILE *fp;

	ck_assert_int_ge(fd, 0);
	fp = fdopen(fd, "w");
	fputs(text, fp);
	fclose(fp);
}

/* Captures what an output function writes, as a malloc'ed string. */
#define DMC_CAPTURE(buf, call)                                        \
	do {                                                          \
		size_t capture_len_;                                  \
		FILE *out = open_memstream(&(buf), &capture_len_);    \
		ck_assert_int_eq((call), 0);                          \
		fclose(out);                                          \
	} while (0)

#endif
