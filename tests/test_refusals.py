"""Hostile cases, as a careless user meets them on the command line: every one ends in a correct result or a clear
exit 2 naming what is wrong — no traceback — and the user's files are hashed before and after: nothing is lost."""
import contextlib, hashlib, io, json, os, struct, subprocess, sys, zipfile, zlib
from pathlib import Path
import numpy as np
import pytest
from PIL import Image

S1 = '[{"size":32,"epochs":1,"bs":4,"lr":0.002,"frozen":true}]'

def dm(*args):
    """Run the `depthmask` command in this process (a new process costs seconds of imports); (exit code, stdout,
    stderr). An exception escaping `main` — what a user would see as a traceback — fails the test"""
    from depthmask_nb.cli import main
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try: code = main([str(a) for a in args])
        except SystemExit as e: code = e.code
    return code, out.getvalue(), err.getvalue()

def refused(r, *words):
    "Exit 2, the words in the message, and no traceback"
    code, out, err = r
    assert code == 2, (code, out[-500:], err[-2000:])
    assert 'Traceback' not in err, err[-2000:]
    for w in words: assert w in err, (w, err[-1000:])

def digest(root) -> dict:
    "Every file under `root` (or `root` itself) by its sha1: what a command must leave as it was"
    root = Path(root)
    files = [root] if root.is_file() else sorted(p for p in root.rglob('*') if p.is_file())
    return {str(p.relative_to(root.parent)): hashlib.sha1(p.read_bytes()).hexdigest() for p in files}

@pytest.fixture(scope='module')
def work(tmp_path_factory):
    "A tiny dataset `ds` and a tiny run `run1` on it, made once"
    d = tmp_path_factory.mktemp('hostile')
    assert dm('make-data', '--out', d / 'ds', '--size', 32, '--n-bg', 6, '--n-fg', 2, '--placements', 2, '--seed', 3, '--quiet')[0] == 0
    r = dm('train', '--data', d / 'ds', '--out', d / 'run1', '--schedule', S1)
    assert r[0] == 0, r[2][-2000:]
    return d

def photo_pair(d):
    "One (bg, fg_bg) pair of photos from the dataset, as a user would have them"
    ds = d / 'ds'
    fg = sorted((ds / 'fg_bg').iterdir())[0]
    bg = ds / 'bg' / (fg.name.split('_')[0] + '.jpg')
    return bg, fg

def test_export_never_replaces_the_runs_own_files(work):
    run = work / 'run1'; before = digest(run)
    refused(dm('export', '--model', run, '--onnx', run / 'model.safetensors'), 'model.safetensors', 'a file of the run')
    refused(dm('export', '--model', run, '--onnx', run / 'model', '--overwrite'), 'a file of the run')   # its .json is model.json
    assert digest(run) == before

def test_export_refuses_an_existing_file_and_a_folder(work, tmp_path):
    mine = tmp_path / 'mine.onnx'; mine.write_bytes(b'my own file')
    refused(dm('export', '--model', work / 'run1', '--onnx', mine), 'mine.onnx: exists', '--overwrite')
    assert mine.read_bytes() == b'my own file'
    (tmp_path / 'adir').mkdir()
    refused(dm('export', '--model', work / 'run1', '--onnx', tmp_path / 'adir'), 'adir', 'is a folder')
    code, _, err = dm('export', '--model', work / 'run1', '--onnx', mine, '--overwrite')
    assert code == 0, err[-2000:]
    assert mine.read_bytes()[:20] != b'my own file' and Path(str(mine) + '.json').is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ['adir', 'mine.onnx', 'mine.onnx.json']   # nothing half-written left

def test_predict_one_pair_keeps_files_already_there(work, tmp_path):
    bg, fg = photo_pair(work)
    gt = tmp_path / 'gt'; gt.mkdir(); (gt / 'mask.png').write_bytes(b'my ground truth'); (gt / 'notes.txt').write_text('n')
    before = digest(gt)
    refused(dm('predict', '--model', work / 'run1', '--bg', bg, '--fg-bg', fg, '--out', gt), 'mask.png', '--overwrite')
    assert digest(gt) == before
    code, _, err = dm('predict', '--model', work / 'run1', '--bg', bg, '--fg-bg', fg, '--out', gt, '--overwrite')
    assert code == 0, err[-2000:]
    assert (gt / 'notes.txt').read_text() == 'n' and (gt / 'mask.png').read_bytes() != b'my ground truth'

