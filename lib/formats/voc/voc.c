/*
 * voc.c: Pascal VOC annotation files from the region model (ann_voc.h).
 *
 * Every box comes from the region's ann_geom in pixels (ANN_PX): a
 * rectangle's corners (turned by its rotation) or a polygon's points;
 * nothing here scales a coordinate.  VOC counts pixels from 1 and its
 * boxes include both end pixels, so a box from x0 to x1 (pixel edges,
 * clipped to the image) covers pixels floor(x0) + 1 to ceil(x1): every
 * pixel the region touches, and a reader that takes [xmin - 1, xmax] back
 * (as detectron2 and the VOC devkit do) gets the region to within a pixel.
 *
 * A task's objects are built in memory (one record's worth), for the
 * image each region names (a multi-image task has several, each its own
 * annotation file), and written when the task ends; the lists and labels.txt are written at the end,
 * each under a temporary name and renamed when complete.
 *
 * With --split, each image's classes go to an unlinked spill file as the
 * image is written (its part, its stem, its class indexes: a line), and
 * the per-class lists (<class>_<list>.txt, a line for every image of the
 * list) are made from it at the end.  Not as the images stream: a class
 * first met at the thousandth image needs a -1 line for each image
 * before it, and one open file per class and list would have no bound
 * on the classes.  The spill is read once per CLASS_GROUP classes, their
 * files written side by side in one ann_out_group (a fixed buffer budget,
 * at most CLASS_GROUP * 4 descriptors), so memory and open files stay
 * bounded whatever the classes, and the reading is a fraction of the
 * writing.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ann_core.h"
#include "ann_buf.h"
#include "ann_filter.h"
#include "ann_geom.h"
#include "ann_media.h"
#include "ann_taskid.h"
#include "ann_voc.h"
#include "ann_writer.h"
#include "util_private.h"

/*
 * ImageSets/Main: a list per part of the split (train, val, test; without
 * a split every image is in train), then trainval, train and val
 * together, as the VOC devkit has them.
 */
#define MAX_LISTS (ANN_MAX_SPLITS + 1)
static const char *const part_names[ANN_MAX_SPLITS] = { "train", "val", "test" };
/* Classes whose per-class lists are written in one pass over the spill. */
#define CLASS_GROUP 64
/* A class's file name is cut to this many bytes (NAME_MAX is 255). */
#define CLASS_FILE_MAX 200

/*
 * Percent values do not turn into whole pixels exactly (7% of 100 is
 * 7.000000000000001): an edge this close to a whole number is taken as
 * that number before it is rounded out to the pixels it touches.
 */
#define EDGE_SLACK 1e-6

/*
 * An image of the task being read: the only one, or one of a multi-image
 * task's list (<Image valueList>).
 */
struct voc_item {
	ann_json_val ref;	/* a string; NULL when the list's entry is none */
	long w, h;		/* its size: 0 not looked for, -1 none */
	ann_buf objects;	/* its objects' XML */
	uint64_t nobjects;
	size_t *cls;		/* its classes (indexes), each once */
	size_t ncls, capcls;
};

struct ann_voc {
	ann_voc_opts o;
	ann_categories *cats;
	ann_idset *stems;	/* the stems given so far */
	ann_out *list[MAX_LISTS];	/* the parts', then trainval */
	unsigned nparts;	/* parts of the split: 1 without one */
	FILE *spill;		/* each image's part, stem, classes (with a split) */
	ann_skips *skips;	/* the run's counts, lent with each task */
	/* The task being read. */
	ann_json_val ref;	/* its image, or its list of images */
	struct voc_item *items;	/* its images, one for a string ref */
	size_t nitems, capitems;
	int multi;		/* ref is a list */
	char id[256];		/* its id, for stems that are taken */
	long idlen;		/* -1 without one */
	unsigned part;		/* its part of the split */
	struct voc_item *cur;	/* the image of the region being read */
	long W, H;		/* its size */
	ann_buf stem;		/* the annotation file's stem of the image written */
	ann_buf xml;		/* its annotation */
	ann_buf scratch;	/* decoded references, paths */
	/* Counts. */
	uint64_t tasks, images, empty, objects, hulls, clipped;
	uint64_t inpart[ANN_MAX_SPLITS];	/* images in each part */
	ann_error err;
};

/* Say why on the converter's handle, and return st. */
#define voc_fail(v, st, ...) ann__error_fail(&(v)->err, (st), __VA_ARGS__)

const char *
ann_voc_errmsg(const ann_voc *v)
{
	return v->err.msg;
}

const ann_categories *
ann_voc_categories(const ann_voc *v)
{
	return v->cats;
}

