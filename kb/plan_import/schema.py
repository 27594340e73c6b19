"""The shape of the plan's data files. Unknown keys are errors, so typos never pass silently."""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, HttpUrl, StringConstraints

from kb.blocks import ROUTE_CHOICES
from kb.models import KB_KINDS, LANGUAGE_CHOICES, ActorPage, ContactPage, MeasurePage, ResourcePage

KINDS = tuple(KB_KINDS)
REF_RE = re.compile(rf"^({'|'.join(KINDS)}):[a-z0-9]+(?:-[a-z0-9]+)*$")
SECTIONS = ("shared", "skoler", "barnehager", "forebyggende-tjenester", "slt", "politikontakt")


def _check_ref(value: str) -> str:
    if not REF_RE.match(value):
        raise ValueError(f"«{value}» is not a reference of the form kind:key ({', '.join(KINDS)})")
    return value


Key = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]
Ref = Annotated[str, AfterValidator(_check_ref)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
OptionalText = Annotated[str, StringConstraints(strip_whitespace=True)]
Url = Annotated[HttpUrl, AfterValidator(str)]
Route = Literal[tuple(code for code, _name in ROUTE_CHOICES)]  # type: ignore[valid-type]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TermSpec(Strict):
    key: Key
    name: Text
    description: OptionalText = ""


class Taxonomy(Strict):
    audiences: list[TermSpec] = Field(min_length=1)
    topics: list[TermSpec] = Field(min_length=1)
    priority_areas: list[TermSpec] = Field(min_length=1)


class ItemSpec(Strict):
    key: Key
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]
    summary: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
    topics: list[Key] = []
    audiences: list[Key] = []
    related: list[Ref] = []


class ConceptSpec(ItemSpec):
    summary: OptionalText = ""
    short_definition: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)
    ]
    explanation: Text
    aliases: list[Text] = []
    acronyms: list[Text] = []


class LawSpec(ItemSpec):
    summary: OptionalText = ""
    law: Text
    paragraph: Annotated[str, StringConstraints(pattern=r"^§ ?\S+")]
    quoted_text: OptionalText = ""
    explanation: Text
    source_url: Url
    in_force: bool
    note: OptionalText = ""


class ResourceSpec(ItemSpec):
    summary: OptionalText = ""
    url: Url
    publisher: Text
    kind: Literal[tuple(ResourcePage.Kind.values)]  # type: ignore[valid-type]
    year: int | None = Field(default=None, ge=1900, le=2100)
    description: Text
    language: Literal[tuple(code for code, _name in LANGUAGE_CHOICES)]  # type: ignore[valid-type]


class ContactSpec(ItemSpec):
    summary: OptionalText = ""
    phone: Annotated[str, StringConstraints(pattern=r"^(\+?[0-9][0-9 ]{1,18}[0-9])?$")]
    url: Url | Literal[""] = ""
    kind: Literal[tuple(ContactPage.Kind.values)]  # type: ignore[valid-type]
    available: OptionalText = ""
    description: OptionalText = ""
    placeholder: bool = False
    section: Literal[SECTIONS] = "shared"  # type: ignore[valid-type]


class ActorSpec(ItemSpec):
    kind: Literal[tuple(ActorPage.Kind.values)]  # type: ignore[valid-type]
    role: Text
    how_to_reach: OptionalText = ""
    contacts: list[Ref] = []


class StepSpec(Strict):
    number: int = Field(ge=1)
    title: Text
    routes: list[Route] = Field(min_length=1)
    actor: Text
    body: Text
    links: list[Ref] = []


class RoutineSpec(ItemSpec):
    intro: OptionalText = ""
    steps: list[StepSpec] = Field(min_length=1)
    section: Literal[SECTIONS] = "shared"  # type: ignore[valid-type]


class CategorySpec(Strict):
    title: Text
    items: list[Text] = Field(min_length=1)


class DomainSpec(Strict):
    title: Text
    risk_factors: list[Text] = []
    protective_factors: list[Text] = []


class ChecklistSpec(ItemSpec):
    intro: OptionalText = ""
    categories: list[CategorySpec] = []
    domains: list[DomainSpec] = []


class MeasureSpec(ItemSpec):
    summary: OptionalText = ""
    priority_area: Key
    goal: OptionalText = ""
    responsible: Text
    responsible_actors: list[Ref] = []
    status: Literal[tuple(MeasurePage.Status.values)] = "ongoing"  # type: ignore[valid-type]
    last_evaluated: datetime.date | None = None


class AssessmentSpec(Strict):
    heading: Text
    text: Text


class ThreatSpec(ItemSpec):
    year: int = Field(ge=1900, le=2100)
    source: Text
    source_url: Url | Literal[""] = ""
    regional_assessment: OptionalText = ""
    assessments: list[AssessmentSpec] = Field(min_length=1)


class ChapterSpec(Strict):
    key: Key
    heading: Text
    body: OptionalText = ""
    references: list[Ref] = []


class PlanSpec(ItemSpec):
    municipality: Text
    adopted_on: datetime.date
    adopted_by: Text
    revision_cycle_months: int = Field(ge=1, le=60)
    chapters: list[ChapterSpec] = Field(min_length=1)


# file name -> (top-level key or None for a single mapping, item kind, spec class)
FILES: dict[str, tuple[str | None, str, type[ItemSpec]]] = {
    "concepts.yaml": ("concepts", "concept", ConceptSpec),
    "laws.yaml": ("laws", "law", LawSpec),
    "resources.yaml": ("resources", "resource", ResourceSpec),
    "contacts.yaml": ("contacts", "contact", ContactSpec),
    "actors.yaml": ("actors", "actor", ActorSpec),
    "routines.yaml": ("routines", "routine", RoutineSpec),
    "checklists.yaml": ("checklists", "checklist", ChecklistSpec),
    "measures.yaml": ("measures", "measure", MeasureSpec),
    "threats.yaml": ("threats", "threat", ThreatSpec),
    "plan.yaml": (None, "plan", PlanSpec),
}
