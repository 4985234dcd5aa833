#!/usr/bin/env python3
"""jsondiff.py: differential test of libann's JSON reader against Python.

    jsondiff.py DRIVER [--seed S] [--count N] [--corpus DIR] [--show K]

Makes N inputs from a seed (mutated JSONTestSuite files when the corpus is
there, mutated built-in snippets, and generated JSON values), asks DRIVER
(tests/jsonverdict) whether ann_json_parse accepts each, and compares with
the oracle below.  Prints TAP: one check per kind of input, with the first
few disagreements as "# " lines (bytes in repr form, ready to paste).

The oracle is Python's strict reading of RFC 8259: the bytes decode as
UTF-8 (strict: no overlongs, no encoded surrogates, nothing above
U+10FFFF) and json.loads accepts the text with NaN and Infinity refused.
Where libann deliberately differs from that, and RFC 8259 leaves the choice
to the implementation, the difference is written out in expected() below,
each with its reason; anything else that differs is a disagreement to look
at.
"""

import argparse
import json
import os
import random
import struct
import subprocess
import sys
import tempfile
import time

MAX_DEPTH = 1024	# ANN_JSON_MAX_DEPTH in lib/ann_json.h

# Seeds that need no corpus: each corner of the grammar at least once, so
# that mutation finds the edges even when JSONTestSuite is not at hand.
SNIPPETS = [
	b'{}', b'[]', b'""', b'0', b'-0', b'1', b'-1', b'0.5', b'-0.0e-0',
	b'1E+2', b'1e999999', b'-1.5e-300', b'123456789012345678901234567890',
	b'true', b'false', b'null', b' \t\r\n[ 1 , 2 ]\n',
	b'{"a":1,"b":[true,false,null],"c":{"d":"e"}}',
	b'{"id":1,"data":{"text":"x"},"annotations":[]}',
	b'["\\"\\\\\\/\\b\\f\\n\\r\\t"]', b'"\\u0000"', b'"\\u00e9\\u20AC"',
	b'"\\ud83d\\ude00"', b'"\\uDBFF\\uDFFF"', b'"\\ud800"', b'"\\udc00"',
	b'"caf\xc3\xa9"', b'"\xe2\x82\xac"', b'"\xf0\x9f\x98\x80"',
	b'"\xef\xbf\xbf"', b'"\x7f"', b'[[[[[]]]]]', b'{"":""}',
	b'{"a":{"a":{"a":{}}}}', b'[1,[2,[3,[4]]]]', b'{"a" : 1 , "a" : 2}',
	b'[-0.0, 1e-7, 1E7, 10.25e+3]', b'"a\\u0022b"',
]

# Bytes and tokens worth putting in at random: JSON's structure, the
# escapes, and what other parsers let through (BOM, NaN, comments, odd
# whitespace, bad UTF-8).
TOKENS = [
	b'{', b'}', b'[', b']', b':', b',', b'"', b'\\', b' ', b'\t', b'\n',
	b'\r', b'0', b'1', b'-', b'+', b'.', b'e', b'E', b'\\u', b'\\ud800',
	b'\\udc00', b'\\ud83d\\ude00', b'\xef\xbb\xbf', b'\xed\xa0\x80',
	b'\xc0\xaf', b'\xf4\x90\x80\x80', b'\xc3', b'\x00', b'\x0b', b'\x0c',
	b'\x1f', b'\xc2\xa0', b'NaN', b'Infinity', b'-Infinity', b'true',
	b'null', b'/**/', b'//', b"'", b'\\x41', b'0x1', b'01', b'1.', b'.1',
]


def load_corpus(path):
	"""The JSONTestSuite files under path, sorted, as (name, bytes)."""
	if not path:
		return []
	for sub in ('jsontestsuite/test_parsing', 'test_parsing', '.'):
		d = os.path.join(path, sub)
		if os.path.isdir(d) and any(n.endswith('.json') for n in os.listdir(d)):
			break
	else:
		return []
	out = []
	for d in (d, os.path.join(d, '..', 'test_transform')):
		if not os.path.isdir(d):
			continue
		for name in sorted(os.listdir(d)):
			if name.endswith('.json'):
				with open(os.path.join(d, name), 'rb') as f:
					out.append((name, f.read()))
	return out