@pytest.mark.parametrize('bs', [0, -1])
def test_predict_batch_size_must_be_positive(work, tmp_path, bs):
    refused(dm('predict', '--model', work / 'run1', '--data', work / 'ds', '--out', tmp_path / 'p', '--bs', bs), f'--bs {bs}')
    assert not (tmp_path / 'p').exists()

def test_a_pattern_that_is_not_a_regular_expression(work, tmp_path):
    refused(dm('import', '--src', work / 'ds', '--out', tmp_path / 'i', '--pattern', '('), 'not a regular expression')
    refused(dm('predict', '--model', work / 'run1', '--data', work / 'ds', '--out', tmp_path / 'p', '--pattern', '('),
            'not a regular expression')
    assert not list(tmp_path.iterdir())

def test_photos_must_be_a_folder(work, tmp_path):
    f = tmp_path / 'one.jpg'; f.write_bytes((work / 'ds' / 'bg' / 'bg00000.jpg').read_bytes())
    refused(dm('make-data', '--out', tmp_path / 'c', '--photos', f, '--objects', 'package', '--quiet'), 'one.jpg', 'not a folder')
    assert not (tmp_path / 'c').exists()

def png_header_only(path, w, h):
    "A PNG whose header claims w × h pixels: what a decompression bomb looks like to a reader"
    chunk = lambda t, d: struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    path.write_bytes(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0)) + chunk(b'IEND', b''))

def test_a_photo_whose_header_claims_20000_squared(tmp_path):
    photos = tmp_path / 'photos'; photos.mkdir(); png_header_only(photos / 'bomb.png', 20000, 20000)
    refused(dm('make-data', '--out', tmp_path / 'c', '--photos', photos, '--objects', 'package', '--quiet'), 'bomb.png')

def test_cutouts_transparent_everywhere_are_refused(tmp_path):
    objs = tmp_path / 'objs'; objs.mkdir()
    Image.fromarray(np.zeros((20, 20, 4), np.uint8)).save(objs / 'empty.png')
    refused(dm('make-data', '--out', tmp_path / 'c', '--photos', 'package', '--objects', objs, '--quiet'), 'empty.png', 'transparent everywhere')

def test_impossible_numbers_are_refused_at_once(tmp_path):
    refused(dm('make-data', '--out', tmp_path / 'x', '--n-fg', 1000000000, '--size', 8), 'more than 10,000,000 samples')
    refused(dm('train', '--data', tmp_path / 'x', '--out', tmp_path / 'r', '--schedule', '[{"size": 1000000000}]'), 'at most 4096')
    assert not list(tmp_path.iterdir())

def test_workers_are_capped_at_the_cores(tmp_path):
    code, out, err = dm('make-data', '--out', tmp_path / 'w.zip', '--size', 16, '--n-bg', 2, '--n-fg', 1, '--workers', 100000, '--quiet')
    assert code == 0, err[-2000:]
    assert 'wrote 4 samples' in out

def make_15a(root, mask_mode='L'):
    "A 15A-style folder: bg/, fg_bg/, mask/ (the object a 10×10 square of 32×32: 0.098 of the image)"
    for d in ('bg', 'fg_bg', 'mask'): (root / d).mkdir(parents=True)
    rng = np.random.default_rng(0)
    for i in range(3):
        bg = rng.integers(0, 255, (32, 32, 3), dtype=np.uint8); fg = bg.copy(); fg[8:18, 8:18] = 255
        Image.fromarray(bg).save(root / 'bg' / f'bg{i}.jpg'); Image.fromarray(fg).save(root / 'fg_bg' / f'bg{i}_a.jpg')
        m = np.zeros((32, 32), np.uint8); m[8:18, 8:18] = 255
        im = Image.fromarray(m)
        if mask_mode == 'RGBA': im = im.convert('RGBA')                  # an opaque alpha everywhere: the grey is the mask
        if mask_mode == 'LA': im = im.convert('LA')
        im.save(root / 'mask' / f'bg{i}_a.png')

