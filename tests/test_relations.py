"""Relations are real links, shown in both directions; a deleted or unpublished target never
breaks a page, and editors are told about it."""

import pytest

from kb.links import unavailable_links

pytestmark = pytest.mark.django_db


def titles(pages) -> set[str]:
    return {page.title for page in pages}


def test_relations_are_shown_in_both_directions(client, plan_page):
    radicalisation = plan_page("concept", "radikalisering")
    tunnel = plan_page("concept", "radikaliseringstunnelen")
    assert tunnel.title in titles(radicalisation.related_pages)
    assert radicalisation.title in titles(tunnel.linked_from)
    page = client.get(tunnel.url).content.decode()
    assert "Lenket fra" in page and radicalisation.url in page


def test_routine_steps_link_back_from_checklists_and_actors(plan_page):
    routine = plan_page("routine", "hva-gjor-du-ved-en-bekymring")
    assert routine.title in titles(plan_page("checklist", "bekymringstegn").linked_from)
    assert routine.title in titles(plan_page("actor", "strategisk-gruppe").linked_from)


def test_measure_links_to_its_responsible_actor(plan_page):
    measure = plan_page("measure", "etablering-av-strategisk-gruppe")
    slt = plan_page("actor", "slt")
    assert slt.title in titles(measure.related_pages)
    assert measure.title in titles(slt.linked_from)


def test_plan_chapters_link_to_every_concept(plan_page):
    plan = plan_page("plan", "handlingsplan")
    concept = plan_page("concept", "fremmedkriger")
    assert plan.title in titles(concept.linked_from)


def test_unpublished_target_is_hidden_from_readers_and_flagged_for_editors(client, plan_page):
    radicalisation = plan_page("concept", "radikalisering")
    tunnel = plan_page("concept", "radikaliseringstunnelen")
    tunnel.unpublish()
    radicalisation = plan_page("concept", "radikalisering")
    assert tunnel.title not in titles(radicalisation.related_pages)
    response = client.get(radicalisation.url)
    assert response.status_code == 200
    assert tunnel.url not in response.content.decode()
    flagged = unavailable_links(radicalisation)
    assert [(link.title, link.reason) for link in flagged] == [(tunnel.title, "ikke publisert")]


def test_deleted_target_leaves_no_broken_link(client, plan_page, admin_user):
    routine = plan_page("routine", "hva-gjor-du-ved-en-bekymring")
    checklist = plan_page("checklist", "bekymringstegn")
    checklist_id = checklist.pk
    checklist.delete()
    routine = plan_page("routine", "hva-gjor-du-ved-en-bekymring")
    response = client.get(routine.url)
    assert response.status_code == 200
    assert "/sjekklister/bekymringstegn/" not in response.content.decode()
    deleted = [link for link in unavailable_links(routine) if link.target_id == checklist_id]
    assert deleted and deleted[0].reason == "slettet"
    # The editor sees it in the page editor.
    client.force_login(admin_user)
    edit = client.get(f"/admin/pages/{routine.pk}/edit/").content.decode()
    assert "Lenkekontroll" in edit and f"#{checklist_id}" in edit


def test_related_links_to_a_deleted_page_disappear(plan_page):
    concept = plan_page("concept", "hatytringer")
    target = concept.related_pages[0]
    target.delete()
    concept = plan_page("concept", "hatytringer")
    assert target.pk not in {page.pk for page in concept.related_pages}
    assert all(link.target_id != target.pk for link in concept.related_links.all())
