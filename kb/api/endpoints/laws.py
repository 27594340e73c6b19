from kb.api.items import item_router
from kb.api.schemas import ItemDetail, ItemSummary, RichText
from kb.api.serialize import rich_text


class LawSummary(ItemSummary):
    law: str
    section_number: str
    citation: str
    in_force: bool


class LawDetail(ItemDetail, LawSummary):
    quoted_text: RichText
    explanation: RichText
    source_url: str
    note: str


def brief(page, ctx) -> dict:
    return {
        "law": page.law,
        "section_number": page.paragraph,  # the API's name, kept for partners
        "citation": page.citation,
        "in_force": page.in_force,
    }


def fields(page, ctx) -> dict:
    return {
        "quoted_text": rich_text(page.quoted_text),
        "explanation": rich_text(page.explanation),
        "source_url": page.source_url,
        "note": page.note,
    }


router = item_router(
    "law",
    summary_schema=LawSummary,
    detail_schema=LawDetail,
    summary_fields=brief,
    extra_fields=fields,
    label="Laws",
)
