"""Data-parallel training in two CPU processes (gloo), launched by `torchrun` as a user would (a notebook cannot launch itself twice)."""
import json, os, re, subprocess, sys, shutil
from pathlib import Path
import pytest

SCHED = '[{"size": 32, "epochs": 1, "bs": 4, "lr": 0.002, "frozen": true}, {"size": 32, "epochs": 1, "bs": 4, "lr": 0.001}]'

@pytest.mark.skipif(shutil.which('torchrun') is None, reason='torchrun not installed')
def test_two_process_training(tmp_path):
    data, run_dir = tmp_path / 't.zip', tmp_path / 'run'
    r = subprocess.run(['depthmask', 'make-data', '--out', data, '--size', '32', '--n-bg', '5', '--n-fg', '4', '--quiet'], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    env = dict(os.environ, OMP_NUM_THREADS='1')
    r = subprocess.run(['torchrun', '--nproc_per_node', '2', '--master_port', '29517', '--no-python', 'depthmask', 'train',
                        '--data', data, '--out', run_dir, '--schedule', SCHED],
                       capture_output=True, text=True, env=env, timeout=600)
    assert r.returncode == 0, (r.stdout[-2000:], r.stderr[-3000:])
    # each rank trained its shard: 24 training samples, batches of 4 → 6 per epoch, 3 per rank; 2 epochs → 6 steps
    ranks = dict(re.findall(r'\[rank (\d)/2\] (\d+ steps; last validation: mask_iou [\d.]+, depth_delta1 [\d.]+, depth_absrel [\d.]+)', r.stdout))
    assert set(ranks) == {'0', '1'}, r.stdout[-2000:]
    assert all(v.startswith('6 steps') for v in ranks.values()), ranks
    # the validation metrics were gathered: both ranks report the same data-set values (each saw half the samples)
    assert ranks['0'] == ranks['1'], ranks
    # one process wrote the run folder
    for f in ('model.safetensors', 'model.json', 'metrics.json', 'history.csv', 'timing.json'): assert (run_dir / f).is_file(), f
    assert len((run_dir / 'history.csv').read_text().splitlines()) == 3       # header + one row per epoch, not two
    metrics = json.loads((run_dir / 'metrics.json').read_text())
    assert metrics['steps'] == 6 and metrics['test']['n_samples'] == 8
    assert [p.name for p in sorted((run_dir / 'checkpoints').glob('ckpt-*.pt'))] == ['ckpt-p00-e0001-i000000.pt', 'ckpt-p01-e0001-i000000.pt']

BUDGETED = '[{"size": 32, "bs": 4, "lr": 0.002, "frozen": true, "steps": 4}, {"size": 32, "bs": 4, "lr": 0.001, "share": 0.5}]'

@pytest.mark.skipif(shutil.which('torchrun') is None, reason='torchrun not installed')
def test_two_process_budgeted_schedule(tmp_path):
    "A schedule in steps and budget shares under two processes: one plan for both (rank 0's), each step counted once"
    data, run_dir = tmp_path / 't.zip', tmp_path / 'run'
    r = subprocess.run(['depthmask', 'make-data', '--out', data, '--size', '32', '--n-bg', '5', '--n-fg', '4', '--quiet'], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    env = dict(os.environ, OMP_NUM_THREADS='1')
    r = subprocess.run(['torchrun', '--nproc_per_node', '2', '--master_port', '29518', '--no-python', 'depthmask', 'train',
                        '--data', data, '--out', run_dir, '--schedule', BUDGETED, '--budget', '0.02'],
                       capture_output=True, text=True, env=env, timeout=600)
    assert r.returncode == 0, (r.stdout[-2000:], r.stderr[-3000:])
    planned = [p['steps'] for p in json.loads((run_dir / 'model.json').read_text())['phases']]
    assert planned[0] == 4 and planned[1] >= 1
    ranks = dict(re.findall(r'\[rank (\d)/2\] (\d+) steps', r.stdout))
    assert ranks == {'0': str(sum(planned)), '1': str(sum(planned))}, (ranks, planned)   # 4 steps span 2 epochs of 3 per rank
    assert json.loads((run_dir / 'metrics.json').read_text())['steps'] == sum(planned)