@pytest.mark.parametrize('mode', ['RGBA', 'LA'])
def test_masks_with_an_opaque_alpha_are_read_by_their_grey(tmp_path, mode):
    make_15a(tmp_path / 'src', mode)
    code, _, err = dm('import', '--src', tmp_path / 'src', '--out', tmp_path / 'i', '--depth-kind', 'none', '--quiet')
    assert code == 0, err[-2000:]
    meta = json.loads((tmp_path / 'i' / 'dataset.json').read_text())
    assert abs(meta['stats']['mask_fraction_mean'] - 100 / 1024) < 1e-3, meta['stats']

def test_a_damaged_member_of_a_zip_is_named(tmp_path):
    make_15a(tmp_path / 'src')
    z = tmp_path / 'src.zip'
    with zipfile.ZipFile(z, 'w', zipfile.ZIP_DEFLATED) as zf:
        for p in sorted((tmp_path / 'src').rglob('*.*')): zf.write(p, p.relative_to(tmp_path / 'src').as_posix())
    data = bytearray(z.read_bytes())
    with zipfile.ZipFile(z) as zf: info = zf.getinfo('mask/bg1_a.png')
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for k in range(start + 2, start + 12): data[k] ^= 0xFF                # its compressed bytes, damaged
    z.write_bytes(bytes(data)); before = digest(z)
    refused(dm('import', '--src', z, '--out', tmp_path / 'i', '--depth-kind', 'none', '--quiet', '--workers', 1), 'mask/bg1_a.png', 'damaged')
    assert digest(z) == before and not (tmp_path / 'i').exists()

def test_a_depth_unit_beyond_reason_is_refused(work, tmp_path):
    import shutil
    from depthmask_nb.datasets.dataset import DepthmaskDataset, DatasetError
    shutil.copytree(work / 'ds', tmp_path / 'ds')
    meta = json.loads((tmp_path / 'ds' / 'dataset.json').read_text()); meta['depth_unit_m'] = 1e300
    (tmp_path / 'ds' / 'dataset.json').write_text(json.dumps(meta))
    with pytest.raises(DatasetError, match='depth_unit_m'): DepthmaskDataset(tmp_path / 'ds')
    refused(dm('evaluate', '--model', work / 'run1', '--data', tmp_path / 'ds'), 'depth_unit_m')

@pytest.fixture
def read_only(tmp_path):
    "A read-only file system (a tmpfs mounted ro), where this machine lets us mount one"
    d = tmp_path / 'ro'; d.mkdir()
    if os.geteuid() != 0 or subprocess.run(['mount', '-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', str(d)], capture_output=True).returncode:
        pytest.skip('cannot mount a read-only file system here')
    yield d
    subprocess.run(['umount', str(d)])

def test_a_read_only_file_system_is_said_in_words(work, read_only):
    bg, fg = photo_pair(work)
    refused(dm('make-data', '--out', read_only / 'd.zip', '--size', 16, '--n-bg', 2, '--n-fg', 1, '--quiet'), 'read-only')
    refused(dm('import', '--src', work / 'ds', '--out', read_only / 'i', '--quiet'), 'read-only')
    refused(dm('predict', '--model', work / 'run1', '--bg', bg, '--fg-bg', fg, '--out', read_only / 'p'), 'read-only')
    refused(dm('export', '--model', work / 'run1', '--onnx', read_only / 'm.onnx'), 'read-only')
    refused(dm('train', '--data', work / 'ds', '--out', read_only / 'r', '--schedule', S1), 'read-only')

# --- nothing lost: --overwrite replaces only what the tool itself made (its manifest, or the dataset's own index)

