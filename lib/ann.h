/*
 * ann.h: libann, the library behind the annkit tools.  This header only
 * gathers the others; each of them compiles on its own.
 *
 * Ownership: every ann_*_new or ann_*_open returns a handle that the caller
 * frees with the matching ann_*_free or ann_*_close, which accept NULL.
 * Records and values handed out by the library are borrowed: they point into
 * the handle's buffer and stay valid until the next call on that handle.
 * The library never prints and never exits: failures return an ann_status
 * and leave the message on the handle.  What prints is the front end, fe/.
 */
#ifndef ANN_H
#define ANN_H

#include "ann_core.h"
#include "ann_buf.h"
#include "ann_json.h"
#include "ann_reader.h"
#include "ann_writer.h"
#include "ann_taskid.h"
#include "ann_view.h"
#include "ann_geom.h"
#include "ann_filter.h"

#endif /* ANN_H */
