"""Write README.md from nbs/index.ipynb (what `nbdev-readme` does, without Quarto, which this machine lacks).

Markdown cells are copied as they are; code cells that are not hidden are shown with their text outputs; image
outputs are saved under nbs/images/ and linked. The notebook's links are written for the docs site, which renders it
from nbs/ (`20_default_run.ipynb`, `images/x.png`, `../tools/x.py`); README.md lives at the repository root, so its
local links are rewritten to match (`nbs/20_default_run.ipynb`, `nbs/images/x.png`, `tools/x.py`). `--check` exits 1 if
README.md is out of step with the notebook."""
import sys, base64, json, hashlib, posixpath, re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

FENCE = re.compile(r'(^\s*(```|~~~).*?^\s*\2[^\n]*$)', re.S | re.M)
LINK = re.compile(r'(\]\(\s*<?|^\s{0,3}\[[^\]]+\]:\s*|<(?:img|source)\b[^>]*?\bsrc\s*=\s*["\']|<a\b[^>]*?\bhref\s*=\s*["\'])([^)\s>"\']+)',
                  re.M | re.I)

def from_root(target: str) -> str:
    "A link `target` written for a page in nbs/, rewritten for a page at the repository root"
    if re.match(r'^([a-z][a-z0-9+.-]*:|#|/)', target, re.I): return target      # web, mailto:, same-page anchor, absolute
    return posixpath.normpath(posixpath.join('nbs', target)) + ('/' if target.endswith('/') else '')

def links_from_root(md: str) -> str:
    "Markdown `md` with its local links and images (not those in code blocks) rewritten by `from_root`"
    parts = FENCE.split(md)      # [text, fence, fence marker, text, ...]
    out = []
    for i in range(0, len(parts), 3):
        out.append(LINK.sub(lambda m: m.group(1) + from_root(m.group(2)), parts[i]))
        if i + 1 < len(parts): out.append(parts[i + 1])
    return ''.join(out)

def render(nb_path=ROOT / 'nbs' / 'index.ipynb', write_images=True):
    nb = json.loads(Path(nb_path).read_text())
    out = []
    for c in nb['cells']:
        src = ''.join(c['source'])
        if c['cell_type'] == 'markdown':       # directives (`#| export`: also the package docstring) are not shown
            out.append(links_from_root('\n'.join(l for l in src.split('\n') if not l.startswith('#|')).strip())); continue
        if src.lstrip().startswith('#| hide') or '#| hide' in src.split('\n')[:3]: continue
        lines = [l for l in src.split('\n') if not l.startswith('#|')]
        if ''.join(lines).strip(): out.append('```python\n' + '\n'.join(lines).strip() + '\n```')
        for o in c.get('outputs', []):
            data = o.get('data', {})
            if 'image/png' in data:
                png = base64.b64decode(data['image/png'])
                name = f"images/readme-{hashlib.sha1(png).hexdigest()[:10]}.png"
                if write_images: (ROOT / 'nbs' / name).parent.mkdir(exist_ok=True); (ROOT / 'nbs' / name).write_bytes(png)
                out.append(f"![](nbs/{name})")
            elif 'text/markdown' in data: out.append(links_from_root(''.join(data['text/markdown']).strip()))
            elif o.get('name') == 'stdout' or 'text/plain' in data:
                txt = ''.join(o.get('text', data.get('text/plain', '')))
                out.append('```\n' + txt.rstrip() + '\n```')
    return '<!-- generated from nbs/index.ipynb by tools/make_readme.py: edit the notebook, not this file -->\n\n' + '\n\n'.join(out) + '\n'

if __name__ == '__main__':
    text = render(write_images='--check' not in sys.argv)
    readme = ROOT / 'README.md'
    if '--check' in sys.argv:
        if not readme.exists() or readme.read_text() != text:
            sys.exit('README.md is out of step with nbs/index.ipynb: run python tools/make_readme.py')
        print('README.md is in step with nbs/index.ipynb')
    else: readme.write_text(text); print('wrote', readme)