/* List i's name: a part's, or trainval after them. */
static const char *
list_name(const ann_voc *v, unsigned i)
{
	return i < v->nparts ? part_names[i] : "trainval";
}

/* DIR/a[/b], in v->scratch. */
static const char *
path_of(ann_voc *v, const char *a, const char *b)
{
	v->scratch.len = 0;
	if (ann_buf_printf(&v->scratch, "%s/%s%s%s", v->o.dir, a, b != NULL ? "/" : "",
	    b != NULL ? b : "") != 0)
		return NULL;
	return v->scratch.p;
}

static ann_status
make_dir(ann_voc *v, const char *a)
{
	const char *p = a == NULL ? v->o.dir : path_of(v, a, NULL);

	if (p == NULL)
		return voc_fail(v, ANN_FATAL, "out of memory");
	if (mkdir(p, 0777) != 0 && errno != EEXIST)
		return voc_fail(v, ANN_FATAL, "%s: %s", p, strerror(errno));
	return ANN_OK;
}

ann_voc *
ann_voc_new(const ann_voc_opts *opts, ann_error *err)
{
	ann_voc *v = calloc(1, sizeof *v);
	ann_error e;

	if (v == NULL || (v->cats = ann_categories_new(0)) == NULL ||
	    (v->stems = ann_idset_new()) == NULL) {
		ann__error_set(err, "out of memory");
		ann_voc_free(v);
		return NULL;
	}
	v->o = *opts;
	/* VOC objects are boxes: keypoint labels are no classes of it. */
	if (opts->config != NULL &&
	    ann_categories_from_config_objects(v->cats, opts->config) != ANN_OK) {
		ann__error_set(err, "out of memory");
		ann_voc_free(v);
		return NULL;
	}
	ann_status st = make_dir(v, NULL);
	if (st == ANN_OK)
		st = make_dir(v, "Annotations");
	if (st == ANN_OK)
		st = make_dir(v, "ImageSets");
	if (st == ANN_OK)
		st = make_dir(v, "ImageSets/Main");
	v->nparts = opts->nsplits >= 2 ? opts->nsplits : 1;
	for (unsigned i = 0; i <= v->nparts && st == ANN_OK; i++) {
		char name[32];
		snprintf(name, sizeof name, "%s.txt", list_name(v, i));
		const char *p = path_of(v, "ImageSets/Main", name);
		if (p == NULL)
			st = voc_fail(v, ANN_FATAL, "out of memory");
		else if ((v->list[i] = ann_out_create(p, 0, &e)) == NULL)
			st = voc_fail(v, ANN_FATAL, "%s: %s", p, e.msg);
	}
	if (st != ANN_OK) {
		ann__error_set(err, "%s", v->err.msg);
		ann_voc_free(v);
		return NULL;
	}
	return v;
}

void
ann_voc_free(ann_voc *v)
{
	if (v == NULL)
		return;
	for (int i = 0; i < MAX_LISTS; i++)
		ann_out_abort(v->list[i]);	/* not finished: never in place */
	if (v->spill != NULL)
		fclose(v->spill);
	ann_categories_free(v->cats);
	ann_idset_free(v->stems);
	ann_buf_free(&v->stem);
	ann_buf_free(&v->xml);
	for (size_t i = 0; i < v->capitems; i++) {
		ann_buf_free(&v->items[i].objects);
		free(v->items[i].cls);
	}
	free(v->items);
	ann_buf_free(&v->scratch);
	free(v);
}

ann_status
ann_voc_category(ann_voc *v, const char *name)
{
	if (ann_categories_add(v->cats, name) != ANN_OK)
		return voc_fail(v, ANN_FATAL, "out of memory");
	return ANN_OK;
}

/*
 * s[0..n) as XML text.  XML 1.0 can hold no control character but tab,
 * line feed and carriage return, not even as a reference: with fix, one
 * becomes '_' (a file name made here); without, it is refused (-1), as a
 * label must stay what it is.  -2 out of memory.
 */
static int
xml_text(ann_buf *b, const char *s, size_t n, int fix)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		int bad;
		if (c == '&')
			bad = ann_buf_put(b, "&amp;", 5);
		else if (c == '<')
			bad = ann_buf_put(b, "&lt;", 4);
		else if (c == '>')
			bad = ann_buf_put(b, "&gt;", 4);
		else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
			if (!fix)
				return -1;
			bad = ann_buf_put(b, "_", 1);
		} else
			bad = ann_buf_put(b, s + i, 1);
		if (bad)
			return -2;
	}
	return 0;
}

/* --- The sink ------------------------------------------------------------ */

