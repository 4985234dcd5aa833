/*
 * check.h: TAP output for the unit tests, nothing more.  Each CHECK is one
 * numbered test; the plan is printed by done_testing().
 */
#ifndef ANN_CHECK_H
#define ANN_CHECK_H

#include <stdio.h>

static int check_n, check_failed;

#define CHECK(cond, ...) do {						\
	int ok_ = (cond) ? 1 : 0;					\
	printf("%sok %d - ", ok_ ? "" : "not ", ++check_n);		\
	printf(__VA_ARGS__);						\
	putchar('\n');							\
	if (!ok_) {							\
		check_failed++;						\
		printf("# failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
	}								\
} while (0)

static inline int
done_testing(void)
{
	printf("1..%d\n", check_n);
	return check_failed ? 1 : 0;
}

#endif
