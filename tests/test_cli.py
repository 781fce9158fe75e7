"""The installed `depthmask` console script, run as a user would run it (a notebook cannot test the entry point)."""
import subprocess, sys, json
from pathlib import Path

def run(*args, **kw):
    return subprocess.run(['depthmask', *map(str, args)], capture_output=True, text=True, **kw)

def test_make_data_zip_and_folder(tmp_path):
    for out in (tmp_path / 'd.zip', tmp_path / 'd'):
        r = run('make-data', '--out', out, '--size', 24, '--n-bg', 3, '--n-fg', 2, '--quiet')
        assert r.returncode == 0, r.stderr
        assert 'wrote 12 samples' in r.stdout
    meta = json.loads((tmp_path / 'd' / 'dataset.json').read_text())
    assert meta['format'] == 'depthmask/1' and meta['n_samples'] == 12

def test_make_data_refuses_existing_output(tmp_path):
    (tmp_path / 'd').mkdir()
    r = run('make-data', '--out', tmp_path / 'd', '--size', 24, '--n-bg', 1, '--n-fg', 1, '--quiet')
    assert r.returncode == 2 and 'exists' in r.stderr and str(tmp_path / 'd') in r.stderr

def test_help_lists_commands():
    r = run('--help')
    assert r.returncode == 0 and 'make-data' in r.stdout
