"""The import holds every item of the plan, with the source's (repaired) wording, is
idempotent, and refuses malformed data without touching the database."""

import datetime
import shutil
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command
from wagtail.models import Locale, Page, PageLogEntry, Revision

from kb.models import KB_KINDS, KnowledgePage
from kb.plan_import.loader import DEFAULT_DATA_DIR

pytestmark = pytest.mark.django_db

EXPECTED_COUNTS = {
    "concept": 10,
    "law": 2,
    "resource": 9,
    "routine": 2,
    "checklist": 2,
    "measure": 8,
    "actor": 9,
    "threat": 1,
    "contact": 7,
    "plan": 1,
}
# PDF-extraction defects listed in the source's README; none may reach a reader.
DEFECTS = [
    "samfunns messige",
    "arenae ne",
    "trygg het",
    "fortsattvære",
    " ller ",
    "ufyllende",
    "D06974",
    "Gjennomstreking",
    "menneskerettighets konvensjon",
    "helse personell",
    "utstøtelsesmekansismer",
    "se baksiden",
]


def load(**options) -> str:
    from io import StringIO

    out = StringIO()
    call_command("load_plan", stdout=out, **options)
    return out.getvalue()


def test_every_kind_has_all_its_items():
    bokmal = Locale.get_default()
    counts = {
        kind: model.objects.live().filter(locale=bokmal).count() for kind, model in KB_KINDS.items()
    }
    assert counts == EXPECTED_COUNTS


def test_the_concern_routine_has_nine_steps_for_staff_and_residents(plan_page):
    routine = plan_page("routine", "hva-gjor-du-ved-en-bekymring")
    assert [step.value["title"] for step in routine.steps] == [
        "Kommunalt ansatt",
        "Oppfølgingssamtale i virksomheten",
        "Oppfølgingstiltak i virksomheten",
        "Melding til strategisk gruppe",
        "Oppfølging av bekymringen i operativ gruppe",
        "Innbygger",
        "Melding til politiet",
        "Politiets bekymringssamtale",
        "Melding til PST",
    ]
    assert [number for number, _step in routine.steps_for("innbyggere")] == [6, 7, 8, 9]
    step_one = routine.steps[0].value
    assert "drøfte bekymringen med en leder" in step_one["body"].source
    linked = {page.specific_class.__name__ for page in step_one["links"]}
    assert linked == {"ChecklistPage"}
    residents = routine.steps[5].value["body"].source
    assert "<li>Gjør klart for deg selv hva som gjør deg urolig?</li>" in residents


def test_residents_have_their_own_route_in_plain_language(plan_page):
    routine = plan_page("routine", "bekymret-for-noen-du-kjenner")
    assert [step.value["title"] for step in routine.steps] == [
        "Tenk gjennom hva som gjør deg urolig",
        "Snakk med personen",
        "Rådfør deg med noen som kan hjelpe",
        "Meld fra til politiet",
        "Finn mer hjelp og kunnskap",
    ]
    assert all(list(step.value["routes"]) == ["innbyggere"] for step in routine.steps)
    linked = {page.slug for step in routine.steps for page in step.value["links"]}
    assert {"politiet-112", "politiet-02800", "alarmtelefonen", "slt-koordinator"} <= linked


def test_warning_signs_are_in_their_categories(plan_page):
    signs = plan_page("checklist", "bekymringstegn")
    categories = {b.value["title"]: list(b.value["items"]) for b in signs.sections}
    assert list(categories) == [
        "Uttalelser/ytringer",
        "Interesser/utseende/symbolbruk",
        "Aktiviteter",
        "Venner og sosiale nettverk",
    ]
    assert [len(items) for items in categories.values()] == [7, 4, 5, 4]
    assert "Intoleranse for andres synspunkter" in categories["Uttalelser/ytringer"]
    assert "Hatkriminalitet" in categories["Aktiviteter"]
    assert "uttømmende" in signs.intro


def test_risk_and_protective_factors_are_in_their_columns(plan_page):
    factors = plan_page("checklist", "risiko-og-beskyttelsesfaktorer")
    domains = {b.value["title"]: b.value for b in factors.sections}
    assert len(domains) == 5
    personal = domains["Personlige faktorer"]
    assert "Reflektert ungdom" in personal["protective_factors"]
    assert "Marginalisert/diskriminert" in personal["risk_factors"]
    assert "Rusmisbruk" in domains["Familiemessige faktorer"]["risk_factors"]
    assert "Trygt lokalområde" in domains["Sosiale faktorer"]["protective_factors"]
    assert "Utrygt lokalområde" in domains["Sosiale faktorer"]["risk_factors"]
    assert list(domains["Motivasjonsfaktorer"]["protective_factors"]) == []
    assert (
        "Kritisk til kilder og informasjon"
        in (domains["Ideologiske og kulturelle faktorer"]["protective_factors"])
    )


def test_measures_have_goal_and_responsible(plan_page):
    group = plan_page("measure", "etablering-av-strategisk-gruppe")
    assert (group.goal, group.responsible) == (
        "Bekymringer skal få en rask vurdering og håndtering",
        "SLT",
    )
    assert group.priority_area.key == "handtering-av-radikaliserte-og-deres-parorende"
    prison = plan_page("measure", "samarbeid-med-buskerud-friomsorgskontor")
    assert "helhetlig oppfølging før løslatelse" in prison.goal
    assert "Buskerud friomsorgskontor" in prison.responsible


