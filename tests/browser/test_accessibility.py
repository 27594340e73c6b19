"""Every public page type in Chromium at 320 and 1280 CSS px: no WCAG 2.1 A/AA violation that
axe-core finds, and what axe cannot see: reflow without sideways scrolling, visible focus,
text-spacing override, `lang`."""

from __future__ import annotations

import pytest

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = [320, 1280]
# WCAG 1.4.12: the text-spacing values a reader may force; nothing may be lost with them.
TEXT_SPACING = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""


@pytest.fixture
def urls(public_urls) -> dict[str, str]:
    return public_urls


def axe_violations(page, axe_source: str) -> list[str]:
    page.evaluate(axe_source)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
    ]


def horizontal_overflow(page) -> int:
    """How many CSS px the page scrolls sideways."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def clipped_text(page) -> list[str]:
    """Elements whose text is cut off by overflow: hidden (or clip)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')].filter(e => {
            const s = getComputedStyle(e);
            if (!/hidden|clip/.test(s.overflow + s.overflowX + s.overflowY)) return false;
            // A form field scrolls its own value; hidden helpers are meant to be clipped.
            if (e.matches('input, textarea, select')) return false;
            if (e.closest('.visually-hidden, .ds-sr-only')) return false;
            if (e.getClientRects().length === 0) return false;
            if (e.clientWidth <= 1 || e.clientHeight <= 1) return false;
            return e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1;
        }).map(e => e.tagName + '.' + e.className + ': ' + e.textContent.trim().slice(0, 40))"""
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_type_passes_axe_and_reflows(open_page, urls, axe_source, width):
    failures = {}
    for name, path in urls.items():
        page = open_page(path, width=width)
        problems = axe_violations(page, axe_source)
        if width == 320 and (overflow := horizontal_overflow(page)) > 0:
            problems.append(f"scrolls {overflow} px sideways at 320 px (WCAG 1.4.10)")
        if problems:
            failures[f"{name} {path}"] = problems
        page.context.close()
    assert not failures, failures


def test_text_spacing_override_loses_nothing(open_page, urls):
    failures = {}
    for name, path in urls.items():
        page = open_page(path, width=320)
        page.add_style_tag(content=TEXT_SPACING)
        problems = clipped_text(page)
        if (overflow := horizontal_overflow(page)) > 0:
            problems.append(f"scrolls {overflow} px sideways")
        if problems:
            failures[f"{name} {path}"] = problems
        page.context.close()
    assert not failures, failures


# After a real Tab press, focus moved by script still counts as keyboard focus (:focus-visible),
# so every element in the tab order can be checked in one round trip.
FOCUS_CHECK = """() => {
    const focusable = [...document.querySelectorAll(
        'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]'
    )].filter(e => e.tabIndex >= 0 && e.checkVisibility());
    const invisible = [];
    for (const e of focusable) {
        e.focus();
        if (document.activeElement !== e) continue;
        const s = getComputedStyle(e);
        const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
        const ring = s.boxShadow && s.boxShadow !== 'none';
        if (!outline && !ring) invisible.push(e.tagName + ' ' + (e.textContent || e.name).trim());
    }
    return {count: focusable.length, invisible};
}"""


def test_focus_is_visible_on_every_focusable_element(open_page, urls):
    failures = {}
    for name, path in urls.items():
        page = open_page(path, width=1280)
        page.keyboard.press("Tab")
        result = page.evaluate(FOCUS_CHECK)
        assert result["count"], f"{path}: nothing to focus"
        if result["invisible"]:
            failures[f"{name} {path}"] = result["invisible"]
        page.context.close()
    assert not failures, failures


def test_lang_is_the_pages_locale_whatever_the_browser_asks(open_page, urls):
    for path in (urls["HomePage"], urls["routine"], urls["search"], urls["404"]):
        page = open_page(path, locale="en-GB", extra_http_headers={"Accept-Language": "en"})
        assert page.evaluate("document.documentElement.lang") == "nb", path
        page.context.close()
