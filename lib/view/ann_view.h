/*
 * ann_view.h: one model of a task over both platforms.
 *
 * Given a record, the view says what shape it is (a Label Studio task, an
 * older completions task, a 2019 task, a Labelbox export v2 row or a legacy
 * v1 row) and exposes the task, its annotation sets (annotations, then
 * predictions; Labelbox labels per project) and their regions, all as
 * ann_json_val pointing into the record.
 *
 * Ownership: the view owns the arrays it hands out; they stay valid until
 * the next ann_view_load (for the task and annotations) or the next
 * ann_view_regions (for regions).  The values inside point into the record
 * (or, for 2019 tasks, into the view's decoded copy of their result), so
 * the record must outlive them.  Nothing is copied otherwise.
 */
#ifndef ANN_VIEW_H
#define ANN_VIEW_H

#include <stddef.h>

#include "ann_core.h"
#include "ann_reader.h"
#include "ann_json.h"

typedef enum {
	ANN_SHAPE_UNKNOWN = 0,
	ANN_SHAPE_LS_TASK,		/* Label Studio: annotations[] */
	ANN_SHAPE_LS_COMPLETIONS,	/* Label Studio before 1.0: completions[] */
	ANN_SHAPE_LS_2019,		/* {"task": {...}, "result": "<JSON text>"} */
	ANN_SHAPE_LABELBOX_V2,		/* data_row + projects */
	ANN_SHAPE_LABELBOX_V1		/* "DataRow ID" + "Label" */
} ann_shape;

typedef enum {
	ANN_KIND_OTHER = 0,	/* kept with its raw value, never dropped */
	ANN_KIND_RECTANGLE,
	ANN_KIND_POLYGON,
	ANN_KIND_POLYLINE,
	ANN_KIND_ELLIPSE,
	ANN_KIND_KEYPOINT,
	ANN_KIND_MASK,
	ANN_KIND_SPAN,		/* text span (offsets) or audio/time range */
	ANN_KIND_CHOICE,	/* choices, radio, checklist */
	ANN_KIND_TEXT,		/* free text answer */
	ANN_KIND_RATING,
	ANN_KIND_NUMBER,
	ANN_KIND_DATETIME,
	ANN_KIND_TAXONOMY,
	ANN_KIND_RELATION,
	ANN_KIND_VIDEO,		/* a box tracked over frames */
	ANN_KIND_SEGMENT,	/* a frame or time range of a video or timeline */
	ANN_KIND_PARAGRAPH,
	ANN_KIND_HYPERTEXT,	/* an HTML span given by XPaths */
	ANN_KIND_TIMESERIES,
	ANN_KIND_LAST = ANN_KIND_TIMESERIES
} ann_kind;

typedef struct ann_task {
	ann_shape shape;
	ann_json_val record;
	ann_json_val id;	/* Label Studio id; Labelbox data_row.id */
	ann_json_val data;	/* Label Studio data; Labelbox data_row */
	ann_json_val data_ref;	/* the image/text reference: first string of
				   data (Label Studio), row_data (Labelbox) */
	ann_json_val global_key;	/* Labelbox global_key or external id */
	ann_json_val created, updated;
	ann_json_val project;	/* Label Studio project id */
	ann_json_val dataset_id, dataset_name;	/* Labelbox */
	long width, height;	/* media size in pixels, -1 when unknown */
	int video;		/* a video: its regions lie in frames */
	ann_json_val mime_type;	/* Labelbox media_attributes.mime_type */
	/*
	 * The record's members its id is told by, as ann_task_id looks at
	 * them: "id", "data_row", "DataRow ID", "task" (ann_task_id_of).
	 */
	ann_json_val id_from[4];
} ann_task;

/* A project the task is in: Labelbox rows can be in several. */
typedef struct ann_project {
	ann_json_val id;	/* Labelbox project key; Label Studio "project" */
	ann_json_val name;
	ann_json_val status;	/* Labelbox workflow_status */
	ann_json_val batch_id, batch_name;
	ann_json_val labels;	/* Labelbox labels[] */
} ann_project;

typedef struct ann_annotation {
	int prediction;		/* a prediction rather than an annotation */
	ann_json_val raw;
	ann_json_val id;
	ann_json_val author;	/* completed_by (number or object), created_by */
	ann_json_val created, updated, lead_time;
	ann_json_val cancelled;	/* LS was_cancelled; Labelbox skipped */
	ann_json_val ground_truth;
	ann_json_val reviews;	/* LS reviews[]; Labelbox label_details.reviews */
	ann_json_val model_version, score;
	ann_json_val project, project_name, status;	/* Labelbox */
	ann_json_val result;	/* LS result[]; Labelbox annotations{} or Label{} */
} ann_annotation;

