from ninja import Schema

from kb.api.items import item_router
from kb.api.schemas import ItemDetail, ItemSummary, Link, RichText
from kb.api.serialize import rich_text


class Step(Schema):
    number: int
    title: str
    routes: list[str]
    actor: str
    body: RichText
    links: list[Link]


class RoutineDetail(ItemDetail):
    intro: RichText
    steps: list[Step]


def fields(page, ctx) -> dict:
    steps = [
        {
            "number": number,
            "title": step.value["title"],
            "routes": list(step.value["routes"]),
            "actor": step.value["actor"],
            "body": rich_text(step.value["body"]),
            "links": ctx.links(step.value["links"]),
        }
        for number, step in enumerate(page.steps, start=1)
    ]
    return {"intro": rich_text(page.intro), "steps": steps}


router = item_router(
    "routine",
    summary_schema=ItemSummary,
    detail_schema=RoutineDetail,
    extra_fields=fields,
    label="Routines",
)
