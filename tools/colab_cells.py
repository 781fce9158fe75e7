"""Make notebooks open and run in Colab: an "Open in Colab" badge right after the title, and a first code cell that
installs the package where it is missing (Colab) and does nothing where it is importable (here, CI, the docs build);
in a notebook with long (`#| slow`) cells, a visible `RUN_EXPERIMENTS = False` cell just before the first of them that
stops Colab's *Run all* there, so the saved results stay (nbdev-test skips it with the other slow cells).

    python tools/colab_cells.py [nbs/NAME.ipynb ...]

With no arguments, every notebook in nbs/ except the home page (index), pages without code (nothing to run) and those
in SKIP. Idempotent: a second run changes nothing; a badge or install cell that has drifted is put back as it should be.
Library notebooks keep their `#| default_exp` cell where nbdev finds it, with the install cell right after it; in the
others the install cell comes just before their first code cell. `tests/test_colab.py` checks the result."""
import json, re, secrets, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NBS = ROOT / 'nbs'
REPO = 'depthmask-nb/depthmask_nb'
# notebooks left out of the default list while they are being run or re-made elsewhere; shrink as they are freed
SKIP = set()

BADGE_IMG = 'https://colab.research.google.com/assets/colab-badge.svg'
MARK = '# In Colab (or anywhere the package is missing): install it from GitHub; elsewhere this does nothing'
# `%pip` on its own line: IPython turns a magic into Python only at the start of a line, so the one-line
# `except ImportError: %pip ...` is a SyntaxError in Jupyter, Colab and nbdev-test alike
INSTALL = f"""#| hide
{MARK}
try: import depthmask_nb
except ImportError:
    %pip install -q "depthmask_nb[dev] @ git+https://github.com/{REPO}\""""

GUARD_MARK = "# Colab's *Run all* runs every cell, the experiments below too (minutes to hours on a CPU): here it stops,"
GUARD = f"""#| slow
{GUARD_MARK}
# and the outputs below are the saved results. True re-runs them.
RUN_EXPERIMENTS = False
from depthmask_nb.training.recipe import run_experiments; run_experiments(RUN_EXPERIMENTS)"""

def colab_url(name: str) -> str: return f'https://colab.research.google.com/github/{REPO}/blob/main/nbs/{name}'
def badge(name: str) -> str: return f'[![Open In Colab]({BADGE_IMG})]({colab_url(name)})'

def src(c) -> str: return ''.join(c['source']) if isinstance(c['source'], list) else c['source']
def lines(text: str) -> list:
    ls = text.split('\n')
    return [l + '\n' for l in ls[:-1]] + ([ls[-1]] if ls[-1] else [])

def is_badge(c) -> bool: return c['cell_type'] == 'markdown' and BADGE_IMG in src(c) and 'colab.research.google.com/github/' in src(c)
def is_install(c) -> bool: return c['cell_type'] == 'code' and MARK in src(c)
def is_default_exp(c) -> bool: return c['cell_type'] == 'code' and re.search(r'^#\|\s*default_exp\b', src(c), re.M) is not None
def is_guard(c) -> bool: return c['cell_type'] == 'code' and GUARD_MARK in src(c)
def is_slow(c) -> bool: return c['cell_type'] == 'code' and re.search(r'^#\|\s*slow\b', src(c), re.M) is not None and not is_guard(c)
def is_title(c) -> bool: return c['cell_type'] == 'markdown' and src(c).lstrip().startswith('# ')

def new_cell(kind: str, text: str, old=None) -> dict:
    "A cell of `kind` holding `text`, keeping the id (and for code, the outputs' absence) of `old` if given"
    c = {'cell_type': kind, 'id': (old or {}).get('id') or secrets.token_hex(4), 'metadata': {}, 'source': lines(text)}
    if kind == 'code': c.update(execution_count=None, outputs=[])
    return c

def fix(nb: dict, name: str) -> dict:
    "The notebook `nb` (file name `name`) with its badge after the title and its install cell first among its code"
    cells = nb['cells']
    old_badge = next((c for c in cells if is_badge(c)), None)
    old_install = next((c for c in cells if is_install(c)), None)
    cells = [c for c in cells if not (is_badge(c) or is_install(c))]
    t = next((i for i, c in enumerate(cells) if is_title(c)), None)
    if t is None: raise ValueError(f"{name}: no title cell (a markdown cell starting '# ')")
    b = new_cell('markdown', badge(name), old_badge)
    if old_badge is not None and src(old_badge) == badge(name): b['metadata'] = old_badge.get('metadata', {})
    cells.insert(t + 1, b)
    d = next((i for i, c in enumerate(cells) if is_default_exp(c)), None)
    at = d + 1 if d is not None else next((i for i, c in enumerate(cells) if c['cell_type'] == 'code'), len(cells))
    inst = new_cell('code', INSTALL, old_install)
    if old_install is not None and src(old_install) == INSTALL:       # unchanged: keep it as it was (outputs, metadata)
        inst = old_install
    cells.insert(at, inst)
    old_guard = next((c for c in cells if is_guard(c)), None)
    cells = [c for c in cells if not is_guard(c)]
    slow = next((i for i, c in enumerate(cells) if is_slow(c)), None)
    if slow is not None:                      # one visible flag before the first long cell: Run all keeps the saved results
        g = old_guard if old_guard is not None and src(old_guard) == GUARD else new_cell('code', GUARD, old_guard)
        cells.insert(slow, g)
    return dict(nb, cells=cells)

def has_code(nb: dict) -> bool: return any(c['cell_type'] == 'code' and not is_install(c) for c in nb['cells'])

def default_notebooks() -> list:
    return [p for p in sorted(NBS.glob('*.ipynb')) if p.name != 'index.ipynb' and p.name not in SKIP]

def main(paths):
    for p in map(Path, paths):
        nb = json.loads(p.read_text())
        if not has_code(nb): print(f"skipped {p.name}: no code to run"); continue
        new = fix(nb, p.name)
        if new != nb: p.write_text(json.dumps(new, indent=1, ensure_ascii=False) + '\n'); print(f"updated {p.name}")

if __name__ == '__main__':
    main(sys.argv[1:] or default_notebooks())
