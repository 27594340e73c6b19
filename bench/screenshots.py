"""Screenshots of the public site for the README: home, the two routes, checklist and search at
390 and 1280 CSS px, taken in Debian's Chromium from a running server.

    .venv/bin/python bench/screenshots.py http://127.0.0.1:8000
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
PAGES = {
    "home": "/",
    "routine": "/kunnskapsbase/rutiner/hva-gjor-du-ved-en-bekymring/#steg-1",
    "residents": "/kunnskapsbase/rutiner/bekymret-for-noen-du-kjenner/#steg-1",
    "checklist": "/kunnskapsbase/sjekklister/bekymringstegn/",
    "search": "/sok/?q=bekymret+for+en+elev",
}
VIEWPORTS = {390: 844, 1280: 800}
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]


def main(base_url: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=ARGS)
        for width, height in VIEWPORTS.items():
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            for name, path in PAGES.items():
                page.goto(base_url + path)
                target = OUT / f"{name}-{width}.png"
                page.screenshot(path=target)
                print(target.relative_to(OUT.parents[1]), target.stat().st_size, "bytes")
            context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
