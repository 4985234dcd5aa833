/*
 * yolo_files.c: the YOLO dataset's files (ann_yolo.h): label files named
 * after their images, the images' lists or links, data.yaml, classes.txt
 * and notes.json.
 *
 * A file appears under its name only when complete: each is written
 * under NAME.tmp and renamed.  data.yaml, which Ultralytics opens first,
 * is written last, so a run that fails leaves no dataset that loads.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ann_core.h"
#include "ann_media.h"
#include "json_private.h"
#include "util_private.h"
#include "yolo_private.h"

const char *const ann__yolo_split_names[ANN_YOLO_MAX_SPLITS] = {
	"train", "val", "test"
};

static ann_status
mkdir_of(ann_yolo *y, const char *path)
{
	if (mkdir(path, 0777) != 0 && errno != EEXIST)
		return ann__yolo_fail(y, ANN_FATAL, "%s: %s", path, strerror(errno));
	return ANN_OK;
}

/* path, made in y->scratch: DIR/a/b (b may be NULL). */
static const char *
path_of(ann_yolo *y, const char *a, const char *b, const char *c)
{
	y->scratch.len = 0;
	if (ann_buf_printf(&y->scratch, "%s/%s%s%s%s%s", y->o.dir, a,
	    b != NULL ? "/" : "", b != NULL ? b : "", c != NULL ? "/" : "",
	    c != NULL ? c : "") != 0)
		return NULL;
	return y->scratch.p;
}

ann_status
ann__yolo_open(ann_yolo *y)
{
	const char *p;
	ann_error err;

	if (mkdir_of(y, y->o.dir) != ANN_OK)
		return ANN_FATAL;
	/* Links made absolute: they work wherever the dataset is read from. */
	if (y->o.image_root != NULL && realpath(y->o.image_root, y->root) == NULL)
		return ann__yolo_fail(y, ANN_FATAL, "--image-root %s: %s",
		    y->o.image_root, strerror(errno));
	for (unsigned i = 0; i < y->o.nsplits; i++) {
		const char *name = ann__yolo_split_names[i];
		if ((p = path_of(y, "labels", NULL, NULL)) == NULL || mkdir_of(y, p) != ANN_OK ||
		    (p = path_of(y, "labels", name, NULL)) == NULL || mkdir_of(y, p) != ANN_OK)
			return p == NULL ? ann__yolo_fail(y, ANN_FATAL, "out of memory") : ANN_FATAL;
		if (y->o.image_root != NULL) {
			if ((p = path_of(y, "images", NULL, NULL)) == NULL ||
			    mkdir_of(y, p) != ANN_OK ||
			    (p = path_of(y, "images", name, NULL)) == NULL ||
			    mkdir_of(y, p) != ANN_OK)
				return p == NULL ? ann__yolo_fail(y, ANN_FATAL,
				    "out of memory") : ANN_FATAL;
			continue;
		}
		char file[64];
		snprintf(file, sizeof file, "%s.txt", name);
		if ((p = path_of(y, file, NULL, NULL)) == NULL)
			return ann__yolo_fail(y, ANN_FATAL, "out of memory");
		if ((y->list[i] = ann_out_create(p, 0, &err)) == NULL)
			return ann__yolo_fail(y, ANN_FATAL, "%s: %s", p, err.msg);
	}
	return ANN_OK;
}

void
ann__yolo_close(ann_yolo *y)
{
	for (unsigned i = 0; i < ANN_YOLO_MAX_SPLITS; i++) {
		ann_out_abort(y->list[i]);	/* not finished: never in place */
		y->list[i] = NULL;
	}
	if (y->spill != NULL)
		fclose(y->spill);
	y->spill = NULL;
}

/* Write n bytes to path through path.tmp. */
static ann_status
write_file(ann_yolo *y, const char *path, const char *p, size_t n)
{
	char tmp[PATH_MAX];
	int fd;

	if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp)
		return ann__yolo_fail(y, ANN_FATAL, "%s: name too long", path);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666)) < 0)
		return ann__yolo_fail(y, ANN_FATAL, "%s: %s", tmp, strerror(errno));
	while (n > 0) {
		ssize_t k = write(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			ann__yolo_fail(y, ANN_FATAL, "%s: write error: %s", tmp, strerror(errno));
			close(fd);
			unlink(tmp);
			return ANN_FATAL;
		}
		p += k;
		n -= (size_t)k;
	}
	if (close(fd) != 0 || rename(tmp, path) != 0) {
		ann__yolo_fail(y, ANN_FATAL, "%s: %s", path, strerror(errno));
		unlink(tmp);
		return ANN_FATAL;
	}
	return ANN_OK;
}

