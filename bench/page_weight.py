"""Page weight and largest contentful paint of the public pages, in Debian's Chromium at 390 CSS
px, from a running server (e.g. gunicorn with DEBUG off behind WhiteNoise, which compresses).

    .venv/bin/python bench/page_weight.py http://127.0.0.1:8000 [--readme]

Weight is what crossed the wire on a first load with an empty cache (HTML, CSS, fonts, scripts,
images; headers left out); the budget is 100 kB. --readme writes the table into README.md.
"""

from __future__ import annotations

import os
import platform
import sys
from datetime import date
from pathlib import Path

from playwright.sync_api import sync_playwright

README = Path(__file__).resolve().parents[1] / "README.md"
START, END = "<!-- bench:pages:start -->", "<!-- bench:pages:end -->"
BUDGET_KB = 100
PAGES = {
    "home": "/",
    "routine": "/kunnskapsbase/rutiner/hva-gjor-du-ved-en-bekymring/",
    "residents' route": "/kunnskapsbase/rutiner/bekymret-for-noen-du-kjenner/",
    "checklist": "/kunnskapsbase/sjekklister/bekymringstegn/",
    "risk table": "/kunnskapsbase/sjekklister/risiko-og-beskyttelsesfaktorer/",
    "numbers": "/kunnskapsbase/kontakter/",
    "section": "/skoler/",
    "search": "/sok/?q=bekymret+for+en+elev",
}
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
LCP = """() => new Promise(resolve => {
    new PerformanceObserver(list => {
        const entries = list.getEntries();
        resolve(entries[entries.length - 1].startTime);
    }).observe({type: 'largest-contentful-paint', buffered: true});
    setTimeout(() => resolve(null), 3000);
})"""


def measure(browser, url: str) -> tuple[float, float | None, int]:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    responses = []
    page.on("requestfinished", lambda request: responses.append(request))
    page.goto(url, wait_until="load")
    lcp = page.evaluate(LCP)
    transferred = sum(request.sizes()["responseBodySize"] for request in responses)
    context.close()
    return transferred / 1000, lcp, len(responses)


def table(rows: list[tuple[str, str, float, float | None, int]]) -> str:
    lines = [
        f"Run {date.today()} on {os.cpu_count()} cores, {platform.system()} "
        f"{platform.machine()}: Chromium at 390 CSS px, empty cache, budget {BUDGET_KB} kB.",
        "",
        "| page | URL | requests | transferred kB | LCP ms | within budget |",
        "| --- | --- | ---: | ---: | ---: | --- |",
    ]
    for name, path, kb, lcp, count in rows:
        lcp_ms = f"{lcp:.0f}" if lcp is not None else "–"
        ok = "yes" if kb <= BUDGET_KB else "**no**"
        lines.append(f"| {name} | `{path}` | {count} | {kb:.1f} | {lcp_ms} | {ok} |")
    return "\n".join(lines)


def main(base_url: str, write_readme: bool) -> int:
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=ARGS)
        rows = [(name, path, *measure(browser, base_url + path)) for name, path in PAGES.items()]
        browser.close()
    text = table(rows)
    print(text)
    if write_readme:
        readme = README.read_text()
        before, rest = readme.split(START, 1)
        README.write_text(before + START + "\n" + text + "\n" + END + rest.split(END, 1)[1])
    return 0 if all(kb <= BUDGET_KB for _n, _p, kb, _l, _c in rows) else 1


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    sys.exit(main(args[0] if args else "http://127.0.0.1:8000", "--readme" in sys.argv))
