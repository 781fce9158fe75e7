"""Making scenes: the batched ray tracer, rooms, streets and objects, package photos, and pairs of photos of one scene with exact depth (notebooks 00–00c).

Imports nothing else of the package."""