/* The decoded image reference, NUL-terminated, in y->scratch. */
static char *
reference(ann_yolo *y, ann_json_val ref)
{
	char *s = ann_buf_clear_room(&y->scratch, ref.n);

	if (s != NULL)
		s[ann_json_str_decode(ref, s)] = '\0';
	return s;
}

ann_status
ann__yolo_stem(ann_yolo *y, ann_json_val ref, const char *taskid, size_t idlen)
{
	ann_buf *b = &y->stem;

	if (ann_media_stem(ref, &y->scratch, b) != 0)
		return ann__yolo_fail(y, ANN_FATAL, "out of memory");
	/* Two images with one base name get distinct stems (ann_media.h). */
	size_t base = b->len;
	for (unsigned long k = 1; ann_idset_has(y->stems, b->p, b->len); k++)
		if (ann_media_stem_other(b, base, taskid, idlen,
		    (unsigned long long)y->images, k) != 0)
			return ann__yolo_fail(y, ANN_FATAL, "out of memory");
	if (ann_idset_add(y->stems, b->p, b->len) != ANN_OK)
		return ann__yolo_fail(y, ANN_FATAL, "out of memory");
	return ANN_OK;
}

/* The image: a link in images/<split>/, or a line of <split>.txt. */
static ann_status
write_image(ann_yolo *y, ann_json_val ref)
{
	const char *split = ann__yolo_split_names[y->split];
	char link[PATH_MAX], target[PATH_MAX];
	char *s = reference(y, ref);

	if (s == NULL)
		return ann__yolo_fail(y, ANN_FATAL, "out of memory");
	if (y->o.image_root == NULL) {
		size_t n = strlen(s);
		s[n] = '\n';
		if (ann_out_write(y->list[y->split], s, n + 1) != ANN_OK)
			return ann__yolo_fail(y, ANN_FATAL, "%s", ann_out_errmsg(y->list[y->split]));
		return ANN_OK;
	}
	const char *base = ann_media_file_name(s, ANN_FILE_NAME_BASENAME);
	const char *dot = strrchr(base, '.');
	/*
	 * Ultralytics finds a label from its image's path (images/ for
	 * labels/, the extension for .txt): the link is named by the stem.
	 */
	if (snprintf(link, sizeof link, "%s/images/%s/%s%s", y->o.dir, split, y->stem.p,
	    dot != NULL && dot != base ? dot : "") >= (int)sizeof link ||
	    snprintf(target, sizeof target, "%s/%s", y->root, base) >= (int)sizeof target)
		return ann__yolo_fail(y, ANN_FATAL, "%s: name too long", base);
	/* A link from an earlier run is replaced. */
	if (symlink(target, link) != 0 && (errno != EEXIST || unlink(link) != 0 ||
	    symlink(target, link) != 0))
		return ann__yolo_fail(y, ANN_FATAL, "%s: %s", link, strerror(errno));
	return ANN_OK;
}

ann_status
ann__yolo_write_image(ann_yolo *y, const struct yolo_item *it)
{
	const char *split = ann__yolo_split_names[y->split];
	const ann_buf *lines = &it->lines;
	ann_status st;
	ann_error err;

	if (y->deferred) {
		/* "SPLIT STEM-LENGTH LINES-LENGTH\nSTEM LINES" until the ids are known. */
		if (y->spill == NULL && (y->spill = ann__tmpfile(&err)) == NULL)
			return ann__yolo_fail(y, ANN_FATAL, "%s", err.msg);
		char head[64];
		int k = snprintf(head, sizeof head, "%u %zu %zu\n", y->split, y->stem.len,
		    lines->len);
		if (fwrite(head, 1, (size_t)k, y->spill) != (size_t)k ||
		    fwrite(y->stem.p, 1, y->stem.len, y->spill) != y->stem.len ||
		    (lines->len > 0 &&	/* an empty buffer may have no storage */
		    fwrite(lines->p, 1, lines->len, y->spill) != lines->len))
			return ann__yolo_fail(y, ANN_FATAL, "temporary file: %s", strerror(errno));
	} else {
		if (path_of(y, "labels", split, y->stem.p) == NULL ||
		    ann_buf_put(&y->scratch, ".txt", 5) != 0)
			return ann__yolo_fail(y, ANN_FATAL, "out of memory");
		if ((st = write_file(y, y->scratch.p, lines->len ? lines->p : "",
		    lines->len)) != ANN_OK)
			return st;
	}
	return write_image(y, it->ref);
}

