"""The kind registry: every KB page type says what it is and where it may live."""

import pytest
from wagtail.models import Locale, Page

from kb.models import KB_KINDS, KB_PAGE_TYPES, PLURALS
from website.models import FolderPage, SectionPage
from website.structure import FOLDERS


def test_every_kind_has_a_place():
    assert list(KB_KINDS) == [model.kb_kind.name for model in KB_PAGE_TYPES]
    assert len(set(PLURALS.values())) == len(KB_KINDS)
    for model in KB_PAGE_TYPES:
        assert model.subpage_types == []
        assert model.parent_page_types, model
    assert set(FOLDERS) == set(KB_KINDS) - {"plan"}


def add_url(model, parent: Page) -> str:
    return f"/admin/pages/add/kb/{model._meta.model_name}/{parent.pk}/"


@pytest.mark.django_db
def test_admin_refuses_a_wrong_parent(client, admin_user):
    client.force_login(admin_user)
    section = SectionPage.objects.first()
    folder = FolderPage.objects.get(slug=FOLDERS["concept"].slug, locale=Locale.get_default())
    concept, routine = KB_KINDS["concept"], KB_KINDS["routine"]
    assert client.get(add_url(concept, folder)).status_code == 200
    assert client.get(add_url(routine, section)).status_code == 200  # a service's own routine
    assert client.get(add_url(concept, section)).status_code != 200
    under_routine = routine.objects.first()
    assert client.get(add_url(concept, under_routine)).status_code != 200
