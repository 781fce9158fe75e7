"""The library is exactly what the notebooks export, and the notebooks are clean (no execution counts or stray
metadata): both checked on a copy, so running the tests never rewrites a file of the working tree."""
import shutil, subprocess, sys
from pathlib import Path
import pytest
ROOT = Path(__file__).resolve().parents[1]

@pytest.fixture(scope='module')
def copy(tmp_path_factory):
    "A copy of what nbdev reads and writes: pyproject.toml, nbs/ and the package"
    d = tmp_path_factory.mktemp('export')
    shutil.copy(ROOT / 'pyproject.toml', d)
    shutil.copytree(ROOT / 'nbs', d / 'nbs')
    shutil.copytree(ROOT / 'depthmask_nb', d / 'depthmask_nb', ignore=shutil.ignore_patterns('__pycache__'))
    return d

def _changed(a: Path, b: Path, pattern):
    files = sorted({p.relative_to(a) for p in a.glob(pattern)} | {p.relative_to(b) for p in b.glob(pattern)})
    return [str(f) for f in files if not ((a / f).exists() and (b / f).exists() and (a / f).read_bytes() == (b / f).read_bytes())]

def test_library_is_what_the_notebooks_export(copy):
    r = subprocess.run([sys.executable, '-c', 'from nbdev.doclinks import nbdev_export; nbdev_export()'], cwd=copy, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-2000:]
    changed = _changed(ROOT / 'depthmask_nb', copy / 'depthmask_nb', '**/*.py')      # the subpackages too
    assert not changed, f"nbdev-export would change {changed}: run nbdev-export and commit the result"

def test_notebooks_are_clean(copy):
    r = subprocess.run([sys.executable, '-c', 'from nbdev.clean import nbdev_clean; nbdev_clean()'], cwd=copy, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-2000:]
    changed = _changed(ROOT / 'nbs', copy / 'nbs', '*.ipynb')
    assert not changed, f"nbdev-clean would change {changed}: run nbdev-clean and commit the result"