def nesting(b):
	"""Deepest bracket nesting outside strings.  Exact for valid JSON."""
	# Cheap way out: without more than MAX_DEPTH openers it cannot be deep.
	if b.count(b'[') + b.count(b'{') <= MAX_DEPTH:
		return 0
	depth = deepest = 0
	in_str = esc = False
	for c in b:
		if in_str:
			if esc:
				esc = False
			elif c == 0x5c:
				esc = True
			elif c == 0x22:
				in_str = False
		elif c == 0x22:
			in_str = True
		elif c in (0x5b, 0x7b):
			depth += 1
			deepest = max(deepest, depth)
		elif c in (0x5d, 0x7d):
			depth -= 1
	return deepest


def refuse_constant(name):
	raise ValueError('non-JSON constant ' + name)


def has_lone_surrogate(value):
	"""Does a decoded value hold a string with an unpaired surrogate?"""
	# Python pairs \\uD8xx\\uDCxx into one character, so any surrogate
	# left in a decoded string was unpaired in the text.
	stack = [value]
	while stack:
		v = stack.pop()
		if isinstance(v, str):
			if any(0xD800 <= ord(ch) <= 0xDFFF for ch in v):
				return True
		elif isinstance(v, list):
			stack.extend(v)
		elif isinstance(v, tuple):
			stack.extend(v)
	return False


def python_accepts(b):
	"""(accepted, decoded value or None): the strict Python oracle."""
	try:
		text = b.decode('utf-8', errors='strict')
	except UnicodeDecodeError:
		return False, None
	try:
		# parse_int/parse_float keep the digits as text: Python's own
		# limit on int conversion (4300 digits) is no part of JSON.
		# object_pairs_hook keeps keys, so their surrogates are seen.
		v = json.loads(text, parse_constant=refuse_constant,
		    parse_int=str, parse_float=str, object_pairs_hook=list)
	except (ValueError, RecursionError):
		return False, None
	return True, v


def expected(b):
	"""(verdict libann should give, the exception that decided, or None)."""
	# Depth: RFC 8259 section 9 lets a parser limit nesting.  libann
	# refuses more than ANN_JSON_MAX_DEPTH levels (it bounds the
	# validator's stack); Python's limit is its recursion limit, which is
	# raised below, so Python is only asked about texts within libann's.
	if nesting(b) > MAX_DEPTH:
		return False, 'depth'
	ok, value = python_accepts(b)
	if not ok:
		# A leading BOM: Python refuses it ("Unexpected UTF-8 BOM"), and
		# so does libann.  RFC 8259 section 8.1 lets a parser ignore one
		# but it is not part of JSON text, so refusing is right too.
		# Whitespace: both take only space, tab, LF and CR (RFC 8259
		# section 2), not FF, VT, NBSP or a NUL after the value.
		return False, None
	# Lone surrogates: "\ud800" without a low surrogate after it fits the
	# grammar of RFC 8259 (section 7), but names no character, and the
	# RFC calls the result unpredictable (section 8.2).  Python keeps
	# the half character; libann refuses, as I-JSON (RFC 7493 section
	# 2.1) does, because such a string cannot be written as UTF-8.
	if has_lone_surrogate(value):
		return False, 'lone-surrogate'
	return True, None