/* The XML of image it up to the objects: file name, size. */
static ann_status
head(ann_voc *v, const struct voc_item *it)
{
	ann_buf *b = &v->xml;
	char *s = ann_media_decode(it->ref, &v->scratch);

	if (s == NULL)
		return voc_fail(v, ANN_FATAL, "out of memory");
	/* The image's file name, named by the stem as the list names it. */
	const char *base = ann_media_file_name(s, ANN_FILE_NAME_BASENAME);
	const char *dot = strrchr(base, '.');
	const char *ext = dot != NULL && dot != base ? dot : "";
	b->len = 0;
	static const char top[] = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<annotation>\n\t<filename>";
	if (ann_buf_put(b, top, sizeof top - 1) != 0 || xml_text(b, v->stem.p, v->stem.len, 1) != 0 ||
	    xml_text(b, ext, strlen(ext), 1) != 0 ||
	    ann_buf_printf(b, "</filename>\n\t<size>\n\t\t<width>%ld</width>\n"
	    "\t\t<height>%ld</height>\n\t</size>\n\t<segmented>0</segmented>\n",
	    it->w, it->h) != 0)
		return voc_fail(v, ANN_FATAL, "out of memory");
	return ANN_OK;
}

/*
 * The stem of image it (unique in the dataset) into v->stem: the
 * reference's base name or, when that is taken, with "_<task id>".
 */
static ann_status
stem(ann_voc *v, const struct voc_item *it)
{
	ann_buf *b = &v->stem;

	if (ann_media_stem(it->ref, &v->scratch, b) != 0)
		return voc_fail(v, ANN_FATAL, "out of memory");
	/* Two images with one base name get distinct stems (ann_media.h). */
	size_t base = b->len;
	for (unsigned long k = 1; ann_idset_has(v->stems, b->p, b->len); k++)
		if (ann_media_stem_other(b, base, v->idlen >= 0 ? v->id : NULL,
		    v->idlen >= 0 ? (size_t)v->idlen : 0, (unsigned long long)v->images,
		    k) != 0)
			return voc_fail(v, ANN_FATAL, "out of memory");
	if (ann_idset_add(v->stems, b->p, b->len) != ANN_OK)
		return voc_fail(v, ANN_FATAL, "out of memory");
	return ANN_OK;
}

static ann_status
sink_task(void *self, const ann_sink_ctx *c)
{
	ann_voc *v = self;
	const ann_task *task = c->task;
	const char *key;
	ann_error why;

	v->err.msg[0] = '\0';
	v->skips = c->skips;
	v->nitems = 0;
	v->tasks++;
	if (task->video) {
		ann_skips_count(v->skips, ANN_SKIP_VIDEO, ANN_KIND_OTHER);
		return voc_fail(v, ANN_WARN, "task skipped: a video, and VOC "
		    "annotates images (ann-flatten -c frame,... lists its regions by frame)");
	}
	if (ann_media_ref(task, v->o.config, &v->ref, &key) != 0) {
		ann_skips_count(v->skips, ANN_SKIP_NO_IMAGE, ANN_KIND_OTHER);
		return voc_fail(v, ANN_WARN, "task skipped: no image reference (%s)", key);
	}
	/* Its id: for the message below, and the stems of its images when taken. */
	long idn = v->idlen = ann_task_id_of(task, v->id, sizeof v->id);
	/* One annotation file per image: a multi-image task's list has several. */
	v->multi = ann_json_typeof(v->ref) == ANN_JSON_ARRAY;
	size_t n = ann_media_items(v->ref), had = v->capitems;
	if (ann__grow((void **)&v->items, &v->capitems, n, sizeof *v->items) != 0)
		return voc_fail(v, ANN_FATAL, "out of memory");
	memset(v->items + had, 0, (v->capitems - had) * sizeof *v->items);
	for (v->nitems = 0; v->nitems < n; v->nitems++) {
		struct voc_item *it = &v->items[v->nitems];
		if (ann_media_item(v->ref, v->nitems, &it->ref) != 0)
			it->ref.p = NULL;	/* not a string: no image */
		it->w = it->h = 0;
		it->objects.len = 0;
		it->nobjects = 0;
		it->ncls = 0;
	}
	/* All its images in one part, the one ann-toyolo puts them in. */
	v->part = v->nparts < 2 ? 0 : ann_task_split(v->id, v->idlen,
	    n > 0 ? v->items[0].ref : v->ref, v->o.seed, v->o.split, v->nparts);
	if (v->multi)	/* each image measured as its regions come */
		return ANN_OK;
	/*
	 * VOC writes every box in pixels with the image's size: the size is
	 * the task's (any result's original_width, Labelbox's media
	 * attributes) or the image file's.
	 */
	struct voc_item *it = &v->items[0];
	ann_status st = ann_media_size(task, it->ref, v->o.image_root, &v->scratch,
	    &it->w, &it->h, &why);
	if (st == ANN_FATAL)
		return voc_fail(v, st, "%s", why.msg);
	if (st != ANN_OK) {
		ann_skips_count(v->skips, ANN_SKIP_NO_SIZE, ANN_KIND_OTHER);
		return voc_fail(v, ANN_WARN, "task %.*s skipped: %s",
		    idn >= 0 ? (int)(idn > 64 ? 64 : idn) : 1, idn >= 0 ? v->id : "?",
		    why.msg);
	}
	return ANN_OK;
}

