"""The privacy guard and the publish gate: a national identity number or an invalid page
never goes live, whichever path publishes it (admin form, workflow approval in the admin,
the API's approve action, scheduled publishing, the plan import)."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry, Revision, WorkflowState

from kb.models import ContactPage, RoutinePage
from kb.plan_import.loader import DEFAULT_DATA_DIR
from kb.privacy import find_identity_numbers, is_identity_number
from kb.publish_gate import PublishRefused
from website.workflows import submit as submit_page

from .test_editorial_workflow import approver_action, routine_form
from .test_permissions_matrix import edit_form

# Valid numbers, check digits worked out by hand: the fødselsnummer used as the example in
# Norwegian reference works, a D-nummer (day + 40) and an H-nummer (month + 40).
FNR = "15076500565"
D_NUMBER = "41018000049"
H_NUMBER = "01418000119"


# --- the rule ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        f"Elev med fødselsnummer {FNR}",
        "Fødselsnummer 150765 00565.",
        "fnr. 15 07 65 005 65",
        "<p>Fnr: 150765<b>00565</b></p>",
        f"D-nummer {D_NUMBER}",
        f"H-nummer {H_NUMBER}",
        "150765-00565",
    ],
)
def test_identity_numbers_are_found(text):
    assert find_identity_numbers(text), text


@pytest.mark.parametrize(
    "text",
    [
        "15076500566",  # last check digit wrong
        "15076500575",  # first check digit wrong
        "Ring 116 111 eller 22 33 44 55",
        "Telefon +47 22 33 44 55, org.nr. 974 760 673",
        "Kontonummer 1234 56 78903",
        "150765005651",  # twelve digits: not an identity number
        "32136500565",  # no such date
    ],
)
def test_other_numbers_pass(text):
    assert not find_identity_numbers(text), text


def test_the_check_digits_decide():
    assert is_identity_number(FNR) and is_identity_number(D_NUMBER)
    assert is_identity_number(H_NUMBER)
    assert not is_identity_number("15076500564")


# --- the publishing paths ----------------------------------------------------------------


def draft_with(page: ContactPage, **fields) -> Revision:
    """A revision that got past validation (saved before the guard existed, or by a script
    with ``clean=False``): only the publish gate stands between it and going live."""
    for name, value in fields.items():
        setattr(page, name, value)
    return page.save_revision(clean=False)


def messages_of(response) -> str:
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


@pytest.mark.django_db
def test_the_admin_form_shows_the_error_on_the_field(client, role_user, area_page):
    editor = role_user("editors:skoler")
    client.force_login(editor)
    parent = area_page("skoler").get_parent()
    url, data = routine_form(client, parent)
    data["summary"] = f"Elev med fødselsnummer {FNR[:6]} {FNR[6:]}."
    response = client.post(url, data.dict())  # save draft
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "summary" in errors and "fødselsnummer" in errors["summary"][0]
    assert FNR not in errors["summary"][0]  # the message does not repeat the number
    assert not RoutinePage.objects.filter(slug="lokal-rutine").exists()


@pytest.mark.django_db
def test_the_admin_publish_button_refuses(client, admin_user, area_page):
    page = area_page("skoler", live=True)
    client.force_login(admin_user)
    data = edit_form(client, page)
    data["title"] = f"Kontakt for {FNR}"
    data["action-publish"] = "1"
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    assert ContactPage.objects.get(pk=page.pk).title == "Testkontakt"


@pytest.mark.django_db
def test_workflow_approval_in_the_admin_refuses(client, role_user, area_page):
    editor, approver = role_user("editors:skoler"), role_user("approvers")
    page = area_page("skoler")
    draft_with(page, summary=f"Gjelder eleven {FNR}.")
    submit_page(page, editor)

    client.force_login(approver)
    response = approver_action(client, page, "approve")
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert "fødselsnummer" in messages_of(response)
    page = ContactPage.objects.get(pk=page.pk)
    assert not page.live
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


@pytest.mark.django_db
def test_the_api_approve_action_answers_422_naming_the_field(
    client, role_user, api_token, area_page
):
    editor, approver = role_user("editors:skoler"), role_user("approvers")
    page = area_page("skoler")
    draft_with(page, description=f"Spør etter {D_NUMBER[:6]} {D_NUMBER[6:]}")
    submit_page(page, editor)

    response = client.post(
        f"/api/v3/pages/{page.pk}/actions/approve/",
        data={},
        content_type="application/json",
        HTTP_AUTHORIZATION=api_token(approver),
    )
    assert response.status_code == 422, response.content
    assert "description" in response.content.decode()
    assert "fødselsnummer" in response.content.decode()
    page = ContactPage.objects.get(pk=page.pk)
    assert not page.live
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


@pytest.mark.django_db
def test_a_routine_without_steps_is_never_published(plan_page):
    routine = plan_page("routine", "hva-gjor-du-ved-en-bekymring")
    routine.steps = []
    with pytest.raises(ValidationError):  # a draft is checked too
        routine.save_revision()
    revision = routine.save_revision(clean=False)
    with pytest.raises(PublishRefused) as refused:
        revision.publish()
    assert "steps" in refused.value.message_dict
    assert RoutinePage.objects.get(pk=routine.pk).live_revision_id != revision.pk


@pytest.mark.django_db
def test_scheduled_publishing_refuses_and_goes_on(area_page):
    bad, good = area_page("skoler", "Planlagt feil"), area_page("skoler", "Planlagt riktig")
    past = timezone.now() - datetime.timedelta(minutes=1)
    bad_revision = draft_with(bad, summary=f"Ring {H_NUMBER}")
    good_revision = good.get_latest_revision()
    # Scheduled before the guard existed: only the command stands between them and going live.
    Revision.objects.filter(pk__in=[bad_revision.pk, good_revision.pk]).update(
        approved_go_live_at=past
    )

    call_command("publish_scheduled", verbosity=0)

    assert ContactPage.objects.get(pk=good.pk).live
    assert not ContactPage.objects.get(pk=bad.pk).live
    assert Revision.objects.get(pk=bad_revision.pk).approved_go_live_at is None
    assert PageLogEntry.objects.filter(page=bad, action="veiviser.publish_refused").exists()


@pytest.mark.django_db
def test_the_plan_import_refuses_and_writes_nothing(tmp_path, plan_page):
    data = tmp_path / "plan"
    shutil.copytree(DEFAULT_DATA_DIR, data)
    concepts = data / "concepts.yaml"
    text = concepts.read_text(encoding="utf-8")
    original = 'short_definition: "Utenforskap betegner'
    assert original in text
    edited = text.replace(original, f'short_definition: "Elev {FNR}. Utenforskap betegner')
    concepts.write_text(edited, encoding="utf-8")
    before = Revision.objects.count()
    with pytest.raises(CommandError, match="fødselsnummer"):
        call_command("load_plan", data=Path(data), force=True, verbosity=0)
    assert Revision.objects.count() == before


@pytest.mark.django_db
def test_the_scan_command_reports_hits(area_page, capsys):
    page = area_page("skoler")
    draft_with(page, summary=f"Elev {FNR}")
    with pytest.raises(CommandError) as failed:
        call_command("scan_personal_data")
    assert failed.value.returncode == 1
    out = capsys.readouterr().out
    assert f"contact {page.pk}" in out or f"page {page.pk}" in out
    assert "summary: 15*******65" in out
    assert FNR not in out
