"""Per-item change tracking through HTTP: ``modified``, ETag and ``Last-Modified`` move for
every item whose representation changed (its own edit, a linked item's retitle, a term), and
only for those; ``updated_since`` follows them; links show only public, live pages."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone
from django.utils.http import parse_http_date
from wagtail.models import Locale, Page, PageViewRestriction

from kb.change_log import neighbours
from kb.models import ItemChange, KnowledgePage, Topic

pytestmark = pytest.mark.django_db
KB = "/api/v3/kb/"


@pytest.fixture
def an_hour_ago(db):
    """Everything last changed an hour ago, so a change now is a later HTTP date."""
    earlier = timezone.now() - datetime.timedelta(hours=1)
    ItemChange.objects.update(at=earlier)
    Page.objects.update(last_published_at=earlier)
    cache.clear()
    return earlier


def item(client, page, **headers):
    """The item's detail, found by its key as a partner would."""
    found = client.get(KB + "items/", {"key": str(page.translation_key), "locale": "nb"})
    return client.get(found.json()["items"][0]["api_url"], **headers)


def an_unrelated_item(page) -> KnowledgePage:
    near = neighbours(page) | {page.pk}
    return KnowledgePage.objects.live().public().exclude(pk__in=near).order_by("pk").first()


def updated_since(client, moment: datetime.datetime) -> set[int]:
    response = client.get(KB + "items/", {"updated_since": moment.isoformat(), "limit": 100})
    assert response.status_code == 200, response.content
    return {entry["id"] for entry in response.json()["items"]}


def test_retitling_a_linked_item_moves_the_linking_item(client, plan_page, an_hour_ago):
    tunnel = plan_page("concept", "radikaliseringstunnelen")
    linking = plan_page("concept", "radikalisering")
    other = an_unrelated_item(tunnel)
    before, other_before = item(client, linking), item(client, other)
    assert parse_http_date(before["Last-Modified"]) == int(an_hour_ago.timestamp())
    assert item(client, linking, HTTP_IF_MODIFIED_SINCE=before["Last-Modified"]).status_code == 304

    mark = timezone.now().replace(microsecond=0)
    tunnel.title = "Radikaliseringstunnelen (ny tittel)"
    tunnel.save_revision().publish()

    after = item(client, linking)
    assert "Radikaliseringstunnelen (ny tittel)" in after.content.decode()
    assert after["ETag"] != before["ETag"]
    assert datetime.datetime.fromisoformat(after.json()["modified"]) >= mark
    assert parse_http_date(after["Last-Modified"]) >= int(mark.timestamp())
    assert item(client, linking, HTTP_IF_MODIFIED_SINCE=before["Last-Modified"]).status_code == 200
    # An item that shows nothing of the retitled one keeps its time: still a 304.
    unchanged = item(client, other, HTTP_IF_MODIFIED_SINCE=other_before["Last-Modified"])
    assert unchanged.status_code == 304
    assert unchanged["Last-Modified"] == other_before["Last-Modified"]
    since = updated_since(client, mark)
    assert {tunnel.pk, linking.pk} <= since
    assert other.pk not in since


def test_a_list_is_as_new_as_its_newest_item(client, plan_page, an_hour_ago):
    listing = client.get(KB + "concepts/", {"limit": 100})
    assert parse_http_date(listing["Last-Modified"]) == int(an_hour_ago.timestamp())
    concept = plan_page("concept", "utenforskap")
    concept.save_revision().publish()
    listing = client.get(KB + "concepts/", {"limit": 100})
    newest = max(datetime.datetime.fromisoformat(i["modified"]) for i in listing.json()["items"])
    assert parse_http_date(listing["Last-Modified"]) == int(newest.timestamp())
    assert newest > an_hour_ago + datetime.timedelta(minutes=59)


def test_a_renamed_topic_moves_the_items_that_carry_it(client, an_hour_ago):
    topic = Topic.objects.filter(locale=Locale.get_default()).order_by("pk").first()
    carriers = set(  # in every locale: the term's translations are edited with it
        KnowledgePage.objects.live()
        .filter(topics__translation_key=topic.translation_key)
        .values_list("pk", flat=True)
    )
    assert carriers
    mark = timezone.now().replace(microsecond=0)
    topic.name = topic.name + " (nytt navn)"
    topic.save()
    assert updated_since(client, mark) == carriers
    carrier = KnowledgePage.objects.get(pk=min(carriers))
    body = item(client, carrier).json()
    assert topic.name in {term["name"] for term in body["topics"]}


def test_links_leave_out_restricted_pages_and_translations(client, plan_page):
    tunnel = plan_page("concept", "radikaliseringstunnelen")
    linking = plan_page("concept", "radikalisering")
    nynorsk = Locale.objects.get_or_create(language_code="nn")[0]
    translation = linking.get_translation_or_none(nynorsk)
    if translation is None:
        translation = linking.copy_for_translation(nynorsk, copy_parents=True)
        translation.save_revision().publish()
    shown = item(client, linking).json()
    assert tunnel.pk in {link["id"] for link in shown["links"] + shown["linked_from"]}
    assert "nn" in shown["translations"]

    PageViewRestriction.objects.create(page=tunnel, restriction_type=PageViewRestriction.LOGIN)
    PageViewRestriction.objects.create(page=translation, restriction_type=PageViewRestriction.LOGIN)
    shown = item(client, linking).json()
    assert tunnel.pk not in {link["id"] for link in shown["links"] + shown["linked_from"]}
    assert "nn" not in shown["translations"]