/* An edge, snapped to a whole pixel when it is all but one. */
static double
snap(double d)
{
	double r = nearbyint(d);

	return fabs(d - r) < EDGE_SLACK ? r : d;
}

/*
 * The VOC box of an extent in pixels: clipped to the image, then the
 * pixels it touches, 1-based, both ends included.  -1 when nothing of it
 * is inside.
 */
static int
voc_box(const ann_voc *v, const double e[4], long box[4], int *clipped)
{
	double c[4] = {
		fmax(e[0], 0), fmax(e[1], 0), fmin(e[2], (double)v->W), fmin(e[3], (double)v->H)
	};

	*clipped = c[0] != e[0] || c[1] != e[1] || c[2] != e[2] || c[3] != e[3];
	if (!(c[2] > c[0] && c[3] > c[1]))
		return -1;
	box[0] = (long)floor(snap(c[0])) + 1;
	box[1] = (long)floor(snap(c[1])) + 1;
	box[2] = (long)ceil(snap(c[2]));
	box[3] = (long)ceil(snap(c[3]));
	/* A sliver thinner than the slack, on a whole pixel: that pixel. */
	box[2] = box[2] < box[0] ? box[0] : box[2];
	box[3] = box[3] < box[1] ? box[1] : box[3];
	return 0;
}

/* Class index among image it's classes (for the per-class lists), once. */
static ann_status
image_class(ann_voc *v, struct voc_item *it, size_t index)
{
	for (size_t i = 0; i < it->ncls; i++)
		if (it->cls[i] == index)
			return ANN_OK;
	if (ann__grow((void **)&it->cls, &it->capcls, it->ncls + 1, sizeof *it->cls) != 0)
		return voc_fail(v, ANN_FATAL, "out of memory");
	it->cls[it->ncls++] = index;
	return ANN_OK;
}

/* One object: the label's name, the box; truncated when it meets the edge. */
static ann_status
object(ann_voc *v, ann_json_val label, const long box[4])
{
	char small[256], *name = small;
	ann_status st = ANN_OK;
	long index;

	if (label.n > sizeof small && (name = malloc(label.n)) == NULL)
		return voc_fail(v, ANN_FATAL, "out of memory");
	size_t n = ann_json_str_decode(label, name);
	ann_buf *b = &v->cur->objects;
	size_t at = b->len;
	int truncated = box[0] == 1 || box[1] == 1 || box[2] == v->W || box[3] == v->H;
	static const char open[] = "\t<object>\n\t\t<name>";
	int k = ann_buf_put(b, open, sizeof open - 1) != 0 ? -2 :
	    xml_text(b, name, n, 0);

	if (k == -1) {
		b->len = at;
		st = voc_fail(v, ANN_FAILED, "label \"%.*s\" has a control character, "
		    "which XML cannot hold", (int)(n > 100 ? 100 : n), name);
	} else if (k == 0) {
		/* Checked first, so that no class is made of a name never written. */
		st = ann_categories_index_said(v->cats, name, n, !v->o.strict_labels,
		    "the classes", &v->err, &index);
	}
	if (st == ANN_OK && (k == -2 || ann_buf_printf(b, "</name>\n"
	    "\t\t<pose>Unspecified</pose>\n\t\t<truncated>%d</truncated>\n"
	    "\t\t<difficult>0</difficult>\n\t\t<bndbox>\n\t\t\t<xmin>%ld</xmin>\n"
	    "\t\t\t<ymin>%ld</ymin>\n\t\t\t<xmax>%ld</xmax>\n\t\t\t<ymax>%ld</ymax>\n"
	    "\t\t</bndbox>\n\t</object>\n", truncated, box[0], box[1], box[2],
	    box[3]) != 0))
		st = voc_fail(v, ANN_FATAL, "out of memory");
	if (st == ANN_OK) {
		ann_categories_use(v->cats, (size_t)index);
		v->objects++;
		v->cur->nobjects++;
		st = image_class(v, v->cur, (size_t)index);
	}
	if (name != small)
		free(name);
	return st;
}

