/*
 * gen-export - write a deterministic synthetic labeling export to stdout.
 *
 * Benchmarks need exports far larger than any sample we can ship, shaped like
 * the real ones (Label Studio JSON export, Labelbox export v2 NDJSON), and
 * byte-identical from run to run so timings compare.  Every choice comes from
 * a splitmix64 stream seeded by --seed; nothing reads the clock or the
 * environment.  Numbers and strings are formatted by hand into one large
 * buffer: printf per value would make generating 1 GB take minutes, not
 * seconds.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void die(const char *fmt, ...)
{
	va_list ap;
	fputs("gen-export: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

/* ---- output: our own 4 MiB buffer, handed to fwrite whole ---- */

#define OBUF (4u << 20)
static char obuf[OBUF];
static size_t olen;
static uint64_t oflushed;

static void oflush(void)
{
	if (olen && fwrite(obuf, 1, olen, stdout) != olen)
		die("write error: %s", strerror(errno));
	oflushed += olen;
	olen = 0;
}

static uint64_t opos(void) { return oflushed + olen; }

static void put(const char *s, size_t n)
{
	if (OBUF - olen < n)
		oflush();
	memcpy(obuf + olen, s, n); /* no single piece comes near OBUF */
	olen += n;
}
#define PUT(lit) put(lit, sizeof(lit) - 1)

/*
 * ---- JSON emitter ----
 * Pretty mode reproduces Python's json.dump(indent=2): each item on its own
 * line after a bare ",", ": " after keys, and empty containers kept as "[]"
 * and "{}".  Compact mode is separators=(',', ':').  Top-level framing (the
 * array, or one record per line) is left to main().
 */
static int pretty, depth, afterkey;
static unsigned char has[64];	/* container at this depth has items */
static char nlsp[1 + 2 * 63];	/* "\n" + indentation, sliced per depth */

static void sep(void)
{
	if (depth == 0)
		return;
	if (has[depth])
		PUT(",");
	has[depth] = 1;
	if (pretty)
		put(nlsp, 1 + 2 * (size_t)depth);
}

/* a value right after its key needs no separator */
static void pre(void) { if (afterkey) afterkey = 0; else sep(); }

static void key(const char *k, size_t n)
{
	sep();
	PUT("\"");
	put(k, n);
	put("\": ", pretty ? 3 : 2);
	afterkey = 1;
}
#define K(lit) key(lit, sizeof(lit) - 1)

static void open_(char c) { pre(); put(&c, 1); has[++depth] = 0; }
static void close_(char c)
{
	if (has[depth] && pretty)
		put(nlsp, 1 + 2 * (size_t)(depth - 1));
	depth--;
	put(&c, 1);
}
#define OBEG() open_('{')
#define OEND() close_('}')
#define ABEG() open_('[')
#define AEND() close_(']')

static void vlit(const char *s, size_t n) { pre(); put(s, n); }
#define VLIT(lit) vlit(lit, sizeof(lit) - 1)
#define VBOOL(b) ((b) ? VLIT("true") : VLIT("false"))

/* s must already be JSON-escaped */
static void vstr(const char *s) { pre(); PUT("\""); put(s, strlen(s)); PUT("\""); }

static void vint(uint64_t v)
{
	char t[20];
	int i = 20;
	do
		t[--i] = (char)('0' + v % 10);
	while (v /= 10);
	pre();
	put(t + i, (size_t)(20 - i));
}

/* v >= 0 with nd decimals, trailing zeros trimmed but one kept ("295.0") */
static void vfix(double v, int nd)
{
	static const uint64_t p10[] = { 1, 10, 100, 1000, 10000, 100000,
		1000000, 10000000, 100000000, 1000000000, 10000000000,
		100000000000, 1000000000000, 10000000000000, 100000000000000 };
	uint64_t m = (uint64_t)(v * (double)p10[nd] + 0.5);
	uint64_t fr = m % p10[nd];
	char t[24];
	int i;

	vint(m / p10[nd]);
	t[0] = '.';
	for (i = nd; i > 0; i--, fr /= 10)
		t[i] = (char)('0' + fr % 10);
	for (i = nd; i > 1 && t[i] == '0'; i--)
		;
	put(t, (size_t)i + 1);
}
/*
 * 15 significant digits: long like Python's repr of a computed percentage,
 * yet short enough that repr(float(text)) == text, so a json.load/json.dump
 * round trip reproduces our bytes.
 */
static void vreal(double v) { vfix(v, v < 10 ? 14 : v < 100 ? 13 : 12); }

