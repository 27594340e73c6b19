from ninja import Schema

from kb.api.items import item_router
from kb.api.schemas import ItemDetail, ItemSummary, RichText
from kb.api.serialize import rich_text


class Category(Schema):
    title: str
    items: list[str]


class FactorDomain(Schema):
    title: str
    risk_factors: list[str]
    protective_factors: list[str]


class ChecklistDetail(ItemDetail):
    intro: RichText
    categories: list[Category]
    domains: list[FactorDomain]


def fields(page, ctx) -> dict:
    blocks = {"category": [], "factor_domain": []}
    for block in page.sections:
        blocks[block.block_type].append(
            {
                key: list(value) if not isinstance(value, str) else value
                for key, value in block.value.items()
            }
        )
    return {
        "intro": rich_text(page.intro),
        "categories": blocks["category"],
        "domains": blocks["factor_domain"],
    }


router = item_router(
    "checklist",
    summary_schema=ItemSummary,
    detail_schema=ChecklistDetail,
    extra_fields=fields,
    label="Checklists",
)