static ann_status
sink_region(void *self, const ann_sink_ctx *c, const ann_annotation *a,
    const ann_region *r, const ann_geom *g)
{
	ann_voc *v = self;
	ann_geom own;
	double e[4] = { 0, 0, 0, 0 };
	long box[4];
	int clipped = 0, turned = 0;
	ann_status st;

	(void)c;
	if (g->item < 0 || (size_t)g->item >= v->nitems || v->items[g->item].ref.p == NULL) {
		ann_skips_count(v->skips, ANN_SKIP_UNKNOWN_IMAGE, r->kind);
		return ANN_OK;
	}
	/* What is not a shape on the image (choices, relations) is no object. */
	if (r->kind != ANN_KIND_RECTANGLE && r->kind != ANN_KIND_POLYGON) {
		ann_skips_count(v->skips, ANN_SKIP_KIND, r->kind);
		return ANN_OK;
	}
	if (r->nlabels == 0 || ann_json_typeof(r->labels[0]) != ANN_JSON_STRING) {
		ann_skips_count(v->skips, ANN_SKIP_NO_LABEL, r->kind);
		return ANN_OK;
	}
	v->cur = &v->items[g->item];
	if (v->multi) {
		ann_error why;
		st = ann_media_item_size(v->cur->ref, g, v->o.image_root, &v->scratch,
		    &v->cur->w, &v->cur->h, &why);
		if (st == ANN_FATAL)
			return voc_fail(v, st, "%s", why.msg);
		if (st != ANN_OK) {	/* the image is counted too, at the end */
			ann_skips_count(v->skips, ANN_SKIP_REGION_NO_SIZE, r->kind);
			return ANN_OK;
		}
	}
	v->W = v->cur->w;
	v->H = v->cur->h;
	/* A size read from the image file (--image-root): measure against it. */
	g = ann_geom_sized(g, &own, r, a, v->W, v->H);
	if (r->kind == ANN_KIND_RECTANGLE) {
		turned = isfinite(g->rotation) && g->rotation != 0;
		if (turned && v->o.no_rotated) {
			ann_skips_count(v->skips, ANN_SKIP_ROTATED, r->kind);
			return ANN_OK;
		}
		if (ann_geom_box_extent(g, ANN_PX, e) != 0) {
			ann_skips_count(v->skips, ANN_SKIP_GEOMETRY, r->kind);
			return ANN_OK;
		}
	} else {
		long n = ann_geom_points_extent(r, g, ANN_PX, e);
		if (n < 3) {	/* no area: no object */
			ann_skips_count(v->skips, ANN_SKIP_GEOMETRY, r->kind);
			return ANN_OK;
		}
	}
	if (!(e[2] > e[0] && e[3] > e[1])) {
		ann_skips_count(v->skips, ANN_SKIP_GEOMETRY, r->kind);
		return ANN_OK;
	}
	if (voc_box(v, e, box, &clipped) != 0) {
		ann_skips_count(v->skips, ANN_SKIP_OUTSIDE, r->kind);
		return ANN_OK;
	}
	/* Several labels: one object each. */
	for (size_t i = 0; i < r->nlabels; i++) {
		if (ann_json_typeof(r->labels[i]) != ANN_JSON_STRING) {
			ann_skips_count(v->skips, ANN_SKIP_NO_LABEL, r->kind);
			continue;
		}
		if ((st = object(v, r->labels[i], box)) != ANN_OK)
			return st;
	}
	v->clipped += clipped;
	v->hulls += turned;
	return ANN_OK;
}

/*
 * Image it's line in the spill, for the per-class lists:
 * "PART STEMLEN NCLS:" STEM, then " INDEX" per class, then a line end.
 * The stem goes by its length, so no byte of it is taken for a separator.
 */
static ann_status
spill_image(ann_voc *v, const struct voc_item *it)
{
	ann_buf *b = &v->xml;	/* written out already: free to reuse */
	ann_error e;
	int bad;

	if (v->spill == NULL && (v->spill = ann__tmpfile(&e)) == NULL)
		return voc_fail(v, ANN_FATAL, "%s", e.msg);
	b->len = 0;
	bad = ann_buf_printf(b, "%u %zu %zu:", v->part, v->stem.len, it->ncls) != 0 ||
	    ann_buf_put(b, v->stem.p, v->stem.len) != 0;
	for (size_t i = 0; i < it->ncls && !bad; i++)
		bad = ann_buf_printf(b, " %zu", it->cls[i]) != 0;
	if (bad || ann_buf_put(b, "\n", 1) != 0)
		return voc_fail(v, ANN_FATAL, "out of memory");
	if (fwrite(b->p, 1, b->len, v->spill) != b->len)
		return voc_fail(v, ANN_FATAL, "the per-class lists' temporary file: %s",
		    strerror(errno));
	return ANN_OK;
}

