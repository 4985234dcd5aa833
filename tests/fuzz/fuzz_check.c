/*
 * fuzz_check.c: ann-check's rules over a task (lib/formats/check/), on
 * arbitrary bytes taken as one record and checked against the config of
 * tests/check/config.xml and a HyperText and a Paragraphs with their
 * labels (every kind of control; fuzz_config covers the
 * config reader).  The first byte picks the sets checked and --strict.
 *
 * What must hold: every problem reported names a rule of the table, a
 * severity, and a message, with a result index only where a set is
 * named; the counts are the problems reported; a record refused says why.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ann.h"
#include "ann_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char config[] =
	"<View>\n"
	"  <Image name=\"image\" value=\"$image\"/>\n"
	"  <RectangleLabels name=\"label\" toName=\"image\">\n"
	"    <Label value=\"Airplane\"/>\n"
	"    <Label value=\"Car\" alias=\"auto\"/>\n"
	"  </RectangleLabels>\n"
	"  <Choices name=\"choice\" toName=\"image\">\n"
	"    <Choice value=\"Boeing\"/>\n"
	"    <Choice value=\"Airbus\"/>\n"
	"  </Choices>\n"
	"  <Choices name=\"tags\" toName=\"image\" choice=\"multiple\">\n"
	"    <Choice value=\"day\"/>\n"
	"    <Choice value=\"night\"/>\n"
	"  </Choices>\n"
	"  <Taxonomy name=\"taxonomy\" toName=\"image\">\n"
	"    <Choice value=\"Vehicle\">\n"
	"      <Choice value=\"Car\"/>\n"
	"      <Choice value=\"Plane\"/>\n"
	"    </Choice>\n"
	"    <Choice value=\"Animal\"/>\n"
	"  </Taxonomy>\n"
	"  <Rectangle name=\"rect\" toName=\"image\"/>\n"
	"  <Polygon name=\"poly\" toName=\"image\"/>\n"
	"  <Ellipse name=\"ellipse\" toName=\"image\"/>\n"
	"  <KeyPoint name=\"kp\" toName=\"image\"/>\n"
	"  <BrushLabels name=\"brush\" toName=\"image\">\n"
	"    <Label value=\"Sky\"/>\n"
	"  </BrushLabels>\n"
	"  <Labels name=\"generic\" toName=\"image\">\n"
	"    <Label value=\"Text\"/>\n"
	"  </Labels>\n"
	"  <Text name=\"text\" value=\"$text\"/>\n"
	"  <Labels name=\"ner\" toName=\"text\">\n"
	"    <Label value=\"Person\"/>\n"
	"    <Label value=\"Place\"/>\n"
	"  </Labels>\n"
	"  <Rating name=\"stars\" toName=\"text\" maxRating=\"10\"/>\n"
	"  <Rating name=\"fivestars\" toName=\"text\"/>\n"
	"  <Number name=\"count\" toName=\"text\" min=\"0\" max=\"10\"/>\n"
	"  <TextArea name=\"answer\" toName=\"text\"/>\n"
	"  <DateTime name=\"when\" toName=\"text\" only=\"date\"/>\n"
	"  <DateTime name=\"at\" toName=\"text\"/>\n"
	"  <DateTime name=\"hour\" toName=\"text\" only=\"time\"/>\n"
	"  <Relations>\n"
	"    <Relation value=\"near\"/>\n"
	"  </Relations>\n"
	"  <HyperText name=\"page\" value=\"$html\"/>\n"
	"  <HyperTextLabels name=\"hl\" toName=\"page\">\n"
	"    <Label value=\"Name\"/>\n"
	"  </HyperTextLabels>\n"
	"  <Paragraphs name=\"dialogue\" value=\"$dialogue\" textKey=\"line\"/>\n"
	"  <ParagraphLabels name=\"pl\" toName=\"dialogue\">\n"
	"    <Label value=\"Question\"/>\n"
	"  </ParagraphLabels>\n"
	"</View>\n"
;

static uint64_t reported[ANN_RULE_N][2];

static void
on_problem(void *ctx, const ann_check_problem *p)
{
	(void)ctx;
	if ((unsigned)p->rule >= ANN_RULE_N ||
	    (p->severity != ANN_CHECK_ERROR && p->severity != ANN_CHECK_WARNING) ||
	    p->message == NULL || p->message[0] == '\0' || p->where == NULL ||
	    p->set_kind < 0 || p->set_kind > 2 || (p->result >= 0 && p->set_kind == 0))
		abort();
	/* The message is text that can go on one line of a report. */
	if (strchr(p->message, '\n') != NULL || strchr(p->where, '\n') != NULL)
		abort();
	reported[p->rule][p->severity]++;
}

static ann_labelconfig *
read_config(void)
{
	char path[64];
	ann_error err;
	int fd = memfd_create("config", 0);

	if (fd < 0 || write(fd, config, sizeof config - 1) != (ssize_t)(sizeof config - 1))
		abort();
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	ann_labelconfig *c = ann_labelconfig_read_all(path, &err);
	close(fd);
	if (c == NULL)
		abort();
	return c;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static ann_labelconfig *cfg;
	static ann_view *view;
	static const unsigned from[] = { ANN_SETS_BOTH, ANN_SETS_ANNOTATIONS,
	    ANN_SETS_PREDICTIONS, ANN_SETS_BOTH };
	ann_check_opts o = { .report = on_problem };
	ann_error err;
	ann_skips skips;
	ann_json_val root;
	ann_sink sink;

	if (size == 0)
		return 0;
	if (cfg == NULL && (cfg = read_config()) == NULL)
		abort();
	if (view == NULL && (view = ann_view_new()) == NULL)
		abort();
	o.config = cfg;
	o.sets.from = from[data[0] & 3];
	o.strict = (data[0] & 4) != 0;
	data++;
	size--;
	if (ann_json_parse((const char *)data, size, &root, NULL, NULL) != 0)
		return 0;	/* the reader hands out only JSON */

	ann_check *k = ann_check_new(&o, &err);
	if (k == NULL)
		abort();
	ann_check_sink(k, &sink);
	memset(&skips, 0, sizeof skips);
	memset(reported, 0, sizeof reported);
	/* As the reader hands out a record: the value, no white space round it. */
	ann_record rec = { .data = root.p, .len = root.n, .number = 1 };
	ann_status st = ann_check_record(k, &sink, view, &skips, &rec);
	if (st != ANN_OK && st != ANN_WARN && ann_sink_errmsg(&sink)[0] == '\0')
		abort();	/* a record refused says why */
	const ann_check_counts *n = ann_check_counted(k);
	for (int r = 0; r < ANN_RULE_N; r++)
		for (int s = 0; s < 2; s++)
			if (n->problems[r][s] != reported[r][s] ||
			    (o.strict && s == ANN_CHECK_WARNING && reported[r][s] != 0))
				abort();	/* counted as reported; --strict: no warnings */
	ann_check_free(k);
	return 0;
}
