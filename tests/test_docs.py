"""Docs checks that need no Quarto: the README is what nbs/index.ipynb says."""
import subprocess, sys
from pathlib import Path
ROOT = Path(__file__).resolve().parents[1]

def test_readme_in_step_with_index_notebook():
    r = subprocess.run([sys.executable, ROOT / 'tools' / 'make_readme.py', '--check'], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr + r.stdout