/* Image it's annotation file, and its line in the lists. */
static ann_status
write_image(ann_voc *v, const struct voc_item *it)
{
	ann_status st;
	ann_out *o;
	ann_error e;

	if ((st = stem(v, it)) != ANN_OK || (st = head(v, it)) != ANN_OK)
		return st;
	/* No objects: an annotation without any, a negative image, never dropped. */
	if (it->nobjects == 0)
		v->empty++;
	v->images++;
	if ((it->objects.len > 0 &&
	    ann_buf_put(&v->xml, it->objects.p, it->objects.len) != 0) ||
	    ann_buf_put(&v->xml, "</annotation>\n", strlen("</annotation>\n")) != 0 ||
	    path_of(v, "Annotations", v->stem.p) == NULL ||
	    ann_buf_put(&v->scratch, ".xml", 4) != 0)
		return voc_fail(v, ANN_FATAL, "out of memory");
	if ((o = ann_out_create(v->scratch.p, 0, &e)) == NULL)
		return voc_fail(v, ANN_FATAL, "%s: %s", v->scratch.p, e.msg);
	if (ann_out_write(o, v->xml.p, v->xml.len) != ANN_OK) {
		voc_fail(v, ANN_FATAL, "%s", ann_out_errmsg(o));
		ann_out_abort(o);
		return ANN_FATAL;
	}
	if (ann_out_close(o, &e) != ANN_OK)
		return voc_fail(v, ANN_FATAL, "%s", e.msg);
	/* Its part's list, and trainval when that is train or val. */
	unsigned lists[2] = { v->part, v->nparts };
	for (int i = 0; i < (v->part < 2 ? 2 : 1); i++) {
		ann_out *l = v->list[lists[i]];
		if (ann_out_write(l, v->stem.p, v->stem.len) != ANN_OK ||
		    ann_out_write(l, "\n", 1) != ANN_OK)
			return voc_fail(v, ANN_FATAL, "%s", ann_out_errmsg(l));
	}
	v->inpart[v->part]++;
	return v->nparts >= 2 ? spill_image(v, it) : ANN_OK;
}

static ann_status
sink_task_end(void *self, const ann_sink_ctx *c, size_t nsets)
{
	ann_voc *v = self;
	ann_status st = ANN_OK;
	ann_error why;

	(void)c;
	(void)nsets;
	for (size_t i = 0; i < v->nitems && st == ANN_OK; i++) {
		struct voc_item *it = &v->items[i];
		if (it->ref.p == NULL)	/* no image: its regions were counted */
			continue;
		/* A multi-image task's image without regions: its file's size. */
		if (v->multi && (st = ann_media_item_size(it->ref, NULL, v->o.image_root,
		    &v->scratch, &it->w, &it->h, &why)) != ANN_OK) {
			if (st == ANN_FATAL)
				return voc_fail(v, st, "%s", why.msg);
			ann_skips_count(v->skips, ANN_SKIP_ITEM_NO_SIZE, ANN_KIND_OTHER);
			st = ANN_OK;
			continue;
		}
		st = write_image(v, it);
	}
	return st;
}

static ann_status sink_finish(void *self) { return ann_voc_finish(self); }
static const char *sink_errmsg(const void *self) { return ann_voc_errmsg(self); }

static const ann_sink_ops voc_sink = {
	sink_task, NULL, sink_region, NULL, sink_task_end, sink_finish, sink_errmsg
};

void
ann_voc_sink(ann_voc *v, ann_sink *s)
{
	s->ops = &voc_sink;
	s->self = v;
	s->sets = v->o.sets;
	/* One annotation file per image: one annotation of each task. */
	s->sets.newest = 1;
	s->err = NULL;
}

/*
 * Class name's file name part into b: as it is, but a '/' or a control
 * character becomes '_', so does a leading '.', and it is cut to
 * CLASS_FILE_MAX bytes (at a character's start); one that is then
 * another class's takes "_<the class's number>" (taken has the others).
 */
static int
class_file(ann_buf *b, const char *name, size_t number, ann_idset *taken)
{
	size_t n = strlen(name);

	if (n > CLASS_FILE_MAX) {
		n = CLASS_FILE_MAX;
		while (n > 0 && ((unsigned char)name[n] & 0xc0) == 0x80)
			n--;
	}
	if (ann_buf_clear_room(b, n + 1) == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];
		b->p[b->len++] = c == '/' || c < 0x20 || c == 0x7f || (i == 0 && c == '.') ?
		    '_' : (char)c;
	}
	if (n == 0)
		b->p[b->len++] = '_';
	b->p[b->len] = '\0';
	size_t base = b->len;
	for (unsigned long k = 0; ann_idset_has(taken, b->p, b->len); k++) {
		b->len = base;
		if ((k == 0 ? ann_buf_printf(b, "_%zu", number) :
		    ann_buf_printf(b, "_%zu_%lu", number, k)) != 0)
			return -1;
	}
	return ann_idset_add(taken, b->p, b->len) != ANN_OK ? -1 : 0;
}

