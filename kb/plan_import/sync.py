"""Write the plan's validated data into pages, idempotently.

Each item gets a deterministic translation key (UUID5 of its kind and key), so a second run
finds the same pages, and every installation gives the same item the same identifier.
Pages a person has edited since the last import are left alone unless ``force`` is given.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.fields import StreamField
from wagtail.models import Locale, Page

from kb.models import (
    KB_KINDS,
    Audience,
    KnowledgePage,
    PriorityArea,
    RelatedLink,
    Topic,
)
from kb.plan_import.loader import PlanData, PlanDataError
from kb.plan_import.schema import ItemSpec
from kb.richtext import html_to_text, text_to_html

NAMESPACE = uuid.UUID("6c1f4d2e-8a57-4b8e-9a0f-5e7f0b6d2c11")

Resolver = Callable[[str], "int | None"]


def item_translation_key(kind: str, key: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"veiviser:{kind}:{key}")


def _first_paragraph(text: str, limit: int = 500) -> str:
    first = html_to_text(text_to_html(text)).split("\n")[0]
    return first if len(first) <= limit else first[: limit - 1].rsplit(" ", 1)[0] + "…"


def _refs(refs: Iterable[str], resolve: Resolver) -> list[int]:
    return [pk for pk in (resolve(ref) for ref in refs) if pk is not None]


def _stream(block_type: str, values: Iterable[dict]) -> list[dict]:
    return [{"type": block_type, "value": value} for value in values]


def _list(values: Iterable[str]) -> list[dict]:
    """A list block's items in Wagtail's block format, which wagtail-localize translates
    (it skips lists stored as plain values)."""
    return [{"type": "item", "value": value, "id": str(uuid.uuid4())} for value in values]


def _kind_values(kind: str, spec, resolve: Resolver) -> dict:
    """The type-specific field values of an item (no title, slug or relations)."""
    html = text_to_html
    if kind == "concept":
        return {
            "short_definition": spec.short_definition,
            "explanation": html(spec.explanation),
            "alternative_names": "\n".join(spec.aliases),
            "acronyms": "\n".join(spec.acronyms),
        }
    if kind == "law":
        return {
            "law": spec.law,
            "paragraph": spec.paragraph,
            "in_force": spec.in_force,
            "quoted_text": html(spec.quoted_text) if spec.quoted_text else "",
            "explanation": html(spec.explanation),
            "source_url": spec.source_url,
            "note": spec.note,
        }
    if kind == "resource":
        return {
            "external_url": spec.url,
            "publisher": spec.publisher,
            "kind": spec.kind,
            "year": spec.year,
            "description": html(spec.description),
            "language": spec.language,
        }
    if kind == "contact":
        return {
            "phone": spec.phone,
            "website_url": spec.url,
            "kind": spec.kind,
            "available": spec.available,
            "description": spec.description,
            "placeholder": spec.placeholder,
        }
    if kind == "actor":
        return {
            "kind": spec.kind,
            "role": html(spec.role),
            "how_to_reach": html(spec.how_to_reach) if spec.how_to_reach else "",
        }
    if kind == "routine":
        steps = (
            {
                "title": s.title,
                "routes": list(s.routes),
                "actor": s.actor,
                "body": html(s.body),
                "links": _refs(s.links, resolve),
            }
            for s in spec.steps
        )
        return {"intro": html(spec.intro) if spec.intro else "", "steps": _stream("step", steps)}
    if kind == "checklist":
        sections = _stream(
            "category", ({"title": c.title, "items": _list(c.items)} for c in spec.categories)
        )
        sections += _stream(
            "factor_domain",
            (
                {
                    "title": d.title,
                    "risk_factors": _list(d.risk_factors),
                    "protective_factors": _list(d.protective_factors),
                }
                for d in spec.domains
            ),
        )
        return {"intro": html(spec.intro) if spec.intro else "", "sections": sections}
    if kind == "measure":
        return {
            "priority_area_id": PriorityArea.objects.get(
                key=spec.priority_area, locale=Locale.get_default()
            ).pk,
            "goal": spec.goal,
            "responsible": spec.responsible,
            "status": spec.status,
            "last_evaluated": spec.last_evaluated,
        }
    if kind == "threat":
        assessments = ({"heading": a.heading, "text": html(a.text)} for a in spec.assessments)
        return {
            "year": spec.year,
            "source": spec.source,
            "source_url": spec.source_url,
            "regional_assessment": html(spec.regional_assessment)
            if spec.regional_assessment
            else "",
            "assessments": _stream("assessment", assessments),
        }
    if kind == "plan":
        chapters = (
            {
                "heading": c.heading,
                "body": html(c.body) if c.body else "",
                "references": _refs(c.references, resolve),
            }
            for c in spec.chapters
        )
        return {
            "municipality": spec.municipality,
            "adopted_on": spec.adopted_on,
            "adopted_by": spec.adopted_by,
            "revision_cycle_months": spec.revision_cycle_months,
            "chapters": _stream("chapter", chapters),
        }
    raise ValueError(f"unknown kind {kind!r}")


def _summary(kind: str, spec) -> str:
    if spec.summary:
        return spec.summary
    fallback = {
        "concept": "short_definition",
        "law": "explanation",
        "resource": "description",
        "contact": "description",
        "measure": "goal",
    }[kind]
    return _first_paragraph(getattr(spec, fallback) or spec.title)


def _related_refs(spec: ItemSpec) -> list[str]:
    refs = [*spec.related, *getattr(spec, "contacts", []), *getattr(spec, "responsible_actors", [])]
    return list(dict.fromkeys(refs))


def _normalise(page: Page, name: str, value):
    """A comparable form of a field value (streams without their random block ids)."""
    model_field = page._meta.get_field(name)
    if isinstance(model_field, StreamField):
        stream = model_field.to_python(value) if not hasattr(value, "get_prep_value") else value
        return _strip_ids(stream.get_prep_value())
    if isinstance(model_field, models.Field):
        return model_field.to_python(value)
    return value


def _strip_ids(value):
    if isinstance(value, list):
        return [_strip_ids(item) for item in value]
    if isinstance(value, dict):
        return {key: _strip_ids(item) for key, item in value.items() if key != "id"}
    return value


@dataclass
class SyncReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept_edits: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


class PlanSync:
    def __init__(
        self,
        plan: PlanData,
        parent_for: Callable[[str, ItemSpec], Page],
        *,
        force: bool = False,
        progress: Callable[[str], None] = lambda message: None,
    ):
        self.plan = plan
        self.parent_for = parent_for
        self.force = force
        self.progress = progress
        self.locale = Locale.get_default()
        self.pages: dict[tuple[str, str], KnowledgePage] = {}
        self.report = SyncReport()

    def run(self) -> SyncReport:
        self.sync_taxonomy()
        total = len(self.plan.items)
        for item_id, spec in self.plan.items.items():
            self.pages[item_id] = self.ensure_page(item_id, spec)
        for number, (item_id, spec) in enumerate(self.plan.items.items(), start=1):
            self.progress(f"[{number}/{total}] {item_id[0]}:{item_id[1]}")
            self.update_page(item_id, spec)
        return self.report

    # Taxonomy -------------------------------------------------------------------------------
    def sync_taxonomy(self) -> None:
        for model, terms in (
            (Topic, self.plan.taxonomy.topics),
            (Audience, self.plan.taxonomy.audiences),
            (PriorityArea, self.plan.taxonomy.priority_areas),
        ):
            for term in terms:
                obj, created = model.objects.get_or_create(
                    key=term.key,
                    locale=self.locale,
                    defaults={"name": term.name, "description": term.description},
                )
                if not created and (obj.name, obj.description) != (term.name, term.description):
                    obj.name, obj.description = term.name, term.description
                    obj.save()

    # Pages ----------------------------------------------------------------------------------
    def resolve(self, ref: str) -> int | None:
        kind, key = ref.split(":", 1)
        page = self.pages.get((kind, key))
        return page.pk if page else None

    def desired(self, kind: str, spec) -> dict:
        return {
            "title": spec.title,
            "slug": spec.key,
            "summary": _summary(kind, spec),
            **_kind_values(kind, spec, self.resolve),
        }

    def ensure_page(self, item_id: tuple[str, str], spec) -> KnowledgePage:
        kind, key = item_id
        existing = Page.objects.filter(
            translation_key=item_translation_key(kind, key), locale=self.locale
        ).first()
        if existing:
            return existing.specific
        # A draft shell first, so that items can link to each other; published in pass two.
        page = KB_KINDS[kind](
            translation_key=item_translation_key(kind, key),
            locale=self.locale,
            live=False,
            has_unpublished_changes=True,
            **self.desired(kind, spec),
        )
        self.parent_for(kind, spec).add_child(instance=page)
        self.report.created.append(f"{kind}:{key}")
        return page

    def update_page(self, item_id: tuple[str, str], spec) -> None:
        kind, _key = item_id
        label = f"{kind}:{_key}"
        page = self.pages[item_id]
        desired = self.desired(kind, spec)
        topics = set(spec.topics)
        audiences = set(spec.audiences)
        related = _refs(_related_refs(spec), self.resolve)
        same = (
            page.live
            and not page.has_unpublished_changes
            and all(
                _normalise(page, name, getattr(page, name)) == _normalise(page, name, value)
                for name, value in desired.items()
            )
            and {t.key for t in page.topics.all()} == topics
            and {a.key for a in page.audiences.all()} == audiences
            and [link.target_id for link in page.related_links.all()] == related
        )
        if same:
            self.report.unchanged.append(label)
            return
        latest = page.latest_revision
        if latest and latest.user_id is not None and not self.force:
            self.report.kept_edits.append(label)
            return
        for name, value in desired.items():
            setattr(page, name, value)
        page.topics.set(Topic.objects.filter(key__in=topics, locale=self.locale))
        page.audiences.set(Audience.objects.filter(key__in=audiences, locale=self.locale))
        page.related_links = [RelatedLink(target_id=pk) for pk in related]
        try:
            page.save_revision(log_action=True).publish()
        except ValidationError as exc:
            raise PlanDataError(f"{label}: {'; '.join(exc.messages)}") from None
        if label not in self.report.created:
            self.report.updated.append(label)