/* ---- randomness ---- */

static uint64_t rs;
static uint64_t rnd(void)
{
	uint64_t z = (rs += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}
static unsigned rn(unsigned n) { return (unsigned)(((rnd() >> 32) * n) >> 32); }
static double ru(void) { return (double)(rnd() >> 11) * 0x1.0p-53; }
#define PICK(arr) (arr)[rn(sizeof(arr) / sizeof((arr)[0]))]

/* Label Studio region ids: 10 chars of [A-Za-z0-9_-] */
static void ls_id(char *o)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	uint64_t r = rnd();
	for (int i = 0; i < 10; i++, r >>= 6)
		o[i] = a[r & 63];
	o[10] = 0;
}

/* Labelbox cuids: "cl" + 23 base-36 chars */
static void cuid(char *o)
{
	static const char a[] = "0123456789abcdefghijklmnopqrstuvwxyz";
	o[0] = 'c', o[1] = 'l';
	for (int i = 2; i < 25; i++)
		o[i] = a[rn(36)];
	o[25] = 0;
}

static void uuid4(char *o)
{
	static const char hx[] = "0123456789abcdef";
	uint64_t r[2] = { rnd(), rnd() };
	int j = 0;
	for (int i = 0; i < 32; i++) {
		unsigned d = (unsigned)(r[i / 16] >> (4 * (i % 16))) & 15;
		if (i == 12)
			d = 4;
		if (i == 16)
			d = 8 | (d & 3);
		if (i == 8 || i == 12 || i == 16 || i == 20)
			o[j++] = '-';
		o[j++] = hx[d];
	}
	o[j] = 0;
}

/* ---- timestamps: microseconds since 2023-01-01T00:00:00Z ---- */

static uint64_t clk;
static int leap(unsigned y) { return y % 4 == 0 && (y % 100 || y % 400 == 0); }

/* ls: 2024-05-07T12:34:36.829143Z   lb: 2024-05-07T12:34:36.829+00:00 */
static void vtime(uint64_t us, int lb)
{
	static const unsigned char mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	uint64_t s = us / 1000000, day = s / 86400, sod = s % 86400;
	unsigned y = 2023, m = 0, frac = (unsigned)(us % 1000000);
	char t[40];
	int n;

	for (;;) {
		unsigned ylen = 365u + (unsigned)leap(y);
		if (day < ylen)
			break;
		day -= ylen;
		y++;
	}
	for (;; m++) {
		unsigned ml = mdays[m] + (unsigned)(m == 1 && leap(y));
		if (day < ml)
			break;
		day -= ml;
	}
	if (lb)
		n = sprintf(t, "%04u-%02u-%02uT%02u:%02u:%02u.%03u+00:00", y, m + 1,
		    (unsigned)day + 1, (unsigned)(sod / 3600), (unsigned)(sod / 60 % 60),
		    (unsigned)(sod % 60), frac / 1000);
	else
		n = sprintf(t, "%04u-%02u-%02uT%02u:%02u:%02u.%06uZ", y, m + 1,
		    (unsigned)day + 1, (unsigned)(sod / 3600), (unsigned)(sod / 60 % 60),
		    (unsigned)(sod % 60), frac);
	pre();
	PUT("\"");
	put(t, (size_t)n);
	PUT("\"");
}

/*
 * ---- captions ----
 * Free text carries the awkward strings: quotes, backslashes, newlines,
 * accents, CJK and an astral emoji.  Each is escaped once at startup both
 * raw-UTF-8 style (ensure_ascii=False) and \uXXXX style, and its words become
 * ready-made NER spans with code-point offsets.
 */
static const char *const captions[] = {
	"Two cyclists wait at the light outside Café Rouge on Rue Lepic.",
	"Night shot near 東京駅; the sign reads \"出口 / Exit\" above the stairs.",
	"Delivery van double-parked on Main St. \xe2\x80\x94 driver says \"just 5 minutes\".",
	"Path on the camera card: D:\\DCIM\\100_0412\\IMG_0412.JPG",
	"Crossing guard in a yellow vest.\nSecond line: school zone, 30 km/h.",
	"Façade of the Musée d'Orsay seen from the Seine at dusk.",
	"Bus 42 to Zürich Hauptbahnhof pulls away from the stop.",
	"Rain-soaked intersection in São Paulo, taxis queued at the light.",
	"Market stall selling crème brûlée and jalapeño tacos in Austin.",
	"Reviewer note: \"check the occluded car behind the truck\" \xe2\x80\x94 Ana María",
	"Bike lane marking \xf0\x9f\x9a\xb2 near the 渋谷 scramble crossing at noon.",
	"Wet cobblestones in Kraków after the storm, street lamps still on.",
};
#define NCAP (sizeof(captions) / sizeof(captions[0]))
#define MAXSPAN 8

