"""Link integrity: deleting, unpublishing or moving a page that other content links to shows
who links to it and must be confirmed, in the admin (single and bulk actions) and through the
API; a moved page keeps its old URL working through a redirect."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import Page

from kb.models import ContactPage, RelatedLink
from website.link_integrity import incoming_links
from website.roles import area_pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(area_page):
    """A live contact page in the schools section that a live shared-area page links to."""
    target = area_page("skoler", "Rektors telefon", live=True)
    source = area_page("kunnskapsbase", "Kontakter for skolen", live=True)
    RelatedLink.objects.create(source=source, target=target)
    source.save_revision().publish()  # the reference index follows the published content
    return target, ContactPage.objects.get(pk=source.pk)


def confirmation(response) -> list[str]:
    """The titles listed on the link-integrity step ([] if it was not shown)."""
    if response.status_code != 200:
        return []
    table = BeautifulSoup(response.content.decode(), "html.parser").find(id="incoming-links")
    return (
        [row.find("td").get_text(strip=True) for row in table.tbody.find_all("tr")] if table else []
    )


def test_incoming_links_come_from_the_reference_index(linked):
    target, source = linked
    links = incoming_links([target])
    assert [(link.source.pk, link.target.pk) for link in links] == [(source.pk, target.pk)]
    assert "Side" in links[0].fields[0]
    # Links from inside what is acted on do not count: deleting both breaks nothing.
    assert incoming_links([target.get_parent()]) != []
    assert incoming_links([target, source]) == []


def test_deleting_a_linked_page_in_the_admin(client, role_user, linked):
    target, source = linked
    client.force_login(role_user("site-managers"))
    url = reverse("wagtailadmin_pages:delete", args=[target.pk])
    assert client.get(url).status_code == 200  # Wagtail's own confirmation, with the usage count
    response = client.post(url)
    assert confirmation(response) == [source.title]
    assert Page.objects.filter(pk=target.pk).exists()
    response = client.post(url, {"confirm_links": "1"})
    assert response.status_code == 302
    assert not Page.objects.filter(pk=target.pk).exists()


def test_a_page_nobody_links_to_is_deleted_without_the_extra_step(client, role_user, area_page):
    page = area_page("skoler", live=True)
    client.force_login(role_user("site-managers"))
    response = client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
    assert response.status_code == 302 and not Page.objects.filter(pk=page.pk).exists()


def test_unpublishing_a_linked_page_in_the_admin(client, role_user, linked):
    target, source = linked
    client.force_login(role_user("approvers"))
    url = reverse("wagtailadmin_pages:unpublish", args=[target.pk])
    assert confirmation(client.post(url)) == [source.title]
    assert ContactPage.objects.get(pk=target.pk).live
    client.post(url, {"confirm_links": "1"})
    assert not ContactPage.objects.get(pk=target.pk).live


def test_moving_a_linked_page_keeps_its_old_url(client, role_user, linked):
    target, source = linked
    old_url = target.url
    barnehager = area_pages()["barnehager"]
    client.force_login(role_user("site-managers"))
    url = reverse("wagtailadmin_pages:move_confirm", args=[target.pk, barnehager.pk])
    assert client.get(url).status_code == 200
    assert confirmation(client.post(url)) == [source.title]
    assert ContactPage.objects.get(pk=target.pk).get_parent().pk == area_pages()["skoler"].pk
    client.post(url, {"confirm_links": "1"})
    moved = ContactPage.objects.get(pk=target.pk)
    assert moved.get_parent().pk == barnehager.pk
    response = client.get(old_url)
    assert response.status_code in (301, 302) and response["Location"].endswith(moved.url)
    assert client.get(moved.url).status_code == 200


def test_bulk_actions_ask_too(client, role_user, linked):
    target, source = linked
    client.force_login(role_user("site-managers"))
    for action in ("delete", "unpublish"):
        url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", action])
        response = client.post(f"{url}?id={target.pk}")
        assert confirmation(response) == [source.title], action
        assert ContactPage.objects.get(pk=target.pk).live
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "unpublish"])
    client.post(f"{url}?id={target.pk}", {"confirm_links": "1"})
    assert not ContactPage.objects.get(pk=target.pk).live


def test_the_api_answers_409_with_the_links_until_confirmed(client, role_user, api_token, linked):
    target, source = linked
    headers = {
        "HTTP_AUTHORIZATION": api_token(role_user("site-managers")),
        "content_type": "application/json",
    }
    usage = client.get(f"/api/v3/pages/{target.pk}/usage/", **headers)
    assert usage.status_code == 200
    assert [link["source_id"] for link in usage.json()] == [source.pk]

    for method, url, body in [
        ("delete", f"/api/v3/pages/{target.pk}/", None),
        ("post", f"/api/v3/pages/{target.pk}/actions/unpublish/", {}),
        (
            "post",
            f"/api/v3/pages/{target.pk}/actions/move/",
            {"destination_id": area_pages()["barnehager"].pk},
        ),
    ]:
        kwargs = {"data": body} if body is not None else {}
        response = getattr(client, method)(url, **kwargs, **headers)
        assert response.status_code == 409, (url, response.content)
        assert response["Content-Type"] == "application/problem+json"
        assert [link["source_title"] for link in response.json()["errors"]] == [source.title]
        page = ContactPage.objects.get(pk=target.pk)
        assert page.live and page.get_parent().pk == area_pages()["skoler"].pk

    response = client.post(
        f"/api/v3/pages/{target.pk}/actions/unpublish/?confirm_links=true", {}, **headers
    )
    assert response.status_code == 200 and not ContactPage.objects.get(pk=target.pk).live
    response = client.delete(f"/api/v3/pages/{target.pk}/?confirm_links=true", **headers)
    assert response.status_code == 204 and not Page.objects.filter(pk=target.pk).exists()


def test_without_the_right_it_is_403_not_409(client, role_user, api_token, linked):
    target, _source = linked
    headers = {"HTTP_AUTHORIZATION": api_token(role_user("editors:barnehager"))}
    response = client.delete(f"/api/v3/pages/{target.pk}/", **headers)
    assert response.status_code == 403
    assert Page.objects.filter(pk=target.pk).exists()