/* The spilled label files, with each class index made its id. */
static ann_status
copy_spill(ann_yolo *y)
{
	unsigned split;
	size_t nstem, nlines;
	ann_buf name = { 0 }, in = { 0 }, out = { 0 };
	ann_status st = ANN_OK;

	if (y->spill == NULL)
		return ANN_OK;
	if (fflush(y->spill) != 0 || fseek(y->spill, 0, SEEK_SET) != 0)
		return ann__yolo_fail(y, ANN_FATAL, "temporary file: %s", strerror(errno));
	while (st == ANN_OK && fscanf(y->spill, "%u %zu %zu\n", &split, &nstem, &nlines) == 3) {
		char *s = ann_buf_clear_room(&name, nstem), *l = ann_buf_clear_room(&in, nlines);
		if (s == NULL || l == NULL) {
			st = ann__yolo_fail(y, ANN_FATAL, "out of memory");
			break;
		}
		if (fread(s, 1, nstem, y->spill) != nstem || fread(l, 1, nlines, y->spill) != nlines ||
		    split >= y->o.nsplits) {
			st = ann__yolo_fail(y, ANN_FATAL, "temporary file: short read");
			break;
		}
		s[nstem] = '\0';
		out.len = 0;
		for (size_t i = 0; i < nlines && st == ANN_OK;) {
			char *end;
			unsigned long k = strtoul(l + i, &end, 10);
			char *nl = memchr(end, '\n', (size_t)(l + nlines - end));
			size_t rest = nl != NULL ? (size_t)(nl - end) + 1 : (size_t)(l + nlines - end);
			if (k >= ann_categories_count(y->cats) ||
			    ann_buf_printf(&out, "%ld", ann_categories_id(y->cats, k)) != 0 ||
			    ann_buf_put(&out, end, rest) != 0)
				st = ann__yolo_fail(y, ANN_FATAL, "out of memory");
			i = (size_t)(end - l) + rest;
		}
		if (st == ANN_OK && (path_of(y, "labels", ann__yolo_split_names[split], s) == NULL ||
		    ann_buf_put(&y->scratch, ".txt", 5) != 0))
			st = ann__yolo_fail(y, ANN_FATAL, "out of memory");
		if (st == ANN_OK)
			st = write_file(y, y->scratch.p, out.len ? out.p : "", out.len);
	}
	if (st == ANN_OK && ferror(y->spill))
		st = ann__yolo_fail(y, ANN_FATAL, "temporary file: %s", strerror(errno));
	ann_buf_free(&name);
	ann_buf_free(&in);
	ann_buf_free(&out);
	return st;
}

/* A YAML double-quoted scalar: any name, read back as it is. */
static int
yaml_string(ann_buf *b, const char *s)
{
	int bad = ann_buf_put(b, "\"", 1) != 0;

	for (; *s != '\0' && !bad; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			bad = ann_buf_printf(b, "\\%c", c) != 0;
		else if (c < 0x20 || c == 0x7f)
			bad = ann_buf_printf(b, "\\x%02x", c) != 0;
		else
			bad = ann_buf_put(b, s, 1) != 0;
	}
	return bad || ann_buf_put(b, "\"", 1) != 0 ? -1 : 0;
}

/*
 * The keypoint a pose flips a keypoint into: "left" and "right" swapped in
 * its name, when the pose has such a point; else itself.
 */
static size_t
flip_of(const ann_yolo *y, size_t k)
{
	static const char *const sides[][2] = {
		{ "left", "right" }, { "Left", "Right" }, { "LEFT", "RIGHT" }
	};
	const char *name = y->kp_names[k];
	char other[512];

	for (size_t s = 0; s < sizeof sides / sizeof *sides; s++)
		for (int d = 0; d < 2; d++) {
			const char *at = strstr(name, sides[s][d]);
			size_t pre, from = strlen(sides[s][d]);
			if (at == NULL)
				continue;
			pre = (size_t)(at - name);
			if (snprintf(other, sizeof other, "%.*s%s%s", (int)pre, name,
			    sides[s][!d], at + from) >= (int)sizeof other)
				continue;
			for (size_t j = 0; j < y->nkp; j++)
				if (strcmp(y->kp_names[j], other) == 0)
					return j;
		}
	return k;
}

/* Ultralytics' name for a class without one: an id the config skips. */
#define GAP_NAME "class_%ld"

