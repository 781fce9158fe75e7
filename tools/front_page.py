"""Look at the front page as a reader will: README.md rendered to HTML (GitHub-like markdown, its images beside it)
and photographed by headless Chromium.

    python tools/front_page.py [--out nbs/images/front_page.png] [--height 2600]

Quarto (which builds the docs site) cannot be installed on the development machine, so this is how the front page is
checked there; `tests/test_docs.py` runs it when Chromium is installed (`apt-get install chromium`)."""
import argparse, shutil, subprocess, sys, tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CSS = """body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;max-width:1000px;margin:24px auto;line-height:1.5;color:#1f2328}
img{max-width:100%} table{border-collapse:collapse;font-size:13px} td,th{border:1px solid #d0d7de;padding:3px 8px}
code{background:#f6f8fa;padding:1px 4px;border-radius:4px} pre{background:#f6f8fa;padding:12px;overflow:auto}"""

def chromium():
    "Path of a Chromium/Chrome executable, or None"
    return next((p for p in map(shutil.which, ('chromium', 'chromium-browser', 'google-chrome')) if p), None)

def readme_html(readme=ROOT / 'README.md') -> str:
    "README.md as a standalone HTML page whose relative links resolve from the repository root"
    from nbconvert.filters.markdown_mistune import markdown2html_mistune
    body = markdown2html_mistune(Path(readme).read_text())
    return f'<!doctype html><html><head><meta charset="utf-8"><base href="{ROOT.as_uri()}/"><style>{CSS}</style></head><body>{body}</body></html>'

def screenshot(out, height=2600, width=1100):
    "Render the README and save a screenshot of its top `height` pixels to `out`"
    exe = chromium()
    if exe is None: raise FileNotFoundError("no chromium executable on PATH (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as d:
        page = Path(d) / 'index.html'; page.write_text(readme_html())
        # no background networking: this machine's closed network makes Chromium's own connections hang or fail
        cmd = [exe, '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
               '--disable-sync', '--no-first-run', '--hide-scrollbars', f'--user-data-dir={d}/profile', '--allow-file-access-from-files',
               f'--window-size={width},{height}', f'--screenshot={Path(out).resolve()}', page.as_uri()]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        if r.returncode != 0 or not Path(out).exists(): raise RuntimeError(f"chromium failed: {r.stderr[-1000:]}")
    return Path(out)

if __name__ == '__main__':
    a = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    a.add_argument('--out', default=str(ROOT / 'nbs' / 'images' / 'front_page.png'))
    a.add_argument('--height', type=int, default=2600)
    args = a.parse_args()
    print(f"wrote {screenshot(args.out, args.height)}")