/*
 * One pass over the spill for classes order[g0..g0+gn) (pos maps a class
 * index to its number): their lists, side by side, put in place together.
 * VOC's flag: 1 when the image holds the class, -1 when not (0, "only
 * difficult objects of it", never: every object here is not difficult).
 */
static ann_status
class_group(ann_voc *v, char **files, const size_t *pos, size_t g0, size_t gn)
{
	unsigned nlists = v->nparts + 1;
	ann_out_group *grp = ann_out_group_new(gn * nlists);
	ann_out *outs[CLASS_GROUP * MAX_LISTS];
	char in[CLASS_GROUP];
	ann_status st = ANN_OK;
	ann_buf *line = &v->xml;
	unsigned part;
	size_t nstem, ncls, k;

	if (grp == NULL)
		return voc_fail(v, ANN_FATAL, "out of memory");
	for (size_t j = 0; j < gn && st == ANN_OK; j++)
		for (unsigned l = 0; l < nlists && st == ANN_OK; l++) {
			v->scratch.len = 0;
			if (ann_buf_printf(&v->scratch, "%s/ImageSets/Main/%s_%s.txt", v->o.dir,
			    files[g0 + j], list_name(v, l)) != 0)
				st = voc_fail(v, ANN_FATAL, "out of memory");
			else if ((outs[j * nlists + l] = ann_out_group_add(grp, v->scratch.p,
			    0)) == NULL)
				st = voc_fail(v, ANN_FATAL, "%s: %s", ann_out_group_errname(grp),
				    ann_out_group_errmsg(grp));
		}
	if (st == ANN_OK && fseek(v->spill, 0, SEEK_SET) != 0)
		st = voc_fail(v, ANN_FATAL, "the per-class lists' temporary file: %s",
		    strerror(errno));
	while (st == ANN_OK && fscanf(v->spill, "%u %zu %zu", &part, &nstem, &ncls) == 3) {
		if (part >= v->nparts || getc(v->spill) != ':' ||
		    ann_buf_clear_room(line, nstem + 4) == NULL ||
		    fread(line->p, 1, nstem, v->spill) != nstem) {
			st = voc_fail(v, ANN_FATAL, "the per-class lists' temporary file "
			    "does not read back");
			break;
		}
		memset(in, 0, gn);
		for (size_t i = 0; i < ncls && st == ANN_OK; i++) {
			if (fscanf(v->spill, " %zu", &k) != 1 || k >= ann_categories_count(v->cats))
				st = voc_fail(v, ANN_FATAL, "the per-class lists' temporary "
				    "file does not read back");
			else if (pos[k] >= g0 && pos[k] < g0 + gn)
				in[pos[k] - g0] = 1;
		}
		for (size_t j = 0; j < gn && st == ANN_OK; j++) {
			/* "stem  1" or "stem -1", the flag two wide as in the devkit. */
			memcpy(line->p + nstem, in[j] ? "  1\n" : " -1\n", 4);
			ann_out *o = outs[j * nlists + part];
			if (ann_out_write(o, line->p, nstem + 4) != ANN_OK ||
			    (part < 2 && ann_out_write(outs[j * nlists + v->nparts], line->p,
			    nstem + 4) != ANN_OK))
				st = voc_fail(v, ANN_FATAL, "%s", ann_out_errmsg(o));
		}
	}
	if (st == ANN_OK && ferror(v->spill))
		st = voc_fail(v, ANN_FATAL, "the per-class lists' temporary file: %s",
		    strerror(errno));
	if (st == ANN_OK && ann_out_group_commit(grp) != ANN_OK)
		st = voc_fail(v, ANN_FATAL, "%s: %s", ann_out_group_errname(grp),
		    ann_out_group_errmsg(grp));
	ann_out_group_free(grp);
	return st;
}