struct span { unsigned start, end; char text[96]; };
static struct cap {
	char raw[512], ascii[1024];
	int nspan;
	struct span span[MAXSPAN];
} cap[NCAP];

static size_t jesc(char *o, const char *s, size_t n, int ascii)
{
	size_t k = 0;
	for (size_t i = 0; i < n;) {
		unsigned c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			o[k++] = '\\', o[k++] = (char)c, i++;
		} else if (c == '\n') {
			o[k++] = '\\', o[k++] = 'n', i++;
		} else if (c < 0x20) {
			k += (size_t)sprintf(o + k, "\\u%04x", c), i++;
		} else if (c < 0x80 || !ascii) {
			o[k++] = (char)c, i++;
		} else {
			int len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
			unsigned cp = c & (0x7f >> len);
			for (size_t j = 1; j < (size_t)len; j++)
				cp = cp << 6 | ((unsigned char)s[i + j] & 0x3fu);
			i += (size_t)len;
			if (cp > 0xffff) {
				cp -= 0x10000;
				k += (size_t)sprintf(o + k, "\\u%04x", 0xd800 | cp >> 10);
				cp = 0xdc00 | (cp & 0x3ff);
			}
			k += (size_t)sprintf(o + k, "\\u%04x", cp);
		}
	}
	o[k] = 0;
	return k;
}

