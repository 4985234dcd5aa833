/*
 * ann-rle: Label Studio brush masks in and out: decode them to PNG or .npy
 * files, encode PNG masks as pre-annotated tasks, rewrite them as COCO RLE
 * and back, or measure them.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ann.h"
#include "ann_rle.h"
#include "ann_table.h"
#include "cli.h"

static const char *prog = "ann-rle";

enum command { CMD_DECODE, CMD_ENCODE, CMD_TO_COCO, CMD_FROM_COCO, CMD_STATS };

static const char *const commands[] = {
	"decode", "encode", "to-coco", "from-coco", "stats"
};

enum { SETS_ANNOTATIONS = 1, SETS_PREDICTIONS = 2, SETS_BOTH = 3 };

/*
 * File name parts: ids and labels are cut to these many bytes (escaped), so
 * that the longest name, task-...-annotation-...-region-...-LABEL.npy, stays
 * under the 255 bytes file systems allow.
 */
#define ID_PART_MAX	40
#define LABEL_PART_MAX	64

/* What value.rle holds, after to-coco and before. */
typedef enum { RLE_NONE, RLE_LS, RLE_COCO } rle_form;

/* One label's union of a task's regions, for --merge. */
struct layer {
	char *label;		/* decoded text; NULL for regions without one */
	size_t len;
	ann_mask *mask;
	uint64_t regions;
};

/* A replacement of record bytes [off, off + len) by text in the edit buffer. */
struct edit {
	size_t off, len;
	size_t text_off, text_len;
};

struct rle {
	enum command cmd;
	unsigned sets;		/* SETS_*: which annotation sets are read */
	int npy;		/* -f npy */
	int merge;		/* --merge */
	const char *dir;	/* -o */
	ann_view *view;
	ann_out *out;
	uint64_t seq;		/* records seen, over all inputs */
	uint64_t masks;		/* masks measured or written */
	/* The current record's work, which reaches the output only when whole. */
	ann_buf lines;		/* NDJSON lines */
	char **paths;		/* files written */
	size_t npaths, cappaths;
	struct layer *layers;
	size_t nlayers, caplayers;
	struct edit *edits;
	size_t nedits, capedits;
	ann_buf text;		/* edits' new text */
	ann_buf spliced, minified;
	ann_buf bytes, name, scratch;
	char err[1024];		/* why the record failed */
};

static void usage(FILE *to, int status)
#if defined(__GNUC__)
    __attribute__((noreturn))
#endif
    ;

static void
usage(FILE *to, int status)
{
	fprintf(to,
"usage: %s decode [-k] [-f png|npy] -o DIR [--merge] [-r FILE] [-u KEY] [FILE|DIR|-]...\n"
"       %s stats [-k] [-r FILE] [-u KEY] [FILE|DIR|-]...\n"
"       %s to-coco|from-coco [-k] [-r FILE] [-u KEY] [FILE|DIR|-]...\n"
"       %s encode --from-name F --to-name T -l LABEL [--model-version V]\n"
"              [--score S] [--data-key KEY] [--data-value URL] MASK.png...\n",
	    prog, prog, prog, prog);
	if (to == stderr)
		exit(status);
	fputs(
"Label Studio brush masks (value.rle) in and out.\n"
"\n"
"Commands:\n"
"  decode     write each brush region's mask to DIR, a line of JSON for each\n"
"  stats      a line of JSON for each mask: size, area, bbox; no files\n"
"  to-coco    rewrite each brush value.rle as COCO RLE {\"size\",\"counts\"}\n"
"  from-coco  rewrite COCO RLE back into Label Studio's byte list\n"
"  encode     make a task with a brush prediction from each PNG mask\n"
"\n"
"decode:\n"
"  -f, --format=FMT       png (0/255 greyscale, the default) or npy (uint8)\n"
"  -o, --output=DIR       where the masks go (created if missing)\n"
"      --merge            one mask per task and label: the union of its regions\n"
"\n"
"encode:\n"
"      --from-name=F      the BrushLabels tag's name\n"
"      --to-name=T        the Image tag's name\n"
"  -l, --label=LABEL      the brush label\n"
"      --model-version=V  the prediction's model_version\n"
"      --score=S          the prediction's score\n"
"      --data-key=KEY     the data member of the image (default image)\n"
"      --data-value=URL   its value (default: the PNG's file name; one MASK)\n"
"\n"
"Which masks (decode, stats; to-coco and from-coco rewrite all by default):\n"
"      --annotations      masks of annotations (default for decode and stats)\n"
"      --predictions      masks of predictions instead\n"
"      --both             masks of both\n"
"\n"
"Input:\n"
"  -k, --keep-going       report and skip bad records instead of stopping\n"
"  -r, --rejects=FILE     write bad records to FILE (implies --keep-going)\n"
"  -u, --unwrap=KEY       records are in member KEY of each top-level object\n"
"  -h, --help             show this help\n"
"  -V, --version          show the version\n"
"\n"
"Exit status: 0 when done, 1 when decode or stats found no mask, 2 on error.\n",
	    to);
	exit(status);
}

#define die_usage(...) cli_usage_error(prog, usage, __VA_ARGS__)

/* --- Small writers ------------------------------------------------------- */

/*
 * A value from the record as it is, or null when it is missing; minified,
 * since an array or object of a pretty-printed record spans lines.
 */
static int
put_raw(ann_buf *b, ann_json_val v)
{
	char *at;

	if (v.p == NULL)
		return ann_buf_put(b, "null", 4);
	if ((at = ann_buf_room(b, v.n)) == NULL)
		return -1;
	b->len += ann_json_minify(v.p, v.n, at);
	b->p[b->len] = '\0';
	return 0;
}

