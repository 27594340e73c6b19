"""Validation rules of the content model, through Django's full_clean and Wagtail's blocks."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from wagtail.blocks import StructBlockValidationError

from kb.blocks import FactorDomainBlock
from kb.models import ConceptPage, ContactPage, LegalProvisionPage, MeasurePage, PlanPage
from kb.signals import add_months

pytestmark = pytest.mark.django_db


def errors_of(page) -> dict:
    with pytest.raises(ValidationError) as caught:
        page.full_clean()
    return caught.value.message_dict


def test_contact_needs_a_number_a_website_or_the_missing_mark(plan_page):
    contact = plan_page("contact", "politiet-02800")
    contact.phone = contact.website_url = ""
    assert "telefon eller nettside" in str(errors_of(contact))
    contact.placeholder = True
    contact.full_clean()  # a municipal number editors still have to fill in


def test_contact_phone_must_be_digits(plan_page):
    contact = plan_page("contact", "politiet-02800")
    contact.phone = "ring oss"
    assert "sifre" in errors_of(contact)["phone"][0]


def test_contact_with_number_cannot_be_marked_missing(plan_page):
    contact = plan_page("contact", "politiet-112")
    contact.placeholder = True
    assert "mangler nummer" in str(errors_of(contact))


def test_concept_alias_may_not_repeat_the_term(plan_page):
    concept = plan_page("concept", "utenforskap")
    concept.alternative_names = "Utenforskap"
    assert "alternative_names" in errors_of(concept)


def test_concept_lists_names_once_each(plan_page):
    concept = ConceptPage(alternative_names="a\n\n b \na", acronyms="SLT\n")
    assert concept.alias_list == ["a", "b"]
    assert concept.acronym_list == ["SLT"]


def test_legal_section_starts_with_paragraph_sign(plan_page):
    law = plan_page("law", "straffeloven-185")
    assert law.citation == "Straffeloven § 185"
    law.paragraph = "185"
    assert "paragraph" in errors_of(law)


def test_measure_cannot_be_evaluated_in_the_future(plan_page):
    measure = plan_page("measure", "etablering-av-strategisk-gruppe")
    measure.last_evaluated = datetime.date.today() + datetime.timedelta(days=2)
    assert "last_evaluated" in errors_of(measure)


def test_plan_revision_cycle_is_bounded(plan_page):
    plan = plan_page("plan", "handlingsplan")
    assert plan.revision_cycle_months == 12
    plan.revision_cycle_months = 0
    assert "revision_cycle_months" in errors_of(plan)


def test_factor_domain_needs_at_least_one_factor():
    block = FactorDomainBlock()
    value = block.to_python({"title": "Tomt", "risk_factors": [], "protective_factors": []})
    with pytest.raises(StructBlockValidationError):
        block.clean(value)


def test_required_fields_are_required():
    assert {"summary", "law", "paragraph", "explanation", "source_url"} <= set(
        errors_of(LegalProvisionPage(title="x", slug="x"))
    )
    assert {"priority_area", "responsible"} <= set(errors_of(MeasurePage(title="x", slug="x")))
    assert {"municipality", "adopted_on", "adopted_by"} <= set(
        errors_of(PlanPage(title="x", slug="x"))
    )
    assert "kind" in errors_of(ContactPage(title="x", slug="x", summary="x", phone="112"))


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2024, 2, 29), 12, datetime.date(2025, 2, 28)),
        (datetime.date(2026, 11, 28), 12, datetime.date(2027, 11, 28)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def test_publishing_sets_the_next_review_a_year_ahead(plan_page):
    concept = plan_page("concept", "hatytringer")
    assert concept.review_by == add_months(datetime.date.today(), 12)
    concept.review_by = datetime.date(2020, 1, 1)  # overdue: publishing counts as the review
    concept.save_revision().publish()
    concept.refresh_from_db()
    assert concept.review_by == add_months(datetime.date.today(), 12)
    chosen = datetime.date.today() + datetime.timedelta(days=30)
    concept.review_by = chosen
    concept.save_revision().publish()
    concept.refresh_from_db()
    assert concept.review_by == chosen


def test_creating_a_contact_through_api_v3_is_a_clear_error_not_a_crash(
    client, admin_user, api_token, plan_page
):
    folder = plan_page("contact", "politiet-112").get_parent()
    response = client.post(
        "/api/v3/pages/",
        {
            "meta": {"parent_id": folder.pk, "type": "kb.ContactPage"},
            "title": "Ny",
            "slug": "ny",
            "summary": "En kontakt uten nummer.",
            "kind": "advice",
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=api_token(admin_user),
    )
    assert response.status_code in (400, 422), response.content
    assert "telefon eller nettside" in response.content.decode()