static int wordbyte(unsigned char c)
{
	return c >= 0x80 || (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z');
}

static void init_captions(void)
{
	for (size_t c = 0; c < NCAP; c++) {
		const char *s = captions[c];
		size_t n = strlen(s), i = 0;
		unsigned cp = 0;	/* code points before s[i] */
		jesc(cap[c].raw, s, n, 0);
		jesc(cap[c].ascii, s, n, 1);
		while (i < n && cap[c].nspan < MAXSPAN) {
			size_t b = i;
			unsigned cb = cp;
			while (i < n && wordbyte((unsigned char)s[i]))
				cp += ((unsigned char)s[i++] & 0xc0) != 0x80;
			if (cp - cb >= 4) {
				struct span *sp = &cap[c].span[cap[c].nspan++];
				sp->start = cb, sp->end = cp;
				jesc(sp->text, s + b, i - b, 0);
			}
			if (i < n && i == b)
				cp += ((unsigned char)s[i++] & 0xc0) != 0x80;
		}
	}
}

/* ---- Label Studio ---- */

static const char *const rect_lbl[] = { "Car", "Pedestrian", "Cyclist", "Traffic Light", "Bus", "Truck", "Sign" };
static const char *const poly_lbl[] = { "Road", "Sidewalk", "Building", "Vegetation", "Sky" };
static const char *const brush_lbl[] = { "Person", "Vehicle", "Road" };
static const char *const kp_lbl[] = { "nose", "left_eye", "right_eye", "left_shoulder", "right_shoulder", "left_hip", "right_hip" };
static const char *const scene[] = { "Daytime", "Night", "Dusk", "Rain", "Fog" };
static const char *const ner[] = { "Person", "Organization", "Location", "Date", "Misc" };
static const char *const origin[] = { "manual", "manual", "manual", "prediction", "prediction-changed" };
static const char *const models[] = { "yolov8m-2024.05", "yolov8m-2024.09", "sam-vit-b \\\"ft\\\" v3", "detr-r50@4" };
static const char *const ago[] = { "3 hours", "2 days, 4 hours", "3 weeks, 1 day", "1 month" };
static const unsigned imgsz[][2] = { { 1920, 1080 }, { 1280, 720 }, { 4032, 3024 }, { 640, 480 }, { 1024, 768 } };

static unsigned project, img_w, img_h, rot;
static const struct cap *tcap;
static uint64_t task_id, ann_id, pred_id;

/* the "<type>": ["Label"] list every value ends with */
#define LABELS(k, v) (K(k), ABEG(), vstr(v), AEND())

/*
 * A brush mask as Label Studio stores it, decodable: the image's RGBA
 * words (8 bits each, run sizes 3, 4, 8, 16), background with `blobs`
 * foreground runs, packed MSB first as mask2rle packs them.
 */
static uint32_t bit_acc;
static unsigned bit_n;

static void bits(uint32_t v, unsigned n)
{
	while (n-- > 0) {
		bit_acc = bit_acc << 1 | (v >> n & 1);
		if (++bit_n == 8) {
			vint(bit_acc);
			bit_acc = bit_n = 0;
		}
	}
}

static void run(uint64_t words, unsigned value)
{
	while (words > 0) {
		uint64_t n = words > 65536 ? 65536 : words;
		bits(1, 1); bits(3, 2); bits((uint32_t)(n - 1), 16); bits(value, 8);
		words -= n;
	}
}

/*
 * Up to `blobs` rectangles, one per horizontal band, as a brush stroke
 * looks to the codec: per row a background run, a foreground run and
 * background again, so that both Label Studio's row-major runs and COCO's
 * column-major ones stay as few as in a real mask.
 */
static void brush_rle(unsigned blobs)
{
	uint64_t num = (uint64_t)img_w * img_h * 4, pending = 0;
	unsigned band = img_h / blobs, x0 = 0, x1 = 0, y0 = 0, y1 = 0;

	bits((uint32_t)num, 32);
	bits(7, 5); bits(2, 4); bits(3, 4); bits(7, 4); bits(15, 4);
	for (unsigned y = 0; y < img_h; y++) {
		if (band > 0 && y % band == 0 && y / band < blobs) {
			x0 = rn(img_w / 2);
			x1 = x0 + 1 + rn(img_w - x0 - 1);
			y0 = y + rn(band / 2 + 1);
			y1 = y0 + 1 + rn(band - (y0 - y));
		}
		if (y < y0 || y >= y1) {
			pending += 4 * (uint64_t)img_w;
			continue;
		}
		run(pending + 4 * (uint64_t)x0, 0);
		run(4 * (uint64_t)(x1 - x0), 255);
		pending = 4 * (uint64_t)(img_w - x1);
	}
	run(pending, 0);
	bits(0, 8 - bit_n);	/* the zero padding mask2rle ends with */
}

/* One result region.  score >= 0 marks a prediction region. */
static void ls_region(double score, int *had_choice)
{
	unsigned kind = rn(100);
	char id[11];
	const char *type, *from, *to = "image";

	if (kind >= 94 && *had_choice)
		kind = 0;	/* one Choices per result list, like a real config */
	ls_id(id);
	OBEG();
	if (kind < 82) {	/* every image region carries the image geometry */
		K("original_width"); vint(img_w);
		K("original_height"); vint(img_h);
		K("image_rotation"); vint(rot);
	}
	K("value");
	OBEG();
	if (kind < 40) {
		double x = ru() * 85, y = ru() * 85;
		type = "rectanglelabels", from = "label";
		K("x"); vreal(x);
		K("y"); vreal(y);
		K("width"); vreal(0.5 + ru() * (99.5 - x));
		K("height"); vreal(0.5 + ru() * (99.5 - y));
		K("rotation"); if (rn(8)) vint(0); else vreal(ru() * 360);
		LABELS("rectanglelabels", PICK(rect_lbl));
	} else if (kind < 55) {
		unsigned n = 3 + rn(10);
		type = "polygonlabels", from = "segment";
		K("points");
		ABEG();
		for (unsigned i = 0; i < n; i++) {
			ABEG(); vreal(ru() * 100); vreal(ru() * 100); AEND();
		}
		AEND();
		K("closed"); VLIT("true");
		LABELS("polygonlabels", PICK(poly_lbl));
	} else if (kind < 63) {
		unsigned n = 1 + rn(4);
		type = "brushlabels", from = "mask";
		K("format"); vstr("rle");
		K("rle");
		ABEG();
		brush_rle(n);
		AEND();
		LABELS("brushlabels", PICK(brush_lbl));
	} else if (kind < 82) {
		type = "keypointlabels", from = "pose";
		K("x"); vreal(ru() * 100);
		K("y"); vreal(ru() * 100);
		K("width"); vreal(0.2 + ru() * 0.6);
		LABELS("keypointlabels", PICK(kp_lbl));
	} else if (kind < 94) {
		const struct span *sp = &tcap->span[rn((unsigned)tcap->nspan)];
		type = "labels", from = "ner", to = "caption";
		K("start"); vint(sp->start);
		K("end"); vint(sp->end);
		K("text"); vstr(sp->text);
		LABELS("labels", PICK(ner));
	} else {
		type = "choices", from = "scene";
		*had_choice = 1;
		LABELS("choices", PICK(scene));
	}
	OEND();
	K("id"); vstr(id);
	K("from_name"); vstr(from);
	K("to_name"); vstr(to);
	K("type"); vstr(type);
	if (score >= 0) {
		K("score"); vreal(score);
	} else {
		K("origin"); vstr(PICK(origin));
	}
	OEND();
}

/* Emit regions until the output reaches `until` (one-record mode) or n. */
static unsigned ls_result(unsigned n, uint64_t until, double score)
{
	unsigned i = 0;
	int had_choice = 0;
	K("result");
	ABEG();
	for (; until ? opos() < until : i < n; i++)
		ls_region(score < 0 ? -1 : 0.3 + ru() * 0.7, &had_choice);
	AEND();
	return i;
}

static void ls_annotation(int cancelled, uint64_t until)
{
	unsigned user = 1 + rn(40), n;
	uint64_t t0 = clk + 60000000u + rn(3600) * 1000000ull + rn(1000000);
	char uid[37];

	OBEG();
	K("id"); vint(++ann_id);
	K("completed_by"); vint(user);
	n = ls_result(cancelled ? 0 : 1 + rn(8), until, -1);
	K("was_cancelled"); VBOOL(cancelled);
	K("ground_truth"); VBOOL(rn(20) == 0);
	K("created_at"); vtime(t0, 0);
	K("updated_at"); vtime(t0 + rn(86400) * 1000000ull, 0);
	K("draft_created_at"); if (rn(3)) vtime(t0 - rn(600000000), 0); else VLIT("null");
	K("lead_time"); vfix(2 + ru() * 900, 3);
	K("prediction"); OBEG(); OEND();
	K("result_count"); vint(n);
	uuid4(uid);
	K("unique_id"); vstr(uid);
	K("import_id"); VLIT("null");
	K("last_action"); if (rn(2)) VLIT("null"); else vstr(rn(2) ? "updated" : "submitted");
	K("bulk_created"); VLIT("false");
	K("task"); vint(task_id);
	K("project"); vint(project);
	K("updated_by"); vint(user);
	K("parent_prediction"); if (pred_id && rn(4) == 0) vint(pred_id); else VLIT("null");
	K("parent_annotation"); VLIT("null");
	K("last_created_by"); VLIT("null");
	OEND();
}

static void ls_prediction(void)
{
	uint64_t t0 = clk + rn(60) * 1000000ull;
	OBEG();
	K("id"); vint(++pred_id);
	ls_result(1 + rn(6), 0, 1);
	K("model_version"); vstr(PICK(models));
	K("created_ago"); vstr(PICK(ago));
	K("score"); vreal(0.2 + ru() * 0.8);
	K("cluster"); VLIT("null");
	K("neighbors"); VLIT("null");
	K("mislabeling"); VLIT("0.0");
	K("created_at"); vtime(t0, 0);
	K("updated_at"); vtime(t0, 0);
	K("model"); VLIT("null");
	K("model_run"); VLIT("null");
	K("task"); vint(task_id);
	K("project"); vint(project);
	OEND();
}

static void ls_task(uint64_t until)
{
	static const char *const places[] = { "café", "東京", "zürich", "são_paulo", "oslo", "lagos" };
	unsigned nann = until ? 1 : rn(10) == 0 ? 0 : 1 + rn(3), npred = until ? 0 : rn(3);
	unsigned ncancel = 0, fno = rn(1000000), hex = (unsigned)rnd();
	const unsigned *sz = PICK(imgsz);
	uint64_t created = clk;
	char file[64], url[160];

	task_id++;
	clk += 1000000ull * (1 + rn(120)) + rn(1000000);
	img_w = sz[0], img_h = sz[1], rot = rn(16) ? 0 : 90;
	tcap = &cap[rn(NCAP)];
	snprintf(file, sizeof file, "%08x-frame_%06u.jpg", hex, fno);
	switch (rn(3)) {
	case 0: snprintf(url, sizeof url, "/data/upload/%u/%s", project, file); break;
	case 1: snprintf(url, sizeof url, "s3://annkit-raw/street/2024/%02u/IMG_%05u.JPG", 1 + rn(12), fno % 100000); break;
	default: snprintf(url, sizeof url, "https://storage.example.com/datasets/city-walk/%s_%04u.jpg", PICK(places), fno % 10000);
	}

	OBEG();
	K("id"); vint(task_id);
	K("annotations");
	ABEG();
	for (unsigned i = 0; i < nann; i++) {
		int c = !until && rn(20) == 0;
		ncancel += (unsigned)c;
		ls_annotation(c, until);
	}
	AEND();
	K("file_upload"); vstr(file);
	K("drafts"); ABEG(); AEND();
	K("predictions");
	ABEG();
	for (unsigned i = 0; i < npred; i++)
		ls_prediction();
	AEND();
	K("data");
	OBEG();
	K("image"); vstr(url);
	K("caption"); vstr(rn(8) ? tcap->raw : tcap->ascii);
	OEND();
	K("meta"); OBEG(); OEND();
	K("created_at"); vtime(created, 0);
	K("updated_at"); vtime(clk, 0);
	K("inner_id"); vint(task_id);
	K("total_annotations"); vint(nann - ncancel);
	K("cancelled_annotations"); vint(ncancel);
	K("total_predictions"); vint(npred);
	K("comment_count"); vint(0);
	K("unresolved_comment_count"); vint(0);
	K("last_comment_updated_at"); VLIT("null");
	K("project"); vint(project);
	K("updated_by"); vint(1 + rn(40));
	K("comment_authors"); ABEG(); AEND();
	OEND();
}

/* ---- Labelbox export v2 ---- */

static const struct { const char *name, *value; } lb_cls[] = {
	{ "Car", "car" }, { "Pedestrian", "pedestrian" }, { "Cyclist", "cyclist" },
	{ "Traffic light", "traffic_light" }, { "Bus", "bus" }, { "Straßenschild", "strassenschild" },
};
#define NCLS (sizeof(lb_cls) / sizeof(lb_cls[0]))
static const char *const status[] = { "TO_LABEL", "IN_REVIEW", "IN_REWORK", "DONE", "DONE" };
static const char *const people[] = { "ana.maria@example.com", "j.okafor@example.com", "léa@example.com", "ops-bot@example.com" };
static const char *const weather[] = { "clear", "rain", "fog", "snow" };
static char lb_proj[26], lb_onto[26], lb_ds[26], lb_batch[37], lb_task[37], lb_rev[37];
static char cls_schema[NCLS][26], occl_schema[3][26], wx_schema[5][26], note_schema[26];

static void lb_init(void)
{
	cuid(lb_proj), cuid(lb_onto), cuid(lb_ds);
	uuid4(lb_batch), uuid4(lb_task), uuid4(lb_rev);
	for (size_t i = 0; i < NCLS; i++)
		cuid(cls_schema[i]);
	for (int i = 0; i < 3; i++)
		cuid(occl_schema[i]);
	for (int i = 0; i < 5; i++)
		cuid(wx_schema[i]);
	cuid(note_schema);
}

/* a radio classification; schema[0] is the question, schema[1 + ans] the answers */
static void lb_radio(const char *q, const char *qv, const char *ans, char schema[][26], unsigned a)
{
	char id[26];
	OBEG();
	cuid(id); K("feature_id"); vstr(id);
	K("feature_schema_id"); vstr(schema[0]);
	K("name"); vstr(q);
	K("value"); vstr(qv);
	K("radio_answer");
	OBEG();
	cuid(id); K("feature_id"); vstr(id);
	K("feature_schema_id"); vstr(schema[1 + a]);
	K("name"); vstr(ans);
	K("value"); vstr(ans);
	K("classifications"); ABEG(); AEND();
	OEND();
	OEND();
}

static void lb_object(void)
{
	unsigned c = rn(NCLS);
	double w = 4 + rn(img_w / 3), h = 4 + rn(img_h / 3);
	char id[26];
	OBEG();
	cuid(id); K("feature_id"); vstr(id);
	K("feature_schema_id"); vstr(cls_schema[c]);
	K("name"); vstr(lb_cls[c].name);
	K("value"); vstr(lb_cls[c].value);
	K("annotation_kind"); vstr("ImageBoundingBox");
	K("classifications");
	ABEG();
	if (rn(4) == 0) {
		unsigned a = rn(2);
		lb_radio("Occluded", "occluded", a ? "yes" : "no", occl_schema, a);
	}
	AEND();
	K("bounding_box");
	OBEG();
	K("top"); vfix(rn(img_h - (unsigned)h), 1);
	K("left"); vfix(rn(img_w - (unsigned)w), 1);
	K("height"); vfix(h, 1);
	K("width"); vfix(w, 1);
	OEND();
	OEND();
}

static void lb_row(uint64_t until)
{
	static const char *const keys[] = { "dashcam", "café_terrace", "東京_crossing", "rue \\\"lepic\\\"" };
	unsigned st = until ? 3 : rn(5), fno = rn(1000000);
	const unsigned *sz = PICK(imgsz);
	const char *who = PICK(people), *gk = PICK(keys);
	uint64_t created = clk, t1;
	char id[26], buf[192];

	clk += 1000000ull * (1 + rn(120)) + rn(1000000);
	t1 = clk + 3600000000ull * (1 + rn(48));
	img_w = sz[0], img_h = sz[1];

	OBEG();
	K("data_row");
	OBEG();
	cuid(id); K("id"); vstr(id);
	snprintf(buf, sizeof buf, "%s_%06u.jpg", gk, fno);
	K("global_key"); vstr(buf);
	snprintf(buf, sizeof buf, "https://storage.googleapis.com/annkit-lb/%s/%s_%06u.jpg", lb_ds, gk, fno);
	K("row_data"); vstr(buf);
	K("details");
	OBEG();
	K("dataset_id"); vstr(lb_ds);
	K("dataset_name"); vstr("street-scenes \\\"v2\\\" (Zürich)");
	K("created_at"); vtime(created, 1);
	K("updated_at"); vtime(created + 2000000, 1);
	K("last_activity_at"); vtime(t1, 1);
	K("created_by"); vstr(who);
	OEND();
	OEND();
	K("media_attributes");
	OBEG();
	K("height"); vint(img_h);
	K("width"); vint(img_w);
	K("mime_type"); vstr("image/jpeg");
	K("exif_rotation"); vstr("1");
	OEND();
	K("attachments");
	ABEG();
	if (rn(5) == 0) {
		OBEG();
		K("type"); vstr("RAW_TEXT");
		K("value"); vstr(cap[rn(NCAP)].raw);
		K("name"); vstr("operator notes");
		OEND();
	}
	AEND();
	K("metadata_fields");
	ABEG();
	if (rn(3) == 0) {
		OBEG();
		K("schema_id"); vstr("cko8s9r5v0001h2dk9elqdidh");
		K("schema_name"); vstr("tag");
		K("value"); vstr(PICK(weather));
		OEND();
	}
	AEND();
	K("projects");
	OBEG();
	key(lb_proj, 25);
	OBEG();
	K("name"); vstr("Street scenes \xe2\x80\x94 boxes");
	K("labels");
	ABEG();
	for (unsigned l = 0, nl = st == 0 ? 0 : until ? 1 : 1 + (rn(6) == 0); l < nl; l++) {
		unsigned nobj = 1 + rn(12);
		OBEG();
		K("label_kind"); vstr("Default");
		K("version"); vstr("1.0.0");
		cuid(id); K("id"); vstr(id);
		K("label_details");
		OBEG();
		K("created_at"); vtime(t1, 1);
		K("updated_at"); vtime(t1 + 1000, 1);
		K("created_by"); vstr(PICK(people));
		K("content_last_updated_at"); vtime(t1 + 1000, 1);
		K("reviews"); ABEG(); AEND();
		OEND();
		K("performance_details");
		OBEG();
		K("seconds_to_create"); vint(3 + rn(300));
		K("seconds_to_review"); vint(st >= 3 ? rn(60) : 0);
		K("skipped"); VLIT("false");
		OEND();
		K("annotations");
		OBEG();
		K("objects");
		ABEG();
		for (unsigned i = 0; until ? opos() < until : i < nobj; i++)
			lb_object();
		AEND();
		K("classifications");
		ABEG();
		if (rn(2)) {
			unsigned a = rn(4);
			lb_radio("Weather", "weather", weather[a], wx_schema, a);
		}
		if (rn(6) == 0) {
			OBEG();
			cuid(id); K("feature_id"); vstr(id);
			K("feature_schema_id"); vstr(note_schema);
			K("name"); vstr("Notes");
			K("value"); vstr("notes");
			K("text_answer"); OBEG(); K("content"); vstr(cap[rn(NCAP)].ascii); OEND();
			OEND();
		}
		AEND();
		K("relationships"); ABEG(); AEND();
		OEND();
		OEND();
	}
	AEND();
	K("project_details");
	OBEG();
	K("ontology_id"); vstr(lb_onto);
	K("task_id"); vstr(st == 0 ? lb_task : lb_rev);
	K("task_name"); vstr(st == 0 ? "Initial labeling task" : "Initial review task");
	K("batch_id"); vstr(lb_batch);
	K("batch_name"); vstr("batch-2024-06 \xe2\x80\x94 night");
	K("workflow_status"); vstr(status[st]);
	K("priority"); vint(1 + rn(5));
	K("consensus_expected_label_count"); vint(1);
	K("workflow_history");
	ABEG();
	if (st) {
		OBEG();
		K("action"); vstr("Move");
		K("created_at"); vtime(t1 + 2000, 1);
		K("created_by"); vstr(who);
		K("previous_task_name"); vstr("Initial labeling task");
		K("previous_task_id"); vstr(lb_task);
		K("next_task_name"); vstr("Initial review task");
		K("next_task_id"); vstr(lb_rev);
		OEND();
	}
	AEND();
	OEND();
	K("project_tags"); ABEG(); AEND();
	OEND();
	OEND();
	OEND();
}

/* ---- command line ---- */

static void usage(FILE *f)
{
	fputs("usage: gen-export --format ls-array|labelbox-ndjson|ls-ndjson --size BYTES[k|M|G]\n"
	      "                  [--seed N] [--one-record]\n"
	      "Write a deterministic synthetic export of at least BYTES to stdout.\n"
	      "  ls-array         Label Studio JSON export: one array, indent=2\n"
	      "  ls-ndjson        the same tasks, one compact object per line\n"
	      "  labelbox-ndjson  Labelbox export v2 rows, one per line\n"
	      "  --one-record     a single task (or row) of about BYTES\n"
	      "  --seed N         PRNG seed (default 1); same seed, same bytes\n"
	      "Suffixes k, M, G are powers of 1024.\n", f);
}

static uint64_t parse_u64(const char *s, const char *what, int suffix)
{
	char *end;
	uint64_t v, mul = 1;
	errno = 0;
	if (*s < '0' || *s > '9')
		die("bad %s '%s'", what, s);
	v = strtoull(s, &end, 10);
	if (suffix && *end && !end[1]) {
		switch (*end) {
		case 'k': case 'K': mul = 1ull << 10, end++; break;
		case 'm': case 'M': mul = 1ull << 20, end++; break;
		case 'g': case 'G': mul = 1ull << 30, end++; break;
		}
	}
	if (errno || *end || v > UINT64_MAX / mul)
		die("bad %s '%s'", what, s);
	return v * mul;
}

/* "--name value" or "--name=value"; NULL if argv[*i] is another option */
static const char *optarg_(const char *name, int argc, char **argv, int *i)
{
	size_t n = strlen(name);
	if (strncmp(argv[*i], name, n))
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n])
		return NULL;
	if (++*i >= argc)
		die("%s needs a value", name);
	return argv[*i];
}

