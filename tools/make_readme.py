"""Write README.md from nbs/index.ipynb (what `nbdev-readme` does, without Quarto, which this machine lacks).

Markdown cells are copied as they are; code cells that are not hidden are shown with their text outputs; image
outputs are saved under nbs/images/ and linked. `--check` exits 1 if README.md is out of step with the notebook."""
import sys, base64, json, hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def render(nb_path=ROOT / 'nbs' / 'index.ipynb', write_images=True):
    nb = json.loads(Path(nb_path).read_text())
    out = []
    for c in nb['cells']:
        src = ''.join(c['source'])
        if c['cell_type'] == 'markdown':       # directives (`#| export`: also the package docstring) are not shown
            out.append('\n'.join(l for l in src.split('\n') if not l.startswith('#|')).strip()); continue
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
            elif 'text/markdown' in data: out.append(''.join(data['text/markdown']).strip())
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