def test_the_law_is_quoted_and_the_old_reference_noted(plan_page):
    law = plan_page("law", "straffeloven-185")
    assert law.in_force and law.citation == "Straffeloven § 185"
    assert "hudfarge eller nasjonale eller etniske opprinnelse" in law.quoted_text
    assert "forfølgelse eller ringeakt" in law.quoted_text
    assert law.source_url.startswith("https://lovdata.no/")
    old = plan_page("law", "straffeloven-1902-135")
    assert not old.in_force
    online = plan_page("concept", "nettekstremisme")
    assert "§ 185" in online.explanation


def test_national_phone_numbers_and_municipal_placeholders(plan_page):
    numbers = {c.phone for c in KB_KINDS["contact"].objects.exclude(phone="")}
    assert {"112", "02800", "116 111"} <= numbers
    slt = plan_page("contact", "slt-koordinator")
    assert slt.placeholder and slt.phone == ""
    assert slt.get_parent().slug == "slt"  # a section's own contact


def test_threat_picture_and_plan(plan_page):
    threat = plan_page("threat", "trusselbilde-2020")
    headings = [b.value["heading"] for b in threat.assessments]
    assert threat.year == 2020 and "Trusler mot myndighetspersoner" in headings
    assert "Søndre Buskerud" in threat.regional_assessment
    plan = plan_page("plan", "handlingsplan")
    assert plan.adopted_on == datetime.date(2020, 6, 16)
    assert plan.revision_cycle_months == 12
    assert len(plan.chapters) >= 9


def test_no_extraction_defect_reaches_a_reader(client):
    for page in KnowledgePage.objects.live():
        text = client.get(page.url).content.decode()
        found = [defect for defect in DEFECTS if defect in text]
        assert not found, f"{page.url} shows {found}"


def test_a_second_run_changes_nothing():
    before = (Page.objects.count(), Revision.objects.count(), PageLogEntry.objects.count())
    output = load()
    assert "0 created, 0 updated, 51 unchanged" in output
    assert (Page.objects.count(), Revision.objects.count(), PageLogEntry.objects.count()) == before


@pytest.fixture
def data_copy(tmp_path) -> Path:
    target = tmp_path / "plan"
    shutil.copytree(DEFAULT_DATA_DIR, target)
    return target


def edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def snapshot():
    return (
        Page.objects.count(),
        Revision.objects.count(),
        list(KnowledgePage.objects.order_by("pk").values_list("summary", flat=True)),
    )


@pytest.mark.parametrize(
    ("file_name", "change", "message"),
    [
        (
            "measures.yaml",
            lambda d: d["measures"][0].pop("responsible"),
            "measures.yaml: field measures[0].responsible: Field required",
        ),
        (
            "concepts.yaml",
            lambda d: d["concepts"][1].update(related=["law:finnes-ikke"]),
            "concepts.yaml: field concepts[1].related[0]: unknown reference «law:finnes-ikke»",
        ),
        (
            "resources.yaml",
            lambda d: d["resources"][2].update(url="ikke en lenke"),
            "resources.yaml: field resources[2].url",
        ),
        (
            "routines.yaml",
            lambda d: d["routines"][0]["steps"][0].update(colour="red"),
            "routines.yaml: field routines[0].steps[0].colour: Extra inputs are not permitted",
        ),
        (
            "contacts.yaml",
            lambda d: d["contacts"][0].update(phone="ring meg"),
            "contacts.yaml: field contacts[0].phone",
        ),
    ],
)
def test_malformed_data_names_file_and_field_and_changes_nothing(
    data_copy, file_name, change, message
):
    edit_yaml(data_copy / file_name, change)
    edit_yaml(
        data_copy / "concepts.yaml",  # a valid change that must not land either
        lambda d: d["concepts"][0].update(summary="Endret sammendrag."),
    )
    before = snapshot()
    with pytest.raises(CommandError) as caught:
        load(data=data_copy)
    assert message in str(caught.value)
    assert snapshot() == before


def test_broken_yaml_is_reported_with_its_file(data_copy):
    (data_copy / "laws.yaml").write_text("laws:\n  - key: [unclosed\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"laws\.yaml: not valid YAML"):
        load(data=data_copy)


def test_a_changed_data_file_updates_only_that_item(data_copy, plan_page):
    edit_yaml(
        data_copy / "concepts.yaml",
        lambda d: d["concepts"][0].update(summary="Et nytt sammendrag."),
    )
    output = load(data=data_copy)
    assert "0 created, 1 updated, 50 unchanged" in output
    assert plan_page("concept", "utenforskap").summary == "Et nytt sammendrag."


def test_editors_changes_are_kept_unless_forced(plan_page, admin_user):
    concept = plan_page("concept", "fremmedkriger")
    concept.summary = "Redigert av en redaktør."
    concept.save_revision(user=admin_user).publish()
    assert "kept as edited" in load() and "concept:fremmedkriger" in load()
    assert plan_page("concept", "fremmedkriger").summary == "Redigert av en redaktør."
    load(force=True)
    assert plan_page("concept", "fremmedkriger").summary != "Redigert av en redaktør."
