"""Yearly revision: the report, the dashboard chart and the cron command list the right pages
when review dates pass (dates and "today" moved), and publishing moves the date a year ahead."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.management import CommandError, call_command
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from kb.models import ContactPage, KnowledgePage, MeasurePage
from kb.signals import add_months
from website import review
from website.roles import area_pages

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def set_review_by(page, day):
    KnowledgePage.objects.filter(pk=page.pk).update(review_by=day)


@pytest.fixture
def due(area_page):
    """Published pages with review dates: overdue and soon in the schools section, missing in
    the shared area, comfortably later in the kindergartens' section."""
    pages = {
        "overdue": area_page("skoler", "Forfalt kontakt", live=True),
        "soon": area_page("skoler", "Snart forfalt kontakt", live=True),
        "missing": area_page("kunnskapsbase", "Kontakt uten dato", live=True),
        "ok": area_page("barnehager", "Kontakt i orden", live=True),
    }
    set_review_by(pages["overdue"], TODAY - datetime.timedelta(days=3))
    set_review_by(pages["soon"], TODAY + datetime.timedelta(days=10))
    set_review_by(pages["missing"], None)
    set_review_by(pages["ok"], TODAY + datetime.timedelta(days=200))
    return pages


def test_status_of_a_date():
    assert review.status_of(None, TODAY) == review.MISSING
    assert review.status_of(TODAY - datetime.timedelta(days=1), TODAY) == review.OVERDUE
    assert review.status_of(TODAY, TODAY) == review.SOON
    assert review.status_of(TODAY + datetime.timedelta(days=30), TODAY) == review.SOON
    assert review.status_of(TODAY + datetime.timedelta(days=31), TODAY) == review.OK


def test_publishing_sets_the_next_review_a_year_ahead(area_page):
    page = area_page("skoler", live=True)
    assert KnowledgePage.objects.get(pk=page.pk).review_by == add_months(TODAY, 12)


def test_health_per_area_counts_the_moved_dates(area_page):
    before = {area.slug: dict(area.counts) for area in review.health_by_area()}
    page = area_page("skoler", live=True)
    set_review_by(page, TODAY - datetime.timedelta(days=1))
    after = {area.slug: dict(area.counts) for area in review.health_by_area()}
    assert after["skoler"][review.OVERDUE] == before["skoler"][review.OVERDUE] + 1
    assert {slug: counts for slug, counts in after.items() if slug != "skoler"} == {
        slug: counts for slug, counts in before.items() if slug != "skoler"
    }


def report_rows(client, **params) -> dict[str, str]:
    response = client.get(reverse("website_review_report"), params)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return {
        row.find("a").get_text(strip=True): row["data-status"]
        for row in soup.select("tr[data-status]")
    }


def test_the_report_lists_what_is_due(client, role_user, due):
    client.force_login(role_user("editors:skoler"))
    rows = report_rows(client)
    assert rows == {
        "Forfalt kontakt": "overdue",
        "Snart forfalt kontakt": "soon",
        "Kontakt uten dato": "missing",
    }
    assert report_rows(client, area="skoler") == {
        "Forfalt kontakt": "overdue",
        "Snart forfalt kontakt": "soon",
    }
    assert report_rows(client, status="overdue") == {"Forfalt kontakt": "overdue"}
    assert "Kontakt i orden" in report_rows(client, status="ok")
    export = client.get(reverse("website_review_report"), {"export": "csv"})
    assert export.status_code == 200
    assert "Forfalt kontakt" in b"".join(export.streaming_content).decode()


def test_when_a_year_passes_everything_published_is_due(client, role_user, due):
    client.force_login(role_user("editors:skoler"))
    published = KnowledgePage.objects.live().descendant_of(area_pages()["kunnskapsbase"])
    assert not {s for s in report_rows(client, area="kunnskapsbase").values() if s == "overdue"}
    # A year and a day pass: every date set at publishing is now behind us.
    KnowledgePage.objects.exclude(review_by=None).update(
        review_by=F("review_by") - datetime.timedelta(days=366)
    )
    rows = report_rows(client, area="kunnskapsbase")
    overdue = {title for title, status in rows.items() if status == "overdue"}
    assert overdue == set(published.exclude(review_by=None).values_list("title", flat=True))
    assert len(overdue) > 20  # the whole shared knowledge base of the plan


def test_chart_of_content_health_per_area(client, role_user, due):
    client.force_login(role_user("editors:skoler"))
    html = client.get(reverse("website_review_report")).content.decode()
    svg = BeautifulSoup(html, "html.parser").select_one("figure.veiviser-health svg")
    bars = {group["data-area"]: group for group in svg.find_all("g", attrs={"data-area": True})}
    health = {area.slug: area for area in review.health_by_area()}
    assert set(bars) == set(health)
    for slug, group in bars.items():
        drawn = {
            rect["data-status"]: int(rect["data-count"])
            for rect in group.select("rect[data-status]")
        }
        assert drawn == {status: n for status, n in health[slug].counts.items() if n}, slug
    assert bars["skoler"].select_one('rect[data-status="overdue"]')["fill"] == "#b3261e"
    # The dashboard draws the same chart.
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    panel = BeautifulSoup(dashboard, "html.parser").find(id="content-health-section")
    assert panel.select_one(
        "figure.veiviser-health svg"
    ) is not None and "I ditt område (Skoler): 2" in panel.get_text(" ")