ann_status
ann__yolo_write_dataset(ann_yolo *y)
{
	size_t *order, n = ann_categories_count(y->cats);
	ann_buf names = { 0 }, yaml = { 0 }, notes = { 0 };
	ann_status st = ANN_OK;
	ann_error err;
	char dir[PATH_MAX];
	long nc = 0;
	int bad = 0;

	if (ann_categories_number(y->cats, &order) != ANN_OK)
		return ann__yolo_fail(y, ANN_FATAL, "out of memory");
	if ((st = copy_spill(y)) != ANN_OK)
		goto done;
	for (unsigned i = 0; i < y->o.nsplits; i++)
		if (y->list[i] != NULL) {
			ann_out *o = y->list[i];
			y->list[i] = NULL;
			if (ann_out_close(o, &err) != ANN_OK) {
				st = ann__yolo_fail(y, ANN_FATAL, "%s.txt: %s",
				    ann__yolo_split_names[i], err.msg);
				goto done;
			}
		}
	/*
	 * Ultralytics wants classes 0 to nc-1 with a name each: ids a config
	 * leaves free get a placeholder name, in classes.txt too, so that its
	 * line number stays the id.
	 */
	bad = ann_buf_put(&notes, "{\"categories\":[", 15) != 0;
	for (size_t i = 0; i < n && !bad; i++) {
		long id = ann_categories_id(y->cats, order[i]);
		const char *name = ann_categories_name(y->cats, order[i]);
		for (; nc <= id && !bad; nc++) {
			size_t at = names.len;
			bad = (nc < id ? ann_buf_printf(&names, GAP_NAME, nc) :
			    ann_buf_put(&names, name, strlen(name))) != 0 ||
			    ann_buf_put(&names, "\n", 1) != 0 ||
			    ann_buf_printf(&notes, "%s{\"id\":%ld,\"name\":", nc ? "," : "", nc) != 0 ||
			    ann_buf_json_string(&notes, names.p + at, names.len - at - 1) != 0 ||
			    ann_buf_put(&notes, "}", 1) != 0;
		}
	}
	bad = bad || ann_buf_printf(&notes, "],\"info\":{\"version\":\"1.0\","
	    "\"contributor\":\"ann-toyolo\"}}\n") != 0;
	if (realpath(y->o.dir, dir) == NULL) {
		st = ann__yolo_fail(y, ANN_FATAL, "%s: %s", y->o.dir, strerror(errno));
		goto done;
	}
	bad = bad || ann_buf_put(&yaml, "path: ", 6) != 0 || yaml_string(&yaml, dir) != 0 ||
	    ann_buf_put(&yaml, "\n", 1) != 0;
	/* Without a split, val is train: Ultralytics wants one. */
	for (unsigned i = 0; i < (y->o.nsplits > 1 ? y->o.nsplits : 2) && !bad; i++) {
		const char *s = ann__yolo_split_names[i < y->o.nsplits ? i : 0];
		bad = y->o.image_root != NULL ?
		    ann_buf_printf(&yaml, "%s: images/%s\n", ann__yolo_split_names[i], s) != 0 :
		    ann_buf_printf(&yaml, "%s: %s.txt\n", ann__yolo_split_names[i], s) != 0;
	}
	bad = bad || ann_buf_printf(&yaml, "nc: %ld\nnames:\n", nc) != 0;
	for (size_t i = 0, at = 0; i < (size_t)nc && !bad; i++) {
		char *nl = memchr(names.p + at, '\n', names.len - at);
		*nl = '\0';
		bad = ann_buf_printf(&yaml, "  %zu: ", i) != 0 ||
		    yaml_string(&yaml, names.p + at) != 0 || ann_buf_put(&yaml, "\n", 1) != 0;
		*nl = '\n';
		at = (size_t)(nl - names.p) + 1;
	}
	if (y->o.task == ANN_YOLO_POSE && !bad) {
		bad = ann_buf_printf(&yaml, "kpt_shape: [%zu, 3]\nflip_idx: [", y->nkp) != 0;
		for (size_t k = 0; k < y->nkp && !bad; k++)
			bad = ann_buf_printf(&yaml, "%s%zu", k ? ", " : "", flip_of(y, k)) != 0;
		bad = bad || ann_buf_put(&yaml, "]\n", 2) != 0;
	}
	if (bad) {
		st = ann__yolo_fail(y, ANN_FATAL, "out of memory");
		goto done;
	}
	const char *p;
	if ((p = path_of(y, "classes.txt", NULL, NULL)) == NULL ||
	    (st = write_file(y, p, names.len ? names.p : "", names.len)) != ANN_OK ||
	    (p = path_of(y, "notes.json", NULL, NULL)) == NULL ||
	    (st = write_file(y, p, notes.p, notes.len)) != ANN_OK ||
	    (p = path_of(y, "data.yaml", NULL, NULL)) == NULL ||
	    (st = write_file(y, p, yaml.p, yaml.len)) != ANN_OK)
		st = p == NULL ? ann__yolo_fail(y, ANN_FATAL, "out of memory") : st;
done:
	free(order);
	ann_buf_free(&names);
	ann_buf_free(&yaml);
	ann_buf_free(&notes);
	return st;
}
