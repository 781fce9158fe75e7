"""Probe, not a feature: ONNX Runtime static int8 (QDQ, per-channel, convolutions only; quantising the concatenations
too failed at run time) of a trained run, calibrated on 64 samples of the default data's training split, against ORT
fp32 and torch: pairs/s at 128², batch 16, 2 threads (5 interleaved rounds, median), and accuracy on the default test
split. Usage: `python tools/onnx_int8_probe.py [RUN]` (default runs/default; it works in /tmp/q).

Measured 2026-12-04 on 2 cores of an AMD EPYC with AVX512-BF16 and VNNI, on that machine's default run, two runs of
this script: ORT fp32 52.5 / 56.6 pairs/s; int8 min-max 79.7 / 98.0 (IoU 0.862 -> 0.822, δ1 0.551 -> 0.513); int8
percentile 99.99 74.9 / 95.8 (IoU 0.844, δ1 0.532). Not adopted: 1.4-1.7x faster, still under the 100 pairs/s
target, and it costs 0.02-0.04 in IoU and δ1."""
import os, sys, time, torch, numpy as np, onnxruntime as ort
from pathlib import Path
from onnxruntime.quantization import quantize_static, CalibrationDataReader, QuantType, QuantFormat, CalibrationMethod
from onnxruntime.quantization.shape_inference import quant_pre_process
from depthmask_nb.inference import export_onnx, OnnxModel
from depthmask_nb.training.data import PairCache
from depthmask_nb.training.learner import evaluate_cache
from depthmask_nb.training.modelfile import load_model
from depthmask_nb.training.recipe import default_data
torch.set_num_threads(2)
run = str(Path(sys.argv[1] if len(sys.argv) > 1 else 'runs/default').resolve())
os.makedirs('/tmp/q', exist_ok=True); os.chdir('/tmp/q')      # ORT's quantiser leaves temporary files in the working folder
p = export_onnx(run, '/tmp/q/m.onnx')
quant_pre_process(str(p), '/tmp/q/m_pre.onnx', skip_symbolic_shape=True)
cache = PairCache.load(default_data(log=None)).at(128)
model, meta = load_model(run)
dc = model.data_config
m = torch.tensor(dc['mean']).view(1, 3, 1, 1); s = torch.tensor(dc['std']).view(1, 3, 1, 1)
norm = lambda t: (((t.float() / 255) - m) / s).numpy()
tr = cache.indices('train')
class Reader(CalibrationDataReader):
    def __init__(self, n=64, bs=8):
        rng = np.random.default_rng(0); idx = rng.choice(tr, n, replace=False)
        self.batches = [torch.tensor(idx[k:k + bs]) for k in range(0, n, bs)]; self.i = 0
    def get_next(self):
        if self.i >= len(self.batches): return None
        b = self.batches[self.i]; self.i += 1
        return {'bg': norm(cache.bgs[cache.bg_of[b]]), 'fg_bg': norm(cache.fg_bg[b])}
for name, kw in {'int8_minmax': dict(calibrate_method=CalibrationMethod.MinMax),
                 'int8_pct': dict(calibrate_method=CalibrationMethod.Percentile, extra_options=dict(CalibPercentile=99.99))}.items():
    t = time.time()
    quantize_static('/tmp/q/m_pre.onnx', f'/tmp/q/{name}.onnx', Reader(), quant_format=QuantFormat.QDQ, per_channel=True, op_types_to_quantize=['Conv'],
                    activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8, **kw)
    print(name, 'quantised in', round(time.time() - t), 's', flush=True)
bs = 16
x = {'bg': np.random.randn(bs, 3, 128, 128).astype(np.float32), 'fg_bg': np.random.randn(bs, 3, 128, 128).astype(np.float32)}
so = ort.SessionOptions(); so.intra_op_num_threads = 2
sess = {k: ort.InferenceSession(f'/tmp/q/{k}.onnx', so, providers=['CPUExecutionProvider']) for k in ('m', 'int8_minmax', 'int8_pct')}
for v in sess.values(): v.run(['out'], x)
res = {k: [] for k in sess}
for r in range(5):
    for k, v in sess.items():
        t = time.perf_counter(); v.run(['out'], x); res[k].append(bs / (time.perf_counter() - t))
print('pairs/s (5 interleaved rounds, median):', {k: round(float(np.median(v)), 1) for k, v in res.items()}, flush=True)
for k in sess:
    om = OnnxModel(f'/tmp/q/{k}.onnx', threads=2); om.data_config = dc
    e = evaluate_cache(om, cache, 'test')
    print(k, {n: round(float(e[n]), 4) for n in ('mask_iou', 'depth_delta1', 'depth_absrel', 'obj_depth_delta1')}, flush=True)
e = evaluate_cache(model, cache, 'test'); print('torch fp32', {n: round(float(e[n]), 4) for n in ('mask_iou', 'depth_delta1', 'depth_absrel', 'obj_depth_delta1')})