int main(int argc, char **argv)
{
	const char *fmt = NULL, *v;
	uint64_t size = 0, seed = 1;
	int have_size = 0, one = 0, lb, i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return fclose(stdout) ? 2 : 0;
		} else if (!strcmp(argv[i], "--one-record")) {
			one = 1;
		} else if ((v = optarg_("--format", argc, argv, &i))) {
			fmt = v;
		} else if ((v = optarg_("--size", argc, argv, &i))) {
			size = parse_u64(v, "size", 1), have_size = 1;
		} else if ((v = optarg_("--seed", argc, argv, &i))) {
			seed = parse_u64(v, "seed", 0);
		} else {
			die("unknown option '%s' (see --help)", argv[i]);
		}
	}
	if (!fmt || !have_size) {
		die("--format and --size are required (see --help)");
	}
	lb = !strcmp(fmt, "labelbox-ndjson");
	if (strcmp(fmt, "ls-array") && strcmp(fmt, "ls-ndjson") && !lb)
		die("unknown format '%s'", fmt);

	/* splitmix64 decorrelates nearby seeds, so a raw seed is fine */
	rs = seed;
	pretty = !strcmp(fmt, "ls-array");
	nlsp[0] = '\n';
	memset(nlsp + 1, ' ', sizeof nlsp - 1);
	clk = 86400000000ull * (59 + rn(365)) + rn(86400) * 1000000ull;
	project = 1 + rn(60);
	init_captions();
	lb_init();

	/* records are whole before the size check, so the output always parses */
	if (pretty) {
		ABEG();
		do
			ls_task(one ? size : 0);
		while (!one && opos() < size);
		AEND();
	} else {
		do {
			if (lb)
				lb_row(one ? size : 0);
			else
				ls_task(one ? size : 0);
			PUT("\n");
		} while (!one && opos() < size);
	}
	oflush();
	if (fflush(stdout) || ferror(stdout) || fclose(stdout))
		die("write error: %s", strerror(errno));
	return 0;
}