/* <class>_<list>.txt for every class and list, CLASS_GROUP classes a pass. */
static ann_status
class_lists(ann_voc *v)
{
	size_t *order, n = ann_categories_count(v->cats);
	char **files = NULL;
	size_t *pos = NULL;
	ann_idset *taken = ann_idset_new();
	ann_status st = ANN_OK;

	if (taken == NULL || ann_categories_number(v->cats, &order) != ANN_OK) {
		ann_idset_free(taken);
		return voc_fail(v, ANN_FATAL, "out of memory");
	}
	if ((files = calloc(n + 1, sizeof *files)) == NULL ||
	    (pos = calloc(n + 1, sizeof *pos)) == NULL)
		st = voc_fail(v, ANN_FATAL, "out of memory");
	for (size_t i = 0; i < n && st == ANN_OK; i++) {
		pos[order[i]] = i;
		if (class_file(&v->stem, ann_categories_name(v->cats, order[i]), i, taken) != 0 ||
		    (files[i] = strdup(v->stem.p)) == NULL)
			st = voc_fail(v, ANN_FATAL, "out of memory");
	}
	/* No image at all: the spill was never made, and every list is empty. */
	if (st == ANN_OK && v->spill == NULL && (v->spill = ann__tmpfile(&v->err)) == NULL)
		st = ANN_FATAL;
	if (st == ANN_OK && fflush(v->spill) != 0)
		st = voc_fail(v, ANN_FATAL, "the per-class lists' temporary file: %s",
		    strerror(errno));
	for (size_t g0 = 0; g0 < n && st == ANN_OK; g0 += CLASS_GROUP)
		st = class_group(v, files, pos, g0, n - g0 < CLASS_GROUP ? n - g0 : CLASS_GROUP);
	for (size_t i = 0; files != NULL && i < n; i++)
		free(files[i]);
	free(files);
	free(pos);
	free(order);
	ann_idset_free(taken);
	return st;
}

ann_status
ann_voc_finish(ann_voc *v)
{
	size_t *order, n = ann_categories_count(v->cats);
	ann_status st = ANN_OK;
	ann_buf names = { 0 };
	ann_out *o = NULL;
	ann_error e;

	for (unsigned i = 0; i <= v->nparts && st == ANN_OK; i++) {
		o = v->list[i];
		v->list[i] = NULL;
		if (ann_out_close(o, &e) != ANN_OK)
			st = voc_fail(v, ANN_FATAL, "ImageSets/Main/%s.txt: %s",
			    list_name(v, i), e.msg);
	}
	if (st == ANN_OK && v->nparts >= 2)
		st = class_lists(v);
	if (st != ANN_OK)
		return st;
	/* labels.txt: the class names, one a line, in id order. */
	if (ann_categories_number(v->cats, &order) != ANN_OK)
		return voc_fail(v, ANN_FATAL, "out of memory");
	for (size_t i = 0; i < n && st == ANN_OK; i++) {
		const char *name = ann_categories_name(v->cats, order[i]);
		if (ann_buf_put(&names, name, strlen(name)) != 0 ||
		    ann_buf_put(&names, "\n", 1) != 0)
			st = voc_fail(v, ANN_FATAL, "out of memory");
	}
	free(order);
	const char *p = st == ANN_OK ? path_of(v, "labels.txt", NULL) : NULL;
	if (st == ANN_OK && p == NULL)
		st = voc_fail(v, ANN_FATAL, "out of memory");
	if (st == ANN_OK && (o = ann_out_create(p, 0, &e)) == NULL)
		st = voc_fail(v, ANN_FATAL, "%s: %s", p, e.msg);
	else if (st == ANN_OK) {
		if (names.len > 0 && ann_out_write(o, names.p, names.len) != ANN_OK) {
			st = voc_fail(v, ANN_FATAL, "%s", ann_out_errmsg(o));
			ann_out_abort(o);
		} else if (ann_out_close(o, &e) != ANN_OK)
			st = voc_fail(v, ANN_FATAL, "labels.txt: %s", e.msg);
	}
	ann_buf_free(&names);
	return st;
}

void
ann_voc_summary(const ann_voc *v, char *buf, size_t len)
{
	size_t ncls = ann_categories_count(v->cats);
	int n = snprintf(buf, len, "%llu %s, %llu %s (%llu without objects), "
	    "%llu %s, %zu %s", (unsigned long long)v->tasks,
	    ann__plural(v->tasks, "task", "tasks"), (unsigned long long)v->images,
	    ann__plural(v->images, "image", "images"), (unsigned long long)v->empty,
	    (unsigned long long)v->objects, ann__plural(v->objects, "object", "objects"),
	    ncls, ann__plural(ncls, "class", "classes"));
	n = ann_summary_more(buf, len, n, v->hulls, "rotated box as its upright hull",
	    "rotated boxes as their upright hull", "");
	n = ann_summary_more(buf, len, n, v->clipped, "region clipped to its image",
	    "regions clipped to their image", "");
	for (unsigned i = 0; v->nparts >= 2 && i < v->nparts && n > 0 && (size_t)n < len; i++)
		n += snprintf(buf + n, len - (size_t)n, "%s%llu in %s", i == 0 ? "; " : ", ",
		    (unsigned long long)v->inpart[i], part_names[i]);
}
