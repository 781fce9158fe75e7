"""Every notebook opens and runs in Colab: an "Open in Colab" badge for that notebook, an install cell as the first code
cell (after the `#| default_exp` cell nbdev reads), and no path that climbs out of the working folder (`'../…'`), which
in Colab lands in `/`. `python tools/colab_cells.py NOTEBOOK` adds the badge and the install cell."""
import json, re, sys
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / 'tools'))
from colab_cells import colab_url, is_badge, is_default_exp, is_guard, is_slow, src, MARK, GUARD

# Notebooks not yet given their Colab cells: they were being run or re-made when the cells were added elsewhere.
# Run `python tools/colab_cells.py nbs/NAME.ipynb` on each, then strike it here.
NOT_YET = set()
# `'../` strings that are still there, with why; each should go (one setting for where runs and data live, issue #33),
# then be struck here. An entry whose string has gone fails the test, so the list only shrinks.
DOTDOT = {
    ('01_dataset.ipynb', '../escape.txt'): 'test data: a zip entry that escapes the folder must be refused; not a path',
}

NOTEBOOKS = [p for p in sorted((ROOT / 'nbs').glob('*.ipynb')) if p.name != 'index.ipynb']

def cells(nb): return json.loads(nb.read_text())['cells']
def code(nb): return [c for c in cells(nb) if c['cell_type'] == 'code']

def runnable(nb):
    "Notebooks with code to run: a page of prose only (results) has nothing to open in Colab"
    return any(MARK not in src(c) for c in code(nb))

CHECKED = [p for p in NOTEBOOKS if p.name not in NOT_YET and runnable(p)]

@pytest.mark.parametrize('nb', CHECKED, ids=[p.name for p in CHECKED])
def test_colab_badge(nb):
    badges = [c for c in cells(nb) if is_badge(c)]
    assert badges, f"{nb.name}: no Open in Colab badge (python tools/colab_cells.py nbs/{nb.name})"
    assert any(colab_url(nb.name) in src(c) for c in badges), f"{nb.name}: its badge opens another notebook"

@pytest.mark.parametrize('nb', CHECKED, ids=[p.name for p in CHECKED])
def test_install_cell_first(nb):
    cs = [c for c in code(nb) if not is_default_exp(c)]
    first = src(cs[0]) if cs else ''
    assert MARK in first, f"{nb.name}: the first code cell is not the install cell (python tools/colab_cells.py nbs/{nb.name})"
    assert first.startswith('#| hide'), f"{nb.name}: the install cell must be hidden on the docs site"
    assert re.search(r'^try: import depthmask_nb\nexcept ImportError:\n\s+%pip install ', first, re.M), \
        f"{nb.name}: the install cell must do nothing when the package imports (and keep %pip at the start of its line)"

@pytest.mark.parametrize('nb', CHECKED, ids=[p.name for p in CHECKED])
def test_run_all_stops_before_experiments(nb):
    "Colab's Run all ignores `#| slow`: the visible RUN_EXPERIMENTS = False guard comes right before the first long cell"
    cs = cells(nb)
    slow = [i for i, c in enumerate(cs) if is_slow(c)]
    guards = [i for i, c in enumerate(cs) if is_guard(c)]
    if not slow: assert not guards, f"{nb.name}: a Run-all guard but no long cells"; return
    assert guards == [slow[0] - 1], f"{nb.name}: the RUN_EXPERIMENTS guard must be the one cell just before the first #| slow cell (python tools/colab_cells.py nbs/{nb.name})"
    assert src(cs[guards[0]]) == GUARD

DOTDOT_RE = re.compile(r'''(['"])(\.\./[^'"\n]*)''')

@pytest.mark.parametrize('nb', [p for p in NOTEBOOKS if p.name not in NOT_YET], ids=[p.name for p in NOTEBOOKS if p.name not in NOT_YET])
def test_no_parent_paths(nb):
    found = {m.group(2) for c in code(nb) for m in DOTDOT_RE.finditer(src(c))}
    known = {s for n, s in DOTDOT if n == nb.name}
    new = {s for s in found if not any(s.startswith(k) for k in known)}
    assert not new, f"{nb.name}: paths out of the working folder (in Colab they land in /): {sorted(new)}"
    gone = {k for k in known if not any(s.startswith(k) for s in found)}
    assert not gone, f"{nb.name}: these '../' strings are gone, strike them from DOTDOT: {sorted(gone)}"

def test_lists_name_notebooks_that_exist():
    names = {p.name for p in NOTEBOOKS}
    assert NOT_YET <= names and {n for n, _ in DOTDOT} <= names


def test_gpu_run_fetch_list_matches_the_saved_files():
    "33_gpu_run fetches its saved run files where the repository is not checked out (Colab): the list must be complete"
    import ast
    nb = ROOT / 'nbs' / '33_gpu_run.ipynb'
    code = next(src(c) for c in cells(nb) if 'GPU_RUN_FILES = [' in src(c))
    i = code.index('GPU_RUN_FILES = ['); listed = ast.literal_eval(code[code.index('[', i):code.index(']', i) + 1])
    saved = sorted(str(p.relative_to(ROOT / 'nbs' / 'gpu_run')) for p in (ROOT / 'nbs' / 'gpu_run').rglob('*') if p.suffix in ('.json', '.csv'))
    assert sorted(listed) == saved
