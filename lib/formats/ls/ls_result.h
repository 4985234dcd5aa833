/*
 * ls_result.h: the pieces of a Label Studio result that both of ann-tols'
 * writers put the same way: ann-tols' readers of other formats
 * (tols_result.h) and the sink over the region model (ls_sink_*.c).
 * Inline, so that neither calls the other.
 */
#ifndef ANN_LS_RESULT_H
#define ANN_LS_RESULT_H

#include <stdint.h>
#include <string.h>

#include "ann_buf.h"

/* A percent kept in [0, 100]; a value moved is counted in *clipped. */
static inline double
ann__ls_clip(double pct, uint64_t *clipped)
{
	if (pct < 0 || pct > 100) {
		(*clipped)++;
		return pct < 0 ? 0 : 100;
	}
	return pct;
}

/* "KEY":D; 0, or -1 out of memory.  Not printf: every number of a shape. */
static inline int
ann__ls_put_num(ann_buf *b, const char *key, double d)
{
	return ann_buf_put(b, "\"", 1) != 0 || ann_buf_put(b, key, strlen(key)) != 0 ||
	    ann_buf_put(b, "\":", 2) != 0 || ann_buf_double(b, d) != 0 ? -1 : 0;
}

#endif /* ANN_LS_RESULT_H */
