import datetime

from ninja import Schema

from kb.api.items import item_router
from kb.api.schemas import ItemDetail, ItemSummary, Link, RichText
from kb.api.serialize import rich_text


class PlanSummary(ItemSummary):
    municipality: str
    adopted_on: datetime.date
    adopted_by: str
    revision_cycle_months: int


class Chapter(Schema):
    heading: str
    body: RichText
    references: list[Link]


class PlanDetail(ItemDetail, PlanSummary):
    chapters: list[Chapter]


def brief(page, ctx) -> dict:
    return {
        name: getattr(page, name)
        for name in ("municipality", "adopted_on", "adopted_by", "revision_cycle_months")
    }


def fields(page, ctx) -> dict:
    return {
        "chapters": [
            {
                "heading": block.value["heading"],
                "body": rich_text(block.value["body"]),
                "references": ctx.links(block.value["references"]),
            }
            for block in page.chapters
        ]
    }


router = item_router(
    "plan",
    summary_schema=PlanSummary,
    detail_schema=PlanDetail,
    summary_fields=brief,
    extra_fields=fields,
    label="Plans",
)