def test_measures_show_status_and_last_evaluation(client, role_user):
    measure = MeasurePage.objects.live().first()
    set_review_by(measure, TODAY - datetime.timedelta(days=1))
    MeasurePage.objects.filter(pk=measure.pk).update(last_evaluated=datetime.date(2025, 3, 1))
    client.force_login(role_user("kb-editors"))
    html = client.get(reverse("website_review_report")).content.decode()
    row = BeautifulSoup(html, "html.parser").find("tr", attrs={"data-page": str(measure.pk)})
    assert measure.get_status_display() in row.get_text() and "2025" in row.get_text()


# --- the cron command -------------------------------------------------------------------------


def run_reminders(*args) -> str:
    out = StringIO()
    call_command("send_review_reminders", *args, stdout=out)
    return out.getvalue()


def test_reminders_go_to_each_owner(role_user, due):
    schools = role_user("editors:skoler")
    manager = role_user("managers:skoler")
    kb_editor = role_user("kb-editors")
    kindergarten = role_user("editors:barnehager")
    mail.outbox.clear()
    output = run_reminders()

    assert "Redaktører: Skoler: 2 due (1 overdue, 1 soon, 0 missing)" in output
    assert "Redaktører: Kunnskapsbase: 1 due (0 overdue, 0 soon, 1 missing)" in output
    assert "Barnehager" not in output
    assert f"[overdue] Forfalt kontakt ({TODAY - datetime.timedelta(days=3):%Y-%m-%d})" in output
    assert output.rstrip().endswith("3 e-mail(s) sent.")

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {schools.email, manager.email, kb_editor.email}
    assert by_recipient[manager.email].body == by_recipient[schools.email].body
    assert kindergarten.email not in by_recipient
    to_schools = by_recipient[schools.email]
    assert to_schools.subject == "Veiviser: 2 sider skal gjennomgås (Redaktører: Skoler)"
    assert "Forfalt kontakt — Forfalt" in to_schools.body
    assert "Snart forfalt kontakt — Forfaller snart" in to_schools.body
    assert reverse("wagtailadmin_pages:edit", args=[due["overdue"].pk]) in to_schools.body
    assert "Kontakt uten dato" not in to_schools.body
    assert "Kontakt uten dato — Mangler dato" in by_recipient[kb_editor.email].body


def test_reminders_dry_run_and_moved_date(role_user, due):
    role_user("editors:skoler")
    mail.outbox.clear()
    output = run_reminders("--dry-run")
    assert "would send to: redaktor-skoler@example.org" in output
    assert output.rstrip().endswith("Dry run: no e-mail sent.") and mail.outbox == []
    # Three weeks on, the "soon" page is overdue too.
    later = (TODAY + datetime.timedelta(days=21)).isoformat()
    assert "Redaktører: Skoler: 2 due (2 overdue, 0 soon, 0 missing)" in run_reminders(
        "--date", later, "--dry-run"
    )


def test_reminders_without_recipients_or_with_a_bad_date(due):
    output = run_reminders()
    assert "no recipients with an e-mail address: nothing sent" in output
    assert output.rstrip().endswith("0 e-mail(s) sent.") and mail.outbox == []
    with pytest.raises(CommandError, match="--date must be a date"):
        run_reminders("--date", "31.01.2026")


def test_nothing_due_nothing_sent(role_user):
    role_user("editors:skoler")
    long_ago = (TODAY - datetime.timedelta(days=400)).isoformat()
    KnowledgePage.objects.filter(review_by__isnull=True).update(review_by=TODAY)
    output = run_reminders("--date", long_ago)
    assert output.startswith("Nothing is due for review on") and mail.outbox == []


def test_reminder_links_use_the_one_base_url(role_user, due, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://veiviser.example"
    role_user("editors:skoler")
    mail.outbox.clear()
    run_reminders()
    body = mail.outbox[0].body
    edit = reverse("wagtailadmin_pages:edit", args=[due["overdue"].pk])
    assert f"https://veiviser.example{edit}" in body
    assert f"https://veiviser.example{reverse('website_review_report')}" in body
    assert "127.0.0.1" not in body


def test_the_report_lists_municipal_contacts_without_a_number(client, role_user, plan_page):
    client.force_login(role_user("editors:skoler"))
    html = client.get(reverse("website_review_report")).content.decode()
    start = html.index('id="without-number"')
    section = html[start : html.index("</section>", start)]
    for key in ("slt-koordinator", "strategisk-gruppe", "kompetansegruppe"):
        contact = plan_page("contact", key)
        assert f'href="{reverse("wagtailadmin_pages:edit", args=[contact.pk])}"' in section
    assert "Politiet – når det ikke haster" not in section  # it has its number
    slt = plan_page("contact", "slt-koordinator")
    ContactPage.objects.filter(pk=slt.pk).update(phone="32 04 00 01")
    assert "SLT-koordinator" not in {c.title for c in review.contacts_without_number()}
