from kb.api.items import item_router
from kb.api.schemas import ItemDetail, ItemSummary, RichText
from kb.api.serialize import rich_text


class ConceptSummary(ItemSummary):
    short_definition: str
    alternative_names: list[str]
    acronyms: list[str]


class ConceptDetail(ItemDetail, ConceptSummary):
    explanation: RichText


def brief(page, ctx) -> dict:
    return {
        "short_definition": page.short_definition,
        "alternative_names": page.alias_list,
        "acronyms": page.acronym_list,
    }


def fields(page, ctx) -> dict:
    return {"explanation": rich_text(page.explanation)}


router = item_router(
    "concept",
    summary_schema=ConceptSummary,
    detail_schema=ConceptDetail,
    summary_fields=brief,
    extra_fields=fields,
    label="Concepts",
)