def mutate(rng, b, seeds):
	"""One to three random edits of b."""
	for _ in range(rng.randint(1, 3)):
		n = len(b)
		op = rng.randrange(9)
		i = rng.randint(0, n)
		if op == 0 and n:		# replace a byte by any byte
			i = rng.randrange(n)
			b = b[:i] + bytes([rng.randrange(256)]) + b[i + 1:]
		elif op == 1 and n:		# flip one bit
			i = rng.randrange(n)
			b = b[:i] + bytes([b[i] ^ (1 << rng.randrange(8))]) + b[i + 1:]
		elif op == 2:			# insert a token
			b = b[:i] + rng.choice(TOKENS) + b[i:]
		elif op == 3 and n:		# delete a run
			j = min(n, i + rng.randint(1, 4))
			b = b[:i] + b[j:]
		elif op == 4 and n:		# duplicate a run
			i = rng.randrange(n)
			j = min(n, i + rng.randint(1, 16))
			b = b[:j] + b[i:j] + b[j:]
		elif op == 5 and n:		# truncate
			b = b[:rng.randrange(n)]
		elif op == 6:			# splice: head of b, tail of another
			other = rng.choice(seeds)
			b = b[:i] + other[rng.randint(0, len(other)):]
		elif op == 7 and n:		# swap two bytes
			i, j = rng.randrange(n), rng.randrange(n)
			if i > j:
				i, j = j, i
			if i < j:
				b = b[:i] + b[j:j + 1] + b[i + 1:j] + b[i:i + 1] + b[j + 1:]
		else:				# wrap in an array or an object
			b = rng.choice([b'[' + b + b']', b'{"k":' + b + b'}'])
	return b


def gen_ws(rng):
	if rng.random() < 0.7:
		return b''
	return bytes(rng.choice(b' \t\n\r') for _ in range(rng.randint(1, 3)))


def gen_number(rng):
	s = rng.choice([b'', b'-'])
	r = rng.random()
	if r < 0.2:
		s += b'0'
	elif r < 0.97:
		s += str(rng.randint(1, 9)).encode()
		s += b''.join(rng.choice(b'0123456789').to_bytes(1, 'big')
		    for _ in range(rng.choice([0, 0, 1, 3, 10, 25])))
	else:
		# Very long: no limit on digits in RFC 8259's grammar.
		s += b'9' * rng.randint(300, 5000)
	if rng.random() < 0.4:
		s += b'.' + str(rng.randint(0, 10 ** rng.randint(1, 20))).encode()
	if rng.random() < 0.4:
		s += rng.choice([b'e', b'E']) + rng.choice([b'', b'+', b'-'])
		s += str(rng.choice([0, 1, 7, 308, 309, 324, 999999,
		    10 ** 30])).encode()
	return s


def gen_char(rng):
	r = rng.random()
	if r < 0.5:
		return rng.choice(b'abcxyz019 _-/').to_bytes(1, 'big')
	if r < 0.65:
		return rng.choice([b'\\"', b'\\\\', b'\\/', b'\\b', b'\\f',
		    b'\\n', b'\\r', b'\\t'])
	if r < 0.75:
		cp = rng.choice([rng.randrange(0x20), rng.randrange(0x80, 0xD800),
		    rng.randrange(0xE000, 0x10000)])
		return (b'\\u%04x' if rng.random() < 0.5 else b'\\u%04X') % cp
	if r < 0.85:
		# A surrogate pair, escaped.
		cp = rng.randrange(0x10000, 0x110000) - 0x10000
		return b'\\u%04x\\u%04x' % (0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF))
	if r < 0.855:
		# A lone half, high or low: the documented difference.
		return b'\\u%04x' % rng.randrange(0xD800, 0xE000)
	# A raw character of any length, as UTF-8.
	cp = rng.choice([rng.randrange(0x80, 0x800), rng.randrange(0x800, 0xD800),
	    rng.randrange(0xE000, 0x10000), rng.randrange(0x10000, 0x110000)])
	return chr(cp).encode('utf-8')


def gen_string(rng):
	return b'"' + b''.join(gen_char(rng) for _ in
	    range(rng.choice([0, 1, 2, 5, 12]))) + b'"'


