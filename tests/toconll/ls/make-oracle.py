# Run label-studio-sdk's own create_tokens_and_tags (from the mirror, not copied
# into annkit) the way Converter.convert_to_conll2003 drives it, on Label Studio
# task files; writes result.conll to stdout.
import ast, json, re, sys
from operator import itemgetter
# SDK_UTILS: the converter's utils.py, from a label-studio-sdk checkout.
import os
src = open(os.environ.get('SDK_UTILS', 'sdk_utils.py')).read()
tree = ast.parse(src)
keep = []
for node in tree.body:
    if isinstance(node, ast.Assign) and any(getattr(t, 'attr', None) == 'PUNCTUATION' for t in node.targets):
        keep.append(node)
    if isinstance(node, ast.FunctionDef) and node.name == 'create_tokens_and_tags':
        keep.append(node)
mod = ast.Module(body=keep, type_ignores=[])
from nltk.tokenize.treebank import TreebankWordTokenizer
ns = {'re': re, 'TreebankWordTokenizer': TreebankWordTokenizer, 'itemgetter': itemgetter}
exec(compile(mod, 'sdk_utils', 'exec'), ns)
out = sys.stdout
out.write("-DOCSTART- -X- O\n")
key = sys.argv[1]
for f in sys.argv[2:]:
    d = json.load(open(f))
    tasks = d if isinstance(d, list) else [d]
    for task in tasks:
        anns = task.get('annotations', task.get('completions'))
        if anns is None: continue
        items = []
        if not anns:
            items.append({})
        anns = [a for a in anns if not (a.get('skipped', False) or a.get('was_cancelled', False))]
        anns = sorted(anns, key=lambda x: x.get('created_at', 0), reverse=True)
        for a in anns:
            outputs = {}
            for r in a.get('result') or []:
                if r.get('type') == 'labels' and r.get('from_name'):
                    v = dict(r['value']); v['type'] = 'Labels'
                    outputs.setdefault(r['from_name'], []).append(v)
            items.append(outputs)
        for outputs in items:
            filtered = [x for x in outputs.values() if x[0]['type'].lower() == 'labels']
            tokens, tags = ns['create_tokens_and_tags'](text=task['data'][key], spans=next(iter(filtered), None))
            for t, g in zip(tokens, tags):
                out.write("{} -X- _ {}\n".format(t, g))
            out.write("\n")
