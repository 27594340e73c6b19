from kb.api.items import item_router
from kb.api.schemas import ItemDetail, ItemSummary, RichText
from kb.api.serialize import rich_text


class ResourceSummary(ItemSummary):
    external_url: str
    publisher: str
    kind: str
    year: int | None
    language: str


class ResourceDetail(ItemDetail, ResourceSummary):
    description: RichText


def brief(page, ctx) -> dict:
    return {
        "external_url": page.external_url,
        "publisher": page.publisher,
        "kind": page.kind,
        "year": page.year,
        "language": page.language,
    }


def fields(page, ctx) -> dict:
    return {"description": rich_text(page.description)}


router = item_router(
    "resource",
    summary_schema=ResourceSummary,
    detail_schema=ResourceDetail,
    summary_fields=brief,
    extra_fields=fields,
    label="Resources",
)
