"""The package's layout as the README draws it: the diagram in nbs/index.ipynb is checked against the imports the code
really makes, and no module imports from a floor above its own (render → datasets → training → the edge at the root)."""
import ast, json, re
from pathlib import Path
ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / 'depthmask_nb'
FLOORS = ['render', 'datasets', 'training', '']          # '' is the package root: the edge a user touches

def modules() -> dict:
    "{dotted name below depthmask_nb: path} for every module of the package"
    return {'.'.join(p.relative_to(PKG).with_suffix('').parts): p for p in PKG.rglob('*.py')
            if p.name not in ('__init__.py', '_modidx.py')}

def imports(mod: str, path: Path) -> set:
    "The package's modules that `mod` imports, at its top or inside a function (a command's lazy import counts too)"
    pkg = mod.split('.')[:-1]
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.ImportFrom): continue
        if node.level: base = pkg[:len(pkg) - node.level + 1] + (node.module.split('.') if node.module else [])
        elif node.module and node.module.split('.')[0] == 'depthmask_nb': base = node.module.split('.')[1:]
        else: continue
        for a in node.names:                     # `from depthmask_nb.datasets import composites` names a module
            cand = '.'.join(base + [a.name])
            out.add(cand if cand in MODS else '.'.join(base))
    return {m for m in out if m in MODS and m != mod}

MODS = modules()
EDGES = {(a, b) for b, p in MODS.items() for a in imports(b, p)}     # (imported, importer)

def floor(mod): return FLOORS.index(mod.split('.')[0]) if '.' in mod else FLOORS.index('')

def test_no_module_imports_from_a_floor_above():
    up = sorted((a, b) for a, b in EDGES if floor(a) > floor(b))
    assert not up, f"imports that run back up the floors (imported, importer): {up}"

def diagram():
    "The mermaid diagram of nbs/index.ipynb: its module names and its arrows (imported, importer)"
    nb = json.loads((ROOT / 'nbs' / 'index.ipynb').read_text())
    text = next(''.join(c['source']) for c in nb['cells'] if '```mermaid' in ''.join(c['source']))
    text = text.split('```mermaid', 1)[1].split('```', 1)[0]
    names, arrows = set(), set()
    for line in text.splitlines():
        line = re.sub(r'\[.*?\]', '', line.split('%%')[0]).strip()
        if not line or line.startswith(('flowchart', 'subgraph', 'end', 'direction', 'classDef', 'class ')): continue
        parts = [[n.strip() for n in p.split('&')] for p in re.split(r'\s*-\.?->\s*', line)]
        for p in parts: names.update(p)
        for src, dst in zip(parts, parts[1:]): arrows.update((a, b) for a in src for b in dst)
    return names, arrows

def closure(edges):
    reach = {}
    for a, b in edges: reach.setdefault(a, set()).add(b)
    changed = True
    while changed:
        changed = False
        for a in list(reach):
            new = set().union(*(reach.get(b, set()) for b in reach[a])) - reach[a]
            if new: reach[a] |= new; changed = True
    return {(a, b) for a, bs in reach.items() for b in bs}

def test_diagram_matches_the_imports():
    names, arrows = diagram()
    short = {m: m.rsplit('.', 1)[-1] for m in MODS}
    assert len(set(short.values())) == len(short), "module names must be unique without their folder to be drawn"
    assert names == set(short.values()), f"drawn but not modules: {sorted(names - set(short.values()))}; modules not drawn: {sorted(set(short.values()) - names)}"
    real = {(short[a], short[b]) for a, b in EDGES}
    assert arrows <= real, f"arrows with no import behind them: {sorted(arrows - real)}"
    missing = closure(real) - closure(arrows)
    assert not missing, f"imports the diagram does not show, even through other arrows: {sorted(missing)}"
