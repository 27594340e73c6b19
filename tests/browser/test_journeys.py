"""What a worried teacher does on the site, in Chromium: from the home page a number to call in
0 clicks, step 1 of the routine in 1, the warning-sign checklist in 2; the same with the
keyboard only and with JavaScript off."""

from __future__ import annotations

import re

import pytest

NATIONAL_NUMBERS = ["tel:112", "tel:02800", "tel:116111"]
MAX_TABS = 150


def visible_tel_links(page) -> set[str]:
    return set(
        page.eval_on_selector_all(
            "main a[href^='tel:']",
            "links => links.filter(a => a.checkVisibility()).map(a => a.getAttribute('href'))",
        )
    )


def in_viewport(page, selector: str) -> bool:
    return page.eval_on_selector(
        selector,
        "e => { const r = e.getBoundingClientRect(); "
        "return r.top >= -1 && r.top < window.innerHeight; }",
    )


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("width", [390, 1280])
def test_teacher_reaches_numbers_step_one_and_checklist(open_page, width, javascript):
    page = open_page("/", width=width, java_script_enabled=javascript)
    # 0 clicks: the national numbers can be called from the home page.
    assert set(NATIONAL_NUMBERS) <= visible_tel_links(page)

    # 1 click: step 1 of the routine, scrolled into view.
    page.get_by_role("link", name=re.compile("start på steg 1")).first.click()
    page.wait_for_url(re.compile(r"#steg-1$"))
    assert in_viewport(page, "#steg-1")

    # 2 clicks: the warning-sign checklist, linked from step 1.
    page.locator("#steg-1").get_by_role("link", name="Mulige bekymringstegn").click()
    page.wait_for_url(re.compile(r"/sjekklister/bekymringstegn/$"))
    assert page.locator("h1").inner_text() == "Mulige bekymringstegn"


def tab_to(page, matches: str) -> dict:
    """Press Tab until the focused element matches the JS predicate (given `e`); return it."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        found = page.evaluate(
            f"() => {{ const e = document.activeElement; return ({matches}) ? "
            "{href: e.getAttribute('href'), text: e.textContent.trim()} : null; }"
        )
        if found:
            return found
    raise AssertionError(f"Tab never reached an element where {matches}")


def test_keyboard_only_journey(open_page):
    """Home → routine step 4 → a checklist → a contact, with Tab and Enter only."""
    page = open_page("/", width=1280)
    tab_to(page, "e.hash === '#steg-1'")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#steg-1$"))

    tab_to(page, "e.hash === '#steg-4'")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#steg-4$"))
    assert in_viewport(page, "#steg-4")

    checklist = tab_to(page, "e.pathname && e.pathname.includes('/sjekklister/')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(checklist["href"]) + "$"))

    contacts = tab_to(page, "e.pathname && e.pathname.includes('/kontakter/')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(contacts["href"]) + "$"))
    assert set(NATIONAL_NUMBERS) <= visible_tel_links(page)
    # A number is one more Tab away, and Enter on it would call.
    assert tab_to(page, "e.protocol === 'tel:'")["href"].startswith("tel:")


def test_search_without_javascript(open_page):
    page = open_page("/kunnskapsbase/", width=390, java_script_enabled=False)
    page.get_by_role("searchbox").first.fill("bekymringstegn")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/sok/\?q=bekymringstegn"))
    first_result = page.locator(".search-result a").first
    assert "bekymringstegn" in first_result.inner_text().lower()
    # Results come before the facets, which are folded.
    assert page.evaluate(
        "document.querySelector('.search-results').compareDocumentPosition("
        "document.querySelector('.facets')) & Node.DOCUMENT_POSITION_FOLLOWING"
    )
    assert page.locator(".facets details[open]").count() == 0


def test_zero_results_offer_routine_checklists_and_numbers(open_page):
    page = open_page("/sok/?q=qqzzxxyy", width=390)
    offers = page.locator(".zero-results")
    assert offers.get_by_role("link", name="Hva gjør du ved en bekymring?").count() == 1
    assert offers.get_by_role("link", name="Mulige bekymringstegn").count() == 1
    assert set(NATIONAL_NUMBERS) <= visible_tel_links(page)
