"""Docs checks that need no Quarto: the README is what nbs/index.ipynb says."""
import subprocess, sys
from pathlib import Path
ROOT = Path(__file__).resolve().parents[1]

def test_readme_in_step_with_index_notebook():
    r = subprocess.run([sys.executable, ROOT / 'tools' / 'make_readme.py', '--check'], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr + r.stdout

import json, shutil, pytest
NOTEBOOKS = sorted((ROOT / 'nbs').glob('*.ipynb'))

@pytest.mark.parametrize('nb', NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_renders_to_html_with_its_figures(nb):
    "What the docs site will show, checked without Quarto: each notebook renders to HTML, saved errors none, figures all there"
    from nbconvert import HTMLExporter
    import nbformat
    node = nbformat.read(nb, as_version=4)
    outputs = [o for c in node.cells if c.cell_type == 'code' for o in c.get('outputs', [])]
    assert not [o for o in outputs if o.get('output_type') == 'error'], f"{nb.name} has a saved error output"
    html, _ = HTMLExporter().from_notebook_node(node)
    n_images = sum('image/png' in o.get('data', {}) for o in outputs)
    assert html.count('<img') >= n_images, f"{nb.name}: {n_images} figures saved, {html.count('<img')} rendered"
    assert html.count('<h1') >= 1, f"{nb.name} has no title"

def test_readme_links_point_at_files():
    import re
    text = (ROOT / 'README.md').read_text()
    for link in re.findall(r'\]\(((?:nbs|tests)/[^)#]+)\)', text):
        assert (ROOT / link).exists(), f"README links to missing {link}"

@pytest.mark.skipif(shutil.which('chromium') is None, reason='Chromium not installed (apt-get install chromium)')
def test_front_page_in_headless_chromium(tmp_path):
    "The README as a browser shows it: the page renders, and the results picture near its top has loaded"
    sys.path.insert(0, str(ROOT / 'tools'))
    from front_page import screenshot
    from PIL import Image
    img = Image.open(screenshot(tmp_path / 'front.png', height=1400)).convert('RGB')
    top = img.crop((0, 0, img.width, 1400)).resize((220, 280))
    colours = len(set(top.getdata()))
    assert colours > 500, f"the page looks blank or text-only ({colours} colours): did the results picture load?"
