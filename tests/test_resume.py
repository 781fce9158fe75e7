"""Kill a training process with SIGKILL mid-epoch, resume it, and check it ends as an uninterrupted run does — the
same optimizer steps, a loadable model, metrics within noise. Then once more with a crash in the middle of a
checkpoint write. Subprocesses, because a notebook cannot kill -9 itself and carry on."""
import json, os, signal, subprocess, sys, time
from pathlib import Path
import pytest

SCHED = json.dumps([dict(size=32, epochs=2, bs=4, lr=2e-3, frozen=True), dict(size=32, epochs=2, bs=4, lr=1e-3, name='32px')])

def train_cmd(data, out, *extra):
    return ['depthmask', 'train', '--data', str(data), '--out', str(out), '--schedule', SCHED, *map(str, extra)]

@pytest.fixture(scope='module')
def data(tmp_path_factory):
    p = tmp_path_factory.mktemp('data') / 't.zip'
    assert subprocess.run(['depthmask', 'make-data', '--out', str(p), '--size', '48', '--n-bg', '5', '--n-fg', '4', '--quiet']).returncode == 0
    return p

@pytest.fixture(scope='module')
def sharded(data, tmp_path_factory):
    "The same data as a depthmask/2 folder of shards of 8 samples (shuffled a few shards at a time by the loader)"
    p = tmp_path_factory.mktemp('data') / 'shards'
    assert subprocess.run(['depthmask', 'convert', '--src', str(data), '--out', str(p), '--shard-size', '8', '--quiet']).returncode == 0
    return p

def uninterrupted(data, tmp_path_factory, *extra):
    out = tmp_path_factory.mktemp('ref') / 'run'
    r = subprocess.run(train_cmd(data, out, *extra), capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-3000:]
    return json.loads((out / 'metrics.json').read_text())

@pytest.fixture(scope='module')
def reference(data, tmp_path_factory): return uninterrupted(data, tmp_path_factory)

@pytest.fixture(scope='module')
def reference_sharded(sharded, tmp_path_factory): return uninterrupted(sharded, tmp_path_factory, '--load', 'stream')

def finished_ok(out, reference):
    m = json.loads((out / 'metrics.json').read_text())
    assert m['steps'] == reference['steps']                       # same number of optimizer steps
    from depthmask_nb.training.modelfile import load_model
    load_model(out)                                                # a loadable model
    for k in ('mask_iou', 'depth_delta1'): assert abs(m['test'][k] - reference['test'][k]) < 0.1, (k, m['test'][k], reference['test'][k])
    return m

@pytest.mark.parametrize('load', ['memory', 'stream', 'shards'])
def test_kill_9_mid_epoch_then_resume(request, tmp_path, load):
    """In memory, or streamed from disk by loader workers (from one zip, or from shards in a shard-local order): the
    same samples in the same order, so the same end"""
    data, reference = (request.getfixturevalue('sharded'), request.getfixturevalue('reference_sharded')) if load == 'shards' else \
                      (request.getfixturevalue('data'), request.getfixturevalue('reference'))
    load = 'stream' if load == 'shards' else load
    out = tmp_path / 'run'
    # checkpoint after every batch, so the kill lands just after a mid-epoch checkpoint of the second phase
    p = subprocess.Popen(train_cmd(data, out, '--checkpoint-minutes', 0.002, '--load', load), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 240
    while time.time() < deadline and p.poll() is None:
        if any('-p01-e0000-i00000' in f.name and not f.name.endswith('i000000.pt') for f in (out / 'checkpoints').glob('ckpt-*.pt')): break
        time.sleep(0.05)
    assert p.poll() is None, 'training ended before it could be killed'
    os.kill(p.pid, signal.SIGKILL); p.wait()
    assert not (out / 'metrics.json').exists()
    r = subprocess.run(['depthmask', 'train', '--resume', str(out), '--load', load], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-3000:]
    assert 'resuming' in r.stdout and 'batch' in r.stdout
    finished_ok(out, reference)
    import pandas as pd
    h = pd.read_csv(out / 'history.csv')
    assert list(h.phase) == ['32px-frozen'] * 2 + ['32px'] * 2        # every epoch once: none lost, none twice

def test_crash_during_checkpoint_write_then_resume(data, reference, tmp_path):
    out = tmp_path / 'run'
    # die half-way through writing the 3rd checkpoint: the child's torch.save is patched (the library has no test hooks)
    code = ("import io, os, sys, torch\n"
            "real, n = torch.save, [0]\n"
            "def save(obj, f, *a, **k):\n"
            "    if '.ckpt-' in str(getattr(f, 'name', '')):\n"
            "        n[0] += 1\n"
            "        if n[0] == 3: b = io.BytesIO(); real(obj, b); f.write(b.getvalue()[:100]); f.flush(); os._exit(17)\n"
            "    return real(obj, f, *a, **k)\n"
            "torch.save = save\n"
            "from depthmask_nb.cli import main; sys.exit(main(sys.argv[1:]))\n")
    r = subprocess.run([sys.executable, '-c', code, *train_cmd(data, out)[1:]], capture_output=True, text=True)
    assert r.returncode == 17, r.stderr[-2000:]
    assert list((out / 'checkpoints').glob('.ckpt-*.part-*'))      # the torn write is there, under a temporary name (`atomic_file`)
    r = subprocess.run(['depthmask', 'train', '--resume', str(out)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-3000:]
    assert 'epoch 2, batch 0' in r.stdout                           # from the 2nd checkpoint: the end of epoch 2 of phase 1
    finished_ok(out, reference)

def test_resume_without_checkpoint_is_a_clear_error(tmp_path):
    r = subprocess.run(['depthmask', 'train', '--resume', str(tmp_path / 'nothing')], capture_output=True, text=True)
    assert r.returncode == 2 and 'no checkpoint to resume from' in r.stderr