def test_train_overwrite_never_deletes_a_users_folder(work, tmp_path):
    analysis = tmp_path / 'analysis'; analysis.mkdir()
    (analysis / 'results.png').write_bytes((work / 'run1' / 'results.png').read_bytes())   # a run's file, copied in
    (analysis / 'thesis.tex').write_text('x')
    before = digest(analysis)
    code, out, err = dm('train', '--data', work / 'ds', '--out', analysis, '--schedule', S1, '--overwrite')
    refused((code, out, err), 'not a run folder')
    assert '--overwrite' not in err                                        # no advice that could not work
    assert digest(analysis) == before

def test_train_overwrite_never_deletes_a_note_inside_a_run(work, tmp_path):
    import shutil
    run = tmp_path / 'run'; shutil.copytree(work / 'run1', run); (run / 'NOTES.md').write_text('n')
    before = digest(run)
    refused(dm('train', '--data', work / 'ds', '--out', run, '--schedule', S1, '--overwrite'), 'NOTES.md')
    assert digest(run) == before

def test_dataset_overwrite_never_deletes_what_the_dataset_does_not_list(work, tmp_path):
    import shutil
    ds = tmp_path / 'ds'; shutil.copytree(work / 'ds', ds); (ds / 'NOTES.txt').write_text('n')
    fake = tmp_path / 'fake'; fake.mkdir(); (fake / 'dataset.json').write_text('{"format": "depthmask/1"}'); (fake / 'thesis.tex').write_text('x')
    before = digest(tmp_path)
    for target, word in ((ds, 'NOTES.txt'), (fake, 'thesis.tex')):
        refused(dm('make-data', '--out', target, '--size', 16, '--n-bg', 2, '--n-fg', 1, '--overwrite', '--quiet'), word)
    assert digest(tmp_path) == before

