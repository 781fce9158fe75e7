"""The `depthmask` dataset format and everything that writes it — renders, imports of a 15A-style folder, photo composites — and the pictures of its samples (notebooks 01–01e).

Imports `render` (the renderer the dataset writer drives), nothing above it."""
