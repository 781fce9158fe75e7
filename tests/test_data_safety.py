"Process-level safety of `depthmask make-data`: every bad input exits 2 with a message naming it, and no user file changes"
import hashlib, os, signal, subprocess, sys, time
from pathlib import Path
import pytest
from depthmask_nb.datasets.dataset import DepthmaskDataset

CLI = [sys.executable, '-c', 'import sys; from depthmask_nb.cli import main; sys.exit(main())']
SMALL = ['--size', '16', '--n-bg', '3', '--n-fg', '1', '--seed', '1', '--quiet', '--workers', '1']

def run(cwd, *args, timeout=120):
    return subprocess.run(CLI + ['make-data', *args], cwd=cwd, capture_output=True, text=True, timeout=timeout)

def tree_hash(root):
    h = hashlib.sha256()
    for p in sorted(Path(root).rglob('*')):
        h.update(str(p.relative_to(root)).encode())
        h.update(os.readlink(p).encode() if p.is_symlink() else p.read_bytes() if p.is_file() else b'/')
    return h.hexdigest()

@pytest.fixture
def home(tmp_path):
    (tmp_path / 'photos').mkdir(); (tmp_path / 'photos' / 'holiday.jpg').write_bytes(b'my photo')
    (tmp_path / 'notes.zip').write_bytes(b'PK not a dataset'); (tmp_path / 'keep.txt').write_text('mine')
    return tmp_path

@pytest.mark.parametrize('out', ['photos', 'notes.zip', '.', '..', '~', '/'])
def test_overwrite_refuses_non_datasets(home, out):
    before = tree_hash(home)
    r = run(home, '--out', out, '--overwrite', *SMALL)
    assert r.returncode == 2, r.stderr
    assert 'error' in r.stderr and (out in r.stderr), r.stderr
    assert tree_hash(home) == before

def test_overwrite_refuses_cwd_even_if_dataset(home):
    assert run(home, '--out', 'd', *SMALL).returncode == 0
    before = tree_hash(home)
    r = run(home / 'd', '--out', str(home / 'd'), '--overwrite', *SMALL)
    assert r.returncode == 2 and 'working folder' in r.stderr, r.stderr
    assert tree_hash(home) == before

@pytest.mark.parametrize('args,word', [(['--size', '4097'], 'size'), (['--size', '4'], 'size'), (['--n-bg', '0'], 'n_bg'),
                                       (['--n-fg', '0'], 'n_fg'), (['--placements', '0'], 'placements'),
                                       (['--seed', '-1'], 'seed'), (['--workers', '0'], 'workers')])
def test_bad_arguments_create_nothing(home, args, word):
    before = tree_hash(home)
    r = run(home, '--out', 'new/d.zip', *SMALL, *args)
    assert r.returncode == 2 and word in r.stderr, r.stderr
    assert tree_hash(home) == before and not (home / 'new').exists()

def test_read_only_folder(home):
    if os.geteuid() == 0: ro = Path('/sys')                        # root may write anywhere else
    else: ro = home / 'ro'; ro.mkdir(); ro.chmod(0o555)
    try:
        r = run(home, '--out', str(ro / 'd.zip'), *SMALL)
        assert r.returncode == 2 and str(ro) in r.stderr and 'permission denied' in r.stderr, r.stderr
        assert not [p for p in ro.iterdir() if '.part-' in p.name]
    finally:
        if ro != Path('/sys'): ro.chmod(0o755)

@pytest.mark.parametrize('name', ['d', 'd.zip'])
def test_kill_leaves_old_or_new_and_next_run_cleans_up(home, name):
    assert run(home, '--out', name, *SMALL).returncode == 0
    old = DepthmaskDataset(home / name).meta['generator']['seed']
    for delay in (0.3, 1.0, 2.0):                                   # kill while rendering, at different moments
        p = subprocess.Popen(CLI + ['make-data', '--out', name, '--overwrite', '--size', '64', '--n-bg', '12', '--n-fg', '4',
                                    '--seed', '2', '--quiet', '--workers', '1'], cwd=home, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay); p.send_signal(signal.SIGKILL); p.wait()
        ds = DepthmaskDataset(home / name)                          # the old or the new dataset, never neither
        assert ds.meta['generator']['seed'] in (old, 2) and ds.check(decode=False)
    (home / f'.{name}.part-{p.pid}-zz').mkdir()                     # certainly a leftover of a dead process
    r = run(home, '--out', name, '--overwrite', *SMALL)
    assert r.returncode == 0, r.stderr
    assert not [q.name for q in home.iterdir() if q.name.startswith(f'.{name}.')]
    assert DepthmaskDataset(home / name).check()
    assert (home / 'photos' / 'holiday.jpg').read_bytes() == b'my photo' and (home / 'keep.txt').read_text() == 'mine'