/* Bytes as Label Studio's value.rle list: [0,0,3,...]. */
static int
put_byte_list(ann_buf *b, const uint8_t *bytes, size_t n)
{
	char *d = ann_buf_room(b, 4 * n + 2);

	if (d == NULL)
		return -1;
	/* Digits by hand: a mask's list is the longest text this tool writes. */
	*d++ = '[';
	for (size_t i = 0; i < n; i++) {
		unsigned v = bytes[i];
		if (i > 0)
			*d++ = ',';
		if (v >= 100)
			*d++ = (char)('0' + v / 100);
		if (v >= 10)
			*d++ = (char)('0' + v / 10 % 10);
		*d++ = (char)('0' + v % 10);
	}
	*d++ = ']';
	b->len = (size_t)(d - b->p);
	b->p[b->len] = '\0';
	return 0;
}

/* The text of an id or a label: a string decoded, anything else as written. */
static const char *
text_of(ann_json_val v, ann_buf *scratch, size_t *n)
{
	if (ann_json_typeof(v) != ANN_JSON_STRING) {
		*n = v.n;
		return v.p;
	}
	char *d = ann_buf_reserve(scratch, v.n);
	if (d == NULL)
		return NULL;
	*n = ann_json_str_decode(v, d);
	return d;
}

/*
 * One part of a file name.  Bytes in [A-Za-z0-9.] are kept and every other
 * byte, '-' and '_' included, becomes _HH (upper-case hex): the escaping can
 * be undone, so different ids or labels never give the same name, and the
 * '-' between the parts cannot come from inside one.  A part longer than max
 * is cut and ends with "__" and a hash of all of it; "__" never comes from
 * the escaping.  No part holds a '/', and every name starts with "task-",
 * so none is "." or "..", hidden, or an option.
 */
static int
name_safe(unsigned char c)
{
	return c == '.' || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
	    (c >= 'a' && c <= 'z');
}

static int
put_name_part(ann_buf *b, const char *s, size_t n, size_t max)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t full = 0, room;

	for (size_t i = 0; i < n; i++)
		full += name_safe((unsigned char)s[i]) ? 1 : 3;
	room = full <= max ? full : max - 18;	/* 18: "__" and the hash */
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[3] = { '_', hex[c >> 4], hex[c & 15] };
		size_t k = name_safe(c) ? 1 : 3;
		if (k > room)
			break;
		if (ann_buf_put(b, k == 1 ? &s[i] : esc, k) != 0)
			return -1;
		room -= k;
	}
	if (full > max)
		return ann_buf_printf(b, "__%016llx",
		    (unsigned long long)ann_hash(s, n));
	return 0;
}

/*
 * An id as a name part; a missing one as "_n" and its position, which the
 * escaping never writes either.
 */
static int
put_id_part(struct rle *s, ann_json_val id, uint64_t position)
{
	size_t n;
	const char *t;

	if (id.p == NULL || ann_json_typeof(id) == ANN_JSON_NULL)
		return ann_buf_printf(&s->name, "_n%llu", (unsigned long long)position);
	if ((t = text_of(id, &s->scratch, &n)) == NULL)
		return -1;
	return put_name_part(&s->name, t, n, ID_PART_MAX);
}

/* --- Where a record went wrong ------------------------------------------ */

/* An id for a message: its JSON text, cut short. */
#define ID_FMT "%.*s"
#define ID_ARG(v) (v).p == NULL ? 6 : (int)((v).n > 64 ? 64 : (v).n), \
	(v).p == NULL ? "(none)" : (v).p