def gen_value(rng, depth=0):
	r = rng.random()
	if depth > 6 or r < 0.45:
		r2 = rng.random()
		if r2 < 0.4:
			return gen_string(rng)
		if r2 < 0.8:
			return gen_number(rng)
		return rng.choice([b'true', b'false', b'null'])
	n = rng.choice([0, 1, 2, 3, 5])
	if r < 0.7:
		items = [gen_ws(rng) + gen_value(rng, depth + 1) + gen_ws(rng)
		    for _ in range(n)]
		return b'[' + b','.join(items) + gen_ws(rng) + b']'
	items = [gen_ws(rng) + gen_string(rng) + gen_ws(rng) + b':' +
	    gen_ws(rng) + gen_value(rng, depth + 1) + gen_ws(rng)
	    for _ in range(n)]
	return b'{' + b','.join(items) + gen_ws(rng) + b'}'


def gen_deep(rng):
	"""Nesting right around the limit, arrays and objects mixed."""
	n = MAX_DEPTH + rng.randint(-3, 3)
	opens, closes = [], []
	for _ in range(n):
		if rng.random() < 0.5:
			opens.append(b'[')
			closes.append(b']')
		else:
			opens.append(b'{"k":')
			closes.append(b'}')
	inner = gen_value(rng, 7)
	return b''.join(opens) + inner + b''.join(reversed(closes))


def edge_inputs():
	"""Every short number-like text and every UTF-8 lead byte in a string."""
	out = []
	# The number grammar: all texts of up to four of these characters,
	# alone and inside an array (where the end of a number is a ']').
	alphabet = [b'0', b'1', b'-', b'+', b'.', b'e', b'E']
	level = [b'']
	for _ in range(4):
		level = [t + c for t in level for c in alphabet]
		for t in level:
			out.append(('number-grammar', t))
			out.append(('number-grammar', b'[' + t + b']'))
	# UTF-8 in strings: each byte from 0x80 up as a lead, followed by
	# the continuation bytes at the edges of the ranges that RFC 3629
	# allows (and a few that end the sequence early).
	edges = [0x00, 0x22, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF,
	    0xC0, 0xFF]
	for lead in range(0x80, 0x100):
		if lead < 0xE0:
			tails = [[x] for x in edges]
		elif lead < 0xF0:
			tails = [[x, y] for x in edges for y in edges]
		else:
			tails = [[x, y, z] for x in edges for y in (0x80, 0xBF, 0x41)
			    for z in (0x80, 0xBF, 0xC0)]
		for t in tails:
			out.append(('utf8-edges', b'"' + bytes([lead] + t) + b'"'))
	# Right at the limits of the documented differences, so that each is
	# met however few random inputs are asked for.
	for n in (MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1):
		out.append(('limits', b'[' * n + b']' * n))
		out.append(('limits', b'{"a":' * n + b'0' + b'}' * n))
	for t in (b'"\\ud800"', b'"\\udfff"', b'"\\ud800\\udc00"',
	    b'"\\udbff\\ue000"', b'{"\\ud834":0}', b'"\\ud834\\ud834\\udd1e"'):
		out.append(('limits', t))
	return out


def make_inputs(rng, count, corpus):
	"""(kind, bytes) for every input: fixed ones, then count more."""
	inputs = [('corpus', b) for _, b in corpus] + edge_inputs()
	# Mutating big files costs time and finds nothing the small ones don't.
	seeds = SNIPPETS + [b for _, b in corpus if len(b) <= 2048]
	for k in range(count):
		r = rng.random()
		if r < 0.55:
			inputs.append(('mutated', mutate(rng, rng.choice(seeds), seeds)))
		elif r < 0.85:
			inputs.append(('generated', gen_ws(rng) + gen_value(rng) +
			    gen_ws(rng)))
		elif r < 0.99:
			v = gen_value(rng)
			inputs.append(('mutated-generated', mutate(rng, v, seeds)))
		else:
			b = gen_deep(rng)
			if rng.random() < 0.3:
				b = mutate(rng, b, seeds)
			inputs.append(('deep', b))
	return inputs


