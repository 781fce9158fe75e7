"""Scale probe: what streaming buys when the data grow — the same `depthmask train` on N and 10·N samples.

    python tools/scale_probe.py --out /tmp/scale [--n-bg 10000] [--size 128] [--steps 30]
    python tools/scale_probe.py --out /tmp/scale --large DATASET --small DATASET [--budget 8]

The second form trains the default recipe (`--budget` minutes of training, then the whole valid and test splits
scored) on two given datasets, e.g. the assignment's 400,000 pairs and 4,000 made the same way, and reports for each
the peak memory of the process tree, seconds to the first optimizer step, steps, test scores and wall time.

Makes two photo-composite datasets with the project's own command (n_bg/10 and n_bg backgrounds × 4 samples: 4,000
and 40,000 pairs by default; timed, bytes on disk), trains each for the same few steps with `--load auto` (the small
one fits the memory budget and is cached, the large one is streamed) and samples the memory of the whole process tree
(the trainer and its loader workers: proportional set size, so pages the workers share with the trainer count once)
twice a second. Then times the first batch of a streamed loader and its pairs/s per worker process. Prints one JSON
object; every figure is measured on this machine (its CPU capability is in the output). Nothing is downloaded. OUT is
the probe's own folder: its datasets and runs there are made anew each time (with --overwrite)."""
import argparse, json, os, subprocess, sys, time
from pathlib import Path
import psutil

def tree_memory(p: psutil.Process):
    "(summed PSS, largest RSS) in bytes of `p` and its descendants"
    pss, rss = 0, 0
    for q in [p] + p.children(recursive=True):
        try: m = q.memory_full_info(); pss += m.pss; rss = max(rss, m.rss)
        except (psutil.NoSuchProcess, psutil.AccessDenied): pass
    return pss, rss

def run_measured(cmd):
    "Run `cmd`; (exit code, seconds, peak summed PSS, peak single-process RSS)"
    t0 = time.perf_counter(); p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    ps, peak_pss, peak_rss = psutil.Process(p.pid), 0, 0
    while p.poll() is None:
        try: pss, rss = tree_memory(ps); peak_pss, peak_rss = max(peak_pss, pss), max(peak_rss, rss)
        except psutil.NoSuchProcess: break
        time.sleep(0.5)
    err = p.stderr.read()
    if p.returncode: print(err[-3000:], file=sys.stderr)
    return p.returncode, time.perf_counter() - t0, peak_pss, peak_rss

def disk_bytes(path):
    path = Path(path)
    return path.stat().st_size if path.is_file() else sum(f.stat().st_size for f in path.rglob('*') if f.is_file())

def loader_speed(data, size, workers, batches=30, bs=32):
    "Pairs/s of a streamed, augmented training loader with `workers` decoding processes, and seconds to its first batch"
    from depthmask_nb.training.stream import PairStream
    from depthmask_nb.training.data import depthmask_dls
    from depthmask_nb.training.recipe import DEFAULT_AUGMENT_KW
    t0 = time.perf_counter()
    dls = depthmask_dls(PairStream.load(data), size=size, bs=bs, num_workers=workers, **DEFAULT_AUGMENT_KW)
    it = iter(dls.train); next(it); first = time.perf_counter() - t0
    t1 = time.perf_counter()
    for _ in range(batches): next(it)
    return dict(pairs_per_s=round(batches * bs / (time.perf_counter() - t1), 1), first_batch_s=round(first, 2))

def given(a):
    "The default recipe on `--small` and `--large`, measured"
    import torch
    res = dict(cpu=torch.backends.cpu.get_cpu_capability(), cores=os.cpu_count(), budget_minutes=a.budget, runs={})
    for name, data in (('small', a.small), ('large', a.large)):
        run = a.out / f'run-{name}'
        code, secs, pss, rss = run_measured(['depthmask', 'train', '--data', str(data), '--out', str(run), '--budget', str(a.budget),
                                             '--load', 'auto', '--overwrite'])
        m = json.loads((run / 'metrics.json').read_text()) if code == 0 else {}
        t = m.get('test', {})
        res['runs'][name] = dict(data=str(data), pairs=json.loads((Path(data) / 'dataset.json').read_text())['n_samples'] if Path(data).is_dir() else None,
                                 bytes_on_disk=disk_bytes(data), train_exit=code, wall_s=round(secs, 1), first_step_s=m.get('first_step_s'),
                                 steps=m.get('steps'), train_s=m.get('train_seconds'), test_pairs=t.get('n_samples'),
                                 test_iou=t.get('mask_iou'), test_iou_differencing=t.get('difference_iou'),
                                 peak_tree_pss_gb=round(pss / 2 ** 30, 2), peak_process_rss_gb=round(rss / 2 ** 30, 2))
    print(json.dumps(res, indent=1))

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--out', type=Path, required=True)
    ap.add_argument('--large', type=Path, default=None, help='with --small: train the default recipe on these two datasets')
    ap.add_argument('--small', type=Path, default=None)
    ap.add_argument('--budget', type=float, default=8)
    ap.add_argument('--n-bg', type=int, default=10000)
    ap.add_argument('--size', type=int, default=128)
    ap.add_argument('--steps', type=int, default=30)
    a = ap.parse_args()
    import torch
    a.out.mkdir(parents=True, exist_ok=True)
    if a.large or a.small: return given(a)
    res = dict(cpu=torch.backends.cpu.get_cpu_capability(), cores=os.cpu_count(), size=a.size, steps=a.steps, runs={})
    sched = json.dumps([dict(size=64, bs=16, lr=1e-3, steps=a.steps, frozen=True)])
    for name, n_bg in (('small', a.n_bg // 10), ('large', a.n_bg)):
        data = a.out / f'{name}.zip'
        t0 = time.perf_counter()
        subprocess.run(['depthmask', 'make-data', '--out', str(data), '--photos', 'package', '--objects', 'package', '--size',
                        str(a.size), '--n-bg', str(n_bg), '--n-fg', '4', '--quiet', '--overwrite'], check=True, capture_output=True)
        write_s = time.perf_counter() - t0
        code, secs, pss, rss = run_measured(['depthmask', 'train', '--data', str(data), '--out', str(a.out / f'run-{name}'),
                                             '--schedule', sched, '--load', 'auto', '--overwrite'])
        res['runs'][name] = dict(pairs=n_bg * 4, bytes_on_disk=disk_bytes(data), write_s=round(write_s, 1), train_exit=code,
                                 train_s=round(secs, 1), peak_tree_pss_gb=round(pss / 2 ** 30, 2), peak_process_rss_gb=round(rss / 2 ** 30, 2))
    res['loader'] = {f'{w} workers': loader_speed(a.out / 'large.zip', a.size, w) for w in (1, 2)}
    print(json.dumps(res, indent=1))

if __name__ == '__main__': main()