/* Say in s->err which region failed and why; the record is refused. */
static ann_status
region_fail(struct rle *s, const ann_region *r, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static ann_status
region_fail(struct rle *s, const ann_region *r, const char *fmt, ...)
{
	const ann_task *t = ann_view_task(s->view);
	va_list ap;
	int n = snprintf(s->err, sizeof s->err, "task " ID_FMT ", region " ID_FMT ": ",
	    ID_ARG(t->id), ID_ARG(r->id));

	va_start(ap, fmt);
	if (n > 0 && (size_t)n < sizeof s->err)
		vsnprintf(s->err + n, sizeof s->err - (size_t)n, fmt, ap);
	va_end(ap);
	return ANN_FAILED;
}

static ann_status
oom(struct rle *s)
{
	snprintf(s->err, sizeof s->err, "out of memory");
	return ANN_FATAL;
}

/* A codec's verdict: bad data refuses the record, anything else ends the run. */
static ann_status
codec_fail(struct rle *s, const ann_region *r, ann_status st, const char *err)
{
	if (st != ANN_FATAL)
		return region_fail(s, r, "%s", err);
	snprintf(s->err, sizeof s->err, "%s", err);
	return ANN_FATAL;
}

/* --- Reading a region's mask --------------------------------------------- */

/*
 * Where a brush region keeps its mask: value.rle, a list of bytes (Label
 * Studio) or a COCO RLE object (after to-coco).  Labelbox masks are URLs
 * and bitmask regions hold a PNG data URL: no RLE to read, not an error.
 */
static ann_status
find_rle(struct rle *s, const ann_region *r, ann_json_val *rle, rle_form *form)
{
	ann_shape shape = ann_view_task(s->view)->shape;

	*form = RLE_NONE;
	if (r->kind != ANN_KIND_MASK || shape == ANN_SHAPE_LABELBOX_V1 ||
	    shape == ANN_SHAPE_LABELBOX_V2 || ann_json_str_eq(r->type, "bitmasklabels"))
		return ANN_OK;
	if (ann_json_get(r->value, "rle", rle) != 0)
		return region_fail(s, r, "a brush region without value.rle");
	switch (ann_json_typeof(*rle)) {
	case ANN_JSON_ARRAY: *form = RLE_LS; return ANN_OK;
	case ANN_JSON_OBJECT: *form = RLE_COCO; return ANN_OK;
	default: return region_fail(s, r, "value.rle is neither a list of bytes "
		    "nor a COCO RLE object");
	}
}

/*
 * The region's mask as a COCO RLE, and unless mask is NULL as pixels too:
 * the alpha channel of Label Studio's RGBA, or 255 where COCO says so.
 */
static ann_status
read_mask(struct rle *s, const ann_region *r, ann_coco **coco, ann_mask **mask)
{
	char err[256];
	ann_status st = ann_region_mask(r, ann_view_task(s->view)->shape, coco, mask,
	    err, sizeof err);

	if (st == ANN_OK)
		return ANN_OK;
	return codec_fail(s, r, st == ANN_WARN ? ANN_FAILED : st, err);
}

/* --- Lines of JSON --------------------------------------------------------- */

/* The labels of a region, as a name part joins them: "a,b". */
static const char *
joined_labels(struct rle *s, const ann_region *r, ann_buf *into, size_t *n)
{
	into->len = 0;
	for (size_t i = 0; i < r->nlabels; i++) {
		size_t k;
		const char *t = text_of(r->labels[i], &s->scratch, &k);
		if (t == NULL || (i > 0 && ann_buf_put(into, ",", 1) != 0) ||
		    ann_buf_put(into, t, k) != 0)
			return NULL;
	}
	*n = into->len;
	return into->p != NULL ? into->p : "";
}

/* "width":W,"height":H,"area":A,"bbox":[x,y,w,h]}\n */
static int
put_measures(ann_buf *b, const ann_coco *c)
{
	double bb[4];

	ann_coco_bbox(c, bb);
	return ann_buf_printf(b, "\"width\":%u,\"height\":%u,\"area\":%llu,"
	    "\"bbox\":[%.0f,%.0f,%.0f,%.0f]}\n", c->w, c->h,
	    (unsigned long long)ann_coco_area(c), bb[0], bb[1], bb[2], bb[3]);
}

/* The start of a region's line: its task, set, region and labels. */
static int
put_region_ids(struct rle *s, const ann_annotation *a, const ann_region *r)
{
	ann_buf *b = &s->lines;
	int bad = ann_buf_put(b, "{\"task\":", 8) != 0 ||
	    put_raw(b, ann_view_task(s->view)->id) != 0 ||
	    ann_buf_put(b, ",\"annotation\":", 14) != 0 || put_raw(b, a->id) != 0 ||
	    ann_buf_printf(b, ",\"prediction\":%s,\"region\":",
	    a->prediction ? "true" : "false") != 0 || put_raw(b, r->id) != 0 ||
	    ann_buf_put(b, ",\"label\":", 9) != 0;

	bad = bad || (r->nlabels > 0 ? put_raw(b, r->labels[0]) :
	    ann_buf_put(b, "null", 4)) != 0 || ann_buf_put(b, ",\"labels\":[", 11) != 0;
	for (size_t i = 0; i < r->nlabels && !bad; i++)
		bad = (i > 0 && ann_buf_put(b, ",", 1) != 0) ||
		    put_raw(b, r->labels[i]) != 0;
	return bad || ann_buf_put(b, "],", 2) != 0 ? -1 : 0;
}

/* --- Files --------------------------------------------------------------- */

/*
 * Write m to DIR/name in the chosen format.  The file appears under its
 * name only once complete, and is remembered so that a record that fails
 * later takes its files back.  PNG masks are 0/255: m is changed to that.
 */
static ann_status
write_mask(struct rle *s, ann_loop *L, ann_mask *m, const char **path)
{
	char err[256], *mem = NULL, *p;
	size_t memlen = 0, npix = (size_t)m->width * m->height;
	FILE *f = open_memstream(&mem, &memlen);
	ann_status st;
	ann_out *o;

	if (f == NULL)
		return oom(s);
	if (!s->npy)
		for (size_t i = 0; i < npix; i++)
			m->pix[i] = m->pix[i] ? 255 : 0;
	st = s->npy ? ann_mask_write_npy(f, m, err, sizeof err) :
	    ann_mask_write_png(f, m, err, sizeof err);
	if (fclose(f) != 0 && st == ANN_OK)
		st = ANN_FATAL;
	if (st != ANN_OK) {
		free(mem);
		return oom(s);
	}
	if (s->npaths == s->cappaths) {
		size_t cap = s->cappaths ? 2 * s->cappaths : 16;
		char **np = realloc(s->paths, cap * sizeof *np);
		if (np == NULL) {
			free(mem);
			return oom(s);
		}
		s->paths = np;
		s->cappaths = cap;
	}
	if ((p = malloc(strlen(s->dir) + s->name.len + 2)) == NULL) {
		free(mem);
		return oom(s);
	}
	size_t dl = strlen(s->dir);
	sprintf(p, "%s%s%s", s->dir, dl > 0 && s->dir[dl - 1] == '/' ? "" : "/",
	    s->name.p);
	if ((o = ann_out_create(p, 0, err, sizeof err)) == NULL)
		st = ANN_FATAL;
	else if (ann_out_write(o, mem, memlen) != ANN_OK) {
		snprintf(err, sizeof err, "%s", ann_out_errmsg(o));
		ann_out_abort(o);
		st = ANN_FATAL;
	} else
		st = ann_out_close(o, err, sizeof err);	/* frees o */
	if (st != ANN_OK) {
		ann_loop_error(L, p, "%s", err);
		free(p);
		free(mem);
		return ANN_FATAL;
	}
	free(mem);
	s->paths[s->npaths++] = p;
	*path = p;
	return ANN_OK;
}

/* The record failed: its files go, so nothing is left of it but the report. */
static void
take_back_files(struct rle *s)
{
	for (size_t i = 0; i < s->npaths; i++) {
		unlink(s->paths[i]);
		free(s->paths[i]);
	}
	s->npaths = 0;
}

static void
keep_files(struct rle *s)
{
	for (size_t i = 0; i < s->npaths; i++)
		free(s->paths[i]);
	s->npaths = 0;
}

/* "task-T": the start of every name. */
static int
name_task(struct rle *s)
{
	s->name.len = 0;
	return ann_buf_put(&s->name, "task-", 5) != 0 ||
	    put_id_part(s, ann_view_task(s->view)->id, s->seq) != 0 ? -1 : 0;
}

static int
name_end(struct rle *s)
{
	return ann_buf_put(&s->name, s->npy ? ".npy" : ".png", 4);
}

/* --- decode and stats ---------------------------------------------------- */

/* task-T-annotation-A-region-R[-LABELS].png: one region, one mask. */
static ann_status
decode_region(struct rle *s, ann_loop *L, const ann_annotation *a, size_t ai,
    const ann_region *r, size_t ri)
{
	ann_coco *coco;
	ann_mask *mask;
	ann_buf labels = { 0 };
	const char *path, *lt;
	size_t ln;
	ann_status st = read_mask(s, r, &coco, &mask);

	if (st != ANN_OK)
		return st;
	int bad = name_task(s) != 0 ||
	    ann_buf_put(&s->name, a->prediction ? "-prediction-" : "-annotation-",
	    12) != 0 || put_id_part(s, a->id, ai + 1) != 0 ||
	    ann_buf_put(&s->name, "-region-", 8) != 0 ||
	    put_id_part(s, r->id, ri + 1) != 0;
	if (!bad && r->nlabels > 0)
		bad = (lt = joined_labels(s, r, &labels, &ln)) == NULL ||
		    ann_buf_put(&s->name, "-", 1) != 0 ||
		    put_name_part(&s->name, lt, ln, LABEL_PART_MAX) != 0;
	ann_buf_free(&labels);
	if (bad || name_end(s) != 0)
		st = oom(s);
	if (st == ANN_OK)
		st = write_mask(s, L, mask, &path);
	if (st == ANN_OK && (put_region_ids(s, a, r) != 0 ||
	    ann_buf_put(&s->lines, "\"path\":", 7) != 0 ||
	    ann_buf_json_string(&s->lines, path, strlen(path)) != 0 ||
	    ann_buf_put(&s->lines, ",", 1) != 0 || put_measures(&s->lines, coco) != 0))
		st = oom(s);
	ann_mask_free(mask);
	ann_coco_free(coco);
	return st;
}

static ann_status
stats_region(struct rle *s, const ann_annotation *a, const ann_region *r)
{
	ann_coco *coco;
	ann_status st = read_mask(s, r, &coco, NULL);

	if (st != ANN_OK)
		return st;
	if (put_region_ids(s, a, r) != 0 || put_measures(&s->lines, coco) != 0)
		st = oom(s);
	ann_coco_free(coco);
	return st;
}

/* The layer of label (text, n bytes; NULL for none), made when new. */
static struct layer *
layer_of(struct rle *s, const char *text, size_t n)
{
	for (size_t i = 0; i < s->nlayers; i++) {
		struct layer *y = &s->layers[i];
		if ((text == NULL) == (y->label == NULL) &&
		    (text == NULL || (y->len == n && memcmp(y->label, text, n) == 0)))
			return y;
	}
	if (s->nlayers == s->caplayers) {
		size_t cap = s->caplayers ? 2 * s->caplayers : 8;
		struct layer *ny = realloc(s->layers, cap * sizeof *ny);
		if (ny == NULL)
			return NULL;
		s->layers = ny;
		s->caplayers = cap;
	}
	struct layer *y = &s->layers[s->nlayers];
	memset(y, 0, sizeof *y);
	if (text != NULL) {
		if ((y->label = malloc(n + 1)) == NULL)
			return NULL;
		memcpy(y->label, text, n);
		y->label[n] = '\0';
		y->len = n;
	}
	s->nlayers++;
	return y;
}

/*
 * Add a region to the layer of each of its labels (--merge): a pixel of the
 * union keeps the largest value any region gives it.
 */
static ann_status
merge_region(struct rle *s, const ann_region *r)
{
	ann_coco *coco;
	ann_mask *mask;
	ann_status st = read_mask(s, r, &coco, &mask);
	size_t nlayers = r->nlabels > 0 ? r->nlabels : 1;

	if (st != ANN_OK)
		return st;
	ann_coco_free(coco);
	size_t npix = (size_t)mask->width * mask->height;
	for (size_t i = 0; i < nlayers && st == ANN_OK; i++) {
		const char *t = NULL;
		size_t n = 0;
		struct layer *y;
		if ((r->nlabels > 0 &&
		    (t = text_of(r->labels[i], &s->scratch, &n)) == NULL) ||
		    (y = layer_of(s, t, n)) == NULL) {
			st = oom(s);
			break;
		}
		if (y->mask == NULL &&
		    (y->mask = ann_mask_new(mask->width, mask->height)) == NULL) {
			st = oom(s);
			break;
		}
		if (y->mask->width != mask->width || y->mask->height != mask->height) {
			st = region_fail(s, r, "its mask is %ux%u and another "
			    "of its label %ux%u: they cannot be merged", mask->width,
			    mask->height, y->mask->width, y->mask->height);
			break;
		}
		for (size_t k = 0; k < npix; k++)
			if (mask->pix[k] > y->mask->pix[k])
				y->mask->pix[k] = mask->pix[k];
		y->regions++;
	}
	ann_mask_free(mask);
	return st;
}

static void
drop_layers(struct rle *s)
{
	for (size_t i = 0; i < s->nlayers; i++) {
		free(s->layers[i].label);
		ann_mask_free(s->layers[i].mask);
	}
	s->nlayers = 0;
}

/* task-T[-LABEL].png: the task's layers, once all its regions are in. */
static ann_status
write_layers(struct rle *s, ann_loop *L)
{
	ann_status st = ANN_OK;

	for (size_t i = 0; i < s->nlayers && st == ANN_OK; i++) {
		struct layer *y = &s->layers[i];
		ann_coco *coco;
		const char *path;
		char err[ANN_RLE_ERRLEN];
		if (name_task(s) != 0 || (y->label != NULL &&
		    (ann_buf_put(&s->name, "-", 1) != 0 ||
		    put_name_part(&s->name, y->label, y->len, LABEL_PART_MAX) != 0)) ||
		    name_end(s) != 0)
			return oom(s);
		if (ann_coco_encode(y->mask, &coco, err, sizeof err) != ANN_OK)
			return oom(s);
		ann_buf *b = &s->lines;
		st = write_mask(s, L, y->mask, &path);
		if (st == ANN_OK && (ann_buf_put(b, "{\"task\":", 8) != 0 ||
		    put_raw(b, ann_view_task(s->view)->id) != 0 ||
		    ann_buf_put(b, ",\"annotation\":null,\"region\":null,\"label\":", 41) != 0 ||
		    (y->label ? ann_buf_json_string(b, y->label, y->len) :
		    ann_buf_put(b, "null", 4)) != 0 ||
		    ann_buf_printf(b, ",\"regions\":%llu,\"path\":",
		    (unsigned long long)y->regions) != 0 ||
		    ann_buf_json_string(b, path, strlen(path)) != 0 ||
		    ann_buf_put(b, ",", 1) != 0 || put_measures(b, coco) != 0))
			st = oom(s);
		ann_coco_free(coco);
	}
	return st;
}

/* --- to-coco and from-coco ---------------------------------------------- */

/* Replace the record bytes of v with the text now at the end of s->text. */
static ann_status
add_edit(struct rle *s, const ann_record *rec, ann_json_val v, size_t text_off)
{
	if (s->nedits == s->capedits) {
		size_t cap = s->capedits ? 2 * s->capedits : 16;
		struct edit *ne = realloc(s->edits, cap * sizeof *ne);
		if (ne == NULL)
			return oom(s);
		s->edits = ne;
		s->capedits = cap;
	}
	s->edits[s->nedits++] = (struct edit){
		(size_t)(v.p - rec->data), v.n, text_off, s->text.len - text_off
	};
	return ANN_OK;
}

/* value.format, when it says what it should no longer say. */
static ann_status
edit_format(struct rle *s, const ann_record *rec, const ann_region *r,
    const char *from, const char *to)
{
	ann_json_val f;
	size_t at = s->text.len;

	if (ann_json_get(r->value, "format", &f) != 0 || !ann_json_str_eq(f, from))
		return ANN_OK;
	if (ann_buf_printf(&s->text, "\"%s\"", to) != 0)
		return oom(s);
	return add_edit(s, rec, f, at);
}

/* value.rle from the list of bytes to {"size":[h,w],"counts":"..."}. */
static ann_status
to_coco(struct rle *s, const ann_record *rec, const ann_region *r, ann_json_val rle)
{
	ann_coco *coco;
	char *counts, err[ANN_RLE_ERRLEN];
	size_t n, at = s->text.len;
	ann_status st = read_mask(s, r, &coco, NULL);

	if (st != ANN_OK)
		return st;
	st = ann_coco_to_string(coco, &counts, &n, err, sizeof err);
	if (st == ANN_OK) {
		if (ann_buf_printf(&s->text, "{\"size\":[%u,%u],\"counts\":",
		    coco->h, coco->w) != 0 || ann_buf_json_string(&s->text, counts, n) != 0 ||
		    ann_buf_put(&s->text, "}", 1) != 0)
			st = ANN_FATAL;
		free(counts);
	}
	ann_coco_free(coco);
	if (st != ANN_OK)
		return oom(s);
	if ((st = add_edit(s, rec, rle, at)) != ANN_OK)
		return st;
	return edit_format(s, rec, r, "rle", "coco_rle");
}

/* value.rle from COCO back to the bytes mask2rle writes for a 0/255 mask. */
static ann_status
from_coco(struct rle *s, const ann_record *rec, const ann_region *r,
    ann_json_val rle)
{
	ann_coco *coco;
	uint8_t *bytes;
	char err[ANN_RLE_ERRLEN];
	size_t n, at = s->text.len;
	ann_status st = read_mask(s, r, &coco, NULL);

	if (st != ANN_OK)
		return st;
	st = ann_coco_to_lsrle(coco, 255, &bytes, &n, err, sizeof err);
	ann_coco_free(coco);
	if (st != ANN_OK)
		return st == ANN_FATAL ? oom(s) : region_fail(s, r, "%s", err);
	int bad = put_byte_list(&s->text, bytes, n) != 0;
	free(bytes);
	if (bad)
		return oom(s);
	if ((st = add_edit(s, rec, rle, at)) != ANN_OK)
		return st;
	return edit_format(s, rec, r, "coco_rle", "rle");
}

static int
by_offset(const void *a, const void *b)
{
	const struct edit *x = a, *y = b;

	return x->off < y->off ? -1 : x->off > y->off;
}

/* The record with its edits made, on one line like every record out. */
static ann_status
write_spliced(struct rle *s, ann_loop *L, const ann_record *rec)
{
	size_t from = 0;
	ann_buf *b = &s->spliced;

	if (s->nedits == 0)
		goto plain;
	qsort(s->edits, s->nedits, sizeof *s->edits, by_offset);
	b->len = 0;
	for (size_t i = 0; i < s->nedits; i++) {
		const struct edit *e = &s->edits[i];
		if (e->off < from)	/* a result the view gave twice */
			continue;
		if (ann_buf_put(b, rec->data + from, e->off - from) != 0 ||
		    ann_buf_put(b, s->text.p + e->text_off, e->text_len) != 0)
			return oom(s);
		from = e->off + e->len;
	}
	if (ann_buf_put(b, rec->data + from, rec->len - from) != 0)
		return oom(s);
	if (rec->multiline) {
		char *m = ann_buf_reserve(&s->minified, b->len);
		if (m == NULL)
			return oom(s);
		s->minified.len = ann_json_minify(b->p, b->len, m);
		b = &s->minified;
	}
	if (ann_out_write(s->out, b->p, b->len) != ANN_OK ||
	    ann_out_write(s->out, "\n", 1) != ANN_OK)
		goto fail;
	return ANN_OK;
plain:
	if (ann_out_record(s->out, rec) == ANN_OK)
		return ANN_OK;
fail:
	ann_loop_error(L, ann_out_name(s->out), "%s", ann_out_errmsg(s->out));
	return ANN_FATAL;
}

/* --- The record loop ----------------------------------------------------- */

static int
wanted(const struct rle *s, const ann_annotation *a)
{
	return (s->sets & (a->prediction ? SETS_PREDICTIONS : SETS_ANNOTATIONS)) != 0;
}

/* Every brush region of the record, through the command's own step. */
static ann_status
each_region(struct rle *s, ann_loop *L, const ann_record *rec)
{
	const ann_annotation *sets;
	const ann_region *regions;
	size_t nsets, nregions;
	ann_status st = ANN_OK;

	if (ann_view_annotations(s->view, &sets, &nsets) != ANN_OK)
		return oom(s);
	for (size_t i = 0; i < nsets && st == ANN_OK; i++) {
		const ann_annotation *a = &sets[i];
		if (!wanted(s, a))
			continue;
		if (ann_view_regions(s->view, a, &regions, &nregions) != ANN_OK)
			return oom(s);
		for (size_t k = 0; k < nregions && st == ANN_OK; k++) {
			const ann_region *r = &regions[k];
			ann_json_val rle;
			rle_form form;
			if ((st = find_rle(s, r, &rle, &form)) != ANN_OK || form == RLE_NONE)
				continue;
			if ((s->cmd == CMD_TO_COCO || s->cmd == CMD_FROM_COCO) &&
			    ann_view_task(s->view)->shape == ANN_SHAPE_LS_2019) {
				st = region_fail(s, r, "a 2019 task keeps its "
				    "result as a string: it cannot be rewritten in place");
				break;
			}
			switch (s->cmd) {
			case CMD_DECODE:
				st = s->merge ? merge_region(s, r) :
				    decode_region(s, L, a, i, r, k);
				break;
			case CMD_STATS:
				st = stats_region(s, a, r);
				break;
			case CMD_TO_COCO:
				if (form == RLE_LS)
					st = to_coco(s, rec, r, rle);
				break;
			case CMD_FROM_COCO:
				if (form == RLE_COCO)
					st = from_coco(s, rec, r, rle);
				break;
			case CMD_ENCODE:
				break;
			}
			if (st == ANN_OK && (s->cmd == CMD_DECODE || s->cmd == CMD_STATS))
				s->masks += s->merge ? 0 : 1;
		}
	}
	return st;
}

static ann_status
on_record(void *ctx, ann_loop *L, const ann_record *rec)
{
	struct rle *s = ctx;
	ann_status st;

	s->seq++;
	s->err[0] = '\0';
	s->lines.len = 0;
	s->text.len = 0;
	s->nedits = 0;
	if (ann_view_load_record(s->view, rec) != ANN_OK)
		return ann_loop_reject(L, rec, "%s", ann_view_errmsg(s->view));
	st = each_region(s, L, rec);
	if (st == ANN_OK && s->merge) {
		st = write_layers(s, L);
		s->masks += st == ANN_OK ? s->nlayers : 0;
	}
	drop_layers(s);
	if (st != ANN_OK) {
		take_back_files(s);
		if (st == ANN_FAILED)
			return ann_loop_reject(L, rec, "%s", s->err);
		if (s->err[0] != '\0')	/* not reported where it happened */
			ann_loop_error(L, NULL, "%s", s->err);
		return ANN_FATAL;
	}
	keep_files(s);
	if (s->cmd == CMD_TO_COCO || s->cmd == CMD_FROM_COCO)
		return write_spliced(s, L, rec);
	if (s->lines.len > 0 &&
	    ann_out_write(s->out, s->lines.p, s->lines.len) != ANN_OK) {
		ann_loop_error(L, ann_out_name(s->out), "%s", ann_out_errmsg(s->out));
		return ANN_FATAL;
	}
	return ANN_OK;
}

/* --- encode -------------------------------------------------------------- */

struct encode {
	const char *from_name, *to_name, *label;
	const char *model_version;
	const char *score;	/* checked: a finite number */
	const char *data_key, *data_value;
};

/*
 * A region id like the editor's (10 letters and digits), the same on every
 * run: the hash of the file name and its position among the operands.
 */
static void
region_id(const char *path, int index, char id[11])
{
	static const char digits[] =
	    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
	char buf[4096 + 16];
	int n = snprintf(buf, sizeof buf, "%s%c%d", path, '\0', index);
	uint64_t h = ann_hash(buf, n > 0 && (size_t)n < sizeof buf ? (size_t)n : sizeof buf);

	for (int i = 0; i < 10; i++, h /= 62)
		id[i] = digits[h % 62];
	id[10] = '\0';
}

/* One task line: {"data":{...},"predictions":[{...,"result":[{brush}]}]} */
static int
put_task(ann_buf *b, const struct encode *e, const char *path, int index,
    const ann_mask *m, const uint8_t *rle, size_t n)
{
	const char *value = e->data_value ? e->data_value : path;
	char id[11];
	int bad;

	region_id(path, index, id);
	b->len = 0;
	bad = ann_buf_put(b, "{\"data\":{", 9) != 0 ||
	    ann_buf_json_string(b, e->data_key, strlen(e->data_key)) != 0 ||
	    ann_buf_put(b, ":", 1) != 0 || ann_buf_json_string(b, value, strlen(value)) != 0 ||
	    ann_buf_put(b, "},\"predictions\":[{", 18) != 0;
	if (!bad && e->model_version != NULL)
		bad = ann_buf_put(b, "\"model_version\":", 16) != 0 ||
		    ann_buf_json_string(b, e->model_version, strlen(e->model_version)) != 0 ||
		    ann_buf_put(b, ",", 1) != 0;
	if (!bad && e->score != NULL)
		bad = ann_buf_printf(b, "\"score\":%s,", e->score) != 0;
	bad = bad || ann_buf_printf(b, "\"result\":[{\"id\":\"%s\",\"type\":"
	    "\"brushlabels\",\"from_name\":", id) != 0 ||
	    ann_buf_json_string(b, e->from_name, strlen(e->from_name)) != 0 ||
	    ann_buf_put(b, ",\"to_name\":", 11) != 0 ||
	    ann_buf_json_string(b, e->to_name, strlen(e->to_name)) != 0 ||
	    ann_buf_printf(b, ",\"original_width\":%u,\"original_height\":%u,"
	    "\"image_rotation\":0,\"value\":{\"format\":\"rle\",\"rle\":",
	    m->width, m->height) != 0 || put_byte_list(b, rle, n) != 0;
	return bad || ann_buf_put(b, ",\"brushlabels\":[", 16) != 0 ||
	    ann_buf_json_string(b, e->label, strlen(e->label)) != 0 ||
	    ann_buf_put(b, "]}}]}]}\n", 8) != 0 ? -1 : 0;
}

static ann_status
encode_file(const struct encode *e, ann_loop *L, ann_out *out, ann_buf *b,
    const char *path, int index)
{
	char err[ANN_RLE_ERRLEN];
	ann_mask *m = NULL;
	uint8_t *rle = NULL;
	size_t n = 0;
	FILE *f = fopen(path, "rb");
	ann_status st;

	if (f == NULL) {
		ann_loop_error(L, path, "%s", strerror(errno));
		return ANN_FAILED;
	}
	st = ann_mask_read_png(f, &m, err, sizeof err);
	fclose(f);
	if (st == ANN_OK) {
		/* Label Studio draws what is non-zero; the SDK's masks are 0/255. */
		for (size_t i = 0; i < (size_t)m->width * m->height; i++)
			m->pix[i] = m->pix[i] ? 255 : 0;
		st = ann_lsrle_encode(m, &rle, &n, err, sizeof err);
	}
	if (st == ANN_OK && put_task(b, e, path, index, m, rle, n) != 0) {
		snprintf(err, sizeof err, "out of memory");
		st = ANN_FATAL;
	}
	if (st != ANN_OK)
		ann_loop_error(L, path, "%s", err);
	else if (ann_out_write(out, b->p, b->len) != ANN_OK) {
		ann_loop_error(L, ann_out_name(out), "%s", ann_out_errmsg(out));
		st = ANN_FATAL;
	}
	free(rle);
	ann_mask_free(m);
	return st;
}

/* --- main ---------------------------------------------------------------- */

enum {
	OPT_MERGE = 256, OPT_FROM_NAME, OPT_TO_NAME, OPT_MODEL, OPT_SCORE,
	OPT_DATA_KEY, OPT_DATA_VALUE, OPT_ANNOTATIONS, OPT_PREDICTIONS, OPT_BOTH
};

static enum command
parse_command(const char *word)
{
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		if (strcmp(word, commands[i]) == 0)
			return (enum command)i;
	die_usage("%s: not a command (decode, stats, to-coco, from-coco, encode)",
	    word);
}

/* The directory for decode's masks: made when it is not there. */
static int
make_dir(ann_loop *L, const char *dir)
{
	struct stat sb;

	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		ann_loop_error(L, dir, "cannot create the directory: %s", strerror(errno));
		return -1;
	}
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		ann_loop_error(L, dir, "not a directory");
		return -1;
	}
	return 0;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "annotations",   no_argument,       NULL, OPT_ANNOTATIONS },
		{ "both",          no_argument,       NULL, OPT_BOTH },
		{ "data-key",      required_argument, NULL, OPT_DATA_KEY },
		{ "data-value",    required_argument, NULL, OPT_DATA_VALUE },
		{ "format",        required_argument, NULL, 'f' },
		{ "from-name",     required_argument, NULL, OPT_FROM_NAME },
		{ "help",          no_argument,       NULL, 'h' },
		{ "keep-going",    no_argument,       NULL, 'k' },
		{ "label",         required_argument, NULL, 'l' },
		{ "merge",         no_argument,       NULL, OPT_MERGE },
		{ "model-version", required_argument, NULL, OPT_MODEL },
		{ "output",        required_argument, NULL, 'o' },
		{ "predictions",   no_argument,       NULL, OPT_PREDICTIONS },
		{ "rejects",       required_argument, NULL, 'r' },
		{ "score",         required_argument, NULL, OPT_SCORE },
		{ "to-name",       required_argument, NULL, OPT_TO_NAME },
		{ "unwrap",        required_argument, NULL, 'u' },
		{ "version",       no_argument,       NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct rle s = { .sets = 0 };
	struct encode e = { .data_key = "image" };
	ann_loop L = { .prog = prog, .reader = { .index = 1 } };
	const char *rejects = NULL, *format = NULL;
	int ch;
	char err[256];
	ann_status st = ANN_OK;

	signal(SIGPIPE, SIG_DFL);	/* "| head" ends us quietly */
	cli_clean_up_on_signals();	/* no half-written mask survives ^C */
	while ((ch = getopt_long(argc, argv, "f:hkl:o:r:u:V", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f': format = optarg; break;
		case 'h': usage(stdout, ANN_EXIT_OK); break;
		case 'k': L.keep_going = 1; break;
		case 'l': e.label = optarg; break;
		case 'o': s.dir = optarg; break;
		case 'r': rejects = optarg; L.keep_going = 1; break;
		case 'u': L.reader.unwrap = optarg; break;
		case 'V': return cli_version(prog);
		case OPT_MERGE: s.merge = 1; break;
		case OPT_FROM_NAME: e.from_name = optarg; break;
		case OPT_TO_NAME: e.to_name = optarg; break;
		case OPT_MODEL: e.model_version = optarg; break;
		case OPT_SCORE: {
			char *end;
			double d = strtod(optarg, &end);
			/* Written as given, so it must already be JSON's kind of number. */
			ann_json_val v;
			if (end == optarg || *end != '\0' || !isfinite(d) ||
			    ann_json_parse(optarg, strlen(optarg), &v, NULL, NULL) != 0)
				die_usage("--score %s: not a number", optarg);
			e.score = optarg;
			break;
		}
		case OPT_DATA_KEY: e.data_key = optarg; break;
		case OPT_DATA_VALUE: e.data_value = optarg; break;
		case OPT_ANNOTATIONS: s.sets = SETS_ANNOTATIONS; break;
		case OPT_PREDICTIONS: s.sets = SETS_PREDICTIONS; break;
		case OPT_BOTH: s.sets = SETS_BOTH; break;
		default: usage(stderr, ANN_EXIT_ERROR);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0)
		die_usage("no command (decode, stats, to-coco, from-coco, encode)");
	s.cmd = parse_command(argv[0]);
	argc--;
	argv++;

	/* Each option belongs to some commands; elsewhere it is a mistake. */
	if (s.cmd != CMD_DECODE && (format || s.dir || s.merge))
		die_usage("-f, -o and --merge are for decode");
	if (s.cmd != CMD_ENCODE && (e.from_name || e.to_name || e.label ||
	    e.model_version || e.score || e.data_value || strcmp(e.data_key, "image")))
		die_usage("--from-name, --to-name, --label, --model-version, "
		    "--score, --data-key and --data-value are for encode");
	if (s.cmd == CMD_ENCODE && (rejects || L.reader.unwrap || s.sets))
		die_usage("encode reads PNG files: -r, -u and the set options "
		    "are for the commands that read records");
	if (format != NULL && strcmp(format, "png") != 0 &&
	    !(s.npy = strcmp(format, "npy") == 0))
		die_usage("--format %s: png or npy", format);
	if (s.cmd == CMD_DECODE && s.dir == NULL)
		die_usage("decode needs -o DIR");
	if (s.cmd == CMD_ENCODE) {
		if (!e.from_name || !e.to_name || !e.label)
			die_usage("encode needs --from-name, --to-name and --label");
		if (argc == 0)
			die_usage("encode needs MASK.png files");
		if (e.data_value && argc > 1)
			die_usage("--data-value names one image: give one MASK.png");
	}
	if (s.sets == 0)	/* a rewrite leaves no mask of the record behind */
		s.sets = s.cmd == CMD_TO_COCO || s.cmd == CMD_FROM_COCO ?
		    SETS_BOTH : SETS_ANNOTATIONS;

	s.out = ann_out_fd(STDOUT_FILENO, "<stdout>", 0);
	if (s.out == NULL)
		return ANN_EXIT_ERROR;
	if (s.cmd == CMD_ENCODE) {
		ann_buf line = { 0 };
		for (int i = 0; i < argc && st == ANN_OK; i++) {
			ann_status fst = encode_file(&e, &L, s.out, &line, argv[i], i);
			if (fst == ANN_FATAL || (fst != ANN_OK && !L.keep_going))
				st = ANN_FATAL;
		}
		ann_buf_free(&line);
	} else {
		if (s.dir != NULL && make_dir(&L, s.dir) != 0)
			return ANN_EXIT_ERROR;
		if (rejects != NULL &&
		    (L.rejects = ann_out_create(rejects, -1, err, sizeof err)) == NULL) {
			ann_loop_error(&L, rejects, "%s", err);
			return ANN_EXIT_ERROR;
		}
		if ((s.view = ann_view_new()) == NULL) {
			ann_loop_error(&L, NULL, "out of memory");
			return ANN_EXIT_ERROR;
		}
		ann_view_want_kinds(s.view, 1u << ANN_KIND_MASK);
		st = ann_loop_run(&L, argv, argc, on_record, &s);
	}

	if (ann_out_close(s.out, err, sizeof err) != ANN_OK) {
		ann_loop_error(&L, "<stdout>", "%s", err);
		st = ANN_FATAL;
	}
	if (L.rejects != NULL && ann_out_close(L.rejects, err, sizeof err) != ANN_OK) {
		ann_loop_error(&L, rejects, "%s", err);
		st = ANN_FATAL;
	}
	cli_report_rejects(&L, rejects);
	ann_view_free(s.view);
	free(s.paths);
	free(s.layers);
	free(s.edits);
	ann_buf_free(&s.lines);
	ann_buf_free(&s.text);
	ann_buf_free(&s.spliced);
	ann_buf_free(&s.minified);
	ann_buf_free(&s.bytes);
	ann_buf_free(&s.name);
	ann_buf_free(&s.scratch);
	if (st != ANN_OK || L.failed)
		return ANN_EXIT_ERROR;
	if ((s.cmd == CMD_DECODE || s.cmd == CMD_STATS) && s.masks == 0)
		return ANN_EXIT_NOMATCH;
	return ANN_EXIT_OK;
}