def run_driver(driver, inputs):
	with tempfile.NamedTemporaryFile(prefix='jsondiff.', delete=False) as f:
		for _, b in inputs:
			f.write(struct.pack('<I', len(b)))
			f.write(b)
		path = f.name
	try:
		p = subprocess.run([driver, path], stdout=subprocess.PIPE)
	finally:
		os.unlink(path)
	return p.returncode, p.stdout.decode('ascii', 'replace').split()


def shrink(driver, b):
	"""A smaller input on which libann and the oracle still disagree."""
	def disagree(cands):
		code, got = run_driver(driver, [(None, c) for c in cands])
		if code != 0 or len(got) != len(cands):
			return None
		for c, g in zip(cands, got):
			if (g == '1') != expected(c)[0]:
				return c
		return None
	# Greedy: cut runs of halving length while the difference stays;
	# one driver run per length and round keeps it quick.
	# A few seconds at most: this only makes a report easier to read.
	deadline = time.monotonic() + 3
	size = max(1, len(b) // 2)
	while time.monotonic() < deadline:
		cands = [b[:i] + b[i + size:] for i in range(0, len(b), size)]
		smaller = disagree(cands) if cands else None
		if smaller is not None:
			b = smaller
			size = min(size, max(1, len(b) // 2))
		elif size == 1:
			break
		else:
			size //= 2
	return b


def main():
	ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
	ap.add_argument('driver')
	ap.add_argument('--seed', type=int, default=1)
	ap.add_argument('--count', type=int, default=20000)
	ap.add_argument('--corpus', default=os.environ.get('ANN_CORPUS', ''))
	ap.add_argument('--show', type=int, default=5,
	    help='disagreements to print per kind')
	a = ap.parse_args()
	# Python's parser recurses once or twice per level; let it reach
	# libann's limit so that the two are compared right up to it.
	sys.setrecursionlimit(max(sys.getrecursionlimit(), 4 * MAX_DEPTH + 1000))

	rng = random.Random(a.seed)
	corpus = load_corpus(a.corpus)
	inputs = make_inputs(rng, a.count, corpus)
	code, verdicts = run_driver(a.driver, inputs)

	n = 0
	failed = 0

	def check(good, desc):
		nonlocal n, failed
		n += 1
		if not good:
			failed += 1
		print('%s %d - %s' % ('ok' if good else 'not ok', n, desc))

	check(code == 0 and len(verdicts) == len(inputs),
	    'the driver answered every input (exit %d, %d of %d verdicts)' %
	    (code, len(verdicts), len(inputs)))
	if len(verdicts) != len(inputs):
		print('1..%d' % n)
		return 1

	kinds = {}
	used = {}
	for (kind, b), got in zip(inputs, verdicts):
		want, why = expected(b)
		k = kinds.setdefault(kind, [0, 0, 0, []])
		k[0] += 1
		k[1] += want
		if why:
			used[why] = used.get(why, 0) + 1
		if (got == '1') != want:
			k[2] += 1
			if len(k[3]) < a.show:
				k[3].append((b, want, got))
	if not corpus:
		print('# no JSONTestSuite corpus (ANN_CORPUS or --corpus):'
		    ' built-in seeds only')
	for kind in sorted(kinds):
		total, valid, bad, shown = kinds[kind]
		check(bad == 0, '%s: %d inputs (%d valid), %d disagreements' %
		    (kind, total, valid, bad))
		for b, want, got in shown:
			if len(b) > 40:
				b = shrink(a.driver, b)
				want = expected(b)[0]
				got = '0' if want else '1'
			r = repr(b)
			if len(r) > 300:
				r = r[:300] + '... (%d bytes)' % len(b)
			print('#   python+exceptions %s, libann %s: %s' %
			    ('accepts' if want else 'rejects',
			    'accepts' if got == '1' else 'rejects', r))
	# The documented differences must still be met, or they have stopped
	# being tested (and might have stopped being true).
	for why in ('depth', 'lone-surrogate'):
		check(used.get(why, 0) > 0, 'the %s exception decided %d inputs' %
		    (why, used.get(why, 0)))
	print('1..%d' % n)
	return 1 if failed else 0


if __name__ == '__main__':
	sys.exit(main())
