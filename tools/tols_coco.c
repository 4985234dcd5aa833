/*
 * tols_coco.c: ann-tols from COCO (a dataset, or a results array with the
 * dataset its images are in) or from a YOLO dataset folder: both fill the
 * ann_tols handle (ann_tols.h), which writes the tasks and the config.
 */
#include <errno.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ann.h"
#include "ann_tols.h"
#include "cli.h"
#include "pmap.h"
#include "tols_cli.h"

static const char *prog = TOLS_PROG;

/* Report t's error on input name. */
static void
report(const ann_tols *t, const char *name)
{
	uint64_t byte;

	if (name != NULL && ann_tols_errbyte(t, &byte))
		fprintf(stderr, "%s: %s (byte %llu): %s\n", prog, name,
		    (unsigned long long)byte, ann_tols_errmsg(t));
	else if (name != NULL)
		fprintf(stderr, "%s: %s: %s\n", prog, name, ann_tols_errmsg(t));
	else
		fprintf(stderr, "%s: %s\n", prog, ann_tols_errmsg(t));
}

/* Read one COCO input ("-" is standard input). */
static ann_status
read_input(ann_tols *t, const char *path, int annotations)
{
	const char *name;
	int fd = tols_open(path, &name);
	ann_status st;

	if (fd < 0)
		return ANN_FATAL;
	st = ann_tols_read_coco(t, fd, name, annotations);
	tols_close(path, fd);
	if (st != ANN_OK)
		report(t, name);
	return st;
}

/* A YOLO image skipped, named (the first CLI_NAMED; all are counted). */
static void
name_skip(void *ctx, const char *what)
{
	unsigned long *named = ctx;

	if ((*named)++ < CLI_NAMED)
		fprintf(stderr, "%s: %s\n", prog, what);
}

/* The config, whole or not at all: a temporary file renamed into place. */
static int
write_config(ann_tols *t, const char *path)
{
	size_t n = strlen(path) + 16;
	char *tmp = malloc(n);
	FILE *f = NULL;
	int fd = -1;

	if (tmp == NULL)
		goto fail;
	snprintf(tmp, n, "%s.tmpXXXXXX", path);
	if ((fd = mkstemp(tmp)) < 0 || (f = fdopen(fd, "w")) == NULL)
		goto fail;
	fd = -1;
	if (ann_tols_config(t, tols_write_file, f) != ANN_OK) {
		report(t, path);
		goto drop;
	}
	if (fchmod(fileno(f), 0644) != 0 || ferror(f) || fclose(f) != 0) {
		f = NULL;
		goto fail;
	}
	f = NULL;
	if (rename(tmp, path) != 0)
		goto fail;
	free(tmp);
	return 0;
fail:
	fprintf(stderr, "%s: --config-out %s: %s\n", prog, path, strerror(errno));
drop:
	if (f != NULL)
		fclose(f);
	if (fd >= 0)
		close(fd);
	if (tmp != NULL)
		unlink(tmp);
	free(tmp);
	return -1;
}

/*
 * The tasks, made on two threads and written in order (pmap.h): this
 * thread reads each image's annotations back as a job and writes what
 * comes back; a worker, and this thread when the worker falls behind,
 * each with a writer of its own, turn jobs into tasks.  Masks make most
 * of a COCO file's work, and each image's are its own.
 */
struct maker {
	ann_tols *w;
	ann_skips skips;
};

struct making {
	ann_tols *t;
	ann_skips *skips;
	ann_buf out;
	ann_status st;		/* the first failure: nothing is written after it */
};

static ann_status
make_task(void *ctx, const ann_record *rec, ann_buf *out)
{
	struct maker *m = ctx;

	return ann_tols_do_job(m->w, rec->data, rec->len, out, &m->skips);
}

static ann_status
write_task(void *ctx, const ann_record *rec, const char *out, size_t len)
{
	struct making *k = ctx;

	(void)rec;
	if (k->st == ANN_OK && tols_write_file(stdout, out, len) != 0)
		k->st = ANN_FATAL;	/* said by tols_flush_stdout */
	return k->st;
}

