"""Learning from datasets: loaders and augmentations, the two-head model and its file, losses, metrics, callbacks, schedules, the learner, the recipe and `train` (notebooks 02–07d).

Imports `datasets` (and through the default recipe's data, `render`), nothing at the package root."""
