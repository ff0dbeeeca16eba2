"""Take the README's screenshots of `translate review` with headless Chromium.

It builds the small demo blog of the tests (tests/reviewblog.py) in a temporary folder, translates
it through the fake server (one paragraph is always refused, so it is parked), changes one more
post so it is stale, serves the review page on 127.0.0.1 and has Debian's Chromium
(/usr/bin/chromium) take the attention list and the side-by-side view of the post with the
parked segment. Nothing is fetched from the network.

Chinese needs a CJK font (Debian: fonts-wqy-microhei or fonts-noto-cjk), or it shows as boxes.

Usage: .venv/bin/python docs/screenshots.py [--out docs]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

CHROMIUM = "/usr/bin/chromium"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--force-device-scale-factor=1")
ENGLISH = {
    "在才云的一年": "A year at Caicloud",
    "我在<l1>才云</l1>工作了一年，主要写 <m1/> 的代码。": "I worked at <l1>Caicloud</l1> for a year, mostly on the code of <m1/>.",
    "学到了什么": "What I learned",
    "写测试": "Writing tests",
    "读 <m1/> 的源码": "Reading the source of <m1/>",
    "这一段总是被模型拒绝：它会留下中文，见<l1>文档</l1>。": "This paragraph is always rejected by the model: it leaves Chinese, see <l1>the docs</l1>.",
    "回到学校": "Back to school",
    "我在交大读书的时候，第一次用 <m1/>。": "When I studied at SJTU, I used <m1/> for the first time.",
    "交大的图书馆很大。": "The SJTU library is big.",
    "后来我又回去过一次。": "Later I went back once more.",
}
"""Plausible English for the demo blog's segments (the fake server's own rule gives "zh zh" instead)."""
SHOTS = (
    ("review-attention.png", "/", "1280,900"),
    ("review-post.png", "/post?key={post}#top", "1280,1060"),
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="Folder for the PNG files (default: docs/).")
    args = parser.parse_args()
    if not Path(CHROMIUM).is_file():
        print(f"Error: {CHROMIUM} is missing; install Debian's chromium package", file=sys.stderr)
        return 2
    if shutil.which("fc-list") and not subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout.strip():
        print("Warning: no CJK font found; Chinese shows as boxes (apt-get install fonts-wqy-microhei)", file=sys.stderr)

    import fakellm
    from fakellm import FakeLLM
    from reviewblog import OTHER_POST, PARKED_POST, make_blog, translate_and_park

    from translate.config import load_settings
    from translate.review.server import ReviewServer

    by_rule = fakellm.pseudo_translate
    fakellm.pseudo_translate = lambda text, glossary=(): ENGLISH.get(text) or by_rule(text, glossary)
    with tempfile.TemporaryDirectory(prefix="translate-review-") as folder, FakeLLM() as fake:
        root = make_blog(Path(folder) / "blog")
        os.environ["OPENAI_BASE_URL"] = fake.base_url
        os.environ.pop("OPENAI_API_KEY", None)
        os.chdir(root)
        translate_and_park(root, fake)
        stale = root / OTHER_POST
        stale.write_text(stale.read_text(encoding="utf-8") + "\n后来我又回去过一次。\n", encoding="utf-8")
        with ReviewServer(load_settings(cwd=root)) as server:
            args.out.mkdir(parents=True, exist_ok=True)
            for name, path, size in SHOTS:
                target = args.out.resolve() / name
                url = server.url.rstrip("/") + path.format(post=quote(PARKED_POST, safe=""))
                subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={Path(folder) / 'profile'}", f"--window-size={size}",
                                f"--screenshot={target}", url], check=True, capture_output=True, timeout=120)
                print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