def test_two_writers_at_once_one_wins_the_other_is_refused(tmp_path):
    cmd = lambda seed: ['depthmask', 'make-data', '--out', str(tmp_path / 'kf'), '--size', 32, '--n-bg', 10, '--n-fg', 2,
                        '--seed', seed, '--workers', 1, '--quiet']
    ps = [subprocess.Popen(list(map(str, cmd(s))), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for s in (43, 44)]
    res = [(p.wait(timeout=600), *p.communicate()) for p in ps]
    codes = sorted(r[0] for r in res)
    assert codes == [0, 2], [(c, e[-500:]) for c, _, e in res]
    loser = next(r for r in res if r[0] == 2); winner = next(i for i, r in enumerate(res) if r[0] == 0)
    assert 'Traceback' not in loser[2] and ('another process' in loser[2] or 'exists' in loser[2]), loser[2][-1000:]
    assert json.loads((tmp_path / 'kf' / 'dataset.json').read_text())['generator']['seed'] == (43, 44)[winner]

def test_a_replacement_killed_before_its_first_checkpoint_gives_the_old_run_back(work, tmp_path):
    import shutil
    run = tmp_path / 'runA'; shutil.copytree(work / 'run1', run)
    model = (run / 'model.safetensors').read_bytes()
    code = ("import os, sys\n"
            "from depthmask_nb.training import callbacks\n"
            "callbacks.Checkpointer.save = lambda *a, **k: os._exit(9)\n"      # killed at the first checkpoint
            "from depthmask_nb.cli import main; sys.exit(main(sys.argv[1:]))\n")
    r = subprocess.run([sys.executable, '-c', code, 'train', '--data', str(work / 'ds'), '--out', str(run), '--schedule', S1,
                        '--overwrite'], capture_output=True, text=True)
    assert r.returncode == 9, r.stderr[-2000:]
    assert list(tmp_path.glob('.runA.replaced-*'))                             # the old run, aside
    refused(dm('evaluate', '--model', run, '--data', work / 'ds'), '.runA.replaced-', '--resume')   # says where it is
    code, out, err = dm('train', '--resume', run)
    assert code == 0, err[-2000:]
    assert 'restored' in out and not list(tmp_path.glob('.runA.replaced-*'))
    assert dm('evaluate', '--model', run, '--data', work / 'ds')[0] == 0

@pytest.mark.parametrize('kind', ['relative', 'metric'])
def test_float_depth_keeps_its_precision(tmp_path, kind):
    "A float32 TIFF depth map: relative depth scaled to 16 bits (not 0 or 1), metres stored in millimetres"
    make_15a(tmp_path / 'src'); (tmp_path / 'src' / 'depth').mkdir()
    ramp = np.linspace(0.1, 1.0, 32 * 32, dtype=np.float32).reshape(32, 32) * (1 if kind == 'relative' else 20)
    for i in range(3): Image.fromarray(ramp).save(tmp_path / 'src' / 'depth' / f'bg{i}_a.tif')
    code, _, err = dm('import', '--src', tmp_path / 'src', '--out', tmp_path / 'i', '--depth-kind', kind, '--quiet')
    assert code == 0, err[-2000:]
    from depthmask_nb.datasets.dataset import DepthmaskDataset
    d = DepthmaskDataset(tmp_path / 'i').sample(0)['depth']
    levels = np.unique(np.abs(np.asarray(d)))
    assert len(levels) > 500, levels[:10]                                   # a ramp, not two levels
    if kind == 'metric': assert abs(float(np.abs(np.asarray(d)).max()) - 20.) < 0.01

# ---- round two (#34): a second set of hostile cases, on the same contract ----

def test_out_through_a_missing_folder_and_dot_dot_is_the_folder_it_names(work, tmp_path):
    "`--out new/../mine` is `mine`: checked as `mine`, never written into it unchecked (the OS resolves `new/..` only once `new` exists)"
    bg, fg = photo_pair(work)
    mine = tmp_path / 'mine'; mine.mkdir(); (mine / 'model.json').write_text('my own'); (mine / 'mask.png').write_bytes(b'my mask')
    onnx = tmp_path / 'c.onnx'; onnx.write_bytes(b'my onnx')
    before, before_onnx = digest(mine), digest(onnx)
    via = lambda name: tmp_path / 'new' / '..' / name
    refused(dm('train', '--data', work / 'ds', '--out', via('mine'), '--schedule', S1), 'mine', 'not a run folder')
    refused(dm('predict', '--model', work / 'run1', '--bg', bg, '--fg-bg', fg, '--out', via('mine')), 'mask.png', '--overwrite')
    refused(dm('predict', '--model', work / 'run1', '--data', work / 'ds', '--out', via('mine')), 'not an empty folder')
    refused(dm('export', '--model', work / 'run1', '--onnx', via('c.onnx')), 'c.onnx: exists')
    refused(dm('make-data', '--out', via('mine'), '--size', 32, '--n-bg', 2, '--n-fg', 1, '--quiet'), 'mine')
    assert digest(mine) == before and digest(onnx) == before_onnx and not (tmp_path / 'new').exists()

def test_resume_continues_the_run_as_it_was_or_says_no(work, tmp_path):
    "--resume with settings of a new run beside it (they were silently dropped) is refused, naming them"
    refused(dm('train', '--resume', work / 'run1', '--data', work / 'ds'), '--data', 'own data')
    refused(dm('train', '--resume', work / 'run1', '--out', tmp_path / 'other', '--seed', 3), '--out', '--seed')
    assert not (tmp_path / 'other').exists()

@pytest.mark.parametrize('phase, words', [('"lr":Infinity', 'finite'), ('"lr":0.002,"frozen":"no"', 'true or false')])
def test_schedule_numbers_and_switches_read_as_meant(work, tmp_path, phase, words):
    sched = '[{"size":32,"epochs":1,"bs":4,%s%s}]' % (phase, '' if 'frozen' in phase else ',"frozen":true')
    refused(dm('train', '--data', work / 'ds', '--out', tmp_path / 'r', '--schedule', sched), words)
    assert not (tmp_path / 'r').exists()

@pytest.mark.parametrize('flag, value', [('--checkpoint-minutes', -1), ('--checkpoint-minutes', 0), ('--workers', -2)])
def test_train_numbers_refused_before_any_work(work, tmp_path, flag, value):
    refused(dm('train', '--data', work / 'ds', '--out', tmp_path / 'r', '--schedule', S1, flag, value), flag)
    assert not (tmp_path / 'r').exists()

def test_predict_max_pixels_refused_up_front(work, tmp_path):
    bg, fg = photo_pair(work)
    refused(dm('predict', '--model', work / 'run1', '--bg', bg, '--fg-bg', fg, '--out', tmp_path / 'p', '--max-pixels', 0), '--max-pixels')

def test_a_checkpoint_from_another_run_is_refused(work, tmp_path):
    "A checkpoint copied in from another run would take this one over (model, data, schedule): refused, naming it"
    import shutil
    a, b = tmp_path / 'a', tmp_path / 'b'
    for r in (a, b): assert dm('train', '--data', work / 'ds', '--out', r, '--schedule', S1, '--quiet')[0] == 0
    ck = sorted((b / 'checkpoints').glob('ckpt-*.pt'))[-1]
    shutil.copy(ck, a / 'checkpoints' / 'ckpt-p09-e0009-i000000.pt')      # the newest by name and by time
    before = digest(a)
    refused(dm('train', '--resume', a), 'ckpt-p09-e0009-i000000.pt', 'another run')
    assert digest(a) == before

def test_predict_folder_interrupted_leaves_nothing_half_written(work, tmp_path, monkeypatch):
    "Ctrl-C part-way through predicting a folder: exit 130, no output folder with some pairs in it, no temporary folder"
    import depthmask_nb.inference as inf
    calls = []
    real = inf._write_prediction
    def flaky(*a, **k):
        calls.append(1)
        if len(calls) == 3: raise KeyboardInterrupt
        return real(*a, **k)
    monkeypatch.setattr(inf, '_write_prediction', flaky)
    code, _, err = dm('predict', '--model', work / 'run1', '--data', work / 'ds', '--out', tmp_path / 'p', '--bs', 2)
    assert code == 130 and 'interrupted' in err and 'Traceback' not in err
    assert list(tmp_path.iterdir()) == []

def test_make_data_interrupted_leaves_the_old_dataset_and_no_debris(work, tmp_path, monkeypatch):
    import shutil
    import depthmask_nb.datasets.writer as W
    shutil.copytree(work / 'ds', tmp_path / 'ds'); before = digest(tmp_path / 'ds')
    real = W.write_index
    def stop(*a, **k): raise KeyboardInterrupt
    monkeypatch.setattr(W, 'write_index', stop)
    code, _, err = dm('make-data', '--out', tmp_path / 'ds', '--size', 32, '--n-bg', 3, '--n-fg', 1, '--overwrite', '--quiet', '--workers', 1)
    assert code == 130 and 'Traceback' not in err
    assert digest(tmp_path / 'ds') == before and sorted(p.name for p in tmp_path.iterdir()) == ['ds']

def _fifteen_a(src, dst, mask_mode=None):
    "A 15A-style folder (bg/, fg_bg/, mask/, depth/) from a depthmask dataset folder; masks re-saved as `mask_mode` if given"
    import shutil
    for sub in ('bg', 'fg_bg', 'depth'): shutil.copytree(src / sub, dst / sub)
    (dst / 'mask').mkdir()
    for p in sorted((src / 'mask').iterdir()):
        m = np.asarray(Image.open(p)) > 0
        if mask_mode == 'voc':               # palette index 1 = VOC's dark red
            im = Image.fromarray(m.astype(np.uint8), 'P'); im.putpalette([0, 0, 0, 128, 0, 0] + [0] * 762); im.save(dst / 'mask' / p.name)
        else: Image.fromarray((m * 255).astype(np.uint8)).save(dst / 'mask' / p.name)

def test_import_reads_palette_masks_and_refuses_mismatched_sizes(work, tmp_path):
    from depthmask_nb.datasets.dataset import DepthmaskDataset
    voc = tmp_path / 'voc'; _fifteen_a(work / 'ds', voc, 'voc')
    code, _, err = dm('import', '--src', voc, '--out', tmp_path / 'iv', '--depth-kind', 'metric', '--quiet')
    assert code == 0, err[-2000:]
    frac = lambda p: np.mean([DepthmaskDataset(p).sample(i)['mask'].mean() for i in range(len(DepthmaskDataset(p)))])
    assert frac(work / 'ds') > 0 and abs(frac(tmp_path / 'iv') - frac(work / 'ds')) < 1e-6     # the objects, not empty masks
    odd = tmp_path / 'odd'; _fifteen_a(work / 'ds', odd)
    m = sorted((odd / 'mask').iterdir())[0]; Image.open(m).resize((32, 8)).save(m)
    refused(dm('import', '--src', odd, '--out', tmp_path / 'io', '--depth-kind', 'metric', '--size', 32, '--quiet'), m.name, 'differs')
    assert not (tmp_path / 'io').exists()

def test_a_sixteen_bit_photo_reads_as_its_eight_bit_twin(tmp_path):
    from depthmask_nb.inference import read_photo
    g8 = np.full((8, 8), 128, np.uint8)
    Image.fromarray(g8).save(tmp_path / 'g8.png'); Image.fromarray(g8.astype(np.uint16) * 257).save(tmp_path / 'g16.png')
    assert Image.open(tmp_path / 'g16.png').mode.startswith('I')
    assert np.array_equal(read_photo(tmp_path / 'g16.png'), read_photo(tmp_path / 'g8.png'))

def test_cache_variable_set_but_empty_is_unset(monkeypatch):
    from depthmask_nb.training.recipe import cache_dir
    monkeypatch.setenv('DEPTHMASK_CACHE', '')
    assert cache_dir() == Path.home() / '.cache' / 'depthmask_nb'

def test_sigterm_is_the_launchers_under_torchrun(work, tmp_path, monkeypatch):
    "Alone, SIGTERM unwinds like Ctrl-C (the writers clean up); under a launcher (LOCAL_RANK set) the handler is left alone"
    import signal
    import depthmask_nb.datasets.writer as W
    import depthmask_nb.cli as cli
    seen = []
    def stop(*a, **k): seen.append(signal.getsignal(signal.SIGTERM)); raise KeyboardInterrupt
    monkeypatch.setattr(W, 'write_index', stop)
    args = ('make-data', '--out', tmp_path / 'x', '--size', 32, '--n-bg', 3, '--n-fg', 1, '--quiet', '--workers', 1)
    monkeypatch.delenv('LOCAL_RANK', raising=False)
    assert dm(*args)[0] == 130
    monkeypatch.setenv('LOCAL_RANK', '0')
    assert dm(*args)[0] == 130
    assert seen[0] is cli._interrupted and seen[1] is not cli._interrupted

def test_import_writes_shards_of_every_background(work, tmp_path):
    "A 15A folder imported as shards (--shard-size): the same pairs as one folder, each shard mixing backgrounds"
    from depthmask_nb.datasets.dataset import DepthmaskDataset
    src = tmp_path / '15a'; _fifteen_a(work / 'ds', src)
    assert dm('import', '--src', src, '--out', tmp_path / 'one', '--depth-kind', 'metric', '--quiet')[0] == 0
    code, _, err = dm('import', '--src', src, '--out', tmp_path / 'sh', '--depth-kind', 'metric', '--quiet', '--shard-size', 8)
    assert code == 0, err[-2000:]
    one, sh = DepthmaskDataset(tmp_path / 'one'), DepthmaskDataset(tmp_path / 'sh')
    assert sh.meta['format'] == 'depthmask/2' and len(one) % 8 == 0 and [s['n_samples'] for s in sh.meta['shards']] == [8] * (len(one) // 8)
    where = {r['sample']: i for i, r in enumerate(sh.index)}
    assert sorted(where) == sorted(r['sample'] for r in one.index)
    for i in range(len(one)):
        a, b = one.sample(i), sh.sample(where[one.index[i]['sample']])
        for k in a: assert np.array_equal(a[k], b[k]), k
    assert min(len({sh.index[j]['bg'] for j in range(k, k + 8)}) for k in range(0, len(sh), 8)) >= 3     # of 6: mixed, not one
    refused(dm('import', '--src', src, '--out', tmp_path / 'x.zip', '--shard-size', 8, '--quiet'), 'is a folder, not a .zip')
    refused(dm('convert', '--src', tmp_path / 'sh', '--out', tmp_path / 'one'), 'exists')
