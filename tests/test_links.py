"""Every local link and image on every page resolves where the page is rendered: the notebooks (and markdown pages) in
nbs/ from nbs/, where Quarto renders the docs site; README.md from the repository root, where GitHub and PyPI show it.
Web links and mailto: are not checked; a `.ipynb` (or `.html`) target is a page. An anchor (`page.ipynb#part`, `#part`)
must name a heading of that page (as GitHub or Quarto make its id) or an explicit id."""
import json, re
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
NBS = ROOT / 'nbs'

# Broken links in notebooks this change could not touch (they were being run or re-made): (page, target).
# Fix the link in the notebook, then strike its entry here — an entry whose link resolves fails the test.
KNOWN_BROKEN = set()

FENCE = re.compile(r'^\s*(```|~~~).*?^\s*\1', re.S | re.M)
CODE_SPAN = re.compile(r'`[^`\n]*`')
TARGETS = [re.compile(r'\]\(\s*<([^>]+)>'),                       # [text](<target with spaces>)
           re.compile(r'\]\(\s*([^)\s]+)'),                        # [text](target "title"), ![alt](target)
           re.compile(r'^\s{0,3}\[[^\]]+\]:\s*(\S+)', re.M),        # [ref]: target
           re.compile(r'<(?:img|source)\b[^>]*?\bsrc\s*=\s*["\']([^"\']+)', re.I),
           re.compile(r'<a\b[^>]*?\bhref\s*=\s*["\']([^"\']+)', re.I)]

def link_targets(md: str) -> list:
    "Every link and image target in markdown text `md`, outside code blocks and code spans"
    md = CODE_SPAN.sub('', FENCE.sub('', md))
    return [m.group(1) for rx in TARGETS for m in rx.finditer(md)]

def is_local(target: str) -> bool:
    "Not a web link, mailto: or other scheme (a same-page #anchor is local: it is checked against the page's headings)"
    return not re.match(r'^([a-z][a-z0-9+.-]*:|//)', target, re.I)

def resolves(target: str, base: Path) -> bool:
    "Does local `target`, written on a page rendered from folder `base`, name a file or page of the repository?"
    path = target.split('#', 1)[0].split('?', 1)[0]
    if not path: return True
    p = (base / path).resolve()
    if p.suffix == '.html': return any(p.with_suffix(s).exists() for s in ('.ipynb', '.md', '.qmd', '.html'))
    return p.exists()

def slugs(md: str) -> set:
    "The ids a page's headings get: GitHub's (lowercase, punctuation dropped, spaces → -) and pandoc's (also up to the first letter), and explicit ids"
    md = FENCE.sub('', md)
    out = set(re.findall(r'\{#([\w.-]+)', md)) | set(re.findall(r'\b(?:id|name)\s*=\s*["\']([^"\']+)', md))
    for h in re.findall(r'^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$', md, re.M):
        h = re.sub(r'\{#.*?\}|<[^>]+>|\[([^\]]*)\]\([^)]*\)', r'\1', h).replace('`', '').strip().lower()
        gh = re.sub(r'[^\w\- ]', '', h).replace(' ', '-')
        out |= {gh, re.sub(r'^[^a-z]+', '', re.sub(r'[^\w.\- ]', '', h).replace(' ', '-'))}
    return out

def page_text(path: Path) -> str:
    "The markdown a page shows: a notebook's markdown cells, or a markdown file"
    if path.suffix == '.ipynb':
        return '\n\n'.join(''.join(c['source']) for c in json.loads(path.read_text())['cells'] if c['cell_type'] == 'markdown')
    return path.read_text()

def anchor_found(target: str, base: Path, text: str) -> bool:
    "Does the anchor of `target` (if any) name a heading or id of the page it points at?"
    if '#' not in target: return True
    path, anchor = target.split('#', 1)
    if not anchor: return True
    if not path: return anchor in slugs(text)
    p = (base / path.split('?', 1)[0]).resolve()
    if p.suffix == '.html': p = next((p.with_suffix(s) for s in ('.ipynb', '.md', '.qmd') if p.with_suffix(s).exists()), p)
    if p.suffix not in ('.ipynb', '.md', '.qmd') or not p.exists(): return True      # only pages have headings to check
    return anchor in slugs(page_text(p))

def pages():
    "(page name, markdown text, folder it is rendered from) for every page"
    for p in sorted(NBS.glob('*.ipynb')) + sorted(NBS.glob('*.md')): yield p.name, page_text(p), NBS
    yield 'README.md', (ROOT / 'README.md').read_text(), ROOT

PAGES = list(pages())

@pytest.mark.parametrize('name,text,base', PAGES, ids=[p[0] for p in PAGES])
def test_local_links_resolve(name, text, base):
    targets = [t for t in link_targets(text) if is_local(t)]
    broken = sorted({t for t in targets if not (resolves(t, base) and anchor_found(t, base, text))})
    known = {t for page, t in KNOWN_BROKEN if page == name}
    assert not (set(broken) - known), f"{name} (rendered from {base.relative_to(ROOT) or '.'}/): broken links {sorted(set(broken) - known)}"
    assert not (known - set(broken)), f"{name}: these links resolve now, strike them from KNOWN_BROKEN: {sorted(known - set(broken))}"

def test_the_parser_finds_links():
    md = ("[a](x.ipynb) ![b](images/y.png 'title') [![c](https://i/b.svg)](z.ipynb#part) <img src=\"w.png\">\n"
          "`[not](code.md)`\n```sh\n[nor](this.md)\n```\n[ref]: r.md\n[top](#anchor) [web](https://e.org) [m](mailto:a@b)")
    assert sorted(link_targets(md)) == sorted(['x.ipynb', 'images/y.png', 'https://i/b.svg', 'z.ipynb#part', 'r.md', 'w.png',
                                               '#anchor', 'https://e.org', 'mailto:a@b'])
    assert [t for t in link_targets(md) if is_local(t)] == ['x.ipynb', 'images/y.png', 'z.ipynb#part', '#anchor', 'r.md', 'w.png']
    assert slugs('## Experiments: what each choice bought\n### `x` (y)') >= {'experiments-what-each-choice-bought', 'x-y'}
    assert anchor_found('#a-b', NBS, '# A b') and not anchor_found('#c', NBS, '# A b')
    assert resolves('index.ipynb#x', NBS) and resolves('index.html', NBS) and not resolves('nbs/index.ipynb', NBS)
    assert resolves('nbs/index.ipynb', ROOT)
