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

def test_tiny_training_evaluate_predict(tmp_path):
    "A full tiny run through the installed command: a few dozen samples at 32², well under a minute"
    data, run_dir = tmp_path / 't.zip', tmp_path / 'run'
    assert run('make-data', '--out', data, '--size', 32, '--n-bg', 5, '--n-fg', 4, '--quiet').returncode == 0
    sched = '[{"size": 32, "epochs": 1, "bs": 8, "lr": 0.002, "frozen": true}, {"size": 32, "epochs": 1, "bs": 8, "lr": 0.001}]'
    r = run('train', '--data', data, '--out', run_dir, '--schedule', sched)
    assert r.returncode == 0, r.stderr[-2000:]
    for f in ('model.safetensors', 'model.json', 'metrics.json', 'history.csv', 'results.png'): assert (run_dir / f).is_file(), f
    metrics = json.loads((run_dir / 'metrics.json').read_text())
    r = run('evaluate', '--model', run_dir, '--data', data, '--split', 'test')
    assert r.returncode == 0, r.stderr
    ev = json.loads(r.stdout)
    assert ev['n_samples'] == metrics['test']['n_samples'] == 8
    assert abs(ev['mask_iou'] - metrics['test']['mask_iou']) < 1e-6
    from depthmask_nb.datasets.dataset import DepthmaskDataset
    from PIL import Image
    s = DepthmaskDataset(data).sample(0)
    Image.fromarray(s['bg']).resize((50, 40)).save(tmp_path / 'bg.png'); Image.fromarray(s['fg_bg']).resize((50, 40)).save(tmp_path / 'fg.png')
    r = run('predict', '--model', run_dir, '--bg', tmp_path / 'bg.png', '--fg-bg', tmp_path / 'fg.png', '--out', tmp_path / 'pred')
    assert r.returncode == 0, r.stderr
    assert Image.open(tmp_path / 'pred' / 'depth.png').size == (50, 40)
    r = run('predict', '--model', run_dir, '--bg', tmp_path / 'bg.png', '--fg-bg', tmp_path / 'missing.png', '--out', tmp_path / 'pred')
    assert r.returncode == 2 and 'missing.png' in r.stderr

def test_bench_quick(tmp_path):
    "`depthmask bench --quick`: the whole suite at tiny sizes writes every figure the full run reports"
    r = run('bench', '--quick', '--out', tmp_path / 'bench.json', '--plot', tmp_path / 'bench.png')
    assert r.returncode == 0, r.stderr[-2000:]
    res = json.loads((tmp_path / 'bench.json').read_text())
    assert {'generator', 'reader', 'conv_peak_gflops', 'training', 'inference', 'memory', 'checks', 'targets'} <= set(res)
    t = res['training'][0]
    assert t['images_per_s_fastai'] > 0 and t['images_per_s_plain'] > 0 and 0 <= t['data_wait_share'] < 1
    i = res['inference'][0]
    assert i['onnx_max_abs_diff']['depth_relative'] < 1e-4 and i['pairs_per_s']['onnxruntime_fp32'] > 0
    assert (tmp_path / 'bench.png').stat().st_size > 1000

def test_debian_photos_refused_in_words_without_apt(tmp_path):
    "Real photos come from Debian's packages through apt-get: where there is none, exit 2 naming the package and the way out; nothing left in the cache"
    import os, shutil, pytest
    env = dict(os.environ, PATH=str(Path(shutil.which('depthmask')).parent), DEPTHMASK_CACHE=str(tmp_path / 'cache'))   # the command, but no apt-get
    if shutil.which('apt-get', path=env['PATH']): pytest.skip('apt-get sits beside the depthmask command: no PATH without it')
    r = run('make-data', '--photos', 'debian', '--objects', 'debian', '--out', tmp_path / 'real.zip', '--size', 32, env=env)
    assert r.returncode == 2, r.stderr
    assert 'gcompris-qt-data: fetching it needs apt-get' in r.stderr and 'Traceback' not in r.stderr
    assert not (tmp_path / 'real.zip').exists() and not any((tmp_path / 'cache').glob('*debian*'))