/* A job a writer refused, done again here, where its failure is said. */
static ann_status
make_here(void *ctx, const ann_record *rec)
{
	struct making *k = ctx;
	ann_status st;

	if (k->st != ANN_OK)
		return k->st;
	k->out.len = 0;
	if ((st = ann_tols_do_job(k->t, rec->data, rec->len, &k->out, k->skips)) != ANN_OK) {
		report(k->t, NULL);
		return k->st = st;
	}
	return write_task(k, rec, k->out.p, k->out.len);
}

static ann_status
write_tasks(ann_tols *t, ann_skips *skips)
{
	struct maker m[2];
	void *work_ctx[2] = { &m[0], &m[1] };
	struct making k = { t, skips, { 0 }, ANN_OK };
	pmap_opts po = { .work = make_task, .work_ctx = work_ctx, .threads = 1,
	    .emit = write_task, .direct = make_here, .ctx = &k };
	ann_buf job = { 0 };
	ann_status st;
	pmap *pm = NULL;
	size_t n;

	memset(m, 0, sizeof m);
	if ((st = ann_tols_jobs(t, &n, skips)) != ANN_OK) {
		report(t, NULL);
		return st;
	}
	if ((m[0].w = ann_tols_writer(t)) == NULL || (m[1].w = ann_tols_writer(t)) == NULL ||
	    (pm = pmap_new(&po)) == NULL) {
		fprintf(stderr, "%s: out of memory\n", prog);
		st = ANN_FATAL;
		goto done;
	}
	for (size_t i = 0; i < n && st == ANN_OK; i++) {
		ann_record rec = { 0 };
		if ((st = ann_tols_job(t, i, &job, skips)) == ANN_WARN) {
			st = ANN_OK;
			continue;
		}
		if (st != ANN_OK) {
			report(t, NULL);
			break;
		}
		rec.data = job.p;
		rec.len = job.len;
		rec.number = i + 1;
		st = pmap_push_sized(pm, &rec, ann_tols_job_size(job.p, job.len));
	}
	if (st == ANN_OK)
		st = pmap_flush(pm);
done:
	pmap_free(pm);
	for (int i = 0; i < 2; i++) {
		ann_skips_add(skips, &m[i].skips);
		ann_tols_writer_join(m[i].w);
	}
	ann_buf_free(&job);
	ann_buf_free(&k.out);
	return st != ANN_OK ? st : k.st;
}

/*
 * The dataset's images (and categories) first, its annotations left out;
 * then the annotations or results of each file, the tasks, the config.
 */
int
tols_run_coco(const ann_tols_opts *opts, int yolo, const char *images,
    const char *config_out, char **argv, int argc, int quiet)
{
	ann_tols_opts o = *opts;
	unsigned long named = 0;
	char summary[1024];
	ann_skips skips;
	ann_tols *t;
	ann_error err;
	ann_status st = ANN_OK;

	memset(&skips, 0, sizeof skips);
	/*
	 * Tasks are kilobytes: stdio's block of a page wrote each by itself.
	 * (glibc takes a size only with a buffer: without one it keeps a page.)
	 */
	static char outbuf[1u << 20];
	(void)setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
	if (!quiet) {
		o.note_skip = name_skip;
		o.note_ctx = &named;
	}
	if ((t = ann_tols_new(&o, &err)) == NULL) {
		fprintf(stderr, "%s: %s\n", prog, err.msg);
		return ANN_EXIT_ERROR;
	}
	if (yolo) {
		/* Its tasks are written as it is read; ann_tols_write has none left. */
		if ((st = ann_tols_read_yolo(t, argv[0], tols_write_file, stdout, &skips)) != ANN_OK)
			report(t, NULL);
		argc = 0;
	} else if (images != NULL)
		st = read_input(t, images, 0);
	for (int i = 0; st == ANN_OK && i < argc; i++)
		st = read_input(t, argv[i], 1);
	if (st == ANN_OK)
		st = write_tasks(t, &skips);
	if (st == ANN_OK && config_out != NULL && write_config(t, config_out) != 0)
		st = ANN_FATAL;
	if (st == ANN_OK && !quiet) {
		size_t n;
		ann_tols_summary(t, summary, sizeof summary);
		n = strlen(summary);
		ann_skips_format(&skips, summary, sizeof summary, &n);
		fprintf(stderr, "%s: %s\n", prog, summary);
	}
	ann_tols_free(t);
	if (tols_flush_stdout() != 0)
		st = ANN_FATAL;
	return st != ANN_OK ? ANN_EXIT_ERROR : ANN_EXIT_OK;
}
