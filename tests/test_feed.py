"""The Atom feed of published changes, read through the HTTP client and parsed as Atom."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from wagtail.models import Locale, PageViewRestriction

from kb.models import KB_KINDS, LegalProvisionPage

pytestmark = pytest.mark.django_db

FEED = "/feeds/changes.atom"
ATOM = "{http://www.w3.org/2005/Atom}"
TOMBSTONES = "{http://purl.org/atompub/tombstones/1.0}"


@dataclass
class Entry:
    title: str
    link: str
    api_url: str | None
    summary: str
    updated: datetime.datetime
    categories: dict[str, str]
    id: str


def served(page) -> str:
    """The page's URL on the host the test client talks to (kb.absolute_urls)."""
    return "http://testserver" + page.get_url_parts()[2]


def entries(client, query: str = "") -> list[Entry]:
    response = client.get(FEED + query)
    assert response.status_code == 200, response.content.decode()
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314  (our own response)
    assert feed.tag == f"{ATOM}feed"
    return [parse(entry) for entry in feed.findall(f"{ATOM}entry")]


def parse(entry: ET.Element) -> Entry:
    links = entry.findall(f"{ATOM}link")
    return Entry(
        title=entry.findtext(f"{ATOM}title"),
        link=next(link.get("href") for link in links if link.get("type") is None),
        api_url=next(
            (link.get("href") for link in links if link.get("type") == "application/json"), None
        ),
        summary=entry.findtext(f"{ATOM}summary"),
        updated=datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated")),
        categories={
            category.get("scheme"): category.get("term")
            for category in entry.findall(f"{ATOM}category")
        },
        id=entry.findtext(f"{ATOM}id"),
    )


def test_a_newly_published_item_comes_first(client, plan_page):
    before = entries(client)
    assert before  # the plan's own publishes
    concept = plan_page("concept", "radikalisering")
    concept.title = "Radikalisering (revidert)"
    concept.save_revision().publish()
    concept.refresh_from_db()

    feed = entries(client)
    first = feed[0]
    assert first.title == "Radikalisering (revidert)"
    assert first.link == served(concept)
    assert first.summary == concept.summary
    assert first.categories == {"urn:veiviser:type": "concept", "urn:veiviser:event": "published"}
    assert urlsplit(first.api_url).path == f"/api/v3/kb/concepts/{concept.pk}/"
    # The time of the publish in Wagtail's history, a moment after the page's save.
    assert (
        datetime.timedelta(0)
        <= first.updated - concept.last_published_at
        < datetime.timedelta(seconds=5)
    )
    assert first.id not in {entry.id for entry in before}
    # Newest first, and every id is unique.
    assert [entry.updated for entry in feed] == sorted((e.updated for e in feed), reverse=True)
    assert len({entry.id for entry in feed}) == len(feed)
    assert feed[1:] == before[: len(feed) - 1]
    # Only knowledge-base items (not the home page, sections or folders).
    assert {entry.categories["urn:veiviser:type"] for entry in feed} <= set(KB_KINDS)


def test_a_deletion_is_a_deleted_entry_and_the_history_stays(client, plan_page):
    concept = plan_page("concept", "hatytringer")
    concept.save_revision().publish()
    published = entries(client)[0]
    assert published.link == served(concept)
    key = concept.translation_key

    concept.delete()
    feed = ET.fromstring(client.get(FEED).content)  # noqa: S314  (our own response)
    deleted = feed.findall(f"{TOMBSTONES}deleted-entry")
    assert [d.get("ref") for d in deleted] == [f"urn:uuid:{key}"]
    assert deleted[0].findtext(f"{TOMBSTONES}comment") == f"Slettet: {concept.title}"
    still = {entry.id: entry for entry in entries(client)}
    assert still[published.id].title == published.title  # the earlier publish is still told


def test_the_feed_pages_back_through_its_history(client, monkeypatch):
    monkeypatch.setattr("kb.feeds.FEED_SIZE", 5)
    first = ET.fromstring(client.get(FEED).content)  # noqa: S314
    newest = [parse(e).id for e in first.findall(f"{ATOM}entry")]
    assert len(newest) == 5
    links = first.findall(f"{ATOM}link")
    next_url = next(link.get("href") for link in links if link.get("rel") == "next")
    older = entries(client, "?" + urlsplit(next_url).query)
    assert older and not {e.id for e in older} & set(newest)
    assert client.get(FEED + "?before=abc").status_code == 400


def test_an_unpublish_is_a_change_too(client, plan_page):
    law = plan_page("law", "straffeloven-185")
    law.unpublish()

    first = entries(client)[0]
    assert first.title == f"Avpublisert: {law.title}"
    assert first.categories["urn:veiviser:event"] == "unpublished"
    assert first.categories["urn:veiviser:type"] == "law"


def test_a_draft_of_an_unpublished_item_stays_out_of_the_feed(client, plan_page):
    law = plan_page("law", "straffeloven-185")
    published_summary = law.summary
    law.unpublish()
    law.summary = "Et utkast som ikke er publisert."
    law.save()  # as Wagtail's editor saves a page that is not live
    law.save_revision()

    mine = [entry for entry in entries(client, "?locale=nb&type=law") if law.title in entry.title]
    assert mine and all("utkast" not in (entry.summary or "") for entry in mine)
    assert any(entry.summary == published_summary for entry in mine)


def test_pages_behind_a_view_restriction_are_not_in_the_feed(client, plan_page):
    law = plan_page("law", "straffeloven-185")
    law.save_revision().publish()
    assert any(law.title in entry.title for entry in entries(client))
    PageViewRestriction.objects.create(
        page=law, restriction_type=PageViewRestriction.PASSWORD, password="hemmelig"
    )
    assert not any(law.title in entry.title for entry in entries(client))


def test_the_feed_filters_by_type(client, plan_page):
    concept = plan_page("concept", "hatytringer")
    concept.save_revision().publish()
    law = plan_page("law", "straffeloven-185")
    law.save_revision().publish()

    laws = entries(client, "?type=law")
    assert laws, "the plan has laws"
    assert {entry.categories["urn:veiviser:type"] for entry in laws} == {"law"}
    assert laws[0].link == served(law)
    assert len(laws) == LegalProvisionPage.objects.count() + 1  # each published once, then again

    both = entries(client, "?type=law,concept")
    assert {entry.categories["urn:veiviser:type"] for entry in both} == {"law", "concept"}
    assert [entry.link for entry in both[:2]] == [served(law), served(concept)]


def test_the_feed_filters_by_locale(client, plan_page):
    english = Locale.objects.get(language_code="en")
    translation = plan_page("concept", "utenforskap").get_translation(english)  # from the PO files
    english_entries = entries(client, "?locale=en&type=concept")
    assert "Exclusion" in {entry.title for entry in english_entries}
    assert served(translation) in {entry.link for entry in english_entries}
    norwegian = entries(client, "?locale=nb")
    assert norwegian and "Exclusion" not in {entry.title for entry in norwegian}
    assert entries(client, "?locale=en&type=law") == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?type=banana", "Ukjent verdi «banana» for parameteren type. Gyldige verdier: concept,"),
        ("?type=law,banana", "«banana»"),
        ("?type=", "Parameteren type er tom."),
        ("?locale=sv", "Ukjent verdi «sv» for parameteren locale. Gyldige verdier: en, nb, nn."),
        ("?since=2020-01-01", "Ukjent parameter since."),
    ],
)
def test_unknown_filters_and_values_are_a_400_naming_them(client, query, message):
    response = client.get(FEED + query)
    assert response.status_code == 400
    assert message in response.content.decode()