typedef struct ann_region {
	ann_kind kind;
	ann_json_val raw;	/* the result, object or classification */
	ann_json_val type;	/* LS type; Labelbox annotation_kind */
	ann_json_val id;	/* LS result id; Labelbox feature id */
	ann_json_val parent_id;	/* the object or answer a classification is
				   under; LS parentID (a keypoint's box) */
	ann_json_val from_name, to_name;	/* LS tags; Labelbox question name */
	ann_json_val schema_id;	/* Labelbox feature_schema_id */
	const ann_json_val *labels;	/* each a string (or a taxonomy path) */
	size_t nlabels;
	ann_json_val value;	/* LS value{}; Labelbox the object itself */
	ann_json_val text;	/* span text, text answer */
	ann_json_val points;	/* LS [[x%,y%]...]; Labelbox [{x,y}...]; video sequence */
	int points_pct;		/* points are in percent of the image */
	/*
	 * Box in the source's unit (percent for Label Studio, pixels for
	 * Labelbox); ann_geom.h resolves it into numbers in every unit.
	 */
	int has_box, box_pct;
	ann_json_val x, y, w, h, rotation;
	ann_json_val start, end;	/* span; end as the source has it */
	int end_inclusive;	/* Labelbox: end is the last character */
	ann_json_val start_offset, end_offset;	/* hypertext, paragraphs */
	ann_json_val score;
	ann_json_val frame;	/* Labelbox video frame */
	ann_json_val item;	/* LS item_index: the image of a valueList */
	ann_json_val from_id, to_id;	/* relations */
	long image_w, image_h;	/* -1 when unknown */
	int facets;		/* LS results with this id folded into it */
	int checklist;		/* Labelbox: a checklist's answers, however
				   many are ticked */
} ann_region;

typedef struct ann_view ann_view;

ann_view *ann_view_new(void);
void ann_view_free(ann_view *v);
/*
 * Look at a validated record.  ANN_OK, or ANN_FAILED when it has no known
 * shape (or a 2019 result that is not JSON), with ann_view_errmsg.
 */
ann_status ann_view_load(ann_view *v, const char *record, size_t len);
/* The same for a record from a reader opened with the index option: faster. */
ann_status ann_view_load_record(ann_view *v, const ann_record *rec);
const ann_task *ann_view_task(const ann_view *v);
/*
 * The task's id, the same as ann_task_id gives for its record
 * (ann_taskid.h), from the members the view found at load: the length,
 * or -1.
 */
long ann_task_id_of(const ann_task *t, char *buf, size_t cap);
/* The projects the task is in, in the order the record names them. */
size_t ann_view_projects(const ann_view *v, const ann_project **projects);
/*
 * The annotation sets: annotations first, then predictions.  ANN_OK, or
 * ANN_FAILED when out of memory.
 */
ann_status ann_view_annotations(ann_view *v, const ann_annotation **sets,
    size_t *n);
/* The regions of one annotation set, in the order the export has them. */
ann_status ann_view_regions(ann_view *v, const ann_annotation *a,
    const ann_region **regions, size_t *n);
const char *ann_view_errmsg(const ann_view *v);
/*
 * A cheap look at a record's top-level members for what is plainly not a
 * task: an error body a server sent in place of the export, or a page of
 * tasks (a member holding an array of them: "add --unwrap KEY").  -1 with
 * err saying which; 0 when it may be a task, as any shape not known here
 * may (a flat import task is only data).
 */
int ann_view_not_a_task(const char *record, size_t len, ann_error *err);
/*
 * Only regions of these kinds are wanted (a bit per ann_kind; 0, the
 * default, means all): the view may then leave the others out, and skip
 * the work of finding them.  Callers still check the kind of each region.
 */
void ann_view_want_kinds(ann_view *v, unsigned kinds);
/*
 * Whether the details are wanted (the default): a Labelbox row's dates and
 * dataset, its projects' workflow status and batch, and its labels'
 * author, dates, reviews, time spent and skipped flag.  They sit in
 * objects of their own, so a caller that needs none of them saves walking
 * those; without them the fields are absent.  Label Studio tasks carry
 * them beside what is always read, and always have them.
 */
void ann_view_want_details(ann_view *v, int want);

const char *ann_kind_name(ann_kind k);
/*
 * The kind of a Label Studio result type ("choices", "rectanglelabels"),
 * as the view gives its regions; ANN_KIND_OTHER when not known.  For a
 * sink that walks the results a region folds (ann_region.facets).
 */
ann_kind ann_view_ls_kind(ann_json_val type);
const char *ann_shape_name(ann_shape s);
/* "label-studio" or "labelbox". */
const char *ann_platform_name(ann_shape s);

/*
 * Is WHO the author of an annotation (ann_annotation.author): a user id
 * or an email, the email without regard to case.
 */
int ann_author_is(ann_json_val author, const char *who);

#endif /* ANN_VIEW_H */
